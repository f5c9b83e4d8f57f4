//! The benchmark workloads (`benches/workloads/NAME/`: `template.vtl`, `body.json`, optional
//! `params.json` and `context.json`), loaded once for every bench that uses them.

use std::path::Path;

use apigw_vtl::Template;
use apigw_vtl::apigw::TemplateInput;

/// The workloads, by folder name (the same for every engine the peer comparison runs).
pub const NAMES: &[&str] = &[
    "danielhttp-default",
    "danielhttp-error",
    "foreach-transform",
    "passthrough-1mb",
    "request-mapping",
];

/// One workload: its template's text, the template parsed, and what the template sees.
pub struct Workload {
    /// The template's text (the memory bench, which shares this file, reads only the rest).
    #[allow(dead_code)]
    pub source: String,
    pub template: Template,
    pub input: TemplateInput,
}

fn read_json(path: &Path) -> Option<serde_json::Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

fn pairs(json: Option<&serde_json::Value>) -> Vec<(String, String)> {
    json.and_then(|v| v.as_object())
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// Loads a workload (panics with the reason if the folder is broken: a bench cannot run without it).
pub fn load(name: &str) -> Workload {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("benches/workloads")
        .join(name);
    let source = std::fs::read_to_string(dir.join("template.vtl")).expect("a template");
    let template = Template::parse(&source).expect("the workload parses");
    let params = read_json(&dir.join("params.json"));
    let mut input =
        TemplateInput::new(std::fs::read_to_string(dir.join("body.json")).unwrap_or_default());
    input.params.path = pairs(params.as_ref().and_then(|p| p.get("path")));
    input.params.querystring = pairs(params.as_ref().and_then(|p| p.get("querystring")));
    input.params.header = pairs(params.as_ref().and_then(|p| p.get("header")));
    input.context = read_json(&dir.join("context.json"))
        .and_then(|c| c.as_object().cloned())
        .unwrap_or_default();
    Workload {
        source,
        template,
        input,
    }
}

//! Render time per workload (`benches/workloads`, copied from `../shared/workloads`): each template parsed once and rendered many
//! times with its payload, parameters and context, as API Gateway would (`cargo bench --bench
//! render`). The payload is parsed inside every render, as it is per invocation on API Gateway.
//!
//! A plain timing loop: each workload runs for about 0.7 s and the mean time per render is printed
//! with the output size, after checking the render succeeds.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use apigw_vtl::apigw::{TemplateInput, render_template};
use apigw_vtl::syntax::Template;

fn pairs(json: Option<&serde_json::Value>) -> Vec<(String, String)> {
    json.and_then(|v| v.as_object())
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn read_json(path: &Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/workloads");
    let mut names: Vec<_> = std::fs::read_dir(&root)
        .expect("benches/workloads exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_dir())
        .collect();
    names.sort();
    // `cargo bench --bench render -- NAME...` (or the bench binary with names) runs only the
    // workloads whose names contain one of them: a profiler run looks at one workload at a time.
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    names.retain(|dir| {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
        wanted.is_empty() || name.is_some_and(|n| wanted.iter().any(|w| n.contains(w.as_str())))
    });
    for dir in names {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let source = std::fs::read_to_string(dir.join("template.vtl")).expect("a template");
        let started = Instant::now();
        let template = Template::parse(&source).expect("the workload parses");
        let parse_time = started.elapsed();
        let params = read_json(&dir.join("params.json"));
        let mut request =
            TemplateInput::new(std::fs::read_to_string(dir.join("body.json")).unwrap_or_default());
        request.params.path = pairs(params.as_ref().and_then(|p| p.get("path")));
        request.params.querystring = pairs(params.as_ref().and_then(|p| p.get("querystring")));
        request.params.header = pairs(params.as_ref().and_then(|p| p.get("header")));
        request.context = read_json(&dir.join("context.json"))
            .and_then(|c| c.as_object().cloned())
            .unwrap_or_default();
        let output = render_template(&template, &request)
            .expect("the workload renders")
            .output;
        let budget = Duration::from_millis(700);
        let started = Instant::now();
        let mut runs = 0u32;
        while started.elapsed() < budget {
            black_box(render_template(black_box(&template), black_box(&request)).expect("renders"));
            runs += 1;
        }
        let per_render = started.elapsed() / runs.max(1);
        println!(
            "{name:<20} parse {parse_time:>9.2?}  render {per_render:>10.2?}  ({} bytes in, {} bytes out, {runs} runs)",
            request.body.len(),
            output.len()
        );
    }
}

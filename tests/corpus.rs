//! Corpus runners: every template under `corpus/syntax/` must parse, every one under `corpus/errors/`
//! must be rejected, and both are snapshotted (the tree; the error's one-line and caret forms); every
//! case under `corpus/render/` is rendered with its `vars:` and its output snapshotted. The live
//! differential suite (`harness/differential.py`) checks the same cases against the reference engine,
//! so a snapshot here is the reference's output.
//!
//! A case file is header lines (`source:` says where the expectation comes from), a line that is
//! exactly `---`, then the template: every byte after that line's newline. Each snapshot records the
//! whole case file as its description, so a `.snap` reads on its own.

use std::path::Path;

use apigw_vtl::apigw::{Environment, TemplateInput};
use apigw_vtl::diagnostic::{Diagnostic, Style};
use apigw_vtl::render::{Variables, render};
use apigw_vtl::syntax::{Template, dump_tree};
use apigw_vtl::value::Value;

/// Splits a case file into its header and its template.
fn split_case(text: &str) -> (&str, &str) {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end_matches('\n') == "---" {
            return (&text[..at], &text[at + line.len()..]);
        }
        at += line.len();
    }
    panic!("a corpus case needs a `---` line between its header and its template")
}

fn read_case(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn syntax_corpus_parses() {
    insta::glob!("../corpus/syntax", "**/*.vtl", |path| {
        let text = read_case(path);
        let (header, template) = split_case(&text);
        assert!(
            header.contains("source:"),
            "{}: the header must say `source:`",
            path.display()
        );
        let parsed = Template::parse(template)
            .unwrap_or_else(|e| panic!("{} should parse: {e}", path.display()));
        insta::with_settings!({
            description => text.as_str(),
            omit_expression => true,
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(dump_tree(&parsed));
        });
    });
}

#[test]
fn error_corpus_is_rejected() {
    insta::glob!("../corpus/errors", "*.vtl", |path| {
        let text = read_case(path);
        let (_, template) = split_case(&text);
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let error = match Template::parse(template) {
            Ok(_) => panic!("{} should be rejected", path.display()),
            Err(error) => error,
        };
        insta::with_settings!({
            description => text.as_str(),
            omit_expression => true,
            prepend_module_to_snapshot => false,
        }, {
            let excerpt = Diagnostic::from(&error).excerpt(template, &name, Style::Plain);
            insta::assert_snapshot!(format!("{error}\n\n{excerpt}"));
        });
    });
}

/// A header field of a case (`key: value`).
fn field<'h>(header: &'h str, key: &str) -> Option<&'h str> {
    header.lines().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        (k.trim() == key).then_some(v.trim())
    })
}

fn json_field(header: &str, key: &str, path: &Path) -> Option<serde_json::Value> {
    field(header, key).map(|text| {
        serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("{}: `{key}:` is not JSON: {e}", path.display()))
    })
}

fn pairs(json: Option<&serde_json::Value>) -> Vec<(String, String)> {
    json.and_then(|v| v.as_object())
        .map(|o| {
            o.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str().map_or_else(|| v.to_string(), str::to_string),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The API Gateway request of a render case: `body:` (a JSON string) or `body-file:` (a path from
/// the project's root), `params:`, `context:`, `stage-variables:`.
fn case_request(header: &str, path: &Path) -> TemplateInput {
    let mut request = TemplateInput::default();
    if let Some(body) = json_field(header, "body", path) {
        request.body = body.as_str().unwrap_or_default().into();
    }
    if let Some(file) = field(header, "body-file") {
        let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        request.body = std::fs::read_to_string(&full)
            .unwrap_or_else(|e| panic!("{}: body-file {}: {e}", path.display(), full.display()))
            .into();
    }
    if let Some(params) = json_field(header, "params", path) {
        request.params.path = pairs(params.get("path"));
        request.params.querystring = pairs(params.get("querystring"));
        request.params.header = pairs(params.get("header"));
    }
    if let Some(serde_json::Value::Object(context)) = json_field(header, "context", path) {
        request.context = context;
    }
    request.stage_variables = pairs(json_field(header, "stage-variables", path).as_ref());
    request
}

#[test]
fn render_corpus_renders() {
    insta::glob!("../corpus/render", "**/*.vtl", |path| {
        let text = read_case(path);
        let (header, template) = split_case(&text);
        assert!(
            header.contains("source:"),
            "{}: the header must say `source:`",
            path.display()
        );
        let parsed = Template::parse(template)
            .unwrap_or_else(|e| panic!("{} should parse: {e}", path.display()));
        let environment = Environment::new(&case_request(header, path));
        let mut context = Variables::new();
        environment.install(&mut context);
        if let Some(serde_json::Value::Object(vars)) = json_field(header, "vars", path) {
            for (name, value) in &vars {
                context.insert(name, Value::from_json(value));
            }
        }
        // The output is shown as a quoted string so that every space and line end is visible.
        let mut shown = match render(&parsed, &mut context) {
            Ok(output) => format!("output: {output:?}"),
            Err(error) => format!("render error: {error}"),
        };
        let overrides = environment.overrides();
        if let Some(status) = &overrides.status {
            shown.push_str(&format!("\nstatus override: {}", status.to_java_string()));
        }
        for (label, entries) in [
            ("header override", &overrides.headers),
            ("request header override", &overrides.request_headers),
            (
                "request querystring override",
                &overrides.request_querystring,
            ),
            ("request path override", &overrides.request_path),
        ] {
            for (name, value) in entries {
                shown.push_str(&format!("\n{label}: {name} = {value:?}"));
            }
        }
        insta::with_settings!({
            description => text.as_str(),
            omit_expression => true,
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(shown);
        });
    });
}

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

use apigw_vtl::render::{Context, render};
use apigw_vtl::syntax::{Template, dump_tree};

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
            insta::assert_snapshot!(format!("{error}\n\n{}", error.render(template, &name)));
        });
    });
}

/// The variables of a render case: its `vars:` header line, a JSON object.
fn case_vars(header: &str, path: &Path) -> Context {
    header
        .lines()
        .find_map(|line| line.strip_prefix("vars:"))
        .map(|json| {
            let json: serde_json::Value = serde_json::from_str(json)
                .unwrap_or_else(|e| panic!("{}: `vars:` is not JSON: {e}", path.display()));
            Context::from_json_object(&json)
                .unwrap_or_else(|| panic!("{}: `vars:` must be an object", path.display()))
        })
        .unwrap_or_default()
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
        let mut context = case_vars(header, path);
        // The output is shown as a quoted string so that every space and line end is visible.
        let shown = match render(&parsed, &mut context) {
            Ok(output) => format!("output: {output:?}"),
            Err(error) => format!("render error: {error}"),
        };
        insta::with_settings!({
            description => text.as_str(),
            omit_expression => true,
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(shown);
        });
    });
}

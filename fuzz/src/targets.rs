//! What each fuzz target does with its input, shared by the cargo-fuzz binaries (fuzz_targets/)
//! and the replay of saved inputs in `cargo test` (tests/fuzz_regressions.rs). Each function must
//! return without panicking, overflowing the stack or running away, whatever the bytes; errors are
//! fine. Inputs holding two parts separate them with a NUL byte.

use apigw_vtl::apigw::{Environment, TemplateInput};
use apigw_vtl::java::regex::JavaRegex;
use apigw_vtl::render::{Limits, Variables, render_with_limits};
use apigw_vtl::value::Value;
use apigw_vtl::{Api, HttpRequest, InvokeOptions, Outcome, Template};

/// Small limits: a fuzz input should take milliseconds.
fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_work = 16 << 20;
    limits.max_steps = 200_000;
    limits.max_output_bytes = 1 << 20;
    limits
}

fn split(data: &[u8]) -> (&str, &str) {
    let text = std::str::from_utf8(data).unwrap_or("");
    text.split_once('\0').unwrap_or((text, ""))
}

fn render_with_body(source: &str, body: &str, extra: Option<(&str, Value)>) {
    let Ok(template) = Template::parse(source) else {
        return;
    };
    let environment = Environment::new(&TemplateInput::new(body));
    let mut variables = Variables::new();
    environment.install(&mut variables);
    if let Some((name, value)) = extra {
        variables.insert(name, value);
    }
    let _ = render_with_limits(&template, &mut variables, limits());
}

/// A template's text.
pub fn parse(data: &[u8]) {
    let _ = Template::parse_bytes(data);
}

/// A template, then a body its `$input` reads.
pub fn render(data: &[u8]) {
    let (template, body) = split(data);
    render_with_body(template, body, None);
}

/// A payload: read, written back and walked.
pub fn payload(data: &[u8]) {
    let body = std::str::from_utf8(data).unwrap_or("");
    render_with_body(
        "$input.json('$') $input.path('$') #foreach($x in $input.path('$'))$x#end",
        body,
        None,
    );
}

/// A JSONPath, then the body it runs over.
pub fn jsonpath(data: &[u8]) {
    let (path, body) = split(data);
    render_with_body(
        "$input.json($p) $input.path($p)",
        body,
        Some(("p", Value::string(path))),
    );
}

/// A Java regex, then a subject.
pub fn regex(data: &[u8]) {
    let (pattern, subject) = split(data);
    let Ok(regex) = JavaRegex::new(pattern) else {
        return;
    };
    let _ = regex.try_is_full_match(subject);
    let _ = regex.try_find(subject);
    let _ = regex.replace_all(subject, "<$0>");
    let _ = regex.try_split(subject);
}

/// A definition, read as YAML and as JSON.
pub fn definition(data: &[u8]) {
    let text = std::str::from_utf8(data).unwrap_or("");
    let _ = Api::parse("fuzz.yaml", text);
    let _ = Api::parse("fuzz.json", text);
}

/// A definition, then a request body: a whole invocation of `POST /` with a MOCK outcome.
pub fn invoke(data: &[u8]) {
    let (definition, body) = split(data);
    let Ok(api) = Api::parse("fuzz.yaml", definition) else {
        return;
    };
    let request = HttpRequest::new("POST", "/").body(body);
    let _ = api.invoke(request, &InvokeOptions::new(), &Outcome::Mock);
}

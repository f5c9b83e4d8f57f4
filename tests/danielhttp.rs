//! The founding example's recorded AWS answers (corpus/danielhttp/README.md, from
//! `../shared/examples/danielhttp/README.md`, recorded with curl on 2020-10-19), one layer down:
//! each Lambda outcome rendered with the response template AWS selected for it, and the body must
//! have the recorded bytes and the status override AWS applied. Source: aws.
//!
//! The same answers through the whole request path (routing, validation, selection, overrides)
//! are asserted in tests/api.rs and tests/definitions.rs, through `Api::invoke`.

use std::path::Path;

use apigw_vtl::apigw::{TemplateInput, render_template};
use apigw_vtl::syntax::Template;

const DEFAULT: &str = "#set($inputRoot = $input.path('$'))\n$input.json(\"$\")\n#if($inputRoot.toString().contains(\"stackTrace\"))\n#set($context.responseOverride.status = 500)\n#end";
const ERROR_MAPPING: &str = "{\n    \"errorMessage\": $input.path('$.errorMessage')\n}";

fn outcome(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/danielhttp/lambda")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Renders `template` over the outcome and returns the body and the status override.
fn answer(template: &str, file: &str) -> (String, Option<String>) {
    let template = Template::parse(template).expect("the export's templates parse");
    let request = TemplateInput::new(outcome(file));
    let rendered = render_template(&template, &request).expect("renders");
    (
        rendered.output,
        rendered.overrides.status.map(|s| s.to_java_string()),
    )
}

#[test]
fn exception_answers_500_with_200_bytes() {
    // No pattern matches "unsupported operand type(s)...": the default 200 template renders and
    // overrides the status because the payload contains stackTrace.
    let (body, status) = answer(DEFAULT, "exception.error.json");
    assert_eq!(status.as_deref(), Some("500"));
    assert_eq!(body.len(), 200);
    assert_eq!(
        body,
        "{\"errorMessage\":\"unsupported operand type(s) for /: 'int' and 'str'\",\"errorType\":\"TypeError\",\"stackTrace\":[\"  File \\\"/var/task/lambda_function.py\\\", line 12, in lambda_handler\\n    a = 5 / \\\"w\\\"\\n\"]}\n"
    );
}

#[test]
fn raised_exception_answers_502_with_166_bytes() {
    let (body, status) = answer(ERROR_MAPPING, "raised-exception.error.json");
    assert_eq!(status, None);
    assert_eq!(body.len(), 166);
    assert_eq!(
        body,
        "{\n    \"errorMessage\": {\"context\": {\"EndPoint\": \"My Endpoint\", \"LoadCase\": 123, \"RunAnalysisId\": \"AA-BB\"}, \"message\": \"My Message\", \"type\": \"Exception\", \"code\": 502}\n}"
    );
}

#[test]
fn error_answers_400_with_162_bytes() {
    let (body, status) = answer(ERROR_MAPPING, "error.error.json");
    assert_eq!(status, None);
    assert_eq!(body.len(), 162);
    assert!(
        body.contains("\"type\": \"Error\", \"code\": 400}"),
        "{body}"
    );
}

#[test]
fn success_answers_200_with_125_bytes() {
    let (body, status) = answer(DEFAULT, "ok.result.json");
    assert_eq!(status, None);
    assert_eq!(body.len(), 125);
    assert_eq!(
        body,
        "{\"context\":{\"EndPoint\":\"My Endpoint\",\"LoadCase\":123,\"RunAnalysisId\":\"AA-BB\"},\"message\":\"All is Ok\",\"type\":\"Info\",\"code\":200}\n"
    );
}

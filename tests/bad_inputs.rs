//! Malformed inputs across templates, bodies, JSONPaths, regexes, overrides, definitions and CLI
//! arguments (issue 17): each has a snapshot of its exact error (kind, message, position), so a
//! change to any of them shows in review.

use std::process::Command;

use apigw_vtl::apigw::{TemplateInput, render_template};
use apigw_vtl::render::RenderError;
use apigw_vtl::{Api, HttpRequest, InvokeOptions, Outcome, Template};

/// A template that does not parse: `parse line:col: message`.
fn parse_error(source: &str) -> String {
    match Template::parse(source) {
        Ok(_) => "parses".to_string(),
        Err(error) => format!(
            "parse {}:{}: {}",
            error.line(),
            error.column(),
            error.message()
        ),
    }
}

/// A template rendered over `body`: the error's kind, message and the text it points at.
fn render_error(source: &str, body: &str) -> String {
    let template = match Template::parse(source) {
        Ok(template) => template,
        Err(_) => return parse_error(source),
    };
    match render_template(&template, &TemplateInput::new(body)) {
        Ok(rendered) => format!("renders {:?}", rendered.output),
        Err(error) => {
            let kind = match &error {
                RenderError::Thrown { .. } => "thrown",
                RenderError::Regex { .. } => "regex",
                RenderError::Unsupported { .. } => "unsupported",
                RenderError::OutputTooLarge { .. } => "output",
                RenderError::OutOfWork { .. } => "work",
                RenderError::TooMuchWork { .. } => "steps",
                _ => "other",
            };
            let (line, column) = error.span().start_position(source);
            format!(
                "render {kind} {line}:{column} at {:?}: {error}",
                error.span().slice(source)
            )
        }
    }
}

/// A definition that does not read: its `file:line:col: message`.
fn definition_error(name: &str, text: &str) -> String {
    match Api::parse(name, text) {
        Ok(_) => "reads".to_string(),
        Err(error) => format!("definition {error}"),
    }
}

const TEMPLATES: &[&str] = &[
    "#if($a)",
    "#end",
    "#foreach($x in)",
    "#set($a = )",
    "#set(a = 1)",
    "$a.b(",
    "${a",
    "#{else}",
    "#elseif(true)",
    "#macro()",
    "#define()",
    "#break(1 2)",
    "$a[",
    "#set($a = [1,)",
    "#set($a = {\"k\" 1})",
    "#*",
    "#set($a = \"unterminated)",
    "#if(1 ==)#end",
    "#set($a = 1 +)",
    "$!{",
];

const RENDERS: &[(&str, &str)] = &[
    ("#set($l = [1])$l.get(5)", ""),
    ("$input.json('$.a[')", "{}"),
    ("$input.json('$..')", "{}"),
    ("$input.json('$[?(@.a ==)]')", "[]"),
    ("$input.json('$.a.b')", "{\"a\": [1]}"),
    ("$input.path('$')", "{\"a\": }"),
    ("$input.json('$')", "[1, 2"),
    ("$input.json('$')", "{\"a\" 1}"),
    ("$input.json('$')", "{'a': tru}"),
    ("$input.json('$')", "\u{1}"),
    ("'x'.matches('(')", ""),
    ("#set($s = 'x')$s.matches('[a-')", ""),
    ("#set($s = 'x')$s.replaceAll('a{2,1}', 'b')", ""),
    ("#set($s = 'x')$s.replaceAll('x', '$2')", ""),
    ("#set($s = 'x')$s.split('*')", ""),
    ("#set($s = 'x')$s.matches('\\\\G')", ""),
    ("#set($s = 'x')$s.substring(5)", ""),
    ("#set($s = 'x')$s.format('%d', 'a')", ""),
    ("#set($s = 'x')$s.format('%q', 1)", ""),
    ("#set($s = 'x')$s.format('%s %s', 1)", ""),
    ("#set($s = 'x')$s.repeat(-1)", ""),
    ("$util.urlDecode('%zz')", ""),
    ("$util.base64Decode('!!')", ""),
    ("$util.parseJson('{')", ""),
    (
        "#set($context.responseOverride.status = 400)#set($context.responseOverride.status = 401)",
        "",
    ),
    (
        "#set($m = {})#set($d = $m.put('k', $m))#set($n = {})#set($d = $n.put('k', $n))$m.equals($n)",
        "",
    ),
    (
        "#set($n = 1)#foreach($i in [1..3])#set($d = $n.compareTo('a'))#end",
        "",
    ),
    ("#include('x')", ""),
];

const DEFINITIONS: &[(&str, &str)] = &[
    ("a.yaml", "openapi: [\n"),
    ("a.yaml", "openapi: \"3.0.1\"\npaths:\n  /x:\n    get: 1\n"),
    ("a.yaml", "a: *nothing\n"),
    ("a.yaml", "a: !Unknown x\n"),
    ("a.yaml", "{a: 1, b: [2}\n"),
    ("a.yaml", ""),
    ("a.json", "{\"openapi\": \"3.0.1\",}"),
    ("a.json", "{\"openapi\": \"3.0.1\" \"paths\": {}}"),
    ("a.json", "[1, 2"),
    (
        "a.yaml",
        "openapi: \"3.0.1\"\npaths:\n  /x:\n    get:\n      x-amazon-apigateway-integration:\n        type: mock\n        responses:\n          \"(\": {statusCode: \"200\"}\n",
    ),
    (
        "a.yaml",
        "openapi: \"3.0.1\"\npaths:\n  /x:\n    get:\n      x-amazon-apigateway-integration:\n        type: mock\n        requestTemplates: {application/json: '#if('}\n",
    ),
    (
        "a.yaml",
        "openapi: \"3.0.1\"\npaths:\n  x:\n    get:\n      x-amazon-apigateway-integration: {type: mock}\n",
    ),
    (
        "a.yaml",
        "openapi: \"3.0.1\"\npaths:\n  /x:\n    get:\n      x-amazon-apigateway-integration: {type: teleport}\n",
    ),
    (
        "a.yaml",
        "openapi: \"3.0.1\"\npaths:\n  /x/{a}/{a}:\n    get:\n      x-amazon-apigateway-integration: {type: mock}\n",
    ),
];

const CLI: &[&[&str]] = &[
    &["render"],
    &["render", "/nonexistent.vtl"],
    &["invoke", "--api"],
    &[
        "invoke",
        "--api",
        "/nonexistent.yaml",
        "--method",
        "GET",
        "--path",
        "/",
    ],
    &["check"],
    &["frobnicate"],
    &["render", "--format", "yaml", "x.vtl"],
];

#[test]
fn malformed_templates() {
    for (index, source) in TEMPLATES.iter().enumerate() {
        insta::assert_snapshot!(
            format!("template_{index:02}"),
            format!("{source}\n→ {}", parse_error(source))
        );
    }
}

#[test]
fn failing_renders_bodies_paths_regexes_and_overrides() {
    for (index, (source, body)) in RENDERS.iter().enumerate() {
        insta::assert_snapshot!(
            format!("render_{index:02}"),
            format!("{source}\nbody {body:?}\n→ {}", render_error(source, body))
        );
    }
}

#[test]
fn malformed_definitions() {
    for (index, (name, text)) in DEFINITIONS.iter().enumerate() {
        insta::assert_snapshot!(
            format!("definition_{index:02}"),
            format!("{name}:\n{text}\n→ {}", definition_error(name, text))
        );
    }
}

/// A request body a model refuses, through a whole invocation.
#[test]
fn a_body_that_is_not_json_against_a_model() {
    let api = Api::parse(
        "m.yaml",
        "openapi: \"3.0.1\"\nx-amazon-apigateway-request-validators: {all: {validateRequestParameters: true, validateRequestBody: true}}\nx-amazon-apigateway-request-validator: all\npaths:\n  /x:\n    post:\n      requestBody: {content: {application/json: {schema: {type: object}}}}\n      x-amazon-apigateway-integration: {type: mock, requestTemplates: {application/json: '{\"statusCode\": 200}'}, responses: {default: {statusCode: \"200\"}}}\n",
    )
    .expect("reads");
    let response = api
        .invoke(
            HttpRequest::new("POST", "/x")
                .headers([("Content-Type", "application/json")])
                .body("{\"a\": "),
            &InvokeOptions::new(),
            &Outcome::Mock,
        )
        .response;
    insta::assert_snapshot!(format!("{} {:?}", response.status, response.body));
}

#[test]
fn bad_command_lines() {
    for (index, args) in CLI.iter().enumerate() {
        let output = Command::new(env!("CARGO_BIN_EXE_apigw-vtl"))
            .args(*args)
            .output()
            .expect("runs");
        insta::assert_snapshot!(
            format!("cli_{index:02}"),
            format!(
                "{args:?}\nexit {:?}\n{}",
                output.status.code(),
                String::from_utf8_lossy(&output.stderr)
            )
        );
    }
}

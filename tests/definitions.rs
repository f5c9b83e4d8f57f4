//! API definition files: every format read into the same model, errors with their places, routing,
//! and the founding example end to end from each of its five definitions.

use std::path::Path;

use apigw_vtl::InvokeOptions;
use apigw_vtl::definition::{Api, Format};
use apigw_vtl::gateway::{HttpRequest, Outcome, Response};

fn corpus(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(path)
}

fn load(path: &str) -> Api {
    Api::load(&corpus(path)).unwrap_or_else(|e| panic!("{e}"))
}

/// The whole path as `invoke` runs it: the library's door.
fn call(api: &Api, method: &str, path: &str, query: &[(&str, &str)], outcome: Outcome) -> Response {
    let query: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let request = HttpRequest::new(method, &format!("{path}?{}", query.join("&")));
    api.invoke(request, &InvokeOptions::new(), &outcome)
        .response
}

fn outcome(file: &str) -> Outcome {
    let text = std::fs::read_to_string(corpus("danielhttp/lambda").join(file)).expect("outcome");
    if file.ends_with(".error.json") {
        Outcome::LambdaError(text.into_bytes())
    } else {
        Outcome::LambdaResult(text.into_bytes())
    }
}

// Source: aws (../shared/examples/danielhttp/README.md, recorded 2020-10-19): statuses and
// Content-Lengths; the five files describe the same API (corpus/danielhttp/README.md).
#[test]
fn the_founding_example_answers_alike_from_every_format() {
    let formats = [
        ("danielhttp/api.openapi.yaml", Format::OpenApi3),
        ("danielhttp/api.swagger.json", Format::Swagger2),
        ("danielhttp/api.cloudformation.yaml", Format::CloudFormation),
        ("danielhttp/api.cloudformation.json", Format::CloudFormation),
        ("danielhttp/api.sam.yaml", Format::CloudFormation),
    ];
    let mut bodies: Vec<Vec<String>> = Vec::new();
    for (file, format) in formats {
        let api = load(file);
        assert_eq!(api.format(), format, "{file}");
        let mut answers = Vec::new();
        for (guid, outcome_file, status, length) in [
            ("Exception", "exception.error.json", 500, 200),
            ("RaisedException", "raised-exception.error.json", 502, 166),
            ("Error", "error.error.json", 400, 162),
            ("AnythingElse", "ok.result.json", 200, 125),
        ] {
            let response = call(
                &api,
                "POST",
                "/guid",
                &[("GUID", guid)],
                outcome(outcome_file),
            );
            assert_eq!(
                (response.status, response.body.len()),
                (status, length),
                "{file} GUID={guid}"
            );
            answers.push(response.body.text().expect("text").to_string());
        }
        bodies.push(answers);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]));
}

// Every field the readers take, pinned as the model describes itself.
#[test]
fn valid_definitions_read_into_the_model() {
    insta::glob!(
        "../corpus",
        "{definitions/valid,danielhttp}/*.{yaml,json}",
        |path| {
            let api = Api::load(path).unwrap_or_else(|e| panic!("{e}"));
            let mut summary = format!("format {:?}\n", api.format());
            for method in api.methods() {
                summary += &format!(
                    "\n{} {}\nparameters {:?}\nvalidator {:?}\n{}",
                    method.http_method(),
                    method.resource_path(),
                    method.parameters(),
                    method.validator(),
                    method.describe()
                );
            }
            // Issue 13: what the reader warns of and the stand-ins it used, when there are any.
            for warning in api.warnings() {
                summary += &format!(
                    "\n{}",
                    warning
                        .to_string()
                        .replace(concat!(env!("CARGO_MANIFEST_DIR"), "/"), "")
                );
            }
            for stand_in in api.stand_ins() {
                let at = stand_in.location();
                summary += &format!("\nstand-in {}:{} {stand_in}", at.line, at.column);
            }
            insta::assert_snapshot!(summary);
        }
    );
}

// Each broken file has one defect; the error names the file, the line and column, the key path and
// what was expected (corpus/definitions/broken/README.md lists the defects).
#[test]
fn broken_definitions_are_reported_where_they_break() {
    insta::glob!("../corpus", "definitions/broken/*.{yaml,json}", |path| {
        let name = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(path)
            .display()
            .to_string();
        let text = std::fs::read_to_string(path).expect("readable");
        let error = Api::parse(&name, &text).expect_err("a broken file must not read");
        insta::assert_snapshot!(error.to_string());
    });
}

// Source: aws-semantics.md §7 routing (recorded fallbacks) and the routing module's tests.
#[test]
fn requests_route_to_their_methods() {
    let api = load("definitions/valid/openapi-any-method-and-proxy.yaml");
    let routed = |method: &str, path: &str| {
        api.route(method, path)
            .map(|r| {
                (
                    r.method.resource_path().to_string(),
                    r.method.http_method().to_string(),
                    r.path_parameters,
                )
            })
            .map_err(|miss| miss.to_string())
    };
    let pair = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
    assert_eq!(
        routed("GET", "/pets/42"),
        Ok(("/pets/{id}".into(), "GET".into(), pair("id", "42")))
    );
    // A literal beats a parameter.
    assert_eq!(
        routed("GET", "/pets/mine"),
        Ok(("/pets/mine".into(), "GET".into(), vec![]))
    );
    // /pets/{id} has no DELETE: the greedy sibling with ANY takes it (recorded fallback).
    assert_eq!(
        routed("DELETE", "/pets/42"),
        Ok(("/{proxy+}".into(), "ANY".into(), pair("proxy", "pets/42")))
    );
    assert_eq!(
        routed("POST", "/a/b/c"),
        Ok(("/{proxy+}".into(), "ANY".into(), pair("proxy", "a/b/c")))
    );
    // Nothing takes the root: 403 Missing Authentication Token for the caller.
    assert!(routed("GET", "/").is_err());

    // A MOCK method renders through the routed resource and its path parameter.
    let response = call(&api, "GET", "/pets/42", &[], Outcome::Mock);
    assert_eq!(response.status, 200);
    assert_eq!(response.body, "{\"route\": \"/pets/{id}\", \"id\": \"42\"}");
}

// Source: aws-semantics.md §7 (AWS deploys a template that does not parse and answers 500).
#[test]
fn a_template_that_does_not_parse_answers_500_at_run_time() {
    let api = load("definitions/valid/openapi-template-does-not-parse.yaml");
    assert_eq!(api.template_errors().count(), 1);
    let routed = api.route("GET", "/ping").expect("routed");
    let response = call(&api, "GET", "/ping", &[], Outcome::Mock);
    assert_eq!(
        (response.status, response.body.len()),
        (500, 36),
        "{}",
        routed.method.resource_path()
    );
}

// Enumerations are read without case, as AWS reads them (real exports say `aws`).
#[test]
fn enumerations_are_read_without_case() {
    let upper = load("definitions/valid/swagger-uppercase-enums.json");
    let lower = load("danielhttp/api.swagger.json");
    assert!(upper.methods()[0].describe().contains("integration Aws"));
    assert!(
        lower.methods()[0]
            .describe()
            .contains("integration Aws, passthrough WhenNoTemplates")
    );
}

// Bad input gets an error, never a panic: every corpus definition cut short at many points and
// with bytes replaced by YAML/JSON punctuation, read as YAML and as JSON; each error must print.
#[test]
fn mangled_definitions_never_panic() {
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for dir in [
        "danielhttp",
        "definitions/valid",
        "definitions/broken",
        "definitions/deployed",
        "definitions/deployed/cdk.out",
    ] {
        for entry in std::fs::read_dir(corpus(dir))
            .expect("corpus folder")
            .flatten()
        {
            let path = entry.path();
            if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            ) {
                files.push(path);
            }
        }
    }
    files.sort();
    let punctuation = b"{}[]:,-'\"!&*#|>\n \t\\%@`?";
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut read = 0;
    for file in &files {
        let original = std::fs::read(file).expect("readable");
        for round in 0..60 {
            let mut bytes = original.clone();
            if round % 3 == 0 {
                bytes.truncate((next() % (original.len() as u64 + 1)) as usize);
            } else {
                for _ in 0..(1 + next() % 4) {
                    if bytes.is_empty() {
                        break;
                    }
                    let at = (next() % bytes.len() as u64) as usize;
                    bytes[at] = punctuation[(next() % punctuation.len() as u64) as usize];
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            for name in ["mangled.yaml", "mangled.json"] {
                match Api::parse(name, &text) {
                    Ok(api) => {
                        // A file that still reads must still route and describe.
                        for method in api.methods() {
                            let _ = method.describe();
                            let _ = api.route(method.http_method(), method.resource_path());
                        }
                    }
                    Err(error) => {
                        assert!(error.to_string().starts_with(name), "{error}");
                    }
                }
                read += 1;
            }
        }
    }
    assert!(read > 2_000, "{read} mangled files read");
}

// Source: issue 12. A template that does not parse is reported at the failing character of the
// file, through escapes, block indentation and CRLF; where YAML folding leaves no one place, at the
// template's start with an excerpt of the template (corpus/definitions/templates/README.md). Each
// snapshot shows the file's line with a caret under the reported column.
#[test]
fn template_errors_point_into_the_file() {
    insta::glob!("../corpus", "definitions/templates/*.{yaml,json}", |path| {
        let name = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(path)
            .display()
            .to_string();
        let text = std::fs::read_to_string(path).expect("readable");
        let api = Api::parse(&name, &text).unwrap_or_else(|e| panic!("{e}"));
        let lines: Vec<&str> = text.lines().collect();
        let mut report = String::new();
        for error in api.template_errors() {
            report += &format!("{error}\n");
            match error.excerpt() {
                Some(excerpt) => report += &excerpt,
                None => {
                    let (line, column) = (error.location().line, error.location().column);
                    report += &format!(
                        "{line:>4} | {}\n     | {}^",
                        lines[line - 1],
                        " ".repeat(column - 1)
                    );
                }
            }
            report += "\n\n";
        }
        insta::assert_snapshot!(report);
    });
}

// Source: issue 12. The stage is the definition's own where it names one; exports name none.
#[test]
fn the_stage_is_the_definitions_own() {
    for (file, stage) in [
        // AWS::ApiGateway::Deployment `StageName: prod` pointing at the RestApi.
        ("danielhttp/api.cloudformation.yaml", Some("prod")),
        ("danielhttp/api.cloudformation.json", Some("prod")),
        // AWS::Serverless::Api `StageName: prod`.
        ("danielhttp/api.sam.yaml", Some("prod")),
        ("danielhttp/api.openapi.yaml", None),
        ("danielhttp/api.swagger.json", None),
        ("definitions/valid/cfn-nested-resources.yaml", Some("prod")),
    ] {
        assert_eq!(load(file).stage_name(), stage, "{file}");
    }
}

fn stage_of(resources: &str) -> Option<String> {
    let text = format!(
        "AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  StageParameter: {{Type: String, Default: staging}}\nResources:\n{resources}"
    );
    let api = Api::parse("template.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
    api.stage_name().map(str::to_string)
}

// Source: issue 12 (AWS::ApiGateway::Stage / Deployment and AWS::Serverless::Api `StageName`;
// SAM deploys its implicit API to `Prod`).
#[test]
fn the_stage_comes_from_stage_deployment_or_sam() {
    let rest_api = "  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties: {Name: a}\n";
    let deployment = |api: &str, stage: &str| {
        format!(
            "  Deployment:\n    Type: AWS::ApiGateway::Deployment\n    Properties: {{RestApiId: {api}, StageName: {stage}}}\n"
        )
    };
    let stage = |api: &str, stage: &str| {
        format!(
            "  Stage:\n    Type: AWS::ApiGateway::Stage\n    Properties: {{RestApiId: {api}, DeploymentId: !Ref Deployment, StageName: {stage}}}\n"
        )
    };
    let sam_api = |stage: &str| {
        format!("  Api:\n    Type: AWS::Serverless::Api\n    Properties: {{StageName: {stage}}}\n")
    };
    let function = |event: &str| {
        format!(
            "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.handler\n      Events:\n        Get: {{{event}}}\n"
        )
    };
    let some = |s: &str| Some(s.to_string());

    // A RestApi: its Deployment's stage, or its Stage resource's, which is preferred.
    assert_eq!(
        stage_of(&format!("{rest_api}{}", deployment("!Ref Api", "dev"))),
        some("dev")
    );
    assert_eq!(
        stage_of(&format!("{rest_api}{}", deployment("{Ref: Api}", "dev"))),
        some("dev")
    );
    assert_eq!(
        stage_of(&format!(
            "{rest_api}{}{}",
            deployment("!Ref Api", "dev"),
            stage("!Ref Api", "v1")
        )),
        some("v1")
    );
    // A stage of another API (not in this file) is not this API's.
    assert_eq!(
        stage_of(&format!("{rest_api}{}", deployment("!Ref Other", "dev"))),
        None
    );
    assert_eq!(
        stage_of(&format!("{rest_api}{}", deployment("abc123", "dev"))),
        None
    );
    // A RestApi deployed nowhere in the file.
    assert_eq!(stage_of(rest_api), None);
    // Issue 13: an intrinsic `StageName` is evaluated (`!Ref` to a parameter's default, `!Sub`).
    assert_eq!(
        stage_of(&format!(
            "{rest_api}{}",
            deployment("!Ref Api", "!Ref StageParameter")
        )),
        some("staging")
    );

    // SAM: the Api's StageName; the implicit API deploys `Prod`.
    assert_eq!(stage_of(&sam_api("Beta")), some("Beta"));
    assert_eq!(
        stage_of(&sam_api("!Sub '${StageParameter}-2'")),
        some("staging-2")
    );
    assert_eq!(
        stage_of(&function("Type: Api, Properties: {Path: /a, Method: get}")),
        some("Prod")
    );
    // An event of an explicit API belongs to that API; other event types make no API.
    assert_eq!(
        stage_of(&format!(
            "{}{}",
            sam_api("Beta"),
            function("Type: Api, Properties: {Path: /a, Method: get, RestApiId: !Ref Api}")
        )),
        some("Beta")
    );
    assert_eq!(
        stage_of(&function(
            "Type: HttpApi, Properties: {Path: /a, Method: get}"
        )),
        None
    );
}

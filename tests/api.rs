//! The public door as an embedder holds it: what can cross threads, and the one-step, closure and
//! two-step forms giving the same answers.

use apigw_vtl::apigw::Rendered;
use apigw_vtl::gateway::{Method, Response};
use apigw_vtl::{
    Api, Error, HttpRequest, IntegrationRequest, Invocation, InvokeOptions, Outcome, Pending,
    Prepared, Template,
};

// Compile-time: a parsed template and API are shared across threads; results leave them.
const _: () = {
    const fn shared<T: Send + Sync>() {}
    const fn sent<T: Send>() {}
    shared::<Template>();
    shared::<Method>();
    shared::<Api>();
    sent::<Invocation>();
    sent::<Response>();
    sent::<IntegrationRequest>();
    sent::<Rendered>();
    sent::<Pending>();
    sent::<Prepared>();
    sent::<Error>();
};

fn founding() -> Api {
    Api::load(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/danielhttp/api.openapi.yaml"
        )
        .as_ref(),
    )
    .expect("the founding example reads")
}

fn lambda(file: &str) -> Outcome {
    let path = format!(
        "{}/corpus/danielhttp/lambda/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("outcome file");
    if file.ends_with(".error.json") {
        Outcome::lambda_error(&text)
    } else {
        Outcome::lambda_result(&text)
    }
}

// Source: aws (corpus/danielhttp/README.md): the four recorded statuses.
const RUNS: [(&str, &str, u16); 4] = [
    ("Exception", "exception.error.json", 500),
    ("RaisedException", "raised-exception.error.json", 502),
    ("Error", "error.error.json", 400),
    ("AnythingElse", "ok.result.json", 200),
];

#[test]
fn one_step_closure_and_two_step_forms_agree() {
    let api = founding();
    let options = InvokeOptions::new();
    for (guid, file, status) in RUNS {
        let request = || HttpRequest::new("POST", &format!("/guid?GUID={guid}"));
        let outcome = lambda(file);
        let one = api.invoke(request(), &options, &outcome);
        let closure = api.invoke_with(request(), &options, |event| {
            assert_eq!(
                event.body.text(),
                Some(format!("{{\n  \"GUID\":\"{guid}\"\n}}").as_str())
            );
            outcome.clone()
        });
        let Prepared::Call(pending) = api.prepare(request(), &options) else {
            panic!("GUID={guid}: the request reaches the function")
        };
        let two = api.finish(pending, &outcome);
        for invocation in [&one, &closure, &two] {
            assert_eq!(invocation.response.status, status, "GUID={guid}");
            assert_eq!(invocation.response.body, one.response.body);
            assert_eq!(invocation.response.headers, one.response.headers);
            assert_eq!(
                invocation.route,
                Some(("/guid".to_string(), "POST".to_string()))
            );
        }
        // No trace unless asked for.
        assert!(one.trace().lines().is_empty());
    }
}

// A pending invocation crosses threads (a server awaiting its backend elsewhere).
#[test]
fn a_pending_invocation_finishes_on_another_thread() {
    let api = std::sync::Arc::new(founding());
    let Prepared::Call(pending) = api.prepare(
        HttpRequest::new("POST", "/guid?GUID=Error"),
        &InvokeOptions::new(),
    ) else {
        panic!("reaches the function")
    };
    let shared = std::sync::Arc::clone(&api);
    let status = std::thread::spawn(move || {
        shared
            .finish(pending, &lambda("error.error.json"))
            .response
            .status
    })
    .join()
    .expect("the thread ends");
    assert_eq!(status, 400);
}

// Source: aws-semantics.md §7 (403 Missing Authentication Token) and §8.1 ($context.path carries
// the stage). The door asks for no outcome when API Gateway answers on its own.
#[test]
fn the_door_answers_on_its_own_without_calling_the_backend() {
    let api = founding();
    let options = InvokeOptions::new().trace(true);
    let invocation = api.invoke_with(HttpRequest::new("GET", "/nowhere"), &options, |_| {
        panic!("no backend call for an unrouted request")
    });
    assert_eq!(invocation.response.status, 403);
    assert_eq!(
        invocation.response.body,
        "{\"message\": \"Missing Authentication Token\"}"
    );
    assert!(invocation.integration_request.is_none());
    assert!(invocation.route.is_none());
    assert_eq!(
        invocation.trace().lines()[0],
        "routing: no resource matches /nowhere: API Gateway answers 403"
    );
    // Without GUID the validator answers 400 before the integration.
    let invocation = api.invoke_with(HttpRequest::new("POST", "/guid"), &options, |_| {
        panic!("no backend call for an invalid request")
    });
    assert_eq!(invocation.response.status, 400);
}

// The stage: the caller's, else the definition's, else `prod`; it shows in `$context.stage` and
// `$context.path`, read here through parameter mappings of a MOCK method.
#[test]
fn the_stage_is_a_setting_of_the_invocation() {
    let api = Api::parse(
        "stage.yaml",
        r#"
openapi: "3.0.1"
paths:
  /where:
    get:
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses:
          default:
            statusCode: "200"
            responseParameters:
              method.response.header.X-Stage: context.stage
              method.response.header.X-Path: context.path
              method.response.header.X-Table: stageVariables.table
            responseTemplates: {application/json: '$context.stage $stageVariables.table'}
"#,
    )
    .expect("reads");
    let run = |options: &InvokeOptions| {
        api.invoke(HttpRequest::new("GET", "/where"), options, &Outcome::Mock)
            .response
    };
    let default = run(&InvokeOptions::new());
    assert_eq!(default.header("X-Stage"), Some("prod"));
    assert_eq!(default.header("X-Path"), Some("/prod/where"));
    assert_eq!(default.body, "prod ");
    let dev = run(&InvokeOptions::new()
        .stage("dev")
        .stage_variable("table", "pets-dev"));
    assert_eq!(dev.header("X-Stage"), Some("dev"));
    assert_eq!(dev.header("X-Path"), Some("/dev/where"));
    assert_eq!(dev.header("X-Table"), Some("pets-dev"));
    assert_eq!(dev.body, "dev pets-dev");
}

// A malformed mapping expression is refused when the definition is read, with its place.
#[test]
fn a_malformed_mapping_is_a_definition_error_with_its_place() {
    let error = Api::parse(
        "mapping.yaml",
        r#"openapi: "3.0.1"
paths:
  /x:
    get:
      x-amazon-apigateway-integration:
        type: mock
        requestParameters:
          integration.request.header.X: method.request.cookie.session
        responses: {default: {statusCode: "200"}}
"#,
    )
    .expect_err("AWS refuses the expression");
    let text = error.to_string();
    assert!(text.starts_with("mapping.yaml:8:"), "{text}");
    assert!(text.contains("method.request.cookie.session"), "{text}");
}

// The definition's own stage (a CloudFormation `AWS::ApiGateway::Stage`) stands unless the caller
// names another.
#[test]
fn the_definitions_stage_is_the_default() {
    let api = Api::parse(
        "stage.yaml",
        r#"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: pets}
  Where:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: where}
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Where
      HttpMethod: GET
      AuthorizationType: NONE
      MethodResponses: [{StatusCode: "200"}]
      Integration:
        Type: MOCK
        RequestTemplates: {application/json: '{"statusCode": 200}'}
        IntegrationResponses:
          - StatusCode: "200"
            ResponseTemplates: {application/json: '$context.stage $context.path'}
  V1:
    Type: AWS::ApiGateway::Stage
    Properties: {RestApiId: !Ref Api, DeploymentId: !Ref Deployment, StageName: v1}
"#,
    )
    .expect("reads");
    assert_eq!(api.stage_name(), Some("v1"));
    let run = |options: &InvokeOptions| {
        api.invoke(HttpRequest::new("GET", "/where"), options, &Outcome::Mock)
            .response
            .body
    };
    assert_eq!(run(&InvokeOptions::new()), "v1 /v1/where");
    assert_eq!(run(&InvokeOptions::new().stage("beta")), "beta /beta/where");
}

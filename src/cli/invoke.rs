//! `apigw-vtl invoke`: one request through an API definition, from routing to the response the
//! client receives, with the integration's outcome given as files.

use std::path::{Path, PathBuf};

use base64::Engine;
use clap::Args;

use super::Errors;
use super::{EXIT_OK, EXIT_REJECTED, EXIT_USAGE};
use crate::definition::{Api, DefinitionError, ErrorKind};
use crate::gateway::{Body, HttpRequest, IntegrationType, Outcome};
use crate::invocation::{Invocation, InvokeOptions, Prepared};

/// Arguments of `invoke`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  apigw-vtl invoke --api corpus/danielhttp/api.openapi.yaml --method POST \\
      --path '/guid?GUID=Error' --lambda-error corpus/danielhttp/lambda/error.error.json
  apigw-vtl invoke --api api.yaml --method GET --path /pets/42 --header 'Accept: text/html' --explain
  apigw-vtl invoke --api api.yaml --method GET --path /items --http-status 404 --http-body not-found.json

Output: one JSON object, {\"integration_request\", \"status\", \"headers\", \"body\"}.
`integration_request` is the body sent to the integration (the rendered request template, or the
request body passed through), null when API Gateway answered before calling it (no route: 403;
a required parameter missing or a body that fails its model: 400; no template under
passthroughBehavior NEVER / WHEN_NO_TEMPLATES: 415). Those answers are the API's gateway
responses (x-amazon-apigateway-gateway-responses, AWS::ApiGateway::GatewayResponse). `headers` are those the
client receives, under AWS's names, without the ones AWS fills with per-request values (Date,
x-amzn-RequestId, x-amz-apigw-id, X-Amzn-Trace-Id, Content-Length, Connection). A binary body is
printed as base64 with \"is_base64_encoded\": true.

Exit status: 0 when a response was produced, whatever its status (a template that does not
parse answers 500, as on AWS); 1 when the definition or an input file is bad; 2 on usage
errors (an outcome flag missing or of the wrong kind, a file that cannot be read).")]
pub(crate) struct InvokeArgs {
    /// The API definition: an OpenAPI 3 or Swagger 2 export, or a CloudFormation / SAM template
    /// (JSON or YAML).
    #[arg(long, value_name = "FILE")]
    api: PathBuf,
    /// The HTTP method of the request (GET, POST...).
    #[arg(long, value_name = "METHOD")]
    method: String,
    /// The path and query string, relative to the stage (`/guid?GUID=Error`, `/pets/42`).
    #[arg(long, value_name = "PATH_AND_QUERY")]
    path: String,
    /// A request header, `Name: value`; repeat for more.
    #[arg(long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// The request body (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    body: Option<PathBuf>,
    /// A Lambda function's successful payload (AWS integrations).
    #[arg(long, value_name = "FILE", group = "outcome")]
    lambda_result: Option<PathBuf>,
    /// A Lambda function error's payload: `errorMessage`, `errorType`, `stackTrace` (AWS
    /// integrations). Selection patterns are matched against its `errorMessage`.
    #[arg(long, value_name = "FILE", group = "outcome")]
    lambda_error: Option<PathBuf>,
    /// The HTTP backend's status (HTTP integrations); selection patterns are matched against it.
    #[arg(long, value_name = "N", group = "outcome")]
    http_status: Option<u16>,
    /// The HTTP backend's body.
    #[arg(long, value_name = "FILE", requires = "http_status")]
    http_body: Option<PathBuf>,
    /// An HTTP backend's header, `Name: value`; repeat for more.
    #[arg(
        long = "http-header",
        value_name = "NAME: VALUE",
        requires = "http_status"
    )]
    http_headers: Vec<String>,
    /// A JSON object merged over the default `$context`.
    #[arg(long, value_name = "FILE")]
    context: Option<PathBuf>,
    /// A JSON object of stage variables (`$stageVariables`).
    #[arg(long, value_name = "FILE")]
    stage_variables: Option<PathBuf>,
    /// The stage the request is sent to (`$context.stage`, `$context.path`); default: the stage
    /// the definition deploys (`StageName`; SAM's implicit API: `Prod`), else `prod`.
    #[arg(long, value_name = "NAME")]
    stage: Option<String>,
    /// Print every decision (route, template, patterns tried, overrides) on standard error.
    #[arg(long)]
    explain: bool,
    #[command(flatten)]
    definition: super::definition::DefinitionArgs,
}

/// A usage error (exit 2) or a bad input file (exit 1).
enum Failure {
    Usage(String),
    Input(String),
    Definition(Box<DefinitionError>),
}

/// An input file's text; one that cannot be read is a usage error (exit 2), as for `check` and
/// `render`.
fn read(path: &Path) -> Result<String, Failure> {
    super::render::read_text(path).map_err(Failure::Usage)
}

fn header_pair(text: &str, flag: &str) -> Result<(String, String), Failure> {
    match text.split_once(':') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.trim().to_string()))
        }
        _ => Err(Failure::Usage(format!(
            "{flag} {text:?}: expected `Name: value`"
        ))),
    }
}

pub(crate) fn run(args: &InvokeArgs, errors: Errors) -> u8 {
    match invoke(args, errors) {
        Ok(()) => EXIT_OK,
        Err(Failure::Usage(message)) => {
            eprintln!("apigw-vtl invoke: {message}");
            EXIT_USAGE
        }
        Err(Failure::Input(message)) => {
            errors.line(&message);
            EXIT_REJECTED
        }
        Err(Failure::Definition(error)) => {
            errors.definition(&error);
            EXIT_REJECTED
        }
    }
}

fn invoke(args: &InvokeArgs, errors: Errors) -> Result<(), Failure> {
    let options = args.definition.options().map_err(|e| match e {
        super::definition::OptionsError::Usage(message) => Failure::Usage(message),
        super::definition::OptionsError::File(error) => Failure::Definition(error),
    })?;
    let api = Api::load_with(&args.api, &options).map_err(|e| match e.kind() {
        ErrorKind::Unreadable(_) => Failure::Usage(format!("--api {e}")),
        _ => Failure::Definition(Box::new(e)),
    })?;
    for warning in api.warnings() {
        errors.warning(warning);
    }
    if !args.path.starts_with('/') {
        return Err(Failure::Usage(format!(
            "--path {:?}: expected a path starting with `/`",
            args.path
        )));
    }
    let mut options = InvokeOptions::new().trace(args.explain);
    if let Some(stage) = &args.stage {
        options = options.stage(stage);
    }
    if let Some(path) = &args.stage_variables {
        let object = super::render::read_json_object(path).map_err(Failure::Input)?;
        let variables = super::render::string_pairs(Some(&serde_json::Value::Object(object)));
        for (name, value) in &variables {
            options = options.stage_variable(name, value);
        }
    }
    if let Some(file) = &args.context {
        let object = super::render::read_json_object(file).map_err(Failure::Input)?;
        for (name, value) in object {
            options = options.context_value(&name, value);
        }
    }
    let mut request = HttpRequest::new(&args.method, &args.path);
    for text in &args.headers {
        let (name, value) = header_pair(text, "--header")?;
        request = request.header(&name, &value);
    }
    if let Some(file) = &args.body {
        request = request.body(read(file)?);
    }
    let invocation = match api.prepare(request, &options) {
        Prepared::Answered(invocation) => invocation,
        Prepared::Call(pending) => {
            let outcome = outcome(args, pending.integration_type())?;
            api.finish(pending, &outcome)
        }
    };
    print(args, &invocation)
}

/// A function error's payload: Lambda always sends a JSON object (`errorMessage`, `errorType`...),
/// so anything else is a mistake in the file, not something AWS could answer.
fn error_payload(file: &Path) -> Result<String, Failure> {
    let text = read(file)?;
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(_)) => Ok(text),
        Ok(_) => Err(Failure::Input(format!(
            "{}: a Lambda error payload is a JSON object (`errorMessage`, `errorType`, `stackTrace`)",
            file.display()
        ))),
        Err(error) => Err(Failure::Input(format!(
            "{}:{}:{}: not JSON ({error}); a Lambda error payload is a JSON object",
            file.display(),
            error.line(),
            error.column()
        ))),
    }
}

/// The integration's outcome from the flags, checked against the integration's type.
fn outcome(args: &InvokeArgs, kind: IntegrationType) -> Result<Outcome, Failure> {
    let given = if args.lambda_result.is_some() {
        Some("--lambda-result")
    } else if args.lambda_error.is_some() {
        Some("--lambda-error")
    } else if args.http_status.is_some() {
        Some("--http-status")
    } else {
        None
    };
    match kind {
        IntegrationType::Mock => match given {
            None => Ok(Outcome::Mock),
            Some(flag) => Err(Failure::Usage(format!(
                "{flag}: the method's integration is MOCK, which calls no backend; leave the outcome flags out"
            ))),
        },
        IntegrationType::Aws => {
            if let Some(file) = &args.lambda_result {
                Ok(Outcome::LambdaResult(read(file)?))
            } else if let Some(file) = &args.lambda_error {
                Ok(Outcome::LambdaError(error_payload(file)?))
            } else {
                Err(Failure::Usage(match given {
                    Some(flag) => format!(
                        "{flag}: the method's integration is AWS (Lambda); give --lambda-result FILE or --lambda-error FILE"
                    ),
                    None => "the request reaches an AWS (Lambda) integration: give --lambda-result FILE or --lambda-error FILE".to_string(),
                }))
            }
        }
        IntegrationType::Http => match args.http_status {
            Some(status) => {
                let mut headers = Vec::new();
                for text in &args.http_headers {
                    headers.push(header_pair(text, "--http-header")?);
                }
                let body = match &args.http_body {
                    Some(file) => read(file)?,
                    None => String::new(),
                };
                Ok(Outcome::Http {
                    status,
                    headers,
                    body,
                })
            }
            None => Err(Failure::Usage(match given {
                Some(flag) => format!(
                    "{flag}: the method's integration is HTTP; give --http-status N (and --http-body FILE, --http-header)"
                ),
                None => "the request reaches an HTTP integration: give --http-status N (and --http-body FILE, --http-header)".to_string(),
            })),
        },
        IntegrationType::AwsProxy | IntegrationType::HttpProxy => Err(Failure::Usage(
            "the method's integration is a proxy integration (AWS_PROXY / HTTP_PROXY): it has no mapping templates, and invoke runs non-proxy integrations only".to_string(),
        )),
    }
}

/// Headers AWS fills with per-request or transport values: left out so output is reproducible.
const VOLATILE_HEADERS: [&str; 6] = [
    "Date",
    "x-amzn-RequestId",
    "x-amz-apigw-id",
    "X-Amzn-Trace-Id",
    "Content-Length",
    "Connection",
];

fn body_json(body: &Body) -> (serde_json::Value, bool) {
    match body {
        Body::Text(text) => (text.clone().into(), false),
        Body::Binary(bytes) => (
            base64::engine::general_purpose::STANDARD
                .encode(bytes)
                .into(),
            true,
        ),
    }
}

fn print(args: &InvokeArgs, invocation: &Invocation) -> Result<(), Failure> {
    let response = &invocation.response;
    if args.explain {
        eprint!("{}", invocation.trace());
    }
    let mut object = serde_json::Map::new();
    object.insert(
        "integration_request".into(),
        invocation
            .integration_request
            .as_ref()
            .map_or(serde_json::Value::Null, |forward| {
                body_json(&forward.body).0
            }),
    );
    object.insert("status".into(), response.status.into());
    let mut headers = serde_json::Map::new();
    for (name, value) in &response.headers {
        if !VOLATILE_HEADERS
            .iter()
            .any(|v| v.eq_ignore_ascii_case(name))
        {
            headers.insert(name.clone(), value.clone().into());
        }
    }
    object.insert("headers".into(), headers.into());
    let (body, base64) = body_json(&response.body);
    object.insert("body".into(), body);
    if base64 {
        object.insert("is_base64_encoded".into(), true.into());
    }
    println!("{}", serde_json::Value::Object(object));
    Ok(())
}

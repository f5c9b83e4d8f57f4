//! `apigw-vtl invoke`: one request through an API definition, from routing to the response the
//! client receives, with the integration's outcome given as files.

use std::io::Read;
use std::path::{Path, PathBuf};

use base64::Engine;
use clap::Args;

use super::Errors;
use super::{EXIT_OK, EXIT_REJECTED, EXIT_USAGE};
use crate::definition::{Api, DefinitionError, ErrorKind};
use crate::gateway::{
    Backend, Body, HttpRequest, IntegrationType, Outcome, OutcomeKind, ServiceOperation,
};
use crate::invocation::{Invocation, InvokeOptions, Pending, Prepared};

/// Arguments of `invoke`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  apigw-vtl invoke --api corpus/danielhttp/api.openapi.yaml --method POST \\
      --path '/guid?GUID=Error' --lambda-error corpus/danielhttp/lambda/error.error.json
  apigw-vtl invoke --api api.yaml --method GET --path /pets/42 --header 'Accept: text/html' --explain
  apigw-vtl invoke --api api.yaml --method GET --path /items --http-status 404 --http-body not-found.json
  apigw-vtl invoke --api api.yaml --method GET --path /photos/cat.png --header 'Accept: image/png' \\
      --http-status 200 --http-header 'Content-Type: image/png' --http-body cat.png --body-out out.png

The outcome flags, by integration (the method's integration decides; a wrong flag is refused):
  AWS, Lambda function            --lambda-result FILE (its payload) or --lambda-error FILE
  AWS_PROXY (Lambda proxy)        --lambda-result FILE (its proxy response: statusCode, headers,
                                  multiValueHeaders, body, isBase64Encoded) or --lambda-error FILE
  AWS, any other AWS service      --http-status N [--http-header H] [--http-body FILE]: the
                                  service's answer (DynamoDB, SQS, S3, Step Functions...)
  HTTP, HTTP_PROXY                --http-status N [--http-header H] [--http-body FILE]
  MOCK                            none
An asynchronous Lambda call (integration.request.header.X-Amz-Invocation-Type mapped to 'Event')
needs none: Lambda answers 202 without a payload. Files are read as bytes.

Output: one JSON object:
  integration_request   the body sent to the integration: the rendered request template, the
                        request body passed through, or a Lambda proxy event; base64 when binary,
                        with \"integration_request_is_base64_encoded\": true. null when API Gateway
                        answered before calling it (no route: 403; no or a wrong API key: 403; a
                        required parameter missing or a body that fails its model: 400; no
                        template under passthroughBehavior NEVER / WHEN_NO_TEMPLATES: 415)
  integration           the call API Gateway makes: {\"type\", \"method\", \"uri\", \"headers\",
                        \"query\"}, after the request parameters and $context.requestOverride;
                        absent when nothing is called (MOCK, or an answer of API Gateway's own)
  status, headers       what the client receives; headers under AWS's names, without those AWS
                        fills with per-request values (Date, x-amzn-RequestId, x-amz-apigw-id,
                        X-Amzn-Trace-Id, Content-Length, Connection); a repeated header's values
                        joined with \", \"
  body                  the response body: text, or base64 with \"is_base64_encoded\": true
API Gateway's own answers are the API's gateway responses (x-amazon-apigateway-gateway-responses,
AWS::ApiGateway::GatewayResponse). --body-out FILE writes the response body's bytes to FILE.

Exit status: 0 when a response was produced, whatever its status (a template that does not
parse answers 500, as on AWS); 1 when the definition or an input file is bad; 2 on usage
errors (an outcome flag missing or of the wrong kind, a file that cannot be read or written).")]
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
    /// The request body, read as bytes (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    body: Option<PathBuf>,
    /// A Lambda function's result (AWS with a Lambda function; AWS_PROXY: its proxy response).
    #[arg(long, value_name = "FILE", group = "outcome")]
    lambda_result: Option<PathBuf>,
    /// A Lambda function error's payload: `errorMessage`, `errorType`, `stackTrace` (Lambda
    /// integrations). Selection patterns are matched against its `errorMessage`; a Lambda proxy
    /// answers 502.
    #[arg(long, value_name = "FILE", group = "outcome")]
    lambda_error: Option<PathBuf>,
    /// The status the HTTP backend or the AWS service answered (HTTP, HTTP_PROXY, AWS service
    /// integrations); selection patterns are matched against it.
    #[arg(long, value_name = "N", group = "outcome")]
    http_status: Option<u16>,
    /// The HTTP backend's or AWS service's body, read as bytes.
    #[arg(long, value_name = "FILE", requires = "http_status")]
    http_body: Option<PathBuf>,
    /// A header of the HTTP backend's or AWS service's answer, `Name: value`; repeat for more.
    #[arg(
        long = "http-header",
        value_name = "NAME: VALUE",
        requires = "http_status"
    )]
    http_headers: Vec<String>,
    /// A valid API key (repeat for more). A method that requires a key answers 403 to a request
    /// without `x-api-key`; with keys given here, also to one whose key is not among them.
    #[arg(long = "api-key", value_name = "KEY")]
    api_keys: Vec<String>,
    /// The client's address: `$context.identity.sourceIp` (and `X-Forwarded-For` in a Lambda
    /// proxy event).
    #[arg(long, value_name = "ADDR")]
    source_ip: Option<String>,
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
    /// Also write the response body's bytes to FILE (to compare or open them as they are).
    #[arg(long, value_name = "FILE")]
    body_out: Option<PathBuf>,
    /// Print every decision (route, template, patterns tried, overrides) on standard error.
    #[arg(long)]
    explain: bool,
    #[command(flatten)]
    definition: super::definition::DefinitionArgs,
}

/// A usage error (exit 2) or a bad input file (exit 1).
pub(crate) enum Failure {
    Usage(String),
    Input(String),
    Definition(Box<DefinitionError>),
}

/// An input file's bytes (`-`: standard input); one that cannot be read is a usage error (exit 2),
/// as for `check` and `render`.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::Usage(format!("cannot read standard input: {e}")))?;
        return Ok(bytes);
    }
    std::fs::read(path).map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))
}

pub(crate) fn header_pair(text: &str, flag: &str) -> Result<(String, String), Failure> {
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
    let api = load_api(&args.api, &args.definition, errors)?;
    let request = RequestFlags {
        method: &args.method,
        path: &args.path,
        headers: &args.headers,
        body: args.body.as_deref(),
        stage: args.stage.as_deref(),
        api_keys: &args.api_keys,
        source_ip: args.source_ip.as_deref(),
        stage_variables: args.stage_variables.as_deref(),
        context: args.context.as_deref(),
    };
    let (request, options) = request.build()?;
    let outcome_flags = OutcomeFlags {
        lambda_result: args.lambda_result.as_deref(),
        lambda_error: args.lambda_error.as_deref(),
        http_status: args.http_status,
        http_body: args.http_body.as_deref(),
        http_headers: &args.http_headers,
    };
    let invocation = match api.prepare(request, &options.trace(args.explain)) {
        Prepared::Answered(invocation) => invocation,
        Prepared::Call(pending) => {
            let outcome = outcome_flags.outcome(&pending)?;
            api.finish(pending, &outcome)
        }
    };
    print(args, &invocation)
}

/// The definition `--api` names, read with the definition flags; its warnings go to stderr.
pub(crate) fn load_api(
    path: &Path,
    definition: &super::definition::DefinitionArgs,
    errors: Errors,
) -> Result<Api, Failure> {
    let options = definition.options().map_err(|e| match e {
        super::definition::OptionsError::Usage(message) => Failure::Usage(message),
        super::definition::OptionsError::File(error) => Failure::Definition(error),
    })?;
    let api = Api::load_with(path, &options).map_err(|e| match e.kind() {
        ErrorKind::Unreadable(_) => Failure::Usage(format!("--api {e}")),
        _ => Failure::Definition(Box::new(e)),
    })?;
    for warning in api.warnings() {
        errors.warning(warning);
    }
    Ok(api)
}

/// The request flags `invoke` and `bench --api` share, as given.
pub(crate) struct RequestFlags<'a> {
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) headers: &'a [String],
    pub(crate) body: Option<&'a Path>,
    pub(crate) stage: Option<&'a str>,
    pub(crate) api_keys: &'a [String],
    pub(crate) source_ip: Option<&'a str>,
    pub(crate) stage_variables: Option<&'a Path>,
    pub(crate) context: Option<&'a Path>,
}

impl RequestFlags<'_> {
    /// The request and the options of the invocation (trace off).
    pub(crate) fn build(&self) -> Result<(HttpRequest, InvokeOptions), Failure> {
        if !self.path.starts_with('/') {
            return Err(Failure::Usage(format!(
                "--path {:?}: expected a path starting with `/`",
                self.path
            )));
        }
        let mut options = InvokeOptions::new();
        if let Some(stage) = self.stage {
            options = options.stage(stage);
        }
        for key in self.api_keys {
            options = options.api_key(key);
        }
        if let Some(address) = self.source_ip {
            options = options.source_ip(address);
        }
        if let Some(path) = self.stage_variables {
            let object = super::render::read_json_object(path).map_err(Failure::Input)?;
            let variables = super::render::string_pairs(Some(&serde_json::Value::Object(object)));
            for (name, value) in &variables {
                options = options.stage_variable(name, value);
            }
        }
        if let Some(file) = self.context {
            let object = super::render::read_json_object(file).map_err(Failure::Input)?;
            for (name, value) in object {
                options = options.context_value(&name, value);
            }
        }
        let mut request = HttpRequest::new(self.method, self.path);
        for text in self.headers {
            let (name, value) = header_pair(text, "--header")?;
            request = request.header(&name, &value);
        }
        if let Some(file) = self.body {
            request = request.body(read(file)?);
        }
        Ok((request, options))
    }
}

/// The outcome flags `invoke` and `bench --api` share, as given.
pub(crate) struct OutcomeFlags<'a> {
    pub(crate) lambda_result: Option<&'a Path>,
    pub(crate) lambda_error: Option<&'a Path>,
    pub(crate) http_status: Option<u16>,
    pub(crate) http_body: Option<&'a Path>,
    pub(crate) http_headers: &'a [String],
}

/// A function error's payload: Lambda always sends a JSON object (`errorMessage`, `errorType`...),
/// so anything else is a mistake in the file, not something AWS could answer.
fn error_payload(file: &Path) -> Result<Vec<u8>, Failure> {
    let bytes = read(file)?;
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(serde_json::Value::Object(_)) => Ok(bytes),
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

/// The method's integration as the outcome flags' messages name it.
fn integration_name(pending: &Pending) -> String {
    match (pending.integration_type(), pending.backend()) {
        (IntegrationType::AwsProxy, _) => "AWS_PROXY (Lambda proxy)".to_string(),
        (
            IntegrationType::Aws,
            Backend::Service {
                service, operation, ..
            },
        ) => match operation {
            ServiceOperation::Action { name, .. } => {
                format!("AWS ({service} action/{name}, an AWS service)")
            }
            ServiceOperation::Path(path) => format!("AWS ({service} path/{path}, an AWS service)"),
        },
        (IntegrationType::Aws, _) => "AWS (Lambda)".to_string(),
        (kind, _) => kind.name().to_string(),
    }
}

impl OutcomeFlags<'_> {
    /// The integration's outcome from the flags, checked against what the integration answers
    /// with.
    pub(crate) fn outcome(&self, pending: &Pending) -> Result<Outcome, Failure> {
        let args = self;
        let given = if args.lambda_result.is_some() {
            Some("--lambda-result")
        } else if args.lambda_error.is_some() {
            Some("--lambda-error")
        } else if args.http_status.is_some() {
            Some("--http-status")
        } else {
            None
        };
        let name = integration_name(pending);
        match pending.outcome_kind() {
            OutcomeKind::Nothing if pending.integration_type() == IntegrationType::Mock => {
                match given {
                    None => Ok(Outcome::Mock),
                    Some(flag) => Err(Failure::Usage(format!(
                        "{flag}: the method's integration is MOCK, which calls no backend; leave the outcome flags out"
                    ))),
                }
            }
            // An asynchronous Lambda call: whatever the function does, Lambda answers 202 without a
            // payload, so an outcome given is not used.
            OutcomeKind::Nothing => Ok(Outcome::lambda_result("")),
            OutcomeKind::Lambda => {
                if let Some(file) = &args.lambda_result {
                    Ok(Outcome::LambdaResult(read(file)?))
                } else if let Some(file) = &args.lambda_error {
                    Ok(Outcome::LambdaError(error_payload(file)?))
                } else {
                    Err(Failure::Usage(match given {
                        Some(flag) => format!(
                            "{flag}: the method's integration is {name}; give --lambda-result FILE or --lambda-error FILE"
                        ),
                        None => format!(
                            "the request reaches an {name} integration: give --lambda-result FILE or --lambda-error FILE"
                        ),
                    }))
                }
            }
            OutcomeKind::Http => match args.http_status {
                Some(status) => {
                    let mut headers = Vec::new();
                    for text in args.http_headers {
                        headers.push(header_pair(text, "--http-header")?);
                    }
                    let body = match &args.http_body {
                        Some(file) => read(file)?,
                        None => Vec::new(),
                    };
                    Ok(Outcome::Http {
                        status,
                        headers,
                        body,
                    })
                }
                None => Err(Failure::Usage(match given {
                    Some(flag) => format!(
                        "{flag}: the method's integration is {name}, which answers over HTTP; give --http-status N (and --http-body FILE, --http-header)"
                    ),
                    None => format!(
                        "the request reaches an {name} integration: give --http-status N (and --http-body FILE, --http-header) with its answer"
                    ),
                })),
            },
        }
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

/// Headers as a JSON object; a repeated name's values joined with `, ` (HTTP's list form).
fn headers_json<'h>(headers: impl IntoIterator<Item = &'h (String, String)>) -> serde_json::Value {
    let mut object = serde_json::Map::new();
    for (name, value) in headers {
        match object.get_mut(name) {
            Some(serde_json::Value::String(existing)) => {
                existing.push_str(", ");
                existing.push_str(value);
            }
            _ => {
                object.insert(name.clone(), value.clone().into());
            }
        }
    }
    object.into()
}

/// A query string as a JSON object; a repeated name gives the list of its values.
fn query_json(query: &[(String, String)]) -> serde_json::Value {
    let mut object = serde_json::Map::new();
    for (name, value) in query {
        match object.get_mut(name) {
            Some(serde_json::Value::Array(values)) => values.push(value.clone().into()),
            Some(existing) => {
                let first = existing.take();
                *existing = serde_json::Value::Array(vec![first, value.clone().into()]);
            }
            None => {
                object.insert(name.clone(), value.clone().into());
            }
        }
    }
    object.into()
}

fn print(args: &InvokeArgs, invocation: &Invocation) -> Result<(), Failure> {
    let response = &invocation.response;
    if args.explain {
        eprint!("{}", invocation.trace());
    }
    let mut object = serde_json::Map::new();
    let forward = invocation.integration_request.as_ref();
    let (request_body, request_base64) =
        forward.map_or((serde_json::Value::Null, false), |f| body_json(&f.body));
    object.insert("integration_request".into(), request_body);
    if request_base64 {
        object.insert("integration_request_is_base64_encoded".into(), true.into());
    }
    if let Some(call) = forward.and_then(|f| f.call.as_ref()) {
        let mut integration = serde_json::Map::new();
        integration.insert(
            "type".into(),
            call.integration_type
                .map_or("", IntegrationType::name)
                .into(),
        );
        integration.insert("method".into(), call.method.clone().into());
        integration.insert("uri".into(), call.uri.clone().into());
        integration.insert("headers".into(), headers_json(&call.headers));
        integration.insert("query".into(), query_json(&call.query));
        object.insert("integration".into(), integration.into());
    }
    object.insert("status".into(), response.status.into());
    let shown = response.headers.iter().filter(|(name, _)| {
        !VOLATILE_HEADERS
            .iter()
            .any(|v| v.eq_ignore_ascii_case(name))
    });
    object.insert("headers".into(), headers_json(shown));
    let (body, base64) = body_json(&response.body);
    object.insert("body".into(), body);
    if base64 {
        object.insert("is_base64_encoded".into(), true.into());
    }
    if let Some(file) = &args.body_out {
        std::fs::write(file, response.body.as_bytes()).map_err(|e| {
            Failure::Usage(format!("--body-out: cannot write {}: {e}", file.display()))
        })?;
    }
    println!("{}", serde_json::Value::Object(object));
    Ok(())
}

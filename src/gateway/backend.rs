//! What an integration calls, read from its URI once when the model is built (aws-semantics.md
//! §11.1): a Lambda function, another AWS service's action or path, an HTTP endpoint; and the call
//! API Gateway makes to it ([`IntegrationCall`]): method, URI, headers and query string after the
//! request parameters and `$context.requestOverride`.
//!
//! What AWS adds to a call for a service's protocol (the endpoint host, `X-Amz-Target`, the JSON or
//! query content type) is not documented: it is inferred, and kept in one table ([`SERVICES`]).
//! So are the values AWS fills per request in the headers it adds ([`TRACE_ID`]).

use super::explain::Explain;
use super::http::{HttpRequest, last, set};
use super::mapping::context_text;
use super::model::IntegrationType;

/// What an integration's URI names, classified from its text (API Gateway's documented forms:
/// `arn:aws:apigateway:REGION:SERVICE:action/ACTION` or `…:path/PATH`, D-AWS; an `http(s)://` URL).
///
/// # Examples
/// ```
/// use apigw_vtl::gateway::{Backend, IntegrationType, ServiceOperation};
/// let lambda = Backend::classify(
///     IntegrationType::Aws,
///     Some("arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:F/invocations"),
/// );
/// assert!(matches!(&lambda, Backend::Lambda { function, .. } if function.ends_with(":function:F")));
///
/// let query = Backend::classify(IntegrationType::Aws, Some("arn:aws:apigateway:us-east-1:dynamodb:action/Query"));
/// let Backend::Service { service, operation, .. } = &query else { panic!() };
/// assert_eq!(service, "dynamodb");
/// assert_eq!(operation, &ServiceOperation::Action { name: "Query".into(), parameters: vec![] });
/// assert_eq!(query.describe(), "the AWS service integration dynamodb action/Query");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Backend {
    /// MOCK: nothing is called.
    Mock,
    /// A Lambda function (`AWS` or `AWS_PROXY`):
    /// `arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION/invocations`.
    Lambda {
        /// The partition of the ARN (`aws`, `aws-cn`...).
        partition: String,
        /// The region of the ARN.
        region: String,
        /// The function: its ARN or name, as the URI names it.
        function: String,
    },
    /// Another AWS service (`AWS`): API Gateway calls its HTTP API, and the service's answer comes
    /// back as an HTTP backend's does (selection on the status code, D-AWS).
    Service {
        /// The partition of the ARN.
        partition: String,
        /// The region of the ARN.
        region: String,
        /// The service as the ARN names it (`dynamodb`, `states`, `sqs`, `s3`...).
        service: String,
        /// `mybucket` in `arn:aws:apigateway:REGION:mybucket.s3:path/KEY`: the host's first label.
        subdomain: Option<String>,
        /// The action or path.
        operation: ServiceOperation,
    },
    /// An HTTP endpoint (`HTTP`, `HTTP_PROXY`): its URL as configured (`{name}` placeholders and
    /// `${stageVariables.NAME}` filled per request).
    Http {
        /// The URL.
        url: String,
    },
    /// An `AWS` or `AWS_PROXY` URI that is none of API Gateway's forms, or none at all. It is run
    /// as a Lambda function (every `AWS` integration was, before the URI was read).
    Unrecognised {
        /// The URI, if there is one.
        uri: Option<String>,
    },
}

/// The operation an AWS service integration names.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServiceOperation {
    /// `action/ACTION`, with the parameters written after it (`action/GetObject&Bucket={bucket}`).
    Action {
        /// The action.
        name: String,
        /// Its parameters, in order (sent in the query string).
        parameters: Vec<(String, String)>,
    },
    /// `path/PATH`: the service's REST path (`path/123456789012/queue`, `path/{bucket}/{key}`).
    Path(String),
}

impl Backend {
    /// The backend of an integration of type `kind` whose URI is `uri`. The URI is read as written:
    /// a CloudFormation intrinsic must have been evaluated first.
    pub fn classify(kind: IntegrationType, uri: Option<&str>) -> Backend {
        match kind {
            IntegrationType::Mock => Backend::Mock,
            IntegrationType::Http | IntegrationType::HttpProxy => Backend::Http {
                url: uri.unwrap_or_default().to_string(),
            },
            IntegrationType::Aws | IntegrationType::AwsProxy => {
                let Some(uri) = uri else {
                    return Backend::Unrecognised { uri: None };
                };
                match parse_arn(uri) {
                    // AWS_PROXY is Lambda's own; any other service there is not a form AWS takes.
                    Some(backend @ Backend::Lambda { .. }) => backend,
                    Some(backend) if kind == IntegrationType::Aws => backend,
                    _ => Backend::Unrecognised {
                        uri: Some(uri.to_string()),
                    },
                }
            }
        }
    }

    /// Whether the integration calls a Lambda function (an unrecognised `AWS` URI counts as one).
    pub fn is_lambda(&self) -> bool {
        matches!(self, Backend::Lambda { .. } | Backend::Unrecognised { .. })
    }

    /// What a person calls it: "the Lambda function F", "the AWS service integration dynamodb
    /// action/Query", "the HTTP endpoint URL", "MOCK".
    pub fn describe(&self) -> String {
        match self {
            Backend::Mock => "MOCK".to_string(),
            Backend::Lambda { function, .. } => format!("the Lambda function {function}"),
            Backend::Service {
                service, operation, ..
            } => match operation {
                ServiceOperation::Action { name, .. } => {
                    format!("the AWS service integration {service} action/{name}")
                }
                ServiceOperation::Path(path) => {
                    format!("the AWS service integration {service} path/{path}")
                }
            },
            Backend::Http { url } => format!("the HTTP endpoint {url}"),
            Backend::Unrecognised { uri: Some(uri) } => {
                format!("the URI {uri:?} (not an API Gateway ARN: run as a Lambda function)")
            }
            Backend::Unrecognised { uri: None } => "a Lambda function".to_string(),
        }
    }
}

/// `arn:PARTITION:apigateway:REGION:SERVICE:(action|path)/REST`; `None` for anything else. The
/// function ARN inside a Lambda URI has colons of its own: only the first five separate fields.
fn parse_arn(uri: &str) -> Option<Backend> {
    let mut fields = arn_fields(uri).into_iter();
    let (arn, partition, apigateway, region, service, rest) = (
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    );
    if arn != "arn" || apigateway != "apigateway" || service.is_empty() {
        return None;
    }
    let (partition, region) = (partition.to_string(), region.to_string());
    if service == "lambda"
        && let Some(function) = rest
            .strip_prefix("path/2015-03-31/functions/")
            .and_then(|f| f.strip_suffix("/invocations"))
    {
        return Some(Backend::Lambda {
            partition,
            region,
            function: function.to_string(),
        });
    }
    let operation = if let Some(action) = rest.strip_prefix("action/") {
        let mut parts = action.split('&');
        let name = parts.next().unwrap_or_default().to_string();
        let parameters = parts
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (k.to_string(), v.to_string()),
                None => (p.to_string(), String::new()),
            })
            .collect();
        ServiceOperation::Action { name, parameters }
    } else {
        ServiceOperation::Path(rest.strip_prefix("path/")?.to_string())
    };
    let (subdomain, service) = match service.rsplit_once('.') {
        Some((subdomain, service)) => (Some(subdomain.to_string()), service.to_string()),
        None => (None, service.to_string()),
    };
    Some(Backend::Service {
        partition,
        region,
        service,
        subdomain,
        operation,
    })
}

/// The first five `:`-separated fields of an ARN and the rest. A `${…}` placeholder (a not yet
/// evaluated CloudFormation `Fn::Sub` variable, `${AWS::Region}`) is kept whole, colons included.
fn arn_fields(uri: &str) -> Vec<&str> {
    let mut fields = Vec::with_capacity(6);
    let (mut start, mut depth) = (0, 0usize);
    let bytes = uri.as_bytes();
    for (at, byte) in bytes.iter().enumerate() {
        match byte {
            b'{' if at > 0 && bytes[at - 1] == b'$' => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 && fields.len() < 5 => {
                fields.push(&uri[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    fields.push(&uri[start..]);
    fields
}

/// How an AWS service is reached for an `action/` URI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Protocol {
    /// AWS's JSON protocol: the action in `X-Amz-Target`, a body of `application/x-amz-json-1.0`
    /// or `-1.1`.
    Json(&'static str),
    /// The query protocol: `Action=ACTION` in the query string, a form body.
    Query,
    /// A REST service (S3): the action has no wire form of its own; `Action=` is sent as for query.
    Rest,
}

/// One service: the name in API Gateway's ARN, its endpoint prefix, protocol, and the
/// `X-Amz-Target` prefix API Gateway adds for an `action/` URI (`None`: it adds none, the template's
/// `requestOverride` or a mapped header must).
struct Service {
    name: &'static str,
    endpoint: &'static str,
    protocol: Protocol,
    target: Option<&'static str>,
}

/// Inferred: AWS documents neither the host nor the headers it adds to a service call. The hosts
/// are each service's regional endpoint (`ENDPOINT.REGION.amazonaws.com`, `.com.cn` in China).
/// Protocols and target prefixes are each service's own (its API reference, `X-Amz-Target:
/// DynamoDB_20120810.Query`). API Gateway adding the target itself for `action/` URIs is what
/// LocalStack validated against AWS for DynamoDB, Kinesis and Step Functions (its aws.py
/// `SERVICES_AUTO_TARGET`), and what the published Firehose patterns rely on (their templates set
/// none); EventBridge's recorded test sets `X-Amz-Target` itself (aws-semantics.md §4, LS-eb), so
/// none is added for it. SSM is reached with the query protocol (LocalStack, validated: the
/// recorded answer is `GetParameterResponse.GetParameterResult`, §11.2). A service not in the table
/// is reached at `SERVICE.REGION.amazonaws.com` with `Action=` in the query string.
const SERVICES: [Service; 10] = [
    Service {
        name: "dynamodb",
        endpoint: "dynamodb",
        protocol: Protocol::Json("application/x-amz-json-1.0"),
        target: Some("DynamoDB_20120810"),
    },
    Service {
        name: "kinesis",
        endpoint: "kinesis",
        protocol: Protocol::Json("application/x-amz-json-1.1"),
        target: Some("Kinesis_20131202"),
    },
    Service {
        name: "firehose",
        endpoint: "firehose",
        protocol: Protocol::Json("application/x-amz-json-1.1"),
        target: Some("Firehose_20150804"),
    },
    Service {
        name: "states",
        endpoint: "states",
        protocol: Protocol::Json("application/x-amz-json-1.0"),
        target: Some("AWSStepFunctions"),
    },
    Service {
        name: "events",
        endpoint: "events",
        protocol: Protocol::Json("application/x-amz-json-1.1"),
        target: None,
    },
    Service {
        name: "logs",
        endpoint: "logs",
        protocol: Protocol::Json("application/x-amz-json-1.1"),
        target: None,
    },
    Service {
        name: "sqs",
        endpoint: "sqs",
        protocol: Protocol::Query,
        target: None,
    },
    Service {
        name: "sns",
        endpoint: "sns",
        protocol: Protocol::Query,
        target: None,
    },
    Service {
        name: "ssm",
        endpoint: "ssm",
        protocol: Protocol::Query,
        target: None,
    },
    Service {
        name: "s3",
        endpoint: "s3",
        protocol: Protocol::Rest,
        target: None,
    },
];

/// The trace id AWS adds to a call (`X-Amzn-Trace-Id`, new per request on AWS): a fixed stand-in,
/// in X-Ray's form, so that output is reproducible.
pub const TRACE_ID: &str = "Root=1-6745c9e5-0123456789abcdef01234567";

/// The call API Gateway makes to the integration (absent for MOCK, which calls nothing).
///
/// # Examples
/// ```
/// use apigw_vtl::gateway::{HttpRequest, Integration, IntegrationType, Method, RequestResult};
/// let integration = Integration::new(IntegrationType::Http)
///     .uri("https://backend.example.com/pets/{id}")
///     .http_method("GET")
///     .request_parameter("integration.request.path.id", "method.request.path.id")?;
/// let method = Method::new(integration);
/// let request = HttpRequest::new("GET", "/pets/7").path_parameter("id", "7");
/// let RequestResult::Forward(forward) = method.request(&request) else { panic!() };
/// let call = forward.call.expect("HTTP calls its endpoint");
/// assert_eq!(call.method, "GET");
/// assert_eq!(call.uri, "https://backend.example.com/pets/7");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct IntegrationCall {
    /// The integration's type (`AWS`, `AWS_PROXY`, `HTTP`, `HTTP_PROXY`).
    pub integration_type: Option<IntegrationType>,
    /// The HTTP method of the call.
    pub method: String,
    /// The URL called: the HTTP endpoint, the service's endpoint and path, or Lambda's Invoke URL.
    pub uri: String,
    /// The headers sent (those API Gateway adds included; `Content-Length` left out).
    pub headers: Vec<(String, String)>,
    /// The query string sent, decoded, in order.
    pub query: Vec<(String, String)>,
}

/// What the request half hands over to build a call: the mapped parameters (request parameters,
/// then `requestOverride`), and the integration's settings.
pub(crate) struct CallParts<'a> {
    pub(crate) kind: IntegrationType,
    pub(crate) backend: &'a Backend,
    pub(crate) http_method: Option<&'a str>,
    pub(crate) path: &'a [(String, String)],
    pub(crate) querystring: &'a [(String, String)],
    pub(crate) headers: &'a [(String, String)],
}

/// The call for `parts`, or `None` for MOCK.
pub(crate) fn build_call(
    parts: &CallParts<'_>,
    request: &HttpRequest,
    explain: &mut Explain,
) -> Option<IntegrationCall> {
    let mut call = IntegrationCall {
        integration_type: Some(parts.kind),
        method: parts
            .http_method
            .unwrap_or(if parts.backend.is_lambda() {
                "POST"
            } else {
                "GET"
            })
            .to_ascii_uppercase(),
        uri: String::new(),
        headers: Vec::new(),
        query: Vec::new(),
    };
    // HTTP_PROXY with `ANY` calls the backend with the client's method (documented for ANY
    // methods: the client's method replaces ANY).
    if call.method == "ANY" {
        call.method = request.method().to_string();
    }
    let stage_variables = &request.stage_variables;
    match parts.backend {
        Backend::Mock => return None,
        Backend::Lambda {
            partition,
            region,
            function,
        } => {
            // Lambda's Invoke API (documented: `POST /2015-03-31/functions/FunctionName/invocations`).
            call.uri = format!(
                "https://lambda.{region}.{}/2015-03-31/functions/{function}/invocations",
                domain(partition, region)
            );
            call.headers.push(("Host".into(), host_of(&call.uri)));
            if parts.kind == IntegrationType::Aws {
                for (name, value) in parts.headers {
                    set(&mut call.headers, name, value.clone());
                }
                call.query.extend(parts.querystring.iter().cloned());
            }
        }
        Backend::Unrecognised { uri } => {
            call.uri = uri.clone().unwrap_or_default();
            call.headers.extend(parts.headers.iter().cloned());
            call.query.extend(parts.querystring.iter().cloned());
        }
        Backend::Service {
            partition,
            region,
            service,
            subdomain,
            operation,
        } => {
            let known = SERVICES.iter().find(|s| s.name == service);
            let endpoint = known.map_or(service.as_str(), |s| s.endpoint);
            let host = match subdomain {
                Some(sub) => format!("{sub}.{endpoint}.{region}.{}", domain(partition, region)),
                None => format!("{endpoint}.{region}.{}", domain(partition, region)),
            };
            call.headers.push(("Host".into(), host.clone()));
            for (name, value) in parts.headers {
                set(&mut call.headers, name, value.clone());
            }
            call.query.extend(parts.querystring.iter().cloned());
            match operation {
                ServiceOperation::Path(path) => {
                    let path = fill(path, parts.path, explain);
                    call.uri = format!("https://{host}/{path}");
                }
                ServiceOperation::Action { name, parameters } => {
                    call.uri = format!("https://{host}/");
                    let protocol = known.map_or(Protocol::Query, |s| s.protocol);
                    match protocol {
                        Protocol::Json(content_type) => {
                            if let Some(prefix) = known.and_then(|s| s.target) {
                                set_if_absent(
                                    &mut call.headers,
                                    "X-Amz-Target",
                                    format!("{prefix}.{name}"),
                                );
                            }
                            set_if_absent(&mut call.headers, "Content-Type", content_type.into());
                        }
                        Protocol::Query | Protocol::Rest => {
                            call.query.insert(0, ("Action".into(), name.clone()));
                            if protocol == Protocol::Query {
                                set_if_absent(
                                    &mut call.headers,
                                    "Content-Type",
                                    "application/x-www-form-urlencoded".into(),
                                );
                            }
                        }
                    }
                    for (key, value) in parameters {
                        call.query
                            .push((key.clone(), fill(value, parts.path, explain)));
                    }
                }
            }
            explain.note(format_args!(
                "{}: the endpoint and the headers for its protocol are inferred (one table, gateway/backend.rs)",
                parts.backend.describe()
            ));
        }
        Backend::Http { url } => {
            let url = substitute_stage_variables(url, stage_variables);
            call.uri = fill(&url, parts.path, explain);
            if parts.kind == IntegrationType::HttpProxy {
                // The client's query string and headers pass through (D-PROXY), then the mapped ones.
                call.query.extend(request.query().iter().cloned());
                for (name, value) in parts.querystring {
                    set_exact_pair(&mut call.query, name, value);
                }
                call.headers.extend(
                    request
                        .headers_list()
                        .iter()
                        .filter(|(n, _)| !n.eq_ignore_ascii_case("Host"))
                        .cloned(),
                );
                for (name, value) in parts.headers {
                    set(&mut call.headers, name, value.clone());
                }
                set(&mut call.headers, "Host", host_of(&call.uri));
            } else {
                // Recorded (aws-semantics.md §6): client headers are not forwarded unless mapped;
                // AWS sends Accept (default application/json), its User-Agent, the API id and a
                // trace id.
                call.query.extend(parts.querystring.iter().cloned());
                call.headers.push(("Host".into(), host_of(&call.uri)));
                for (name, value) in parts.headers {
                    set(&mut call.headers, name, value.clone());
                }
                let api_id = context_text("apiId", request).unwrap_or_default();
                set_if_absent(&mut call.headers, "Accept", "application/json".into());
                set_if_absent(
                    &mut call.headers,
                    "User-Agent",
                    format!("AmazonAPIGateway_{api_id}"),
                );
                set_if_absent(&mut call.headers, "X-Amzn-Apigateway-Api-Id", api_id);
                set_if_absent(&mut call.headers, "X-Amzn-Trace-Id", TRACE_ID.into());
            }
        }
    }
    call.uri = substitute_stage_variables(&call.uri, stage_variables);
    Some(call)
}

/// `amazonaws.com`, or `amazonaws.com.cn` in the China partition.
fn domain(partition: &str, region: &str) -> &'static str {
    if partition == "aws-cn" || region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    }
}

/// The host of an `http(s)://` URL (what a `Host` header says).
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .to_string()
}

fn set_if_absent(headers: &mut Vec<(String, String)>, name: &str, value: String) {
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
        headers.push((name.to_string(), value));
    }
}

fn set_exact_pair(list: &mut Vec<(String, String)>, name: &str, value: &str) {
    match list.iter_mut().find(|(n, _)| n == name) {
        Some(slot) => slot.1 = value.to_string(),
        None => list.push((name.to_string(), value.to_string())),
    }
}

/// `{name}` (and a greedy `{name+}`) filled with `integration.request.path.name`; a placeholder
/// without a value stays as written, and the trace says so.
fn fill(template: &str, path: &[(String, String)], explain: &mut Explain) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        let name = rest[open + 1..close].trim_end_matches('+');
        match last(path, name) {
            Some(value) => out.push_str(value),
            None => {
                explain.note(format_args!(
                    "`{{{name}}}` in the integration's URI has no integration.request.path.{name}: left as written"
                ));
                out.push_str(&rest[open..=close]);
            }
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// `${stageVariables.NAME}` in a URI, filled from the stage (documented for HTTP URLs and Lambda
/// function ARNs); an unknown variable is left as written.
fn substitute_stage_variables(uri: &str, stage_variables: &[(String, String)]) -> String {
    const OPEN: &str = "${stageVariables.";
    let mut out = String::with_capacity(uri.len());
    let mut rest = uri;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let Some(close) = after.find('}') else {
            break;
        };
        out.push_str(&rest[..at]);
        match last(stage_variables, &after[..close]) {
            Some(value) => out.push_str(value),
            None => out.push_str(&rest[at..at + OPEN.len() + close + 1]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_classified() {
        let lambda = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:F/invocations";
        assert!(matches!(
            Backend::classify(IntegrationType::AwsProxy, Some(lambda)),
            Backend::Lambda { region, .. } if region == "us-east-1"
        ));
        let sqs = Backend::classify(
            IntegrationType::Aws,
            Some("arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders"),
        );
        assert_eq!(
            sqs,
            Backend::Service {
                partition: "aws".into(),
                region: "eu-west-1".into(),
                service: "sqs".into(),
                subdomain: None,
                operation: ServiceOperation::Path("123456789012/orders".into()),
            }
        );
        let s3 = Backend::classify(
            IntegrationType::Aws,
            Some("arn:aws:apigateway:us-west-2:s3:action/GetObject&Bucket={bucket}&Key={key}"),
        );
        assert!(matches!(
            &s3,
            Backend::Service { operation: ServiceOperation::Action { name, parameters }, .. }
                if name == "GetObject" && parameters.len() == 2
        ));
        let bucket = Backend::classify(
            IntegrationType::Aws,
            Some("arn:aws:apigateway:us-west-2:photos.s3:path/{key}"),
        );
        assert!(matches!(&bucket, Backend::Service { subdomain: Some(s), .. } if s == "photos"));
        // An `Fn::Sub` in a file nothing evaluates (an OpenAPI export) still reads.
        let sub = "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations";
        assert!(matches!(
            Backend::classify(IntegrationType::Aws, Some(sub)),
            Backend::Lambda { region, function, .. } if region == "${AWS::Region}" && function == "${Fn.Arn}"
        ));
        for odd in ["", "arn:aws:lambda:us-east-1:1:function:F", "${LambdaUri}"] {
            assert_eq!(
                Backend::classify(IntegrationType::Aws, Some(odd)),
                Backend::Unrecognised {
                    uri: Some(odd.to_string())
                }
            );
        }
        // AWS_PROXY reaches Lambda only.
        assert!(matches!(
            Backend::classify(
                IntegrationType::AwsProxy,
                Some("arn:aws:apigateway:us-east-1:sqs:action/SendMessage")
            ),
            Backend::Unrecognised { .. }
        ));
    }

    #[test]
    fn placeholders_and_stage_variables_are_filled() {
        let mut explain = Explain::recording();
        let path = vec![("proxy".to_string(), "a/b".to_string())];
        assert_eq!(
            fill("https://h/{proxy}/{missing}", &path, &mut explain),
            "https://h/a/b/{missing}"
        );
        assert_eq!(explain.lines().len(), 1);
        let stage = vec![("host".to_string(), "example.com".to_string())];
        assert_eq!(
            substitute_stage_variables("http://${stageVariables.host}/${stageVariables.x}", &stage),
            "http://example.com/${stageVariables.x}"
        );
        assert_eq!(
            host_of("https://a.example.com:8443/x?y"),
            "a.example.com:8443"
        );
    }
}

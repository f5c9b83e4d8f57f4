//! Calling a Lambda function: a local command run per invocation (`--lambda-command`), or a
//! local Lambda Invoke API (`--lambda-endpoint`: `sam local start-lambda`, LocalStack, or the
//! Lambda Runtime Interface Emulator with [`EndpointKind::Rie`]).
//!
//! Both give what the Invoke API gives API Gateway: a result, or a function error with its payload
//! (aws-semantics.md §2: `Sandbox.Timedout` past the function's timeout, `Runtime.ExitError` when
//! the runtime exits without an error of its own). An Invoke API that refuses the call (an unknown
//! function: 404 `ResourceNotFoundException`) is a [`Fault`], which API Gateway answers itself.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::AsyncWriteExt;

use super::client::{self, Call, CallError};
use super::fault::Fault;
use crate::Outcome;

/// Which Invoke API a `--lambda-endpoint` is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum EndpointKind {
    /// Lambda's own Invoke API, as `sam local start-lambda` and LocalStack serve it: a function
    /// error is flagged with the `X-Amz-Function-Error` header.
    #[default]
    Lambda,
    /// The Lambda Runtime Interface Emulator: no `X-Amz-Function-Error`; an answer of only
    /// `errorType` and `errorMessage` is a function error, an empty answer (the process crashed)
    /// is `Runtime.ExitError`. It serves only the function name `function`; map names to it with
    /// [`super::Backends::function`].
    Rie,
}

/// Where Lambda functions run.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LambdaBackend {
    /// A command run once per invocation: the event on its standard input, the result on its
    /// standard output (argv already split; no shell).
    Command(Vec<String>),
    /// A Lambda Invoke API at this base URL (`http://127.0.0.1:3001`).
    Endpoint {
        /// The base URL.
        url: String,
        /// Which kind of Invoke API it is.
        kind: EndpointKind,
    },
}

/// One invocation's settings.
pub(crate) struct Invoke<'a> {
    /// The function's name (after `--function` mapping).
    pub(crate) function: &'a str,
    /// The event.
    pub(crate) payload: &'a [u8],
    /// `X-Amz-Invocation-Type: Event`: the caller does not wait for the result.
    pub(crate) asynchronous: bool,
    /// The request id the function's runtime reports in its own errors.
    pub(crate) request_id: &'a str,
    /// The region, for the function's environment.
    pub(crate) region: &'a str,
    /// The function's own timeout (`Sandbox.Timedout` past it).
    pub(crate) function_timeout: Duration,
    /// The integration's timeout (API Gateway stops waiting: 504).
    pub(crate) integration_timeout: Duration,
}

impl LambdaBackend {
    /// Invokes the function.
    pub(crate) async fn invoke(&self, invoke: &Invoke<'_>) -> Result<Outcome, Fault> {
        match self {
            LambdaBackend::Command(argv) => run_command(argv, invoke).await,
            LambdaBackend::Endpoint { url, kind } => call_endpoint(url, *kind, invoke).await,
        }
    }

    /// What a person calls it, for the log.
    pub(crate) fn describe(&self) -> String {
        match self {
            LambdaBackend::Command(argv) => format!("the command {argv:?}"),
            LambdaBackend::Endpoint { url, kind } => match kind {
                EndpointKind::Lambda => format!("the Lambda Invoke API at {url}"),
                EndpointKind::Rie => format!("the Runtime Interface Emulator at {url}"),
            },
        }
    }
}

/// The function name in what an integration URI names: the name part of a function ARN
/// (`arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]` → `NAME`), else the text as it is.
pub(crate) fn function_name(function: &str) -> &str {
    let mut fields = function.split(':');
    match (fields.next(), fields.nth(4), fields.next()) {
        (Some("arn"), Some("function"), Some(name)) => name,
        _ => function,
    }
}

/// A function error payload as Lambda writes one (compact JSON, `errorType` first, as the Invoke
/// API returns it, aws-semantics.md §2).
fn runtime_error(error_type: &str, message: &str) -> Outcome {
    let payload = serde_json::json!({"errorType": error_type, "errorMessage": message});
    Outcome::lambda_error(payload.to_string())
}

async fn run_command(argv: &[String], invoke: &Invoke<'_>) -> Result<Outcome, Fault> {
    let Some((program, args)) = argv.split_first() else {
        return Err(Fault::NotConfigured("--lambda-command is empty".into()));
    };
    let name = invoke.function;
    let mut child = tokio::process::Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        // The function's own log goes where the server's does, as CloudWatch Logs would get it.
        .stderr(Stdio::inherit())
        // The variables Lambda sets for every runtime (documented: "Defined runtime environment
        // variables"); the memory size and version are Lambda's defaults.
        .env("AWS_LAMBDA_FUNCTION_NAME", name)
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", format!("/aws/lambda/{name}"))
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "local/[$LATEST]apigw-vtl")
        .env("AWS_REGION", invoke.region)
        .env("AWS_DEFAULT_REGION", invoke.region)
        .env("AWS_EXECUTION_ENV", "apigw-vtl-serve")
        .env("_X_AMZN_REQUEST_ID", invoke.request_id)
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| Fault::Unreachable(format!("--lambda-command {program:?}: {e}")))?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let payload = invoke.payload.to_vec();
    // Written beside the wait: a function that does not read its input must not block us.
    let writer = tokio::spawn(async move {
        let _ = stdin.write_all(&payload).await;
        let _ = stdin.shutdown().await;
    });
    if invoke.asynchronous {
        // Lambda queues the event and answers 202 at once; the process runs on by itself.
        tokio::spawn(async move {
            let _ = child.wait().await;
            let _ = writer.await;
        });
        return Ok(Outcome::lambda_result(b""));
    }
    let waited = invoke.function_timeout.min(invoke.integration_timeout);
    let output = match tokio::time::timeout(waited, child.wait_with_output()).await {
        Ok(output) => output.map_err(|e| Fault::Unreachable(format!("{program:?}: {e}")))?,
        // The process is killed when its handle drops (kill_on_drop).
        Err(_) if invoke.function_timeout < invoke.integration_timeout => {
            return Ok(runtime_error(
                "Sandbox.Timedout",
                &format!(
                    "RequestId: {} Error: Task timed out after {:.2} seconds",
                    invoke.request_id,
                    invoke.function_timeout.as_secs_f64()
                ),
            ));
        }
        Err(_) => return Err(Fault::Timeout),
    };
    let _ = writer.await;
    if output.status.success() {
        return Ok(Outcome::lambda_result(output.stdout));
    }
    // A non-zero exit: the function's own error when it printed one, else the runtime's.
    let is_error_object = serde_json::from_slice::<serde_json::Value>(&output.stdout)
        .ok()
        .is_some_and(|v| v.get("errorMessage").is_some());
    if is_error_object {
        return Ok(Outcome::lambda_error(output.stdout));
    }
    let status = match output.status.code() {
        Some(code) => format!("exit status {code}"),
        None => "signal: killed".to_string(),
    };
    Ok(runtime_error(
        "Runtime.ExitError",
        &format!(
            "RequestId: {} Error: Runtime exited with error: {status}",
            invoke.request_id
        ),
    ))
}

async fn call_endpoint(
    url: &str,
    kind: EndpointKind,
    invoke: &Invoke<'_>,
) -> Result<Outcome, Fault> {
    let name: String = form_urlencoded::byte_serialize(invoke.function.as_bytes()).collect();
    let call = Call {
        method: "POST".into(),
        // Lambda's Invoke API (documented: `POST /2015-03-31/functions/FunctionName/invocations`).
        url: format!(
            "{}/2015-03-31/functions/{name}/invocations",
            url.trim_end_matches('/')
        ),
        headers: vec![
            (
                "X-Amz-Invocation-Type".into(),
                if invoke.asynchronous {
                    "Event"
                } else {
                    "RequestResponse"
                }
                .into(),
            ),
            ("Content-Type".into(), "application/json".into()),
        ],
        body: invoke.payload.to_vec(),
    };
    let answer = match client::send(&call, invoke.integration_timeout).await {
        Ok(answer) => answer,
        Err(CallError::Timeout) => return Err(Fault::Timeout),
        Err(CallError::Unreachable(why)) => return Err(Fault::Unreachable(why)),
        Err(CallError::BadUrl(why)) => return Err(Fault::NotConfigured(why)),
    };
    if !(200..300).contains(&answer.status) {
        return Err(Fault::Rejected(format!(
            "the Invoke API answered {} {}",
            answer.status,
            String::from_utf8_lossy(&answer.body)
        )));
    }
    if invoke.asynchronous {
        return Ok(Outcome::lambda_result(b""));
    }
    match kind {
        EndpointKind::Lambda if answer.header("X-Amz-Function-Error").is_some() => {
            Ok(Outcome::lambda_error(answer.body))
        }
        EndpointKind::Lambda => Ok(Outcome::lambda_result(answer.body)),
        EndpointKind::Rie if answer.body.iter().all(u8::is_ascii_whitespace) => Ok(runtime_error(
            "Runtime.ExitError",
            &format!(
                "RequestId: {} Error: Runtime exited without providing a reason",
                invoke.request_id
            ),
        )),
        EndpointKind::Rie if is_rie_error(&answer.body) => Ok(Outcome::lambda_error(answer.body)),
        EndpointKind::Rie => Ok(Outcome::lambda_result(answer.body)),
    }
}

/// The emulator's error answer: an object of exactly `errorType` and `errorMessage` (a result
/// with more keys, or other keys, is a result).
fn is_rie_error(body: &[u8]) -> bool {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(map)) => {
            map.len() == 2 && map.contains_key("errorType") && map.contains_key("errorMessage")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_names_come_from_arns() {
        assert_eq!(
            function_name("arn:aws:lambda:eu-west-1:123456789012:function:DanielHTTP"),
            "DanielHTTP"
        );
        assert_eq!(
            function_name("arn:aws:lambda:eu-west-1:123456789012:function:F:live"),
            "F"
        );
        assert_eq!(function_name("plain-name"), "plain-name");
    }

    #[test]
    fn rie_errors_are_exactly_two_keys() {
        assert!(is_rie_error(br#"{"errorType": "E", "errorMessage": "m"}"#));
        assert!(!is_rie_error(
            br#"{"errorType": "E", "errorMessage": "m", "x": 1}"#
        ));
        assert!(!is_rie_error(br#"{"errorMessage": "m"}"#));
        assert!(!is_rie_error(b"[1]"));
    }
}

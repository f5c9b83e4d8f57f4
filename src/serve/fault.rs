//! Why a backend call gave no outcome, and what API Gateway answers then: one table.
//!
//! | fault | answer | source |
//! |---|---|---|
//! | no answer within the integration's `timeoutInMillis` (default 29 s) | 504 INTEGRATION_TIMEOUT `{"message": "Endpoint request timed out"}` | documented log "Execution failed due to a timeout error"; body from the community (aws-semantics.md §7) |
//! | the Lambda Invoke API refuses the call (unknown function, bad request) | 500 `{"message": "Internal server error"}` | peer-implementation (LocalStack answers a Lambda `AccessDeniedException` with the generic 500, §7) |
//! | the backend cannot be reached, or the connection breaks | 500 `{"message": "Internal server error"}` | **inferred**: AWS's answer to an endpoint it cannot use is the generic 500 ("Invalid endpoint address", recorded, §7); a refused or reset connection is taken as the same configuration failure |
//! | no local endpoint configured for the integration (an AWS service without `--service-endpoint`, Lambda without `--lambda-command` / `--lambda-endpoint`, an `https://` URL without `--http-base`) | 500 `{"message": "Internal server error"}` | local only: the server cannot call the backend; the console and the log say why |
//!
//! Everything the backend does answer goes to [`crate::Api::finish`]: a function error or a
//! malformed Lambda proxy answer (502 for `AWS_PROXY`, selection for `AWS`), any HTTP status, a
//! body that is not JSON (no error for a non-proxy HTTP integration: the body goes to the template).

use crate::gateway::{GatewayError, ResponseType};

/// A backend call that gave no outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Fault {
    /// No answer within the integration's timeout.
    Timeout,
    /// The Lambda Invoke API refused the call.
    Rejected(String),
    /// The backend could not be reached or the connection broke.
    Unreachable(String),
    /// Nothing local is configured to take this call.
    NotConfigured(String),
}

impl Fault {
    /// API Gateway's own answer.
    pub(crate) fn gateway_error(&self) -> GatewayError {
        match self {
            Fault::Timeout => GatewayError::new(ResponseType::IntegrationTimeout),
            Fault::Rejected(_) | Fault::Unreachable(_) | Fault::NotConfigured(_) => {
                GatewayError::internal()
            }
        }
    }

    /// What the execution log says.
    pub(crate) fn why(&self) -> String {
        match self {
            Fault::Timeout => "Execution failed due to a timeout error".to_string(),
            Fault::Rejected(why) => format!("the Lambda Invoke API refused the call: {why}"),
            Fault::Unreachable(why) => format!("the backend could not be reached: {why}"),
            Fault::NotConfigured(why) => format!("no local backend for this integration: {why}"),
        }
    }
}

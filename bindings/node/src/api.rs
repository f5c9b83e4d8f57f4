//! `NativeApi`: a whole API definition, one request at a time, through the crate's door
//! (`Api::invoke` with a known outcome; `Api::prepare` then `Api::finish` around a JavaScript
//! backend that may be asynchronous).

use apigw_vtl::definition::DefinitionOptions;
use apigw_vtl::gateway::IntegrationType;
use apigw_vtl::{HttpRequest, InvokeOptions, Outcome, Pending, Prepared};
use napi_derive::napi;
use serde_json::{Value, json};

use crate::convert::{body_json, bytes, object, pairs, pairs_json, string};
use crate::errors::{definition_error, guarded, type_error};

/// A loaded API definition (`Api` in `index.js`).
#[napi]
pub struct NativeApi {
    inner: apigw_vtl::Api,
    stage: Option<String>,
}

/// The first step's result: either the invocation (API Gateway answered on its own, or the
/// integration is a MOCK, which calls nothing), or the integration request a backend is to answer.
#[napi]
pub struct NativePrepared {
    answered: Option<Value>,
    pending: Option<Pending>,
}

#[napi]
impl NativePrepared {
    /// The finished invocation, when no backend is to be called.
    #[napi(getter)]
    pub fn answered(&self) -> Option<Value> {
        self.answered.clone()
    }

    /// What API Gateway sends to the integration, when a backend is to be called.
    #[napi(getter)]
    pub fn integration_request(&self) -> Option<Value> {
        self.pending
            .as_ref()
            .map(|p| integration_request_json(p.integration_request()))
    }
}

#[napi]
impl NativeApi {
    /// Reads the definition at `path`; `options`: `{parameterOverrides, stage}`.
    #[napi(factory)]
    pub fn load(path: String, options: Option<Value>) -> napi::Result<NativeApi> {
        guarded(|| {
            let (definition, stage) = definition_options(options.as_ref())?;
            let inner = apigw_vtl::Api::load_with(path.as_ref(), &definition)
                .map_err(|error| definition_error(&error))?;
            Ok(NativeApi { inner, stage })
        })
    }

    /// The same from the definition's text; `file` names it in errors.
    #[napi(factory)]
    pub fn parse(text: String, file: String, options: Option<Value>) -> napi::Result<NativeApi> {
        guarded(|| {
            let (definition, stage) = definition_options(options.as_ref())?;
            let inner = apigw_vtl::Api::parse_with(&file, &text, &definition)
                .map_err(|error| definition_error(&error))?;
            Ok(NativeApi { inner, stage })
        })
    }

    /// Both steps with a known `outcome` (`{kind, payload, status, headers}`), which is ignored
    /// where no backend is called.
    #[napi]
    pub fn invoke(&self, request: Value, outcome: Value) -> napi::Result<Value> {
        guarded(|| {
            let (request, options) = self.request(&request)?;
            let outcome = read_outcome(&outcome)?;
            Ok(invocation_json(
                self.inner.invoke(request, &options, &outcome),
            ))
        })
    }

    /// The first step: routing, validation, the request half.
    #[napi]
    pub fn prepare(&self, request: Value) -> napi::Result<NativePrepared> {
        guarded(|| {
            let (request, options) = self.request(&request)?;
            Ok(match self.inner.prepare(request, &options) {
                Prepared::Answered(invocation) => NativePrepared {
                    answered: Some(invocation_json(invocation)),
                    pending: None,
                },
                // MOCK calls no backend: finished here, as `Api::invoke_with` does.
                Prepared::Call(pending) if pending.integration_type() == IntegrationType::Mock => {
                    NativePrepared {
                        answered: Some(invocation_json(self.inner.finish(pending, &Outcome::Mock))),
                        pending: None,
                    }
                }
                Prepared::Call(pending) => NativePrepared {
                    answered: None,
                    pending: Some(pending),
                },
            })
        })
    }

    /// The second step: the response half for the backend's `outcome`. A prepared invocation is
    /// finished once.
    #[napi]
    pub fn finish(&self, prepared: &mut NativePrepared, outcome: Value) -> napi::Result<Value> {
        guarded(|| {
            let outcome = read_outcome(&outcome)?;
            let pending = prepared.pending.take().ok_or_else(|| {
                type_error(
                    "this prepared invocation has no pending call (answered, or finished already)",
                )
            })?;
            Ok(invocation_json(self.inner.finish(pending, &outcome)))
        })
    }

    /// The stage requests go to unless a request names one.
    #[napi(getter)]
    pub fn stage(&self) -> Option<String> {
        self.stage
            .clone()
            .or_else(|| self.inner.stage_name().map(str::to_string))
    }
}

impl NativeApi {
    /// The request and options from `{method, path, headers, body, stage, stageVariables,
    /// context, apiKeys, sourceIp, trace}`.
    fn request(&self, fields: &Value) -> napi::Result<(HttpRequest, InvokeOptions)> {
        let fields = object(Some(fields), "the request")?;
        let method = string(fields.get("method"), "method", "GET")?;
        let path = string(fields.get("path"), "path", "/")?;
        let request = HttpRequest::new(method, path)
            .headers(pairs(fields.get("headers"), "headers")?)
            .body(bytes(fields.get("body"), "body")?);
        let trace = fields
            .get("trace")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let mut options = InvokeOptions::new().trace(trace);
        let stage = match fields.get("stage") {
            Some(Value::String(stage)) => Some(stage.as_str()),
            _ => self.stage.as_deref(),
        };
        if let Some(stage) = stage {
            options = options.stage(stage);
        }
        for (name, value) in pairs(fields.get("stageVariables"), "stageVariables")? {
            options = options.stage_variable(&name, &value);
        }
        for (name, value) in object(fields.get("context"), "context")? {
            options = options.context_value(&name, value);
        }
        if let Some(keys) = fields.get("apiKeys").and_then(Value::as_array) {
            for key in keys {
                options = options.api_key(
                    key.as_str()
                        .ok_or_else(|| type_error("apiKeys are strings"))?,
                );
            }
        }
        if let Some(Value::String(address)) = fields.get("sourceIp") {
            options = options.source_ip(address);
        }
        Ok((request, options))
    }
}

fn definition_options(
    options: Option<&Value>,
) -> napi::Result<(DefinitionOptions, Option<String>)> {
    let fields = object(options, "the options")?;
    let mut definition = DefinitionOptions::new();
    for (name, value) in pairs(fields.get("parameterOverrides"), "parameterOverrides")? {
        definition = definition.parameter(&name, &value);
    }
    let stage = match fields.get("stage") {
        None | Some(Value::Null) => None,
        Some(Value::String(stage)) => Some(stage.clone()),
        Some(_) => return Err(type_error("stage must be a string")),
    };
    Ok((definition, stage))
}

/// An outcome from `{kind: "lambdaResult" | "lambdaError" | "http" | "mock", payload, status,
/// headers}` (what `index.js`'s `Outcome` helpers make).
fn read_outcome(value: &Value) -> napi::Result<Outcome> {
    let fields = object(Some(value), "an outcome")?;
    let payload = bytes(fields.get("payload"), "the outcome's payload")?;
    match string(fields.get("kind"), "the outcome's kind", "")? {
        "lambdaResult" => Ok(Outcome::lambda_result(payload)),
        "lambdaError" => Ok(Outcome::lambda_error(payload)),
        "http" => {
            let status = fields
                .get("status")
                .and_then(Value::as_u64)
                .and_then(|s| u16::try_from(s).ok())
                .ok_or_else(|| type_error("an http outcome has a numeric status"))?;
            let mut outcome = Outcome::http(status, payload);
            for (name, value) in pairs(fields.get("headers"), "the outcome's headers")? {
                outcome = outcome.with_header(&name, &value);
            }
            Ok(outcome)
        }
        "mock" => Ok(Outcome::Mock),
        other => Err(type_error(format!(
            "an outcome's kind is lambdaResult, lambdaError, http or mock, not {other:?}"
        ))),
    }
}

fn invocation_json(invocation: apigw_vtl::Invocation) -> Value {
    json!({
        "status": invocation.response.status,
        "headers": pairs_json(&invocation.response.headers),
        "body": body_json(&invocation.response.body),
        "integrationRequest": invocation.integration_request.as_ref().map(integration_request_json),
        "route": invocation.route.as_ref().map(|(path, method)| json!([path, method])),
        "trace": invocation.trace().lines(),
        "selectedResponse": invocation.selected_response(),
    })
}

fn integration_request_json(forward: &apigw_vtl::IntegrationRequest) -> Value {
    let call = forward.call.as_ref();
    json!({
        "body": body_json(&forward.body),
        "path": pairs_json(&forward.path),
        "querystring": pairs_json(&forward.querystring),
        "headers": pairs_json(&forward.headers),
        "integrationType": call.and_then(|c| c.integration_type).map(|t| t.name()),
        "method": call.map(|c| c.method.clone()),
        "uri": call.map(|c| c.uri.clone()),
        "callHeaders": pairs_json(call.map_or(&[][..], |c| &c.headers)),
        "callQuery": pairs_json(call.map_or(&[][..], |c| &c.query)),
    })
}

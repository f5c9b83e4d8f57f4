//! `Api`, `Outcome`, `Invocation` and `IntegrationRequest`: a whole API definition, one request at
//! a time, through the crate's `Api::invoke_with` door.

use apigw_vtl::definition::DefinitionOptions;
use apigw_vtl::gateway::Body;
use apigw_vtl::{HttpRequest, InvokeOptions};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::convert::{body_bytes, json_object, list_of, pairs};
use crate::errors::{definition_error, guarded};

/// An API definition (OpenAPI 3, Swagger 2, CloudFormation or SAM), loaded once; `invoke` runs one
/// request through it from routing to the response the client receives. Shareable across threads.
///
/// >>> from apigw_vtl import Api, Outcome
/// >>> api = Api.load("corpus/danielhttp/api.openapi.yaml")
/// >>> api.invoke("POST", "/guid?GUID=RaisedException", outcome=Outcome.lambda_error('{"errorMessage": "RaisedException: no"}')).status
/// 502
#[pyclass(frozen, module = "apigw_vtl")]
pub struct Api {
    inner: apigw_vtl::Api,
    stage: Option<String>,
}

#[pymethods]
impl Api {
    /// Reads the definition at `path`. `parameter_overrides` gives CloudFormation parameters (and
    /// pseudo parameters, `Ref`s, `Logical.Attribute`s) their values; `stage` is the stage requests
    /// go to (default: the definition's own, else "prod"). Raises `DefinitionLoadError`.
    #[staticmethod]
    #[pyo3(signature = (path, parameter_overrides = None, stage = None))]
    fn load(
        py: Python<'_>,
        path: std::path::PathBuf,
        parameter_overrides: Option<&Bound<'_, PyAny>>,
        stage: Option<String>,
    ) -> PyResult<Api> {
        let mut options = DefinitionOptions::new();
        for (name, value) in pairs(parameter_overrides, "parameter_overrides")? {
            options = options.parameter(&name, &value);
        }
        let loaded = py.detach(|| guarded(|| apigw_vtl::Api::load_with(&path, &options)))?;
        let inner = loaded.map_err(|error| definition_error(py, &error))?;
        Ok(Api { inner, stage })
    }

    /// The same from the definition's text; `file` names it in errors.
    #[staticmethod]
    #[pyo3(signature = (text, file = "api.yaml", parameter_overrides = None, stage = None))]
    fn parse(
        py: Python<'_>,
        text: &str,
        file: &str,
        parameter_overrides: Option<&Bound<'_, PyAny>>,
        stage: Option<String>,
    ) -> PyResult<Api> {
        let mut options = DefinitionOptions::new();
        for (name, value) in pairs(parameter_overrides, "parameter_overrides")? {
            options = options.parameter(&name, &value);
        }
        let parsed = py.detach(|| guarded(|| apigw_vtl::Api::parse_with(file, text, &options)))?;
        let inner = parsed.map_err(|error| definition_error(py, &error))?;
        Ok(Api { inner, stage })
    }

    /// Runs one request. `path` may carry a query string (`/pets?limit=2`); `headers` is a dict or
    /// a list of pairs; `body` str or bytes. The integration's answer is `outcome` (an `Outcome`),
    /// or what `backend(integration_request)` returns; it is asked for only when the request
    /// reaches an integration that calls something (not for MOCK, not when API Gateway answers on
    /// its own: 403 no route, 400 validation, 415, 500). The GIL is released while the engine runs.
    #[pyo3(signature = (method, path, headers = None, body = None, outcome = None, *, backend = None, stage = None, stage_variables = None, context = None, api_keys = None, source_ip = None, trace = false))]
    #[allow(clippy::too_many_arguments)]
    fn invoke(
        &self,
        py: Python<'_>,
        method: &str,
        path: &str,
        headers: Option<&Bound<'_, PyAny>>,
        body: Option<&Bound<'_, PyAny>>,
        outcome: Option<PyRef<'_, Outcome>>,
        backend: Option<Bound<'_, PyAny>>,
        stage: Option<&str>,
        stage_variables: Option<&Bound<'_, PyAny>>,
        context: Option<&Bound<'_, PyAny>>,
        api_keys: Option<Vec<String>>,
        source_ip: Option<&str>,
        trace: bool,
    ) -> PyResult<Invocation> {
        if outcome.is_some() && backend.is_some() {
            return Err(PyValueError::new_err("give outcome= or backend=, not both"));
        }
        let request = HttpRequest::new(method, path)
            .headers(pairs(headers, "headers")?)
            .body(body_bytes(body)?);
        let mut options = InvokeOptions::new().trace(trace);
        if let Some(stage) = stage.or(self.stage.as_deref()) {
            options = options.stage(stage);
        }
        for (name, value) in pairs(stage_variables, "stage_variables")? {
            options = options.stage_variable(&name, &value);
        }
        for (name, value) in json_object(context, "context")? {
            options = options.context_value(&name, value);
        }
        for key in api_keys.unwrap_or_default() {
            options = options.api_key(&key);
        }
        if let Some(address) = source_ip {
            options = options.source_ip(address);
        }
        let given = outcome.map(|o| o.inner.clone());
        let backend = backend.map(Bound::unbind);
        // The backend runs with the GIL, the engine without it; its exception (or a missing
        // outcome) is kept and raised once the invocation is discarded.
        let mut failure: Option<PyErr> = None;
        let invocation = py.detach(|| {
            guarded(|| {
                self.inner.invoke_with(request, &options, |integration| {
                    let answer = match (&given, &backend) {
                        (Some(outcome), _) => return outcome.clone(),
                        (None, Some(callable)) => {
                            Python::attach(|py| call_backend(py, callable, integration))
                        }
                        (None, None) => Err(PyValueError::new_err(
                            "the request reaches the integration: give outcome= or backend=",
                        )),
                    };
                    answer.unwrap_or_else(|error| {
                        failure = Some(error);
                        apigw_vtl::Outcome::Mock
                    })
                })
            })
        })?;
        if let Some(error) = failure {
            return Err(error);
        }
        Invocation::new(py, invocation)
    }

    /// The stage requests go to unless `invoke` names one.
    #[getter]
    fn stage(&self) -> Option<&str> {
        self.stage.as_deref().or(self.inner.stage_name())
    }
}

fn call_backend(
    py: Python<'_>,
    callable: &Py<PyAny>,
    integration: &apigw_vtl::IntegrationRequest,
) -> PyResult<apigw_vtl::Outcome> {
    let request = IntegrationRequest::new(py, integration)?;
    let answer = callable.call1(py, (request,))?;
    let answer = answer.bind(py);
    match answer.cast::<Outcome>() {
        Ok(outcome) => Ok(outcome.get().inner.clone()),
        Err(_) => Err(PyTypeError::new_err(format!(
            "the backend returned a {}, not an Outcome",
            answer.get_type().name()?
        ))),
    }
}

/// What the integration answered.
///
/// >>> from apigw_vtl import Outcome
/// >>> Outcome.lambda_result('{"ok": true}')
/// <Outcome lambda_result (12 bytes)>
#[pyclass(frozen, module = "apigw_vtl")]
pub struct Outcome {
    inner: apigw_vtl::Outcome,
}

#[pymethods]
impl Outcome {
    /// A Lambda function that returned `payload` (for a proxy integration, its proxy response).
    #[staticmethod]
    fn lambda_result(payload: &Bound<'_, PyAny>) -> PyResult<Outcome> {
        Ok(Outcome {
            inner: apigw_vtl::Outcome::lambda_result(body_bytes(Some(payload))?),
        })
    }

    /// A Lambda function error whose payload is `payload` (`errorMessage`, `errorType`, ...).
    #[staticmethod]
    fn lambda_error(payload: &Bound<'_, PyAny>) -> PyResult<Outcome> {
        Ok(Outcome {
            inner: apigw_vtl::Outcome::lambda_error(body_bytes(Some(payload))?),
        })
    }

    /// An HTTP backend's or AWS service's answer.
    #[staticmethod]
    #[pyo3(signature = (status, body = None, headers = None))]
    fn http(
        status: u16,
        body: Option<&Bound<'_, PyAny>>,
        headers: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Outcome> {
        let mut inner = apigw_vtl::Outcome::http(status, body_bytes(body)?);
        for (name, value) in pairs(headers, "headers")? {
            inner = inner.with_header(&name, &value);
        }
        Ok(Outcome { inner })
    }

    /// No backend (what a MOCK integration has).
    #[staticmethod]
    fn mock() -> Outcome {
        Outcome {
            inner: apigw_vtl::Outcome::Mock,
        }
    }

    fn __repr__(&self) -> String {
        let kind = match &self.inner {
            apigw_vtl::Outcome::LambdaResult(_) => "lambda_result".to_string(),
            apigw_vtl::Outcome::LambdaError(_) => "lambda_error".to_string(),
            apigw_vtl::Outcome::Http { status, .. } => format!("http {status}"),
            _ => "mock".to_string(),
        };
        format!("<Outcome {kind} ({} bytes)>", self.inner.payload().len())
    }
}

/// What one request came to.
#[pyclass(frozen, module = "apigw_vtl")]
pub struct Invocation {
    /// The status the client receives.
    #[pyo3(get)]
    status: u16,
    /// The response headers, in order, as (name, value) pairs (a name may repeat).
    #[pyo3(get)]
    headers: Py<PyAny>,
    /// The response body: str, or bytes when API Gateway answers with binary.
    #[pyo3(get)]
    body: Py<PyAny>,
    /// What was sent to the integration; None when API Gateway answered before calling it.
    #[pyo3(get)]
    integration_request: Option<Py<IntegrationRequest>>,
    /// (resource path, method key) of the method that took the request, or None.
    #[pyo3(get)]
    route: Option<(String, String)>,
    /// Every decision, routing first (empty unless `trace=True`).
    #[pyo3(get)]
    trace: Vec<String>,
    /// The index of the integration response that was selected, if one was.
    #[pyo3(get)]
    selected_response: Option<usize>,
}

#[pymethods]
impl Invocation {
    /// The first value of the response header `name` (case-insensitive), or None.
    fn header(&self, py: Python<'_>, name: &str) -> PyResult<Option<String>> {
        let headers: Vec<(String, String)> = self.headers.extract(py)?;
        Ok(headers
            .into_iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v))
    }

    fn __repr__(&self) -> String {
        format!("<Invocation status={}>", self.status)
    }
}

impl Invocation {
    fn new(py: Python<'_>, invocation: apigw_vtl::Invocation) -> PyResult<Invocation> {
        let integration_request = match &invocation.integration_request {
            Some(forward) => Some(Py::new(py, IntegrationRequest::new(py, forward)?)?),
            None => None,
        };
        Ok(Invocation {
            status: invocation.response.status,
            headers: list_of(py, &invocation.response.headers)?,
            body: body_object(py, &invocation.response.body)?,
            integration_request,
            selected_response: invocation.selected_response(),
            trace: invocation.trace().lines().to_vec(),
            route: invocation.route,
        })
    }
}

/// What API Gateway sends to the integration: the body the request template built (or the body
/// passed through, or a Lambda proxy event), the mapped parameters, and the call it makes.
#[pyclass(frozen, module = "apigw_vtl")]
pub struct IntegrationRequest {
    /// The body sent: str, or bytes after a conversion to binary.
    #[pyo3(get)]
    body: Py<PyAny>,
    /// Mapped path parameters, (name, value) pairs.
    #[pyo3(get)]
    path: Py<PyAny>,
    /// Mapped query string, (name, value) pairs.
    #[pyo3(get)]
    querystring: Py<PyAny>,
    /// Mapped headers, (name, value) pairs.
    #[pyo3(get)]
    headers: Py<PyAny>,
    /// The integration's type (`AWS`, `AWS_PROXY`, `HTTP`, `HTTP_PROXY`), None for MOCK.
    #[pyo3(get)]
    integration_type: Option<String>,
    /// The HTTP method of the call, None for MOCK.
    #[pyo3(get)]
    method: Option<String>,
    /// The URL called (the endpoint, the service's path, Lambda's Invoke URL), None for MOCK.
    #[pyo3(get)]
    uri: Option<String>,
    /// The headers of the call, API Gateway's own included, as (name, value) pairs.
    #[pyo3(get)]
    call_headers: Py<PyAny>,
    /// The query string of the call, decoded, as (name, value) pairs.
    #[pyo3(get)]
    call_query: Py<PyAny>,
}

#[pymethods]
impl IntegrationRequest {
    fn __repr__(&self) -> String {
        format!(
            "<IntegrationRequest {} {}>",
            self.method.as_deref().unwrap_or("MOCK"),
            self.uri.as_deref().unwrap_or("")
        )
    }
}

impl IntegrationRequest {
    fn new(
        py: Python<'_>,
        forward: &apigw_vtl::IntegrationRequest,
    ) -> PyResult<IntegrationRequest> {
        let call = forward.call.as_ref();
        let empty = Vec::new();
        Ok(IntegrationRequest {
            body: body_object(py, &forward.body)?,
            path: list_of(py, &forward.path)?,
            querystring: list_of(py, &forward.querystring)?,
            headers: list_of(py, &forward.headers)?,
            integration_type: call
                .and_then(|c| c.integration_type)
                .map(|t| t.name().to_string()),
            method: call.map(|c| c.method.clone()),
            uri: call.map(|c| c.uri.clone()),
            call_headers: list_of(py, call.map_or(&empty, |c| &c.headers))?,
            call_query: list_of(py, call.map_or(&empty, |c| &c.query))?,
        })
    }
}

fn body_object(py: Python<'_>, body: &Body) -> PyResult<Py<PyAny>> {
    Ok(match body.text() {
        Some(text) => text.into_pyobject(py)?.into_any().unbind(),
        None => PyBytes::new(py, body.as_bytes()).into_any().unbind(),
    })
}

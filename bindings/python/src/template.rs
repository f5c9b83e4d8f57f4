//! `Template`, `render()` and `Rendered`: one mapping template with API Gateway's `$input`,
//! `$util`, `$context` and `$stageVariables`.

use apigw_vtl::apigw::{Environment, Overrides, Params, TemplateInput};
use apigw_vtl::render::{Variables, render as render_with};
use apigw_vtl::value::Value;
use apigw_vtl::{ParseError, RenderError};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::{dict_of, json_object, pairs};
use crate::errors::{Panicked, guarded, render_error, syntax_error};

/// The name parse and render errors give a template that has none.
const DEFAULT_NAME: &str = "template.vtl";

/// A parsed mapping template: parse once, render many times, from any thread.
///
/// >>> from apigw_vtl import Template
/// >>> template = Template("{\"name\": \"$input.path('$.name')\"}")
/// >>> template.render(body='{"name": "World"}').output
/// '{"name": "World"}'
#[pyclass(frozen, module = "apigw_vtl")]
pub struct Template {
    inner: apigw_vtl::Template,
    name: String,
}

#[pymethods]
impl Template {
    /// Parses `source` as API Gateway's engine (Velocity 1.7) does. Raises `TemplateSyntaxError`
    /// (with `line`, `column` and `excerpt`) for a template API Gateway would reject. `name` labels
    /// the template in error messages.
    #[new]
    #[pyo3(signature = (source, name = DEFAULT_NAME))]
    fn new(py: Python<'_>, source: &str, name: &str) -> PyResult<Self> {
        parse(py, source, name).map(|inner| Template {
            inner,
            name: name.to_string(),
        })
    }

    /// Renders the template as API Gateway would. `body` is the payload (`$input`), `params`
    /// `{"path": {...}, "querystring": {...}, "header": {...}}`, `context` is merged over the
    /// default `$context`, `stage_variables` is `$stageVariables`, and `variables` adds template
    /// variables (`{"name": "World"}` makes `$name`; a JSON object's text is taken too). `carry`
    /// is the request template's `Rendered`, when this is the response template: its overrides
    /// are readable here, as on AWS. The GIL is released while rendering.
    #[pyo3(signature = (body = "", params = None, context = None, stage_variables = None, variables = None, carry = None))]
    #[allow(clippy::too_many_arguments)]
    fn render(
        &self,
        py: Python<'_>,
        body: &str,
        params: Option<&Bound<'_, PyAny>>,
        context: Option<&Bound<'_, PyAny>>,
        stage_variables: Option<&Bound<'_, PyAny>>,
        variables: Option<&Bound<'_, PyAny>>,
        carry: Option<PyRef<'_, Rendered>>,
    ) -> PyResult<Rendered> {
        let mut inputs = Inputs::read(body, params, context, stage_variables, variables)?;
        inputs.carry = carry.map(|earlier| earlier.overrides.clone());
        render_parsed(py, &self.inner, &self.name, inputs)
    }

    /// The template's text, as given.
    #[getter]
    fn source(&self) -> &str {
        self.inner.source()
    }

    /// The name errors label the template with.
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    fn __repr__(&self) -> String {
        format!(
            "<Template {} ({} bytes)>",
            self.name,
            self.inner.source().len()
        )
    }
}

/// Parses `template` (str) or takes a `Template`, then renders it: the one-call form of
/// `Template(source).render(...)`.
///
/// >>> from apigw_vtl import render
/// >>> rendered = render("#set($context.responseOverride.status = 201)$input.json('$.a')", body='{"a": [1]}')
/// >>> (rendered.output, rendered.status)
/// ('[1]', 201)
#[pyfunction]
#[pyo3(signature = (template, body = "", params = None, context = None, stage_variables = None, variables = None, carry = None))]
#[allow(clippy::too_many_arguments)]
pub fn render(
    py: Python<'_>,
    template: &Bound<'_, PyAny>,
    body: &str,
    params: Option<&Bound<'_, PyAny>>,
    context: Option<&Bound<'_, PyAny>>,
    stage_variables: Option<&Bound<'_, PyAny>>,
    variables: Option<&Bound<'_, PyAny>>,
    carry: Option<PyRef<'_, Rendered>>,
) -> PyResult<Rendered> {
    let mut inputs = Inputs::read(body, params, context, stage_variables, variables)?;
    inputs.carry = carry.map(|earlier| earlier.overrides.clone());
    if let Ok(parsed) = template.cast::<Template>() {
        let parsed = parsed.get();
        return render_parsed(py, &parsed.inner, &parsed.name, inputs);
    }
    let Ok(source) = template.extract::<String>() else {
        return Err(PyTypeError::new_err("template must be a str or a Template"));
    };
    let parsed = parse(py, &source, DEFAULT_NAME)?;
    render_parsed(py, &parsed, DEFAULT_NAME, inputs)
}

/// A render's result: the output exactly, and what the template left in
/// `$context.responseOverride` / `$context.requestOverride`.
#[pyclass(frozen, module = "apigw_vtl")]
pub struct Rendered {
    /// The output, exactly as API Gateway renders it.
    #[pyo3(get)]
    output: String,
    /// The status API Gateway reads from `$context.responseOverride.status` (an integer 100-599),
    /// else None.
    #[pyo3(get)]
    status: Option<u16>,
    /// `$context.responseOverride.status` as set: an int, its Java text for any other value, or
    /// None (the CLI's `--format json` `status_override`).
    #[pyo3(get)]
    status_override: Py<PyAny>,
    /// `$context.responseOverride.header.*`, as Java prints the values.
    #[pyo3(get)]
    header_overrides: Py<PyAny>,
    /// `{"header": {...}, "querystring": {...}, "path": {...}}` from `$context.requestOverride`.
    #[pyo3(get)]
    request_overrides: Py<PyAny>,
    /// Whether the template set some override key a second time: AWS answers 5XX then.
    #[pyo3(get)]
    overridden_twice: bool,
    /// The overrides as the engine keeps them, for `carry=`.
    overrides: Overrides,
}

#[pymethods]
impl Rendered {
    fn __repr__(&self) -> String {
        format!("<Rendered {:?} status={:?}>", self.output, self.status)
    }
}

impl Rendered {
    fn new(
        py: Python<'_>,
        output: String,
        overrides: Overrides,
        overridden_twice: bool,
    ) -> PyResult<Rendered> {
        let status_override = match &overrides.status {
            None => py.None(),
            Some(status) => match status.as_integer() {
                Some(value) => value.into_pyobject(py)?.into_any().unbind(),
                None => status
                    .to_java_string()
                    .into_pyobject(py)?
                    .into_any()
                    .unbind(),
            },
        };
        let requests = PyDict::new(py);
        requests.set_item("header", dict_of(py, &overrides.request_headers)?)?;
        requests.set_item("querystring", dict_of(py, &overrides.request_querystring)?)?;
        requests.set_item("path", dict_of(py, &overrides.request_path)?)?;
        Ok(Rendered {
            output,
            status: overrides.status.as_ref().and_then(|s| s.code()),
            status_override,
            header_overrides: dict_of(py, &overrides.headers)?.into_any().unbind(),
            request_overrides: requests.into_any().unbind(),
            overridden_twice,
            overrides,
        })
    }
}

/// What a render reads, as plain data (it crosses into the GIL-free closure).
struct Inputs {
    request: TemplateInput,
    variables: serde_json::Map<String, serde_json::Value>,
    carry: Option<Overrides>,
}

impl Inputs {
    fn read(
        body: &str,
        params: Option<&Bound<'_, PyAny>>,
        context: Option<&Bound<'_, PyAny>>,
        stage_variables: Option<&Bound<'_, PyAny>>,
        variables: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Inputs> {
        let mut request = TemplateInput::new(body);
        if let Some(params) = params.filter(|p| !p.is_none()) {
            let part = |name: &str| -> PyResult<Vec<(String, String)>> {
                let item = params
                    .cast::<PyDict>()
                    .map_err(|_| PyTypeError::new_err("params must be a dict"))?
                    .get_item(name)?;
                pairs(item.as_ref(), &format!("params[{name:?}]"))
            };
            let mut read = Params::default();
            read.path = part("path")?;
            read.querystring = part("querystring")?;
            read.header = part("header")?;
            request.params = read;
        }
        request.context = json_object(context, "context")?;
        request.stage_variables = pairs(stage_variables, "stage_variables")?;
        Ok(Inputs {
            request,
            variables: variables_of(variables)?,
            carry: None,
        })
    }
}

/// Template variables from a dict, or from a JSON object's text, which keeps what Python's values
/// cannot say the same way (a decimal's digits as written).
fn variables_of(
    value: Option<&Bound<'_, PyAny>>,
) -> PyResult<serde_json::Map<String, serde_json::Value>> {
    if let Some(text) = value.and_then(|v| v.extract::<String>().ok()) {
        return match serde_json::from_str(&text) {
            Ok(serde_json::Value::Object(object)) => Ok(object),
            Ok(_) => Err(PyValueError::new_err(
                "variables: the JSON text is not an object",
            )),
            Err(error) => Err(PyValueError::new_err(format!(
                "variables: not JSON: {error}"
            ))),
        };
    }
    json_object(value, "variables")
}

fn parse(py: Python<'_>, source: &str, name: &str) -> PyResult<apigw_vtl::Template> {
    let parsed: Result<Result<_, ParseError>, Panicked> =
        py.detach(|| guarded(|| apigw_vtl::Template::parse(source)));
    parsed?.map_err(|error| syntax_error(py, &error, source, name))
}

fn render_parsed(
    py: Python<'_>,
    template: &apigw_vtl::Template,
    name: &str,
    inputs: Inputs,
) -> PyResult<Rendered> {
    // The engine's values are not Send: everything it builds stays inside the closure, and only
    // plain data (the output and the overrides) leaves it.
    let result: Result<Result<(String, Overrides, bool), RenderError>, Panicked> =
        py.detach(|| {
            guarded(|| {
                let environment = Environment::new(&inputs.request);
                if let Some(earlier) = &inputs.carry {
                    environment.carry(earlier);
                }
                let mut variables = Variables::new();
                environment.install(&mut variables);
                for (key, value) in &inputs.variables {
                    variables.insert(key, Value::from_json(value));
                }
                let output = render_with(template, &mut variables)?;
                let twice = environment.set_an_override_twice();
                Ok((output, environment.overrides(), twice))
            })
        });
    match result? {
        Ok((output, overrides, twice)) => Rendered::new(py, output, overrides, twice),
        Err(error) => Err(render_error(py, &error, template.source(), name)),
    }
}

//! `NativeTemplate`: one mapping template, parsed once, rendered with API Gateway's `$input`,
//! `$util`, `$context` and `$stageVariables`.

use apigw_vtl::apigw::{Environment, Overrides, Params, TemplateInput};
use apigw_vtl::render::{Variables, render};
use apigw_vtl::value::Value;
use napi_derive::napi;
use serde_json::json;

use crate::convert::{object, object_json, pairs, string};
use crate::errors::{guarded, render_error, syntax_error, type_error};

/// A parsed template (`Template` in `index.js`).
#[napi]
pub struct NativeTemplate {
    inner: apigw_vtl::Template,
    name: String,
}

#[napi]
impl NativeTemplate {
    /// Parses `source` as API Gateway's engine (Velocity 1.7) does; `name` labels it in errors.
    #[napi(factory)]
    pub fn parse(source: String, name: String) -> napi::Result<NativeTemplate> {
        guarded(|| {
            let inner = apigw_vtl::Template::parse(&source)
                .map_err(|error| syntax_error(&error, &source, &name))?;
            Ok(NativeTemplate { inner, name })
        })
    }

    /// Renders with `input`: `{body, params: {path, querystring, header}, context,
    /// stageVariables, variables}`. Returns `{output, status, statusOverride, headerOverrides,
    /// requestOverrides, overriddenTwice}`. `carry`: the request template's render, when this is
    /// the response template (its overrides are readable here, as on AWS).
    #[napi]
    pub fn render(
        &self,
        input: Option<serde_json::Value>,
        carry: Option<&NativeRendered>,
    ) -> napi::Result<NativeRendered> {
        guarded(|| {
            let input = input.unwrap_or(serde_json::Value::Null);
            let fields = match &input {
                serde_json::Value::Null => serde_json::Map::new(),
                serde_json::Value::Object(fields) => fields.clone(),
                _ => return Err(type_error("render's input must be an object")),
            };
            let mut request = TemplateInput::new(string(fields.get("body"), "body", "")?);
            let params = object(fields.get("params"), "params")?;
            let mut read = Params::default();
            read.path = pairs(params.get("path"), "params.path")?;
            read.querystring = pairs(params.get("querystring"), "params.querystring")?;
            read.header = pairs(params.get("header"), "params.header")?;
            request.params = read;
            request.context = object(fields.get("context"), "context")?;
            request.stage_variables = pairs(fields.get("stageVariables"), "stageVariables")?;
            let environment = Environment::new(&request);
            if let Some(earlier) = carry {
                environment.carry(&earlier.overrides);
            }
            let mut variables = Variables::new();
            environment.install(&mut variables);
            for (key, value) in &variables_of(fields.get("variables"))? {
                variables.insert(key, Value::from_json(value));
            }
            match render(&self.inner, &mut variables) {
                Ok(output) => {
                    let overrides = environment.overrides();
                    let twice = environment.set_an_override_twice();
                    Ok(NativeRendered {
                        result: rendered_json(output, &overrides, twice),
                        overrides,
                    })
                }
                Err(error) => Err(render_error(&error, self.inner.source(), &self.name)),
            }
        })
    }

    /// The template's text.
    #[napi(getter)]
    pub fn source(&self) -> String {
        self.inner.source().to_string()
    }

    /// The name errors label the template with.
    #[napi(getter)]
    pub fn name(&self) -> String {
        self.name.clone()
    }
}

/// A render's result, and the overrides as the engine keeps them (for `carry`).
#[napi]
pub struct NativeRendered {
    result: serde_json::Value,
    overrides: Overrides,
}

#[napi]
impl NativeRendered {
    /// `{output, status, statusOverride, headerOverrides, requestOverrides, overriddenTwice}`.
    #[napi(getter)]
    pub fn result(&self) -> serde_json::Value {
        self.result.clone()
    }
}

fn rendered_json(output: String, overrides: &Overrides, twice: bool) -> serde_json::Value {
    let status_override = match &overrides.status {
        None => serde_json::Value::Null,
        Some(status) => match status.as_integer() {
            Some(value) => json!(value),
            None => json!(status.to_java_string()),
        },
    };
    json!({
        "output": output,
        "status": overrides.status.as_ref().and_then(|s| s.code()),
        "statusOverride": status_override,
        "headerOverrides": object_json(&overrides.headers),
        "requestOverrides": {
            "header": object_json(&overrides.request_headers),
            "querystring": object_json(&overrides.request_querystring),
            "path": object_json(&overrides.request_path),
        },
        "overriddenTwice": twice,
    })
}

/// Template variables from an object, or from a JSON object's text: JavaScript numbers cannot say
/// `1.0` (a Java Double) apart from `1`, nor hold integers beyond 2^53 exactly; the text keeps both.
fn variables_of(
    value: Option<&serde_json::Value>,
) -> napi::Result<serde_json::Map<String, serde_json::Value>> {
    if let Some(serde_json::Value::String(text)) = value {
        return match serde_json::from_str(text) {
            Ok(serde_json::Value::Object(object)) => Ok(object),
            Ok(_) => Err(type_error("variables: the JSON text is not an object")),
            Err(error) => Err(type_error(format!("variables: not JSON: {error}"))),
        };
    }
    object(value, "variables")
}

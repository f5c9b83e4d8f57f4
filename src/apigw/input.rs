//! `$input`: the payload (`body`, `json(path)`, `path(path)`) and the request's parameters.

use std::any::Any;
use std::cell::OnceCell;
use std::rc::Rc;

use super::Params;
use super::jsonpath::{JsonPath, JsonPathError};
use super::payload::{PayloadError, parse_payload, write_input_json};
use crate::java::{ExceptionClass, JavaException};
use crate::value::{HostObject, JavaMap, Value};

/// JSONPaths compiled for `$input.path` and `$input.json`, by path text. Templates call them with
/// the same literal paths on every render: each is compiled once per thread.
const PATH_CACHE_SIZE: usize = 512;

thread_local! {
    static PATH_CACHE: std::cell::RefCell<std::collections::HashMap<Box<str>, Rc<JsonPath>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

fn compiled(path: &str) -> Result<Rc<JsonPath>, JavaException> {
    if let Some(compiled) = PATH_CACHE.with(|cache| cache.borrow().get(path).cloned()) {
        return Ok(compiled);
    }
    let compiled = Rc::new(JsonPath::compile(path).map_err(thrown)?);
    PATH_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() >= PATH_CACHE_SIZE {
            cache.clear();
        }
        cache.insert(path.into(), compiled.clone());
    });
    Ok(compiled)
}

/// What `$input.path` and `$input.json` throw: JSONPath's exception, its message naming the path.
fn thrown(error: JsonPathError) -> JavaException {
    JavaException::new(
        error.exception.class(),
        format!(
            "{} (path {:?} at {})",
            error.exception.message(),
            error.path,
            error.offset
        ),
    )
}

#[derive(Debug)]
pub(super) struct InputObject {
    /// The raw payload; empty means `{}` (aws-semantics.md §8.4, recorded 2015).
    body: Rc<str>,
    /// Parsed on first use, once per render.
    document: OnceCell<Result<Value, PayloadError>>,
    /// `$input.params()`: path, querystring, header (the reference's order; AWS's is open).
    params: Value,
}

fn params_map(entries: &[(String, String)]) -> Value {
    let mut map = JavaMap::with_capacity(entries.len());
    for (name, value) in entries {
        map.insert(Value::string(name), Value::string(value));
    }
    Value::map(map)
}

impl InputObject {
    pub(super) fn new(body: &str, params: &Params) -> Self {
        let mut all = JavaMap::with_capacity(3);
        all.insert(Value::string("path"), params_map(&params.path));
        all.insert(
            Value::string("querystring"),
            params_map(&params.querystring),
        );
        all.insert(Value::string("header"), params_map(&params.header));
        InputObject {
            body: Rc::from(if body.is_empty() { "{}" } else { body }),
            document: OnceCell::new(),
            params: Value::map(all),
        }
    }

    fn document(&self) -> Result<&Value, JavaException> {
        self.document
            .get_or_init(|| parse_payload(&self.body))
            .as_ref()
            .map_err(|e| {
                JavaException::new(
                    ExceptionClass::ParseException,
                    format!("Could not process payload: {e}"),
                )
            })
    }

    /// `$input.path(path)`: the selected value as a template value; null where Jayway finds nothing.
    fn path(&self, path: &str) -> Result<Option<Value>, JavaException> {
        let path = compiled(path)?;
        path.read(self.document()?).map_err(thrown)
    }

    /// `$input.json(path)`: the selected value as JSON text; `""` (the two-character JSON string)
    /// where a definite path finds nothing: recorded on AWS (a body without `pets` sent
    /// `{"val": $input.json('$.pets')}` to the function as `"val": ""`, aws-semantics.md §9).
    /// An indefinite path that finds nothing is `[]`, as Jayway gives it.
    fn json(&self, path: &str) -> Result<String, JavaException> {
        let mut out = String::new();
        let found = compiled(path)?
            .read_found(self.document()?)
            .map_err(thrown)?;
        match found {
            Some(value) => write_input_json(&value, &mut out),
            None => out.push_str("\"\""),
        }
        Ok(out)
    }

    /// `$input.params(name)`: path, then query string, then headers; "" when absent.
    fn param(&self, name: &str) -> Value {
        if let Value::Map(all) = &self.params {
            for kind in ["path", "querystring", "header"] {
                if let Some(Value::Map(map)) = all.borrow().get_str(kind)
                    && let Some(value) = map.borrow().get_str(name)
                {
                    return value.clone();
                }
            }
        }
        Value::empty_string()
    }
}

impl HostObject for InputObject {
    fn type_name(&self) -> &'static str {
        "com.amazonaws.apigateway.Input"
    }

    fn property(&self, name: &str) -> Option<Value> {
        match name {
            "body" | "Body" => Some(Value::String(self.body.clone())),
            _ => None,
        }
    }

    fn call(&self, name: &str, arguments: &[Value]) -> Result<Option<Value>, JavaException> {
        Ok(match (name, arguments) {
            ("getBody", []) => Some(Value::String(self.body.clone())),
            ("json", [Value::String(path)]) => Some(Value::string(&self.json(path)?)),
            ("path", [Value::String(path)]) => self.path(path)?,
            ("params", []) => Some(self.params.clone()),
            ("params", [Value::String(name)]) => Some(self.param(name)),
            _ => None,
        })
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The methods [`InputObject::call`] answers and the properties [`InputObject::property`] has, for
/// the linter's "did you mean" (`src/lint/names.rs` checks each against the engine).
#[cfg(feature = "lint")]
pub(crate) const INPUT_METHODS: [&str; 4] = ["getBody", "json", "path", "params"];
/// See [`INPUT_METHODS`].
#[cfg(feature = "lint")]
pub(crate) const INPUT_PROPERTIES: [&str; 2] = ["body", "Body"];

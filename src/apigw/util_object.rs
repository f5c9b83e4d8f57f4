//! `$util`: the host object whose methods are the functions of [`super::util`].

use std::any::Any;

use super::payload::parse_payload;
use super::util;
use crate::java::{ExceptionClass, JavaException};
use crate::value::{ListKind, Value};

#[derive(Debug)]
pub(super) struct UtilObject;

/// `$util.parseJson`: AWS does not document which reader it uses, nor how its lists print
/// (aws-semantics.md §8.5, open). We follow the reference engine (velocity-facts row "parsejson"):
/// json-smart's permissive reader, with lists as plain `ArrayList`s, which print `[1, 2]`.
fn parse_json(text: &str) -> Result<Value, JavaException> {
    let value = parse_payload(text)
        .map_err(|e| JavaException::new(ExceptionClass::ParseException, e.to_string()))?;
    Ok(as_array_lists(&value))
}

fn as_array_lists(value: &Value) -> Value {
    match value {
        Value::List(list) => {
            let items = list.borrow().items.iter().map(as_array_lists).collect();
            Value::list_of_kind(items, ListKind::ArrayList)
        }
        Value::Map(map) => {
            let mut out = crate::value::JavaMap::with_capacity(map.borrow().len());
            for (k, v) in map.borrow().iter() {
                out.insert(k.clone(), as_array_lists(v));
            }
            Value::map(out)
        }
        other => other.clone(),
    }
}

impl HostObject for UtilObject {
    fn type_name(&self) -> &'static str {
        "com.amazonaws.apigateway.Util"
    }

    fn property(&self, _name: &str) -> Option<Value> {
        None
    }

    fn call(&self, name: &str, arguments: &[Value]) -> Result<Option<Value>, JavaException> {
        // Each takes a String: Velocity finds no method for other argument types, so they give "".
        let [Value::String(text)] = arguments else {
            return Ok(None);
        };
        Ok(Some(match name {
            "escapeJavaScript" => Value::string(&util::escape_javascript(text)),
            "urlEncode" => Value::string(&util::url_encode(text)),
            "urlDecode" => Value::string(&util::url_decode(text)?),
            "base64Encode" => Value::string(&util::base64_encode(text)),
            "base64Decode" => Value::string(&util::base64_decode(text)?),
            "parseJson" => parse_json(text)?,
            _ => return Ok(None),
        }))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

use crate::value::HostObject;

/// The methods [`UtilObject::call`] answers, for the linter's "did you mean"
/// (`src/lint/names.rs` checks each against the engine).
#[cfg(feature = "lint")]
pub(crate) const UTIL_METHODS: [&str; 6] = [
    "escapeJavaScript",
    "urlEncode",
    "urlDecode",
    "base64Encode",
    "base64Decode",
    "parseJson",
];

//! JSON values from JavaScript in, JSON values out.

use apigw_vtl::gateway::Body;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use crate::errors::type_error;

/// Name-value pairs from an object (`{name: value}`) or an array of `[name, value]` pairs; values
/// that are not strings are printed as JSON, as the CLI reads them.
pub fn pairs(value: Option<&Value>, what: &str) -> napi::Result<Vec<(String, String)>> {
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(object)) => {
            Ok(object.iter().map(|(k, v)| (k.clone(), text(v))).collect())
        }
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item.as_array().map(Vec::as_slice) {
                Some([Value::String(name), value]) => Ok((name.clone(), text(value))),
                _ => Err(type_error(format!("{what}: each pair is [name, value]"))),
            })
            .collect(),
        Some(_) => Err(type_error(format!(
            "{what} must be an object or an array of pairs"
        ))),
    }
}

/// An object's fields, or none for `undefined`/`null`.
pub fn object(value: Option<&Value>, what: &str) -> napi::Result<Map<String, Value>> {
    match value {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(object)) => Ok(object.clone()),
        Some(_) => Err(type_error(format!("{what} must be an object"))),
    }
}

/// A string field, or `default`.
pub fn string<'a>(value: Option<&'a Value>, what: &str, default: &'a str) -> napi::Result<&'a str> {
    match value {
        None | Some(Value::Null) => Ok(default),
        Some(Value::String(text)) => Ok(text),
        Some(_) => Err(type_error(format!("{what} must be a string"))),
    }
}

/// Bytes from `{text}` or `{base64}` (how `index.js` passes a string or a Buffer), or a string.
pub fn bytes(value: Option<&Value>, what: &str) -> napi::Result<Vec<u8>> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(text)) => Ok(text.clone().into_bytes()),
        Some(Value::Object(object)) => match (object.get("text"), object.get("base64")) {
            (Some(Value::String(text)), None) => Ok(text.clone().into_bytes()),
            (None, Some(Value::String(encoded))) => STANDARD
                .decode(encoded)
                .map_err(|e| type_error(format!("{what}: not base64: {e}"))),
            _ => Err(type_error(format!("{what} must be a string or a Buffer"))),
        },
        Some(_) => Err(type_error(format!("{what} must be a string or a Buffer"))),
    }
}

/// Pairs as `[[name, value], ...]` (order and repeats kept).
pub fn pairs_json(pairs: &[(String, String)]) -> Value {
    Value::Array(pairs.iter().map(|(n, v)| json!([n, v])).collect())
}

/// Pairs as an object (a later repeat of a name wins).
pub fn object_json(pairs: &[(String, String)]) -> Value {
    Value::Object(
        pairs
            .iter()
            .map(|(n, v)| (n.clone(), Value::String(v.clone())))
            .collect(),
    )
}

/// A body as `{text}` or, when binary, `{base64}` (`index.js` makes the latter a Buffer).
pub fn body_json(body: &Body) -> Value {
    match body.text() {
        Some(text) => json!({"text": text}),
        None => json!({"base64": STANDARD.encode(body.as_bytes())}),
    }
}

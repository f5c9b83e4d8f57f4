//! Placeholder until the json-smart reader lands: serde_json-based, same API.

use crate::value::{ListKind, Value};

/// A payload json-smart rejects.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} at byte {offset}")]
pub struct PayloadError {
    /// Why.
    pub message: String,
    /// Where.
    pub offset: usize,
}

/// Reads a payload as API Gateway does.
///
/// # Errors
/// A body json-smart rejects.
pub fn parse_payload(text: &str) -> Result<Value, PayloadError> {
    if text.trim().is_empty() {
        return Ok(Value::map(crate::value::JavaMap::default()));
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(json) => Ok(convert(&json)),
        Err(e) => Err(PayloadError {
            message: e.to_string(),
            offset: 0,
        }),
    }
}

fn convert(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Array(items) => {
            Value::list_of_kind(items.iter().map(convert).collect(), ListKind::JsonArray)
        }
        serde_json::Value::Object(entries) => {
            let mut map = crate::value::JavaMap::with_capacity(entries.len());
            for (k, v) in entries {
                map.insert(Value::string(k), convert(v));
            }
            Value::map(map)
        }
        other => Value::from_json(other),
    }
}

/// The writer of `$input.json`.
pub fn write_input_json(value: &Value, out: &mut String) {
    crate::value::write_json_smart(value, out);
}

//! What request and response parameter mappings share: reading a JSONPath of a payload as header
//! text, and a `context.*` variable (aws-semantics.md §5).

use crate::apigw::jsonpath::JsonPath;
use crate::apigw::merged_context;
use crate::apigw::payload::write_input_json;
use crate::value::Value;

/// `…body.<JSONPath>`: the value at `path` (written without `$.`) as a header's text: a string as
/// it is, an object or array as compact JSON, a number as Java prints it; `None` when missing.
pub(crate) fn body_path_text(document: &Value, path: &str) -> Option<String> {
    let value = JsonPath::compile(&format!("$.{path}"))
        .ok()?
        .read(document)
        .ok()??;
    Some(match value {
        Value::String(s) => s.to_string(),
        Value::Map(_) | Value::List(_) => {
            let mut out = String::new();
            write_input_json(&value, &mut out);
            out
        }
        other => other.to_java_string(),
    })
}

/// `context.<name>` (dotted for nested ones) over the request's `$context`.
pub(crate) fn context_text(
    name: &str,
    user: &serde_json::Map<String, serde_json::Value>,
) -> Option<String> {
    let context = merged_context(user);
    let mut current = &context;
    for part in name.split('.') {
        current = current.get(part)?;
    }
    if current.is_null() {
        return None;
    }
    Some(
        current
            .as_str()
            .map_or_else(|| current.to_string(), str::to_string),
    )
}

//! Placeholder until the Jayway evaluator lands: `$` and `.name` only, same API.

use crate::value::Value;

/// A path that cannot be compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid JSONPath `{path}`: {message}")]
pub struct JsonPathError {
    /// The path.
    pub path: String,
    /// Why.
    pub message: String,
}

/// A compiled path.
#[derive(Debug, Clone)]
pub struct JsonPath {
    steps: Vec<String>,
}

impl JsonPath {
    /// Compiles.
    ///
    /// # Errors
    /// Not a path.
    pub fn compile(path: &str) -> Result<JsonPath, JsonPathError> {
        let rest = path.strip_prefix('$').ok_or_else(|| JsonPathError {
            path: path.to_string(),
            message: "must start with $".into(),
        })?;
        Ok(JsonPath {
            steps: rest
                .split('.')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        })
    }
    /// Definite.
    pub fn is_definite(&self) -> bool {
        true
    }
    /// Reads.
    ///
    /// # Errors
    /// Never here.
    pub fn read(&self, document: &Value) -> Result<Option<Value>, JsonPathError> {
        let mut current = document.clone();
        for step in &self.steps {
            let next = match &current {
                Value::Map(map) => map.borrow().get_str(step).cloned(),
                _ => None,
            };
            match next {
                Some(v) => current = v,
                None => return Ok(None),
            }
        }
        Ok(Some(current).filter(|v| !v.is_null()))
    }
}

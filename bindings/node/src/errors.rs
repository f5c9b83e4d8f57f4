//! Errors as they cross into JavaScript, and the guard that turns a Rust panic into one.

use std::panic::{AssertUnwindSafe, catch_unwind};

use apigw_vtl::diagnostic::{Diagnostic, Style};
use apigw_vtl::{DefinitionError, ParseError, RenderError};
use serde_json::json;

/// What starts the reason of an error `index.js` rethrows as a typed `Error`.
pub const MARKER: &str = "apigw-vtl-error:";

fn structured(fields: serde_json::Value) -> napi::Error {
    napi::Error::from_reason(format!("{MARKER}{fields}"))
}

/// `TemplateSyntaxError`: a template API Gateway rejects.
pub fn syntax_error(error: &ParseError, source: &str, name: &str) -> napi::Error {
    structured(json!({
        "kind": "TemplateSyntaxError",
        "message": format!("{name}:{}:{}: {}", error.line(), error.column(), error.message()),
        "line": error.line(),
        "column": error.column(),
        "excerpt": Diagnostic::from(error).excerpt(source, name, Style::Plain),
    }))
}

/// `TemplateRenderError`: a render that fails on API Gateway too (it answers 500).
pub fn render_error(error: &RenderError, source: &str, name: &str) -> napi::Error {
    let (line, column) = error.span().start_position(source);
    structured(json!({
        "kind": "TemplateRenderError",
        "message": format!("{name}:{line}:{column}: {error}"),
        "line": line,
        "column": column,
        "excerpt": Diagnostic::from(error).excerpt(source, name, Style::Plain),
    }))
}

/// `DefinitionLoadError`: an API definition that cannot be read.
pub fn definition_error(error: &DefinitionError) -> napi::Error {
    structured(json!({
        "kind": "DefinitionLoadError",
        "message": error.to_string(),
        "file": error.file(),
        "line": error.location().line,
        "column": error.location().column,
        "excerpt": error.excerpt(),
    }))
}

/// A `TypeError` for an argument of the wrong shape.
pub fn type_error(message: impl Into<String>) -> napi::Error {
    structured(json!({"kind": "TypeError", "message": message.into()}))
}

/// Runs `work`; a panic in it becomes an `InternalError` instead of unwinding into Node.
pub fn guarded<T>(work: impl FnOnce() -> napi::Result<T>) -> napi::Result<T> {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string());
        Err(structured(json!({
            "kind": "InternalError",
            "message": format!("apigw-vtl panicked (a bug; please report it with the template): {message}"),
        })))
    })
}

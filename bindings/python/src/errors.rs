//! The exceptions the module raises, and the guard that turns a Rust panic into one of them.

use std::panic::{AssertUnwindSafe, catch_unwind};

use apigw_vtl::diagnostic::{Diagnostic, Style};
use apigw_vtl::{DefinitionError, ParseError, RenderError};
use pyo3::IntoPyObjectExt;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

create_exception!(
    apigw_vtl,
    ApigwVtlError,
    PyException,
    "The base of every error this module raises."
);
create_exception!(
    apigw_vtl,
    TemplateSyntaxError,
    ApigwVtlError,
    "A template API Gateway would reject (it answers 500). Carries `message`, `line`, `column` \
     (1-based) and `excerpt`, the caret excerpt the CLI prints."
);
create_exception!(
    apigw_vtl,
    TemplateRenderError,
    ApigwVtlError,
    "A render that fails on API Gateway too (it answers 500): a Java exception, a bad regex, too much \
     output or work. Carries `message`, `line`, `column` and `excerpt`."
);
create_exception!(
    apigw_vtl,
    DefinitionLoadError,
    ApigwVtlError,
    "An API definition that cannot be read. Carries `message`, `file`, `line`, `column` and `excerpt` \
     (None when the fault has no place in a file)."
);
create_exception!(
    apigw_vtl,
    InternalError,
    ApigwVtlError,
    "A bug in apigw-vtl (a Rust panic), caught before it reached the interpreter."
);

/// An exception of type `T` with `message` and the attributes in `fields`.
fn with_fields<T: pyo3::PyTypeInfo>(
    py: Python<'_>,
    message: String,
    fields: &[(&str, Py<PyAny>)],
) -> PyErr {
    let error = PyErr::new::<T, _>(message.clone());
    let value = error.value(py);
    // Setting attributes on a fresh exception instance cannot fail.
    let _ = value.setattr("message", message);
    for (name, field) in fields {
        let _ = value.setattr(*name, field);
    }
    error
}

fn object<'py, T: IntoPyObjectExt<'py>>(py: Python<'py>, value: T) -> Py<PyAny> {
    value.into_py_any(py).expect("plain values convert")
}

/// `TemplateSyntaxError` for `error` in `source`, named `name` in the excerpt.
pub fn syntax_error(py: Python<'_>, error: &ParseError, source: &str, name: &str) -> PyErr {
    let diagnostic = Diagnostic::from(error);
    let excerpt = diagnostic.excerpt(source, name, Style::Plain);
    with_fields::<TemplateSyntaxError>(
        py,
        format!(
            "{name}:{}:{}: {}",
            error.line(),
            error.column(),
            error.message()
        ),
        &[
            ("line", object(py, error.line())),
            ("column", object(py, error.column())),
            ("excerpt", object(py, excerpt)),
        ],
    )
}

/// `TemplateRenderError` for `error`, which happened in `source`.
pub fn render_error(py: Python<'_>, error: &RenderError, source: &str, name: &str) -> PyErr {
    let (line, column) = error.span().start_position(source);
    let excerpt = Diagnostic::from(error).excerpt(source, name, Style::Plain);
    with_fields::<TemplateRenderError>(
        py,
        format!("{name}:{line}:{column}: {error}"),
        &[
            ("line", object(py, line)),
            ("column", object(py, column)),
            ("excerpt", object(py, excerpt)),
        ],
    )
}

/// `DefinitionLoadError` for `error`.
pub fn definition_error(py: Python<'_>, error: &DefinitionError) -> PyErr {
    let location = error.location();
    with_fields::<DefinitionLoadError>(
        py,
        error.to_string(),
        &[
            ("file", object(py, error.file())),
            ("line", object(py, location.line)),
            ("column", object(py, location.column)),
            ("excerpt", object(py, error.excerpt())),
        ],
    )
}

/// Runs `work`; a panic in it becomes `InternalError` instead of unwinding into the interpreter.
pub fn guarded<T>(work: impl FnOnce() -> T) -> Result<T, Panicked> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string());
        Panicked(message)
    })
}

/// A caught panic's message: plain data, so it can leave a `detach` closure.
pub struct Panicked(pub String);

impl From<Panicked> for PyErr {
    fn from(panic: Panicked) -> PyErr {
        InternalError::new_err(format!(
            "apigw-vtl panicked (a bug; please report it with the template): {}",
            panic.0
        ))
    }
}

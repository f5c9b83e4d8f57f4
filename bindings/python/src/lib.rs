//! The `apigw_vtl` Python module: apigw-vtl's engine (API Gateway's Velocity mapping templates and
//! integration responses, byte for byte) for Python emulators.
//!
//! A thin layer over the crate's public API: `template` (parse once, render many), `api` (a whole
//! definition through `Api::invoke_with`), `convert` (Python values in and out), `errors` (the
//! exceptions, and the guard that turns a panic into one). Nothing here decides what API Gateway
//! does. The engine's values are reference-counted and stay on one thread; parsed templates and
//! APIs are `Send + Sync`, so each call releases the GIL around work whose values it builds inside
//! the released section.

#![forbid(unsafe_code)]

mod api;
mod convert;
mod errors;
mod template;

use pyo3::prelude::*;

/// Panics inside the guard every call goes through: shows that a Rust panic reaches Python as
/// `InternalError` (tests/test_errors.py), not as an abort of the interpreter.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    py.detach(|| errors::guarded(|| panic!("a panic raised on purpose by _panic_for_tests")))?;
    Ok(())
}

#[pymodule(name = "apigw_vtl")]
fn apigw_vtl(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    module.add_class::<template::Template>()?;
    module.add_class::<template::Rendered>()?;
    module.add_function(wrap_pyfunction!(template::render, module)?)?;
    module.add_class::<api::Api>()?;
    module.add_class::<api::Outcome>()?;
    module.add_class::<api::Invocation>()?;
    module.add_class::<api::IntegrationRequest>()?;
    module.add("ApigwVtlError", py.get_type::<errors::ApigwVtlError>())?;
    module.add(
        "TemplateSyntaxError",
        py.get_type::<errors::TemplateSyntaxError>(),
    )?;
    module.add(
        "TemplateRenderError",
        py.get_type::<errors::TemplateRenderError>(),
    )?;
    module.add(
        "DefinitionLoadError",
        py.get_type::<errors::DefinitionLoadError>(),
    )?;
    module.add("InternalError", py.get_type::<errors::InternalError>())?;
    module.add_function(wrap_pyfunction!(_panic_for_tests, module)?)?;
    Ok(())
}

//! The native half of the `apigw-vtl` npm package: apigw-vtl's engine (API Gateway's Velocity
//! mapping templates and integration responses, byte for byte) for Node.js emulators.
//!
//! A thin layer over the crate's public API, wrapped by `index.js`, which gives the JavaScript
//! names, turns the errors described here into `Error` objects and awaits a `backend` between
//! the two steps of the crate's door (`Api::prepare`, then `Api::finish`). Nothing here decides
//! what API Gateway does.
//!
//! Errors cross as a `napi::Error` whose reason is [`errors::MARKER`] followed by a JSON object
//! (`kind`, `message`, `line`, `column`, `excerpt`...), which `index.js` turns into a typed
//! `Error`. (`#![forbid(unsafe_code)]` cannot be set here: the `#[napi]` macro expands to the
//! Node-API calls, which are `unsafe`; this file itself writes none.)

mod api;
mod convert;
mod errors;
mod template;

pub use api::{NativeApi, NativePrepared};
pub use template::{NativeRendered, NativeTemplate};

/// The package's version: the crate's (`index.js` exports it as `version`).
#[napi_derive::napi]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Panics inside the guard every call goes through: shows that a Rust panic reaches JavaScript
/// as an `InternalError` (test/errors.test.mjs), not as a crash of the process.
#[napi_derive::napi(js_name = "_panicForTests")]
pub fn panic_for_tests() -> napi::Result<()> {
    errors::guarded(|| -> napi::Result<()> {
        panic!("a panic raised on purpose by _panicForTests")
    })
}

//! Java behaviour that API Gateway's engine shows and that we must copy exactly: how a `double`
//! prints, what a Java regular expression means, what `String.format` and the methods of strings,
//! lists and maps do, and the exceptions they throw.
//!
//! `double`, `regex` and the exception type are leaves over std types; `methods` and `format` sit on
//! `value`. Nothing here knows about templates or AWS.
//!
//! Every Java exception, wherever it is thrown (a method, `$util`, JSONPath, a regex), is one
//! [`JavaException`]: an [`ExceptionClass`] and a message.

pub mod double;
mod exception;
pub mod format;
pub(crate) mod methods;
pub mod regex;

pub use exception::{ExceptionClass, JavaException};

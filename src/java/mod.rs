//! Java behaviour that API Gateway's engine shows and that we must copy exactly: how a `double`
//! prints, and what a Java regular expression means.
//!
//! `double` and `regex` are leaves over std types; `methods` sits on `value`. Nothing here knows
//! about templates or AWS.

pub mod double;
pub mod format;
pub mod methods;
pub mod regex;

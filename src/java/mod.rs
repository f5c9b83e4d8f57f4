//! Java behaviour that API Gateway's engine shows and that we must copy exactly: how a `double`
//! prints, and what a Java regular expression means.
//!
//! Leaves over std types: nothing here knows about templates, values or AWS.

pub mod double;
pub mod regex;

//! apigw-vtl reproduces, offline and byte for byte, what AWS API Gateway (REST APIs) does with
//! Velocity mapping templates.
//!
//! Today the crate reads templates: [`syntax::parse`] accepts exactly what API Gateway's engine
//! (Apache Velocity 1.7) accepts and rejects the rest with a positioned [`syntax::ParseError`].
//!
//! ```
//! use apigw_vtl::syntax::Template;
//! let template = Template::parse("#set($inputRoot = $input.path('$'))\n$input.json(\"$\")")?;
//! assert_eq!(template.nodes().len(), 2);
//!
//! let error = Template::parse("#if($x)\nunfinished").unwrap_err();
//! assert_eq!(error.line(), 2);
//! # Ok::<(), apigw_vtl::syntax::ParseError>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod apigw;
pub mod definition;
pub mod gateway;
pub mod java;
pub mod render;
pub mod syntax;
pub mod value;

#[cfg(feature = "cli")]
pub mod cli;

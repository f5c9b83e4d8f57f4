//! One error type a caller can `?` through, over each layer's own.

use crate::gateway::ModelError;
use crate::render::RenderError;
use crate::syntax::ParseError;

/// Anything the crate's entry points can fail with. Each layer keeps its own error type (with its
/// positions); this wraps them so an embedder's function can return one type.
///
/// # Examples
/// ```
/// use apigw_vtl::{Template, Variables};
/// fn hello(name: &str) -> Result<String, apigw_vtl::Error> {
///     let template = Template::parse("Hello $name!")?;
///     let mut variables = Variables::new();
///     variables.insert("name", apigw_vtl::value::Value::string(name));
///     Ok(apigw_vtl::render::render(&template, &mut variables)?)
/// }
/// assert_eq!(hello("World")?, "Hello World!");
/// assert!(matches!(Template::parse("#if(").map_err(apigw_vtl::Error::from), Err(apigw_vtl::Error::Parse(_))));
/// # Ok::<(), apigw_vtl::Error>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A template that does not parse.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// A render that failed (API Gateway answers such a template with 500).
    #[error(transparent)]
    Render(#[from] RenderError),
    /// A method that cannot be built (a selection pattern or mapping expression AWS refuses).
    #[error(transparent)]
    Model(#[from] ModelError),
    /// An API definition that cannot be read.
    #[cfg(feature = "definitions")]
    #[error(transparent)]
    Definition(#[from] Box<crate::definition::DefinitionError>),
}

#[cfg(feature = "definitions")]
impl From<crate::definition::DefinitionError> for Error {
    fn from(error: crate::definition::DefinitionError) -> Self {
        Error::Definition(Box::new(error))
    }
}

//! Why a definition file cannot be read, and where: the file, the line and column, and the key path
//! (`paths./guid.post.x-amazon-apigateway-integration.responses`) of the value at fault.

use std::fmt;

/// Where in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The key path from the document's root, dot-separated; empty for the root or a syntax error.
    pub path: String,
}

impl Location {
    /// A position without a key path.
    pub fn at(line: usize, column: usize) -> Self {
        Location {
            line,
            column,
            path: String::new(),
        }
    }
}

/// What is wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file is not valid YAML or JSON.
    #[error("{format} syntax: {message}")]
    Syntax {
        /// "YAML" or "JSON".
        format: &'static str,
        /// The parser's message.
        message: String,
    },
    /// The file cannot be read (missing, a folder, no permission).
    #[error("cannot be read: {0}")]
    Unreadable(String),
    /// The file holds nothing.
    #[error("the file is empty")]
    Empty,
    /// Neither OpenAPI 3, Swagger 2 nor CloudFormation/SAM.
    #[error(
        "not an API definition: expected an `openapi` (OpenAPI 3) or `swagger` (Swagger 2) key, or CloudFormation `Resources`"
    )]
    NotAnApi,
    /// A value of the wrong shape.
    #[error("expected {expected}, found {found}")]
    Expected {
        /// What was expected.
        expected: String,
        /// What was there.
        found: String,
    },
    /// A required key is absent.
    #[error("missing `{key}` ({why})")]
    Missing {
        /// The key.
        key: String,
        /// What it is for.
        why: &'static str,
    },
    /// An enumerated value outside its set.
    #[error("unknown {field} {value:?}; expected one of {allowed}")]
    UnknownValue {
        /// The field.
        field: &'static str,
        /// The value.
        value: String,
        /// The accepted values.
        allowed: &'static str,
    },
    /// A CloudFormation intrinsic where a literal template, pattern or path is needed.
    #[error(
        "{what} is {intrinsic}: apigw-vtl cannot evaluate CloudFormation intrinsics here; write the value literally"
    )]
    Intrinsic {
        /// What needed a literal.
        what: String,
        /// The intrinsic.
        intrinsic: String,
    },
    /// A selection pattern that cannot be run.
    #[error(transparent)]
    Model(#[from] crate::gateway::ModelError),
    /// A resource path or a route that cannot be added.
    #[error(transparent)]
    Route(#[from] crate::gateway::RoutePathError),
    /// CloudFormation resources that do not form a tree.
    #[error("{0}")]
    Resources(String),
}

/// A definition file that cannot be read (boxed: keeps `Result<_, DefinitionError>` small).
#[derive(Debug)]
pub struct DefinitionError(Box<Inner>);

#[derive(Debug)]
struct Inner {
    file: String,
    location: Location,
    kind: ErrorKind,
}

impl DefinitionError {
    pub(crate) fn new(file: &str, location: Location, kind: ErrorKind) -> Self {
        DefinitionError(Box::new(Inner {
            file: file.to_string(),
            location,
            kind,
        }))
    }

    /// The file's name as given.
    pub fn file(&self) -> &str {
        &self.0.file
    }

    /// Where in the file.
    pub fn location(&self) -> &Location {
        &self.0.location
    }

    /// What is wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }
}

impl fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Location { line, column, path } = &self.0.location;
        if *line == 0 {
            // Not a place in the file (it could not be read).
            write!(f, "{}: ", self.0.file)?;
        } else {
            write!(f, "{}:{line}:{column}: ", self.0.file)?;
        }
        if !path.is_empty() {
            write!(f, "at `{path}`: ")?;
        }
        write!(f, "{}", self.0.kind)
    }
}

impl std::error::Error for DefinitionError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.kind.source()
    }
}

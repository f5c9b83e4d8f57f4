//! Why a definition file cannot be read, and where: the file, the line and column, and the key path
//! (`paths./guid.post.x-amazon-apigateway-integration.responses`) of the value at fault.

use std::fmt;

use crate::syntax::{ParseError, ParseErrorKind, position_of};

/// Where in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
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
    /// A CloudFormation intrinsic function in a file where nothing evaluates it (an OpenAPI
    /// export, a SAM `DefinitionUri` file, a `BodyS3Location` file), where a value is needed.
    #[error("{what} is {intrinsic}: {reason}")]
    Intrinsic {
        /// What needed a value.
        what: String,
        /// The intrinsic.
        intrinsic: String,
        /// Why nothing evaluates it there.
        reason: String,
    },
    /// A value CloudFormation knows when it deploys that the definition and the options do not
    /// give: a parameter without a value, another stack's export, a name the template does not
    /// define, a missing mapping key.
    #[error("{message}{}", flag.as_ref().map(|f| format!("; give `{f}`")).unwrap_or_default())]
    Unresolved {
        /// What cannot be known, and why.
        message: String,
        /// The command-line flag that supplies it (`--parameter-overrides Table=VALUE`), if one
        /// can ([`DefinitionOptions`](super::DefinitionOptions) has the same for a library).
        flag: Option<String>,
    },
    /// An intrinsic function CloudFormation would refuse (wrong arguments, an index out of range),
    /// or one apigw-vtl does not evaluate (`Fn::Cidr`, a macro other than `AWS::Include`).
    #[error("`{function}`: {message}")]
    BadIntrinsic {
        /// The function (`Fn::Select`).
        function: String,
        /// What is wrong.
        message: String,
    },
    /// A file the definition points at (`DefinitionUri`, `BodyS3Location`, `Fn::Transform`
    /// `AWS::Include`) that is not given or cannot be read.
    #[error("{message}{}", flag.as_ref().map(|f| format!("; give `{f}`")).unwrap_or_default())]
    Include {
        /// The location as the definition writes it.
        location: String,
        /// What is wrong.
        message: String,
        /// The flag that supplies it (`--include s3://bucket/key=./local.yaml`), if one can.
        flag: Option<String>,
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
    /// A mapping template that does not parse. AWS deploys it and answers 500 when it runs, so
    /// [`Api::parse`](super::Api::parse) keeps the API and lists these in
    /// [`Api::template_errors`](super::Api::template_errors).
    #[error(transparent)]
    Template(TemplateError),
}

/// A mapping template of the definition that does not parse, placed in the file.
///
/// The [`DefinitionError`]'s location is the failing character's line and column in the file,
/// through the template's escapes and indentation. Where YAML folding made that character (a
/// line break read as a space in a `>` block or a scalar written over several lines), no single
/// place in the file holds it: the location is then where the template starts, the message gives
/// the line and column in the template's own text, and [`DefinitionError::excerpt`] shows them.
///
/// # Examples
/// ```
/// use apigw_vtl::definition::{Api, ErrorKind};
/// let api = Api::parse("api.yaml", "openapi: 3.0.1
/// paths:
///   /ping:
///     get:
///       x-amazon-apigateway-integration:
///         type: mock
///         requestTemplates:
///           application/json: |
///             {\"statusCode\": 200}
///             #if($x
/// ")?;
/// let error = api.template_errors().next().expect("one template does not parse");
/// assert_eq!((error.location().line, error.location().column), (10, 19));
/// let ErrorKind::Template(template) = error.kind() else { unreachable!() };
/// assert!(template.in_file());
/// assert_eq!((template.parse_error().line(), template.parse_error().column()), (2, 7));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct TemplateError {
    error: ParseError,
    template: String,
    in_file: bool,
    /// Where the unclosed directive the error is about opened, in the file, when one place
    /// holds it.
    opened_in_file: Option<(usize, usize)>,
    /// The CloudFormation intrinsic function that built the template (`Fn::Sub`), if one did.
    built_by: Option<&'static str>,
}

impl TemplateError {
    pub(crate) fn new(
        error: ParseError,
        template: &str,
        in_file: bool,
        opened_in_file: Option<(usize, usize)>,
        built_by: Option<&'static str>,
    ) -> Self {
        TemplateError {
            error,
            template: template.to_string(),
            in_file,
            opened_in_file,
            built_by,
        }
    }

    /// The template's parse error, positioned in the template's own text (its
    /// [`kind`](ParseError::kind) and [`message`](ParseError::message) say what is wrong).
    pub fn parse_error(&self) -> &ParseError {
        &self.error
    }

    /// The template's text, as the definition decodes it.
    pub fn template(&self) -> &str {
        &self.template
    }

    /// Whether the error's location is the failing character's place in the file (`false` where
    /// YAML folding, or a CloudFormation intrinsic function that built the template, leaves no
    /// single place: the location is then the template's start).
    pub fn in_file(&self) -> bool {
        self.in_file
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the template does not parse (AWS deploys it and answers 500 when it runs): {}",
            self.error.kind()
        )?;
        if !self.in_file {
            let why = match self.built_by {
                Some(function) => format!("`{function}` built it: no one place in the file"),
                None => "YAML folded its lines: no one place in the file".to_string(),
            };
            write!(
                f,
                " at {}:{} of the template ({why})",
                self.error.line(),
                self.error.column()
            )?;
        }
        if let (ParseErrorKind::Unclosed { directive }, Some(opened)) =
            (self.error.kind(), self.error.opened_at())
        {
            match self.opened_in_file {
                Some((line, column)) => {
                    write!(f, " (the `{directive}` opened at {line}:{column})")?
                }
                None => {
                    let (line, column) = position_of(&self.template, opened.start as usize);
                    write!(
                        f,
                        " (the `{directive}` opened at {line}:{column} of the template)"
                    )?;
                }
            }
        }
        Ok(())
    }
}

impl std::error::Error for TemplateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// Something a definition does that AWS accepts but that deserves a look: a leniency apigw-vtl
/// shares with CloudFormation (a repeated key, a flow collection not indented), or a construct
/// whose handling by AWS is not verified. [`Api::warnings`](super::Api::warnings) lists them.
///
/// # Examples
/// ```
/// use apigw_vtl::definition::Api;
/// let api = Api::parse("api.yaml", "openapi: 3.0.1\npaths: {}\npaths: {}\n")?;
/// let warning = &api.warnings()[0];
/// assert_eq!((warning.location().line, warning.location().column), (3, 1));
/// assert!(warning.message().starts_with("the key \"paths\" appears twice"));
/// let (first, label) = warning.related().expect("the first key");
/// assert_eq!((first.line, label), (2, "first here"));
/// assert!(warning.to_string().starts_with("api.yaml:3:1: warning: the key"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    file: String,
    location: Location,
    message: String,
    related: Option<(Location, String)>,
}

impl Warning {
    pub(crate) fn new(file: &str, location: Location, message: String) -> Self {
        Warning {
            file: file.to_string(),
            location,
            message,
            related: None,
        }
    }

    /// The same warning with another place of the same file that matters, labelled.
    pub(crate) fn with_related(mut self, location: Location, label: &str) -> Self {
        self.related = Some((location, label.to_string()));
        self
    }

    /// The file's name as given (or as the definition points at it).
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Where in the file.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// What it is about.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Another place in the same file that matters (where a repeated key first stood), with its
    /// label.
    pub fn related(&self) -> Option<(&Location, &str)> {
        self.related.as_ref().map(|(l, label)| (l, label.as_str()))
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Location { line, column, path } = &self.location;
        if *line == 0 {
            write!(f, "{}: warning: ", self.file)?;
        } else {
            write!(f, "{}:{line}:{column}: warning: ", self.file)?;
        }
        if !path.is_empty() {
            write!(f, "at `{path}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some((at, label)) = &self.related {
            write!(f, " ({label}: {}:{})", at.line, at.column)?;
        }
        Ok(())
    }
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

    /// The excerpt a reader needs when the one-line form cannot point into the file: for a
    /// [`TemplateError`] that YAML folding keeps from one place in the file, the template's lines
    /// around the error with a caret under it. `None` for every other error (its line and column
    /// are the file's).
    pub fn excerpt(&self) -> Option<String> {
        match &self.0.kind {
            ErrorKind::Template(template) if !template.in_file => Some(template.error.render(
                &template.template,
                &format!("the template at `{}`", self.0.location.path),
            )),
            _ => None,
        }
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

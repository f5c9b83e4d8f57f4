//! Typed reading of a [`Node`] with errors that carry the file, the line and the key path: the
//! vocabulary the format readers share, and AWS's enumerations, read without case as AWS reads them
//! (real exports say `aws` and `when_no_templates`).

use std::path::PathBuf;

use super::document::{FileId, Kind, Node};
use super::error::{DefinitionError, ErrorKind, Location, TemplateError, Warning};
use super::intrinsics::Source;
use super::options::DefinitionOptions;
use super::source_map::{Place, SourceMap};
use super::standins::StandIn;
use crate::gateway::{ContentHandling, IntegrationType, ModelError, PassthroughBehavior};
use crate::syntax::{ParseError, Template, position_of};

/// A template parsed as deployed: AWS keeps one that does not parse.
pub(crate) type ParsedTemplate = Result<Template, ParseError>;

/// A template as the file holds it, parsed once, and where it stands.
#[derive(Debug)]
#[non_exhaustive]
pub struct TemplateSite {
    /// Where the template's text starts in the file.
    pub location: Location,
    /// Why it does not parse, placed in the file ([`ErrorKind::Template`]), if it does not.
    pub error: Option<DefinitionError>,
}

/// What kind of file a node stands in, which says whether anything evaluates CloudFormation
/// intrinsic functions in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// A CloudFormation or SAM template: evaluated ([`super::intrinsics`]).
    Template,
    /// A file `AWS::Include` put into a template: evaluated with it.
    Include,
    /// An OpenAPI or Swagger file given as the definition: API Gateway imports it as written.
    Export,
    /// A SAM `DefinitionUri` file: SAM does not evaluate intrinsics in it (AWS SAM Developer
    /// Guide, `AWS::Serverless::Api` `DefinitionUri`; aws/serverless-application-model#982).
    DefinitionUri,
    /// A `BodyS3Location` file: API Gateway imports it as written.
    BodyS3Location,
}

/// A file of the definition: the one given and those it points at.
#[derive(Debug)]
pub(crate) struct SourceFile {
    /// Its name as shown in messages (a path the caller can open).
    pub(crate) name: String,
    pub(crate) text: String,
    pub(crate) kind: FileKind,
}

/// Reads one definition's nodes; collects the templates it parses for `check`, the warnings
/// and the stand-ins the model used.
pub struct Reader<'o> {
    /// Indexed by [`FileId`]: the file given first.
    pub(crate) files: Vec<SourceFile>,
    pub(crate) templates: Vec<TemplateSite>,
    pub(crate) warnings: Vec<Warning>,
    /// Interior: every typed read may note one, through `&self`.
    pub(crate) stand_ins: std::cell::RefCell<Vec<StandIn>>,
    pub(crate) options: &'o DefinitionOptions,
    /// The folder relative paths in the definition are read from (the file's own).
    pub(crate) base: PathBuf,
    /// What `Ref` gives for the template's API Gateway resources ([`super::intrinsics`]).
    pub(crate) references: std::collections::HashMap<String, (String, bool)>,
    /// The URI SAM gives each function's `Api` events, evaluated ([`super::intrinsics`]).
    pub(crate) sam_uris: std::collections::HashMap<String, Node>,
    /// Where integrations, responses and templates stand, when the linter asks.
    #[cfg(feature = "lint")]
    pub(crate) sites: Option<super::sites::Sites>,
}

impl<'o> Reader<'o> {
    pub(crate) fn new(file: &str, text: &str, options: &'o DefinitionOptions) -> Self {
        Reader {
            files: vec![SourceFile {
                name: file.to_string(),
                text: text.to_string(),
                kind: FileKind::Template,
            }],
            templates: Vec::new(),
            warnings: Vec::new(),
            stand_ins: std::cell::RefCell::new(Vec::new()),
            options,
            base: std::path::Path::new(file)
                .parent()
                .map(std::path::Path::to_path_buf)
                .unwrap_or_default(),
            references: std::collections::HashMap::new(),
            sam_uris: std::collections::HashMap::new(),
            #[cfg(feature = "lint")]
            sites: None,
        }
    }

    /// The name of the file `id`.
    pub(crate) fn file_name(&self, id: FileId) -> &str {
        self.files
            .get(id as usize)
            .or(self.files.first())
            .map_or("", |f| f.name.as_str())
    }

    /// The file given.
    pub(crate) fn main_file(&self) -> &str {
        self.file_name(0)
    }

    /// An error about `node` at `path`.
    pub(crate) fn error(&self, node: &Node, path: &str, kind: ErrorKind) -> DefinitionError {
        DefinitionError::new(
            self.file_name(node.file),
            Location {
                line: node.line,
                column: node.column,
                path: path.to_string(),
            },
            kind,
        )
    }

    /// The error of a value that cannot be known, where its function stands and read at `path`.
    pub(crate) fn known(&self, node: &Node, path: &str) -> Result<(), DefinitionError> {
        match &node.kind {
            Kind::Unresolved(problem) => Err(DefinitionError::new(
                self.file_name(problem.file),
                Location {
                    line: problem.line,
                    column: problem.column,
                    path: path.to_string(),
                },
                problem.error_kind(),
            )),
            _ => Ok(()),
        }
    }

    /// The first value under `node` that cannot be known (a schema is read whole).
    pub(crate) fn all_known(&self, node: &Node, path: &str) -> Result<(), DefinitionError> {
        self.known(node, path)?;
        match &node.kind {
            Kind::Seq(items) => items.iter().try_for_each(|i| self.all_known(i, path)),
            Kind::Map(entries) => entries
                .iter()
                .try_for_each(|(_, v)| self.all_known(v, path)),
            _ => Ok(()),
        }
    }

    /// Notes the stand-ins `node`'s value is made of, as read at `path`.
    fn note_stand_ins(&self, node: &Node, path: &str) {
        let Some(evaluated) = &node.evaluated else {
            return;
        };
        for used in &evaluated.stand_ins {
            let stand_in = StandIn {
                file: self.file_name(used.file).to_string(),
                location: Location {
                    line: used.line,
                    column: used.column,
                    path: path.to_string(),
                },
                expression: used.expression.clone(),
                value: used.value.clone(),
                name: used.name.clone(),
            };
            let mut stand_ins = self.stand_ins.borrow_mut();
            if !stand_ins.contains(&stand_in) {
                stand_ins.push(stand_in);
            }
        }
    }

    /// Why nothing evaluated the intrinsic function `node`.
    fn unevaluated(&self, node: &Node) -> &'static str {
        match self.files.get(node.file as usize).map(|f| f.kind) {
            Some(FileKind::DefinitionUri) => {
                "SAM does not evaluate intrinsic functions in a `DefinitionUri` file (`DefinitionBody` with `Fn::Transform: AWS::Include` does); write the value literally"
            }
            Some(FileKind::BodyS3Location) => {
                "API Gateway imports a `BodyS3Location` file as written: CloudFormation evaluates no intrinsic functions in it (`Body` with `Fn::Transform: AWS::Include` does); write the value literally"
            }
            Some(FileKind::Export) => {
                "API Gateway imports an OpenAPI file as written: nothing evaluates CloudFormation intrinsic functions in it; write the value literally"
            }
            _ => "apigw-vtl does not evaluate intrinsic functions here; write the value literally",
        }
    }

    fn expected(&self, node: &Node, path: &str, expected: &str) -> DefinitionError {
        self.error(
            node,
            path,
            ErrorKind::Expected {
                expected: expected.to_string(),
                found: node.describe(),
            },
        )
    }

    /// The value under `key` of `parent` (at `path`), or an error naming the key and what it is for.
    pub(crate) fn required<'n>(
        &self,
        parent: &'n Node,
        path: &str,
        key: &str,
        why: &'static str,
    ) -> Result<&'n Node, DefinitionError> {
        parent.get(key).ok_or_else(|| {
            self.error(
                parent,
                path,
                ErrorKind::Missing {
                    key: key.to_string(),
                    why,
                },
            )
        })
    }

    /// A mapping's entries (null reads as an empty mapping, as YAML writers emit `key:`).
    pub(crate) fn map<'n>(
        &self,
        node: &'n Node,
        path: &str,
    ) -> Result<&'n [(Node, Node)], DefinitionError> {
        self.known(node, path)?;
        if node.is_null() {
            return Ok(&[]);
        }
        match &node.kind {
            Kind::Map(entries) if !node.is_intrinsic() => Ok(entries),
            _ => Err(self.expected(node, path, "a mapping")),
        }
    }

    /// A sequence's items.
    pub(crate) fn list<'n>(
        &self,
        node: &'n Node,
        path: &str,
    ) -> Result<&'n [Node], DefinitionError> {
        self.known(node, path)?;
        if node.is_null() {
            return Ok(&[]);
        }
        match &node.kind {
            Kind::Seq(items) if node.tag.is_none() => Ok(items),
            _ => Err(self.expected(node, path, "a list")),
        }
    }

    /// A literal string: a scalar, never an intrinsic function (`what` names it in the error).
    pub(crate) fn string(
        &self,
        node: &Node,
        path: &str,
        what: &str,
    ) -> Result<String, DefinitionError> {
        self.known(node, path)?;
        if node.is_intrinsic() {
            return Err(self.error(
                node,
                path,
                ErrorKind::Intrinsic {
                    what: what.to_string(),
                    intrinsic: node
                        .describe()
                        .trim_start_matches("the intrinsic function ")
                        .to_string(),
                    reason: self.unevaluated(node).to_string(),
                },
            ));
        }
        match node.scalar() {
            Some(text) if !node.is_null() => {
                self.note_stand_ins(node, path);
                Ok(text.to_string())
            }
            _ => Err(self.expected(node, path, &format!("{what} as a string"))),
        }
    }

    /// A string that places things rather than going into what API Gateway sends (a resource
    /// id, a model's name): read as [`Reader::string`], without noting stand-ins.
    pub(crate) fn structural(
        &self,
        node: &Node,
        path: &str,
        what: &str,
    ) -> Result<String, DefinitionError> {
        let before = self.stand_ins.borrow().len();
        let text = self.string(node, path, what)?;
        self.stand_ins.borrow_mut().truncate(before);
        Ok(text)
    }

    /// The string under `key`, if the key is there and not null.
    pub(crate) fn opt_string(
        &self,
        parent: &Node,
        path: &str,
        key: &str,
        what: &str,
    ) -> Result<Option<String>, DefinitionError> {
        match parent.get(key) {
            None => Ok(None),
            Some(node) if node.is_null() => Ok(None),
            Some(node) => self.string(node, &join(path, key), what).map(Some),
        }
    }

    /// A boolean: `true`/`false` in any case, quoted or not (CloudFormation writes both).
    pub(crate) fn boolean(&self, node: &Node, path: &str) -> Result<bool, DefinitionError> {
        self.known(node, path)?;
        match node.scalar().map(str::to_ascii_lowercase).as_deref() {
            Some("true") if !node.is_intrinsic() => Ok(true),
            Some("false") if !node.is_intrinsic() => Ok(false),
            _ => Err(self.expected(node, path, "true or false")),
        }
    }

    /// A status code: 100–599, written as a number or a string.
    pub(crate) fn status(&self, node: &Node, path: &str) -> Result<u16, DefinitionError> {
        let text = self.string(node, path, "a status code")?;
        text.trim()
            .parse::<u16>()
            .ok()
            .filter(|s| (100..=599).contains(s))
            .ok_or_else(|| self.expected(node, path, "a status code from 100 to 599"))
    }

    /// A mapping of string to string (templates, parameters), in file order.
    pub(crate) fn string_map<'n>(
        &self,
        node: &'n Node,
        path: &str,
        what: &str,
    ) -> Result<Vec<(String, String, &'n Node)>, DefinitionError> {
        let mut out = Vec::new();
        for (key, value) in self.map(node, path)? {
            let name = key.scalar().unwrap_or_default().to_string();
            let at = join(path, &name);
            if value.is_null() {
                // `application/json: null` or `""`: AWS stores an empty template as none
                // (aws-semantics.md §3).
                continue;
            }
            let text = self.string(value, &at, what)?;
            out.push((name, text, value));
        }
        Ok(out)
    }

    /// Templates by content type, parsed once; one that does not parse is kept with its error
    /// (AWS deploys it and answers 500 when it runs).
    pub(crate) fn templates(
        &mut self,
        node: &Node,
        path: &str,
    ) -> Result<Vec<(String, ParsedTemplate)>, DefinitionError> {
        let mut out = Vec::new();
        for (content_type, source, value) in self.string_map(node, path, "a mapping template")? {
            if source.is_empty() {
                continue;
            }
            let parsed = Template::parse(&source);
            let location = Location {
                line: value.line,
                column: value.column,
                path: join(path, &content_type),
            };
            let error = parsed
                .as_ref()
                .err()
                .map(|error| self.template_error(value, location.clone(), &source, error));
            #[cfg(feature = "lint")]
            if let Some(sites) = &mut self.sites {
                sites.templates.push(super::sites::TemplateText {
                    path: location.path.clone(),
                    text: source.clone(),
                    node: value.clone(),
                });
            }
            self.templates.push(TemplateSite { location, error });
            out.push((content_type, parsed));
        }
        Ok(out)
    }

    /// A template's parse error placed at the failing character in the file, through the
    /// scalar's escapes and indentation; at the template's start (`site`) where folding leaves
    /// no single place. Only a failing template pays for the map.
    fn template_error(
        &self,
        node: &Node,
        site: Location,
        template: &str,
        error: &ParseError,
    ) -> DefinitionError {
        let place = |offset: u32| self.place_in_file(node, template, offset as usize);
        let at = place(error.span().start);
        let opened = error
            .opened_at()
            .and_then(|span| place(span.start))
            .filter(|(file, _, _)| Some(*file) == at.map(|a| a.0))
            .map(|(_, line, column)| (line, column));
        let (file, location) = match at {
            Some((file, line, column)) => (
                file,
                Location {
                    line,
                    column,
                    path: site.path,
                },
            ),
            None => (node.file, site),
        };
        let built_by = node.evaluated.as_ref().map(|e| e.function);
        DefinitionError::new(
            self.file_name(file),
            location,
            ErrorKind::Template(TemplateError::new(
                error.clone(),
                template,
                at.is_some(),
                opened,
                built_by,
            )),
        )
    }

    /// [`Reader::place_in_file`], for the linter: where byte `offset` of the template read from
    /// `node` stands.
    #[cfg(feature = "lint")]
    pub(crate) fn place(
        &self,
        node: &Node,
        template: &str,
        offset: usize,
    ) -> Option<(FileId, usize, usize)> {
        self.place_in_file(node, template, offset)
    }

    /// Where byte `offset` of a template's text stands in the definition's files (file, line,
    /// column): through the scalar's escapes and indentation, or through the pieces an intrinsic
    /// function built it from. `None` where folding or a function leaves no single place. Only a
    /// failing template pays for the map.
    fn place_in_file(
        &self,
        node: &Node,
        template: &str,
        offset: usize,
    ) -> Option<(FileId, usize, usize)> {
        let in_text = |file: FileId, origin, text: &str, at: usize| {
            let source = &self.files.get(file as usize)?.text;
            match SourceMap::new(source, origin, text)?.place(at) {
                Place::Exact(byte) => {
                    let (line, column) = position_of(source, byte);
                    Some((file, line, column))
                }
                Place::Folded(_) => None,
            }
        };
        let Some(evaluated) = &node.evaluated else {
            return in_text(node.file, node.origin?, template, offset);
        };
        let piece = evaluated
            .pieces
            .iter()
            .find(|p| p.start <= offset && offset < p.end)
            .or_else(|| evaluated.pieces.iter().rev().find(|p| p.end == offset))?;
        match &piece.source {
            Source::Text {
                file,
                origin,
                text,
                offset: from,
                fixed,
            } => {
                let at = if *fixed {
                    *from
                } else {
                    from + (offset - piece.start)
                };
                in_text(*file, *origin, text, at)
            }
            Source::At { file, line, column } => Some((*file, *line, *column)),
        }
    }

    /// A model error (a selection pattern that cannot run) at `node`.
    pub(crate) fn model(&self, node: &Node, path: &str, error: ModelError) -> DefinitionError {
        self.error(node, path, ErrorKind::Model(error))
    }

    /// The integration type.
    pub(crate) fn integration_type(
        &self,
        node: &Node,
        path: &str,
    ) -> Result<IntegrationType, DefinitionError> {
        let text = self.string(node, path, "the integration type")?;
        Ok(match text.to_ascii_uppercase().as_str() {
            "AWS" => IntegrationType::Aws,
            "AWS_PROXY" => IntegrationType::AwsProxy,
            "HTTP" => IntegrationType::Http,
            "HTTP_PROXY" => IntegrationType::HttpProxy,
            "MOCK" => IntegrationType::Mock,
            _ => {
                return Err(self.error(
                    node,
                    path,
                    ErrorKind::UnknownValue {
                        field: "integration type",
                        value: text,
                        allowed: "aws, aws_proxy, http, http_proxy, mock",
                    },
                ));
            }
        })
    }

    /// `passthroughBehavior`.
    pub(crate) fn passthrough(
        &self,
        node: &Node,
        path: &str,
    ) -> Result<PassthroughBehavior, DefinitionError> {
        let text = self.string(node, path, "passthroughBehavior")?;
        Ok(match text.to_ascii_uppercase().as_str() {
            "WHEN_NO_MATCH" => PassthroughBehavior::WhenNoMatch,
            "WHEN_NO_TEMPLATES" => PassthroughBehavior::WhenNoTemplates,
            "NEVER" => PassthroughBehavior::Never,
            _ => {
                return Err(self.error(
                    node,
                    path,
                    ErrorKind::UnknownValue {
                        field: "passthroughBehavior",
                        value: text,
                        allowed: "when_no_match, when_no_templates, never",
                    },
                ));
            }
        })
    }

    /// `x-amazon-apigateway-api-key-source` / `ApiKeySourceType`.
    pub(crate) fn api_key_source(
        &self,
        node: &Node,
        path: &str,
    ) -> Result<super::ApiKeySource, DefinitionError> {
        let text = self.string(node, path, "the API key source")?;
        Ok(match text.to_ascii_uppercase().as_str() {
            "HEADER" => super::ApiKeySource::Header,
            "AUTHORIZER" => super::ApiKeySource::Authorizer,
            _ => {
                return Err(self.error(
                    node,
                    path,
                    ErrorKind::UnknownValue {
                        field: "API key source",
                        value: text,
                        allowed: "HEADER, AUTHORIZER",
                    },
                ));
            }
        })
    }

    /// `contentHandling`.
    pub(crate) fn content_handling(
        &self,
        node: &Node,
        path: &str,
    ) -> Result<ContentHandling, DefinitionError> {
        let text = self.string(node, path, "contentHandling")?;
        Ok(match text.to_ascii_uppercase().as_str() {
            "CONVERT_TO_TEXT" => ContentHandling::ConvertToText,
            "CONVERT_TO_BINARY" => ContentHandling::ConvertToBinary,
            _ => {
                return Err(self.error(
                    node,
                    path,
                    ErrorKind::UnknownValue {
                        field: "contentHandling",
                        value: text,
                        allowed: "CONVERT_TO_TEXT, CONVERT_TO_BINARY",
                    },
                ));
            }
        })
    }
}

/// `path.key`.
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

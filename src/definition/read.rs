//! Typed reading of a [`Node`] with errors that carry the file, the line and the key path: the
//! vocabulary the format readers share, and AWS's enumerations, read without case as AWS reads them
//! (real exports say `aws` and `when_no_templates`).

use super::document::{Kind, Node};
use super::error::{DefinitionError, ErrorKind, Location, TemplateError};
use super::source_map::{Place, SourceMap};
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

/// Reads one file's nodes; collects the templates it parses for `check`.
pub struct Reader<'f> {
    pub(crate) file: &'f str,
    /// The file's text, to place a template's error in it.
    text: &'f str,
    pub(crate) templates: Vec<TemplateSite>,
}

impl<'f> Reader<'f> {
    pub(crate) fn new(file: &'f str, text: &'f str) -> Self {
        Reader {
            file,
            text,
            templates: Vec::new(),
        }
    }

    /// An error about `node` at `path`.
    pub(crate) fn error(&self, node: &Node, path: &str, kind: ErrorKind) -> DefinitionError {
        DefinitionError::new(
            self.file,
            Location {
                line: node.line,
                column: node.column,
                path: path.to_string(),
            },
            kind,
        )
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
                },
            ));
        }
        match node.scalar() {
            Some(text) if !node.is_null() => Ok(text.to_string()),
            _ => Err(self.expected(node, path, &format!("{what} as a string"))),
        }
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
        let map = node
            .origin
            .and_then(|origin| SourceMap::new(self.text, origin, template));
        let in_file = |offset: u32| match map.as_ref()?.place(offset as usize) {
            Place::Exact(at) => Some(position_of(self.text, at)),
            Place::Folded(_) => None,
        };
        let at = in_file(error.span().start);
        let opened = error.opened_at().and_then(|span| in_file(span.start));
        let location = match at {
            Some((line, column)) => Location {
                line,
                column,
                path: site.path,
            },
            None => site,
        };
        DefinitionError::new(
            self.file,
            location,
            ErrorKind::Template(TemplateError::new(
                error.clone(),
                template,
                at.is_some(),
                opened,
            )),
        )
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

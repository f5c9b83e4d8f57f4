//! A definition file as a tree that remembers where each value stood: YAML read through
//! `saphyr-parser`'s events, `.json` files checked by `serde_json` (so a JSON-only mistake is
//! reported as one) and then read by [`super::json`] into the same events; tags kept for
//! CloudFormation's short intrinsics (`!Sub`, `!Ref`...), anchors resolved.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use super::error::{DefinitionError, ErrorKind, Location};
use super::json;
use super::source_map::{Origin, Style};

/// A value of the file.
#[derive(Clone, Debug)]
pub struct Node {
    /// What it holds.
    pub kind: Kind,
    /// Its tag without the `!` (`Sub` for `!Sub`), if it has one.
    pub tag: Option<String>,
    /// Line (1-based) and column (1-based) where it starts.
    pub line: usize,
    /// See `line`.
    pub column: usize,
    /// A scalar's place and style, to map its text back to the file ([`super::source_map`]).
    pub origin: Option<Origin>,
}

/// The three shapes of a value.
#[derive(Clone, Debug)]
pub enum Kind {
    /// A scalar as written; `plain` when unquoted (so `true` and `200` may be a boolean or number).
    Scalar {
        /// The text.
        text: String,
        /// Unquoted.
        plain: bool,
    },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in file order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The scalar's text.
    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// Whether this is a plain `null`, `~` or empty scalar (YAML's null).
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { text, plain: true } if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// The mapping's entries.
    pub fn entries(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            Kind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value under a key (keys compared exactly).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .find(|(k, _)| k.scalar() == Some(key))
            .map(|(_, v)| v)
    }

    /// A short description of the shape, for messages ("a mapping", "`!Sub`"...).
    pub fn describe(&self) -> String {
        if let Some(tag) = &self.tag {
            return format!("the intrinsic function `!{tag}`");
        }
        match &self.kind {
            Kind::Scalar { .. } if self.is_null() => "null".to_string(),
            Kind::Scalar { text, .. } => format!("the scalar {text:?}"),
            Kind::Seq(_) => "a list".to_string(),
            Kind::Map(entries) => match entries.first().and_then(|(k, _)| k.scalar()) {
                Some(key) if entries.len() == 1 && is_intrinsic_key(key) => {
                    format!("the intrinsic function `{key}`")
                }
                _ => "a mapping".to_string(),
            },
        }
    }

    /// Whether this is a CloudFormation intrinsic function, short (`!Sub`) or long (`Fn::Sub`).
    pub fn is_intrinsic(&self) -> bool {
        self.tag.is_some()
            || matches!(self.entries(), Some([(k, _)]) if k.scalar().is_some_and(is_intrinsic_key))
    }
}

/// CloudFormation's short-form tags (its intrinsic functions and `!Condition`); any other tag is a
/// mistake CloudFormation itself would refuse.
const KNOWN_TAGS: [&str; 20] = [
    "Ref",
    "Sub",
    "GetAtt",
    "Join",
    "Select",
    "Split",
    "If",
    "Equals",
    "And",
    "Or",
    "Not",
    "FindInMap",
    "GetAZs",
    "ImportValue",
    "Base64",
    "Cidr",
    "Condition",
    "Transform",
    "ToJsonString",
    "Length",
];

fn is_intrinsic_key(key: &str) -> bool {
    key == "Ref" || key == "Condition" || key.starts_with("Fn::")
}

/// Reads a definition file's text into a tree.
///
/// # Errors
/// A syntax error, with the line and column the parser stopped at.
pub fn load(file: &str, text: &str) -> Result<Node, DefinitionError> {
    if file.ends_with(".json")
        && let Err(error) = serde_json::from_str::<serde_json::Value>(text)
    {
        return Err(DefinitionError::new(
            file,
            Location::at(error.line(), error.column()),
            ErrorKind::Syntax {
                format: "JSON",
                message: strip_position(&error.to_string()),
            },
        ));
    }
    let mut builder = Builder::default();
    if file.ends_with(".json") {
        builder.json = true;
        json::read(text, &mut builder).map_err(|(location, message)| {
            DefinitionError::new(
                file,
                location,
                ErrorKind::Syntax {
                    format: "JSON",
                    message,
                },
            )
        })?;
        return builder
            .root
            .ok_or_else(|| DefinitionError::new(file, Location::at(1, 1), ErrorKind::Empty));
    }
    let mut parser = Parser::new_from_str(text);
    for event in &mut parser {
        let (event, span) = event.map_err(|error| {
            DefinitionError::new(
                file,
                Location::at(error.marker().line(), error.marker().col() + 1),
                ErrorKind::Syntax {
                    format: "YAML",
                    message: error.info().to_string(),
                },
            )
        })?;
        builder.event(event, span).map_err(|(location, message)| {
            DefinitionError::new(
                file,
                location,
                ErrorKind::Syntax {
                    format: "YAML",
                    message,
                },
            )
        })?;
        if builder.documents > 1 {
            return Err(DefinitionError::new(
                file,
                Location::at(span.start.line(), span.start.col() + 1),
                ErrorKind::Syntax {
                    format: "YAML",
                    message: "a second document: a definition file holds one".into(),
                },
            ));
        }
    }
    builder
        .root
        .ok_or_else(|| DefinitionError::new(file, Location::at(1, 1), ErrorKind::Empty))
}

/// serde_json appends " at line L column C"; the location is reported on its own.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

enum Open {
    Seq(Node),
    Map(Node, Option<Node>),
}

/// Builds the tree from parser events (the YAML parser's, or the JSON reader's).
#[derive(Default)]
pub(super) struct Builder {
    stack: Vec<(Open, usize)>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    documents: usize,
    /// The events come from a JSON file: quoted scalars are JSON strings.
    json: bool,
}

impl Builder {
    pub(super) fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), (Location, String)> {
        let at = |kind: Kind, tag: Option<String>| Node {
            kind,
            tag,
            line: span.start.line(),
            column: span.start.col() + 1,
            origin: None,
        };
        // A block scalar's indentation indicator counts from the innermost block collection's
        // indentation: the column its first entry starts at (block scalars cannot stand inside a
        // flow collection).
        let parent_indent = self.stack.last().map_or(-1, |(open, _)| match open {
            Open::Seq(node) | Open::Map(node, _) => node.column as isize - 1,
        });
        let style_of = |style: ScalarStyle| match style {
            ScalarStyle::DoubleQuoted if self.json => Style::Json,
            ScalarStyle::Plain => Style::Plain,
            ScalarStyle::SingleQuoted => Style::SingleQuoted,
            ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
            ScalarStyle::Literal => Style::Literal,
            ScalarStyle::Folded => Style::Folded,
        };
        let tag_of = |tag: Option<std::borrow::Cow<'_, saphyr_parser::Tag>>| {
            tag.filter(|t| !t.is_yaml_core_schema())
                .map(|t| format!("{}{}", t.handle.trim_start_matches('!'), t.suffix))
        };
        let unknown_tag = |tag: &Option<std::borrow::Cow<'_, saphyr_parser::Tag>>| {
            tag.as_ref()
                .filter(|t| !t.is_yaml_core_schema())
                .map(|t| format!("{}{}", t.handle.trim_start_matches('!'), t.suffix))
                .filter(|name| !KNOWN_TAGS.contains(&name.as_str()))
        };
        if let Event::Scalar(_, _, _, tag)
        | Event::SequenceStart(_, tag)
        | Event::MappingStart(_, tag) = &event
            && let Some(name) = unknown_tag(tag)
        {
            return Err((
                Location::at(span.start.line(), span.start.col() + 1),
                format!("unknown tag `!{name}`: not a CloudFormation intrinsic function"),
            ));
        }
        match event {
            Event::DocumentStart(_) => self.documents += 1,
            Event::Scalar(text, style, anchor, tag) => {
                let mut node = at(
                    Kind::Scalar {
                        text: text.into_owned(),
                        plain: style == ScalarStyle::Plain,
                    },
                    tag_of(tag),
                );
                node.origin = Some(Origin {
                    start: span.start.index(),
                    style: style_of(style),
                    parent_indent,
                });
                self.finish(node, anchor)?;
            }
            Event::Alias(anchor) => {
                let node = self.anchors.get(&anchor).cloned().ok_or_else(|| {
                    (
                        Location::at(span.start.line(), span.start.col() + 1),
                        "an alias to an unknown anchor".to_string(),
                    )
                })?;
                self.finish(node, 0)?;
            }
            Event::SequenceStart(anchor, tag) => self
                .stack
                .push((Open::Seq(at(Kind::Seq(Vec::new()), tag_of(tag))), anchor)),
            Event::MappingStart(anchor, tag) => self.stack.push((
                Open::Map(at(Kind::Map(Vec::new()), tag_of(tag)), None),
                anchor,
            )),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((open, anchor)) = self.stack.pop() {
                    let node = match open {
                        Open::Seq(node) | Open::Map(node, _) => node,
                    };
                    self.finish(node, anchor)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn finish(&mut self, node: Node, anchor: usize) -> Result<(), (Location, String)> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some((Open::Seq(seq), _)) => {
                if let Kind::Seq(items) = &mut seq.kind {
                    items.push(node);
                }
            }
            Some((Open::Map(map, key), _)) => match key.take() {
                None => {
                    if node.scalar().is_none() {
                        return Err((
                            Location::at(node.line, node.column),
                            "a mapping key that is not a scalar".to_string(),
                        ));
                    }
                    *key = Some(node);
                }
                Some(key_node) => {
                    if let Kind::Map(entries) = &mut map.kind {
                        if entries.iter().any(|(k, _)| k.scalar() == key_node.scalar()) {
                            return Err((
                                Location::at(key_node.line, key_node.column),
                                format!(
                                    "the key {:?} appears twice in one mapping",
                                    key_node.scalar().unwrap_or_default()
                                ),
                            ));
                        }
                        entries.push((key_node, node));
                    }
                }
            },
        }
        Ok(())
    }
}

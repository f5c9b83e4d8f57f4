//! A definition file as a tree that remembers where each value stood: YAML read through
//! `saphyr-parser`'s events, `.json` files checked by `serde_json` (so a JSON-only mistake is
//! reported as one) and then read by [`super::json`] into the same events; tags kept for
//! CloudFormation's short intrinsics (`!Sub`, `!Ref`...), anchors resolved.
//!
//! Two leniencies, each reported as a [`Warning`] (CloudFormation accepts both; see
//! `corpus/conformance/known-differences.md`): a flow collection whose continuation lines are not
//! indented past the block it stands in (YAML 1.2 refuses it: yaml-test-suite case 9C9N) is read
//! as if they were; a key repeated in one mapping keeps its last value. Everything else YAML 1.2
//! refuses stays an error.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use super::error::{DefinitionError, ErrorKind, Location, Warning};
use super::intrinsics::{Evaluated, Problem};
use super::json;
use super::source_map::{Origin, Style};

/// Which file of a definition a node comes from: 0 for the file given, then the files it points
/// at (`DefinitionUri`, `BodyS3Location`, `AWS::Include`), in the order they were read.
pub(crate) type FileId = u32;

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
    /// The file it stands in.
    pub file: FileId,
    /// For a value a CloudFormation intrinsic function computed: where its text came from and
    /// the stand-ins it used ([`super::intrinsics`]).
    pub evaluated: Option<Box<Evaluated>>,
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
    /// An intrinsic function whose value cannot be known (a parameter with no value, another
    /// stack's export...): an error where a reader needs the value, nothing where none does.
    Unresolved(Box<Problem>),
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
        #[cfg(feature = "lint")]
        key_reads::note(self, key);
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
            Kind::Unresolved(_) => "a value that cannot be known".to_string(),
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

/// Which keys the readers asked of which mapping, while a linter listens: a key of an
/// `x-amazon-apigateway-*` object that no reader asks for is one AWS does not know either (or one
/// apigw-vtl does not model: `lint` keeps a list of those). Recording costs nothing when off.
#[cfg(feature = "lint")]
pub(crate) mod key_reads {
    use std::cell::RefCell;
    use std::collections::HashSet;

    use super::{FileId, Node};

    /// A mapping's place (file, line, column) and a key asked of it.
    pub(crate) type KeyRead = (FileId, usize, usize, String);

    thread_local! {
        static READS: RefCell<Option<HashSet<KeyRead>>> = const { RefCell::new(None) };
    }

    pub(super) fn note(node: &Node, key: &str) {
        READS.with(|reads| {
            if let Some(reads) = reads.borrow_mut().as_mut() {
                reads.insert((node.file, node.line, node.column, key.to_string()));
            }
        });
    }

    /// Starts recording on this thread (forgetting any earlier record).
    pub(crate) fn start() {
        READS.with(|reads| *reads.borrow_mut() = Some(HashSet::new()));
    }

    /// Stops recording and returns what was asked since [`start`].
    pub(crate) fn stop() -> HashSet<KeyRead> {
        READS.with(|reads| reads.borrow_mut().take().unwrap_or_default())
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

pub(crate) fn is_intrinsic_key(key: &str) -> bool {
    key == "Ref" || key == "Condition" || key.starts_with("Fn::")
}

/// A file read into a tree, with what it does that YAML 1.2 would refuse but CloudFormation reads.
#[derive(Debug)]
pub(crate) struct Loaded {
    /// The document.
    pub(crate) root: Node,
    /// Repeated keys and re-indented flow lines, in file order.
    pub(crate) warnings: Vec<Warning>,
}

/// How many lines of one file the flow leniency may re-indent (each costs another parse).
const MAX_REINDENTED: usize = 256;

/// Reads a definition file's text into a tree; `id` names the file in every node.
///
/// # Errors
/// A syntax error, with the line and column the parser stopped at.
pub(crate) fn load(file: &str, text: &str, id: FileId) -> Result<Loaded, DefinitionError> {
    let syntax = |location: Location, format: &'static str, message: String| {
        DefinitionError::new(file, location, ErrorKind::Syntax { format, message })
    };
    if file.ends_with(".json") {
        if let Err(error) = serde_json::from_str::<serde_json::Value>(text) {
            return Err(syntax(
                Location::at(error.line(), error.column()),
                "JSON",
                strip_position(&error.to_string()),
            ));
        }
        let shifts = Shifts::default();
        let mut builder = Builder::new(file, id, None, &shifts);
        builder.json = true;
        json::read(text, &mut builder)
            .map_err(|(location, message)| syntax(location, "JSON", message))?;
        return builder.finish_document(file);
    }
    // CloudFormation reads flow collections whose continuation lines are not indented past the
    // block they stand in (yaml-test-suite 9C9N; YAML 1.2 refuses them). Each refused line is
    // indented as far as YAML wants, the text parsed again, and every position mapped back.
    let mut shifts = Shifts::default();
    let mut source = std::borrow::Cow::Borrowed(text);
    loop {
        let mut builder = Builder::new(file, id, Some(&source), &shifts);
        let failure = match parse_yaml(&source, &mut builder) {
            Ok(()) => {
                let mut loaded = builder.finish_document(file)?;
                loaded.warnings.extend(shifts.warnings(file));
                loaded
                    .warnings
                    .sort_by_key(|w| (w.location().line, w.location().column));
                return Ok(loaded);
            }
            Err(failure) => failure,
        };
        let flow = builder.open_flow();
        drop(builder);
        let (line, column, message) = match failure {
            Failure::Parser {
                line,
                column,
                message,
            } => (line, column, message),
            Failure::Builder(location, message) => {
                return Err(syntax(location, "YAML", message));
            }
        };
        // Only a continuation line (after the one the flow collection opens on), each at most
        // once, and only where the parser stops at that line (a quoted scalar's error is at its
        // start, not at the line that is not indented).
        if matches!(
            message.as_str(),
            "invalid indentation" | "invalid indentation in flow construct"
        ) && shifts.count() < MAX_REINDENTED
            && let Some(flow) = flow
            && line > flow.opened.0
            && !shifts.has(line)
            && let Some(start) = line_start(&source, line)
        {
            let rest = &source[start..];
            let indent = rest.bytes().take_while(|&b| b == b' ').count();
            let content = rest.as_bytes().get(indent).copied();
            if indent < flow.required && !matches!(content, None | Some(b'\t' | b'\n' | b'\r')) {
                let missing = flow.required - indent;
                let mut repaired = String::with_capacity(source.len() + missing);
                repaired.push_str(&source[..start]);
                repaired.extend(std::iter::repeat_n(' ', missing));
                repaired.push_str(rest);
                shifts.add(line, missing, flow.opened, indent);
                source = std::borrow::Cow::Owned(repaired);
                continue;
            }
        }
        let (column, _) = shifts.original(line, column, 0);
        return Err(syntax(Location::at(line, column + 1), "YAML", message));
    }
}

/// Why a YAML parse stopped: the parser's error (line 1-based, column 0-based, in the text
/// parsed), or the tree builder's (already placed in the original file).
enum Failure {
    Parser {
        line: usize,
        column: usize,
        message: String,
    },
    Builder(Location, String),
}

fn parse_yaml(source: &str, builder: &mut Builder<'_>) -> Result<(), Failure> {
    let mut parser = Parser::new_from_str(source);
    for event in &mut parser {
        let (event, span) = event.map_err(|error| Failure::Parser {
            line: error.marker().line(),
            column: error.marker().col(),
            message: error.info().to_string(),
        })?;
        builder
            .event(event, span)
            .map_err(|(location, message)| Failure::Builder(location, message))?;
        if builder.documents > 1 {
            let (column, _) = builder
                .shifts
                .original(span.start.line(), span.start.col(), 0);
            return Err(Failure::Builder(
                Location::at(span.start.line(), column + 1),
                "a second document: a definition file holds one".into(),
            ));
        }
    }
    Ok(())
}

/// Byte offset where 1-based `line` starts (`\r\n`, `\n` and a lone `\r` end a line, as the
/// YAML parser counts them).
fn line_start(text: &str, line: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut current = 1;
    let mut at = 0;
    while current < line {
        let end = bytes[at..].iter().position(|&b| b == b'\n' || b == b'\r')? + at;
        at = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
            end + 2
        } else {
            end + 1
        };
        current += 1;
    }
    Some(at)
}

/// serde_json appends " at line L column C"; the location is reported on its own.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

/// The spaces inserted at the start of lines by the flow leniency, to map positions in the
/// re-indented text back to the file.
#[derive(Debug, Default)]
struct Shifts {
    /// Sorted by line.
    lines: Vec<Reindented>,
}

/// One re-indented line.
#[derive(Debug)]
struct Reindented {
    line: usize,
    /// Spaces inserted at its start.
    spaces: usize,
    /// Characters inserted on the lines before it.
    before: usize,
    /// Where the flow collection it continues opened, in the file.
    opened: (usize, usize),
    /// Its own indentation in the file.
    indent: usize,
}

impl Shifts {
    fn count(&self) -> usize {
        self.lines.len()
    }

    fn has(&self, line: usize) -> bool {
        self.lines.binary_search_by_key(&line, |r| r.line).is_ok()
    }

    fn add(&mut self, line: usize, spaces: usize, opened: (usize, usize), indent: usize) {
        if let Err(at) = self.lines.binary_search_by_key(&line, |r| r.line) {
            self.lines.insert(
                at,
                Reindented {
                    line,
                    spaces,
                    before: 0,
                    opened,
                    indent,
                },
            );
        }
        let mut before = 0;
        for entry in &mut self.lines {
            entry.before = before;
            before += entry.spaces;
        }
    }

    /// A position in the re-indented text (1-based line, 0-based column, character index) as
    /// the file's (column, index).
    fn original(&self, line: usize, column: usize, index: usize) -> (usize, usize) {
        if self.lines.is_empty() {
            return (column, index);
        }
        let at = self.lines.partition_point(|r| r.line < line);
        let before = match self.lines.get(at) {
            Some(entry) => entry.before,
            None => self
                .lines
                .last()
                .map_or(0, |last| last.before + last.spaces),
        };
        let here = match self.lines.get(at) {
            Some(entry) if entry.line == line => entry.spaces.min(column),
            _ => 0,
        };
        (column - here, index.saturating_sub(before + here))
    }

    /// One warning for each flow collection whose lines were re-indented.
    fn warnings(&self, file: &str) -> Vec<Warning> {
        let mut groups: Vec<((usize, usize), usize, Vec<usize>)> = Vec::new();
        for r in &self.lines {
            match groups.iter_mut().find(|(o, _, _)| *o == r.opened) {
                Some((_, _, lines)) => lines.push(r.line),
                None => groups.push((r.opened, r.indent, vec![r.line])),
            }
        }
        groups
            .into_iter()
            .map(|((line, column), indent, lines)| {
                let list = match lines.as_slice() {
                    [one] => format!("line {one} is"),
                    [first @ .., last] => format!(
                        "lines {} and {last} are",
                        first
                            .iter()
                            .map(usize::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    [] => String::new(),
                };
                Warning::new(
                    file,
                    Location::at(lines[0], indent + 1),
                    format!(
                        "{list} inside a flow collection but not indented past the block it stands in; YAML 1.2 refuses this (yaml-test-suite 9C9N), CloudFormation reads it: read as if indented"
                    ),
                )
                .with_related(Location::at(line, column), "the flow collection opens here")
            })
            .collect()
    }
}

/// The innermost block collection around the outermost open flow collection.
struct OpenFlow {
    /// How many spaces a continuation line needs: one more than that block's indentation.
    required: usize,
    /// Where the flow collection opened, in the file.
    opened: (usize, usize),
}

enum Open {
    Seq(Node),
    Map(Node, Option<Node>),
}

/// A collection being built: its node, its anchor, whether it is a flow collection (`{`, `[`),
/// and its column in the text parsed (0-based).
struct Opened {
    open: Open,
    anchor: usize,
    flow: bool,
    column: usize,
}

/// Builds the tree from parser events (the YAML parser's, or the JSON reader's).
pub(super) struct Builder<'t> {
    file: &'t str,
    id: FileId,
    /// The text parsed (YAML only), to tell a flow collection from a block one.
    text: Option<&'t str>,
    /// Byte offset of each character of `text`, when it is not all ASCII.
    char_offsets: Vec<usize>,
    shifts: &'t Shifts,
    stack: Vec<Opened>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    documents: usize,
    warnings: Vec<Warning>,
    /// The events come from a JSON file: quoted scalars are JSON strings.
    pub(super) json: bool,
}

impl<'t> Builder<'t> {
    fn new(file: &'t str, id: FileId, text: Option<&'t str>, shifts: &'t Shifts) -> Self {
        let char_offsets = match text {
            Some(text) if !text.is_ascii() => text.char_indices().map(|(at, _)| at).collect(),
            _ => Vec::new(),
        };
        Builder {
            file,
            id,
            text,
            char_offsets,
            shifts,
            stack: Vec::new(),
            anchors: HashMap::new(),
            root: None,
            documents: 0,
            warnings: Vec::new(),
            json: false,
        }
    }

    fn finish_document(self, file: &str) -> Result<Loaded, DefinitionError> {
        let root = self
            .root
            .ok_or_else(|| DefinitionError::new(file, Location::at(1, 1), ErrorKind::Empty))?;
        Ok(Loaded {
            root,
            warnings: self.warnings,
        })
    }

    /// The character at character index `index` of the text parsed.
    fn char_at(&self, index: usize) -> Option<char> {
        let text = self.text?;
        let at = if self.char_offsets.is_empty() {
            index
        } else {
            *self.char_offsets.get(index)?
        };
        text.get(at..)?.chars().next()
    }

    /// The outermost flow collection still open and what its continuation lines need.
    fn open_flow(&self) -> Option<OpenFlow> {
        let at = self.stack.iter().position(|opened| opened.flow)?;
        let block = self.stack.get(at.checked_sub(1)?)?;
        let node = match &self.stack[at].open {
            Open::Seq(node) | Open::Map(node, _) => node,
        };
        Some(OpenFlow {
            required: block.column + 1,
            opened: (node.line, node.column),
        })
    }

    pub(super) fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), (Location, String)> {
        let line = span.start.line();
        let (column, index) = self
            .shifts
            .original(line, span.start.col(), span.start.index());
        let at = |kind: Kind, tag: Option<String>| Node {
            kind,
            tag,
            line,
            column: column + 1,
            origin: None,
            file: self.id,
            evaluated: None,
        };
        // A block scalar's indentation indicator counts from the innermost block collection's
        // indentation: the column its first entry starts at (block scalars cannot stand inside a
        // flow collection).
        let parent_indent = self.stack.last().map_or(-1, |opened| match &opened.open {
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
                Location::at(line, column + 1),
                format!("unknown tag `!{name}`: not a CloudFormation intrinsic function"),
            ));
        }
        let flow = || !self.json && matches!(self.char_at(span.start.index()), Some('{' | '['));
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
                    start: index,
                    style: style_of(style),
                    parent_indent,
                });
                self.finish(node, anchor)?;
            }
            Event::Alias(anchor) => {
                let node = self.anchors.get(&anchor).cloned().ok_or_else(|| {
                    (
                        Location::at(line, column + 1),
                        "an alias to an unknown anchor".to_string(),
                    )
                })?;
                self.finish(node, 0)?;
            }
            Event::SequenceStart(anchor, tag) => {
                let flow = flow();
                self.stack.push(Opened {
                    open: Open::Seq(at(Kind::Seq(Vec::new()), tag_of(tag))),
                    anchor,
                    flow,
                    column: span.start.col(),
                });
            }
            Event::MappingStart(anchor, tag) => {
                let flow = flow();
                self.stack.push(Opened {
                    open: Open::Map(at(Kind::Map(Vec::new()), tag_of(tag)), None),
                    anchor,
                    flow,
                    column: span.start.col(),
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(opened) = self.stack.pop() {
                    let node = match opened.open {
                        Open::Seq(node) | Open::Map(node, _) => node,
                    };
                    self.finish(node, opened.anchor)?;
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
        match self.stack.last_mut().map(|opened| &mut opened.open) {
            None => self.root = Some(node),
            Some(Open::Seq(seq)) => {
                if let Kind::Seq(items) = &mut seq.kind {
                    items.push(node);
                }
            }
            Some(Open::Map(map, key)) => match key.take() {
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
                        match entries
                            .iter_mut()
                            .find(|(k, _)| k.scalar() == key_node.scalar())
                        {
                            // CloudFormation keeps the last value of a repeated key; the AWS
                            // CLI's `cloudformation package` refuses the file (its YAML loader
                            // checks), as YAML 1.2 does.
                            Some(entry) => {
                                self.warnings.push(
                                    Warning::new(
                                        self.file,
                                        Location::at(key_node.line, key_node.column),
                                        format!(
                                            "the key {:?} appears twice in one mapping: the last value wins, as CloudFormation reads it (`aws cloudformation package` and YAML 1.2 refuse the file)",
                                            key_node.scalar().unwrap_or_default()
                                        ),
                                    )
                                    .with_related(
                                        Location::at(entry.0.line, entry.0.column),
                                        "first here",
                                    ),
                                );
                                *entry = (key_node, node);
                            }
                            None => entries.push((key_node, node)),
                        }
                    }
                }
            },
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Loaded {
        load("t.yaml", text, 0).unwrap_or_else(|e| panic!("{e}"))
    }

    fn place(node: &Node) -> (usize, usize) {
        (node.line, node.column)
    }

    // yaml-test-suite 9C9N: YAML 1.2 refuses it, CloudFormation reads it (issue 13).
    #[test]
    fn flow_continuation_lines_at_the_blocks_indentation_read_with_a_warning() {
        let loaded = read("flow: [a,\nb,\nc]\n");
        let Some(Kind::Seq(items)) = loaded.root.get("flow").map(|n| &n.kind) else {
            panic!("a list");
        };
        let texts: Vec<_> = items.iter().filter_map(Node::scalar).collect();
        assert_eq!(texts, ["a", "b", "c"]);
        // Positions are the file's, not the re-indented text's.
        assert_eq!(place(&items[1]), (2, 1));
        assert_eq!(place(&items[2]), (3, 1));
        assert_eq!(loaded.warnings.len(), 1);
        let warning = &loaded.warnings[0];
        assert_eq!((warning.location().line, warning.location().column), (2, 1));
        assert!(
            warning
                .message()
                .starts_with("lines 2 and 3 are inside a flow collection")
        );
        assert_eq!(
            warning.related().map(|(l, _)| (l.line, l.column)),
            Some((1, 7))
        );
    }

    #[test]
    fn nodes_after_a_reindented_line_keep_their_places_and_origins() {
        let text = "a:\n  Schema: {\n  \"x\": 1,\n   \"y\": \"é\"\n  }\n  next: \"v\"\n";
        let loaded = read(text);
        let a = loaded.root.get("a").expect("a");
        let schema = a.get("Schema").expect("Schema");
        let x = &schema.entries().expect("a mapping")[0].0;
        assert_eq!(place(x), (3, 3));
        let next = a.get("next").expect("next");
        assert_eq!(place(next), (6, 9));
        // The origin indexes characters of the file itself: the source map reads `"v"` there.
        let origin = next.origin.expect("origin");
        assert_eq!(text.chars().nth(origin.start), Some('"'));
        let y = schema.get("y").expect("y");
        assert_eq!(text.chars().nth(y.origin.expect("origin").start), Some('"'));
        // Line 3 is not indented past `Schema`'s block (the parser takes the `}` as it is).
        assert_eq!(loaded.warnings.len(), 1);
        assert!(
            loaded.warnings[0].message().starts_with("line 3 is"),
            "{}",
            loaded.warnings[0]
        );
    }

    #[test]
    fn everything_else_yaml_refuses_stays_an_error() {
        for (text, at) in [
            // A block mapping indented wrongly.
            ("a:\n  b: 1\n c: 2\n", (3, 2)),
            // A tab where the flow's indentation should be.
            ("a:\n  b: [1,\n\t2]\n", (3, 2)),
            // A quoted scalar's own continuation line.
            ("a:\n  b: [\"x\n y\"]\n", (2, 7)),
        ] {
            let error = load("t.yaml", text, 0).expect_err(text);
            let location = error.location();
            assert_eq!((location.line, location.column), at, "{text:?}: {error}");
        }
    }

    #[test]
    fn an_error_after_a_reindented_line_is_placed_in_the_file() {
        let error = load("t.yaml", "a: {b: 1,\nc: 2}\nd: [\n", 0).expect_err("unclosed");
        let location = error.location();
        assert_eq!(location.line, 4, "{error}");
    }

    #[test]
    fn a_repeated_key_keeps_the_last_value_in_the_first_place() {
        let loaded = read("a: 1\nb: 2\na: 3\n");
        let entries = loaded.root.entries().expect("a mapping");
        let keys: Vec<_> = entries.iter().filter_map(|(k, _)| k.scalar()).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(entries[0].1.scalar(), Some("3"));
        let warning = &loaded.warnings[0];
        assert_eq!((warning.location().line, warning.location().column), (3, 1));
        assert_eq!(
            warning
                .related()
                .map(|(l, label)| (l.line, l.column, label)),
            Some((1, 1, "first here"))
        );
    }
}

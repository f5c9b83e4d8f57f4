//! CloudFormation's intrinsic functions, evaluated offline over a template's resources.
//!
//! `Ref`, `Fn::Sub` (both forms, `${!Literal}`, `${Resource.Attribute}`), `Fn::Join`,
//! `Fn::GetAtt`, `Fn::Select`, `Fn::Split`, `Fn::If` with the template's `Conditions`
//! (`Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`, `Condition`), `Fn::FindInMap` with `Mappings`
//! (and `AWS::LanguageExtensions`' `DefaultValue`), `Fn::Base64`, `Fn::ImportValue`, `Fn::GetAZs`,
//! `AWS::NoValue`, and `AWS::LanguageExtensions`' `Fn::ToJsonString` and `Fn::Length`; short
//! (`!Sub`) and long (`Fn::Sub:`) forms alike (AWS CloudFormation User Guide, "Intrinsic function
//! reference").
//!
//! Values come from [`DefinitionOptions`] first, then a parameter's `Default`, then the stand-ins
//! of [`super::standins`]. Evaluation is eager but its failures are not: a value that cannot be
//! known (a parameter with no value, an export not given, an undefined name) becomes a
//! [`Kind::Unresolved`] node where it stands, an error only where a reader needs that value. An
//! evaluated value keeps the position of the function that made it, and an evaluated string
//! remembers which bytes came from which scalar of the file ([`Piece`]), so that a mapping
//! template built by `Fn::Sub` or `Fn::Join` that does not parse is still reported in the file.

use std::collections::HashMap;
use std::sync::Arc;

use base64::Engine;

use super::document::{FileId, Kind, Node};
use super::error::{ErrorKind, Location, Warning};
use super::options::DefinitionOptions;
use super::source_map::Origin;
use super::standins::{self, Naming};

/// How deep functions and the values they build may nest: deeper is refused, not a stack
/// overflow.
const MAX_DEPTH: usize = 128;

/// What an intrinsic function made of a value.
#[derive(Clone, Debug, Default)]
pub(crate) struct Evaluated {
    /// Where each part of a string's text came from (empty for lists and maps).
    pub(crate) pieces: Vec<Piece>,
    /// The stand-ins the value is made of.
    pub(crate) stand_ins: Vec<StandInUse>,
    /// The function that built it (`Fn::Sub`), for messages.
    pub(crate) function: &'static str,
}

/// Bytes `start..end` of an evaluated string, and where they came from.
#[derive(Clone, Debug)]
pub(crate) struct Piece {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) source: Source,
}

/// Where a piece of an evaluated string came from.
#[derive(Clone, Debug)]
pub(crate) enum Source {
    /// A scalar written in a file: the piece's bytes are its text's from `offset` on, or all
    /// stand at `offset` when `fixed` (a value substituted for `${Name}` stands at its `$`).
    Text {
        file: FileId,
        origin: Origin,
        text: Arc<str>,
        offset: usize,
        fixed: bool,
    },
    /// A value written nowhere (a stand-in, an option): it stands where its function does.
    At {
        file: FileId,
        line: usize,
        column: usize,
    },
}

/// A stand-in used by a value, where its function stands.
#[derive(Clone, Debug)]
pub(crate) struct StandInUse {
    pub(crate) file: FileId,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) expression: String,
    pub(crate) value: String,
    pub(crate) name: String,
}

/// Why a value cannot be known, and where.
#[derive(Clone, Debug)]
pub(crate) struct Problem {
    pub(crate) file: FileId,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) kind: ProblemKind,
}

/// [`ErrorKind`]'s variants for evaluation (that type is not `Clone`; nodes are).
#[derive(Clone, Debug)]
pub(crate) enum ProblemKind {
    Unresolved {
        message: String,
        flag: Option<String>,
    },
    Bad {
        function: String,
        message: String,
    },
    Include {
        location: String,
        message: String,
        flag: Option<String>,
    },
}

impl Problem {
    pub(crate) fn at(node: &Node, kind: ProblemKind) -> Self {
        Problem {
            file: node.file,
            line: node.line,
            column: node.column,
            kind,
        }
    }

    /// The error to report.
    pub(crate) fn error_kind(&self) -> ErrorKind {
        match self.kind.clone() {
            ProblemKind::Unresolved { message, flag } => ErrorKind::Unresolved { message, flag },
            ProblemKind::Bad { function, message } => ErrorKind::BadIntrinsic { function, message },
            ProblemKind::Include {
                location,
                message,
                flag,
            } => ErrorKind::Include {
                location,
                message,
                flag,
            },
        }
    }

    /// A node that stands for this problem.
    pub(crate) fn into_node(self) -> Node {
        Node {
            line: self.line,
            column: self.column,
            file: self.file,
            kind: Kind::Unresolved(Box::new(self)),
            tag: None,
            origin: None,
            evaluated: None,
        }
    }
}

fn bad(at: &Node, function: &str, message: impl Into<String>) -> Problem {
    Problem::at(
        at,
        ProblemKind::Bad {
            function: function.to_string(),
            message: message.into(),
        },
    )
}

fn unresolved(at: &Node, message: String, flag: Option<String>) -> Problem {
    Problem::at(at, ProblemKind::Unresolved { message, flag })
}

fn overrides_flag(name: &str) -> Option<String> {
    Some(format!("--parameter-overrides {name}=VALUE"))
}

/// The template after evaluation, and what readers need to know of it.
pub(crate) struct Evaluation {
    /// The template with every resource's `Properties` evaluated; resources whose `Condition` is
    /// false are gone.
    pub(crate) root: Node,
    /// What `Ref` / `Fn::GetAtt ... RootResourceId` give for API Gateway's resources: the value,
    /// the logical id, and whether it is the API's root resource.
    pub(crate) references: HashMap<String, (String, bool)>,
    /// The URI SAM writes for each `AWS::Serverless::Function`'s `Api` events, evaluated.
    pub(crate) sam_uris: HashMap<String, Node>,
    pub(crate) warnings: Vec<Warning>,
}

/// Evaluates the intrinsic functions of a CloudFormation template `root` read from `file`.
pub(crate) fn evaluate(file: &str, root: &Node, options: &DefinitionOptions) -> Evaluation {
    let mut evaluator = Evaluator::new(root, options, standins::stack_name(file));
    let mut warnings = Vec::new();
    let Some(resources) = root.get("Resources").filter(|r| r.entries().is_some()) else {
        return Evaluation {
            root: root.clone(),
            references: HashMap::new(),
            sam_uris: HashMap::new(),
            warnings,
        };
    };
    let mut kept = Vec::new();
    for (key, resource) in resources.entries().unwrap_or_default() {
        let name = key.scalar().unwrap_or_default();
        if name.starts_with("Fn::ForEach::") {
            warnings.push(Warning::new(
                file,
                Location::at(key.line, key.column),
                format!(
                    "`{name}` (AWS::LanguageExtensions) is not expanded: apigw-vtl reads no resources from it"
                ),
            ));
            continue;
        }
        let mut resource = resource.clone();
        if let Some(condition) = resource.get("Condition") {
            let value = match condition.scalar() {
                Some(name) => evaluator.condition(name, condition),
                None => Err(bad(condition, "Condition", "expected a condition's name")),
            };
            match value {
                Ok(Decided { value: false, .. }) => continue,
                Ok(Decided { value: true, .. }) => {}
                Err(problem) => set(&mut resource, "Properties", problem.into_node()),
            }
        }
        if let Some(properties) = resource.get("Properties") {
            let evaluated = evaluator.tree(properties);
            set(&mut resource, "Properties", evaluated);
        }
        kept.push((key.clone(), resource));
    }
    let mut references = HashMap::new();
    for (key, resource) in &kept {
        let logical = key.scalar().unwrap_or_default();
        let resource_type = resource
            .get("Type")
            .and_then(Node::scalar)
            .unwrap_or_default();
        if !resource_type.starts_with("AWS::ApiGateway::")
            && resource_type != "AWS::Serverless::Api"
        {
            continue;
        }
        if let Ok(Some(value)) = evaluator.resolve_ref(logical, key, String::new())
            && let Some(text) = value.scalar()
        {
            references.insert(text.to_string(), (logical.to_string(), false));
        }
        if matches!(
            resource_type,
            "AWS::ApiGateway::RestApi" | "AWS::Serverless::Api"
        ) && let Ok(value) = evaluator.get_att(logical, "RootResourceId", key, String::new())
            && let Some(text) = value.scalar()
        {
            references.insert(text.to_string(), (logical.to_string(), true));
        }
    }
    // SAM's `Api` events integrate their function through this `Fn::Sub` (sam.rs).
    let mut sam_uris = HashMap::new();
    for (key, resource) in &kept {
        if resource.get("Type").and_then(Node::scalar) == Some("AWS::Serverless::Function") {
            let logical = key.scalar().unwrap_or_default();
            let mut sub = key.clone();
            sub.tag = Some("Sub".into());
            sub.kind = Kind::Scalar {
                text: super::sam::function_uri(logical),
                plain: false,
            };
            sub.origin = None;
            let value = match evaluator.eval(&sub, false) {
                Ok(Some(value)) => value,
                Ok(None) => continue,
                Err(problem) => problem.into_node(),
            };
            sam_uris.insert(logical.to_string(), value);
        }
    }
    for (name, _) in options.parameters() {
        if !evaluator.defines(name) {
            warnings.push(Warning::new(
                file,
                Location::default(),
                format!(
                    "`--parameter-overrides {name}=…`: the template defines no parameter, resource or pseudo parameter `{name}` (CloudFormation refuses unknown parameters)"
                ),
            ));
        }
    }
    let mut root = root.clone();
    let mut resources = resources.clone();
    resources.kind = Kind::Map(kept);
    set(&mut root, "Resources", resources);
    Evaluation {
        root,
        references,
        sam_uris,
        warnings,
    }
}

/// Replaces (or adds) `key`'s value in a mapping node.
fn set(map: &mut Node, key: &str, value: Node) {
    if let Kind::Map(entries) = &mut map.kind {
        match entries.iter_mut().find(|(k, _)| k.scalar() == Some(key)) {
            Some(entry) => entry.1 = value,
            None => {
                let mut key_node = value.clone();
                key_node.kind = Kind::Scalar {
                    text: key.to_string(),
                    plain: true,
                };
                key_node.evaluated = None;
                entries.push((key_node, value));
            }
        }
    }
}

/// A condition's value, and the stand-ins it was decided with (a value `Fn::If` chooses by it is
/// made with them too).
#[derive(Clone)]
struct Decided {
    value: bool,
    uses: Vec<StandInUse>,
}

/// A resource's physical name, evaluated once.
#[derive(Clone)]
struct Name {
    text: String,
    /// Whether it is a stand-in (no name property, no override).
    stand_in: bool,
    /// The stand-ins the name property itself used.
    uses: Vec<StandInUse>,
}

struct Evaluator<'d> {
    options: &'d DefinitionOptions,
    parameters: HashMap<&'d str, &'d Node>,
    mappings: Option<&'d Node>,
    conditions: HashMap<&'d str, &'d Node>,
    /// Logical id → (type, properties).
    resources: HashMap<&'d str, (&'d str, Option<&'d Node>)>,
    stack: String,
    condition_values: HashMap<String, Result<Decided, Problem>>,
    names: HashMap<String, Result<Name, Problem>>,
    /// Conditions and resource names being evaluated, to refuse cycles.
    visiting: Vec<String>,
    depth: usize,
}

const PSEUDO: [&str; 8] = [
    "AWS::AccountId",
    "AWS::Region",
    "AWS::Partition",
    "AWS::URLSuffix",
    "AWS::StackName",
    "AWS::StackId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
];

/// A value of a pseudo parameter or a pattern part, and whether it is a stand-in.
struct Part {
    text: String,
    stand_in: bool,
}

impl<'d> Evaluator<'d> {
    fn new(root: &'d Node, options: &'d DefinitionOptions, stack: String) -> Self {
        let entries = |key: &str| root.get(key).and_then(Node::entries).unwrap_or_default();
        let named = |key: &str| {
            entries(key)
                .iter()
                .filter_map(|(k, v)| Some((k.scalar()?, v)))
                .collect::<HashMap<_, _>>()
        };
        let mut resources: HashMap<&str, (&str, Option<&Node>)> = entries("Resources")
            .iter()
            .filter_map(|(k, v)| {
                Some((k.scalar()?, (v.get("Type")?.scalar()?, v.get("Properties"))))
            })
            .collect();
        // SAM makes the implicit API of functions' `Api` events, `ServerlessRestApi`
        // (AWS SAM Developer Guide, "Generated CloudFormation resources").
        let sam = root.get("Transform").is_some_and(|t| {
            t.scalar().is_some_and(|s| s.starts_with("AWS::Serverless"))
                || matches!(&t.kind, Kind::Seq(items) if items.iter().any(|i| i.scalar().is_some_and(|s| s.starts_with("AWS::Serverless"))))
        });
        if sam {
            resources
                .entry("ServerlessRestApi")
                .or_insert(("AWS::ApiGateway::RestApi", None));
        }
        Evaluator {
            options,
            parameters: named("Parameters"),
            mappings: root.get("Mappings"),
            conditions: named("Conditions"),
            resources,
            stack,
            condition_values: HashMap::new(),
            names: HashMap::new(),
            visiting: Vec::new(),
            depth: 0,
        }
    }

    /// Whether the template gives `name` a meaning `--parameter-overrides` can set.
    fn defines(&self, name: &str) -> bool {
        self.parameters.contains_key(name)
            || PSEUDO.contains(&name)
            || self.resources.contains_key(name)
            || name
                .split_once('.')
                .is_some_and(|(logical, _)| self.resources.contains_key(logical))
    }

    /// A resource's `Properties`, evaluated where they stand: a value that cannot be known is
    /// an [`Kind::Unresolved`] node, an error only for a reader that needs it.
    fn tree(&mut self, node: &Node) -> Node {
        match self.eval(node, true) {
            Ok(Some(value)) => value,
            // `Properties: !Ref AWS::NoValue`: no properties.
            Ok(None) => {
                let mut empty = node.clone();
                empty.kind = Kind::Map(Vec::new());
                empty.tag = None;
                empty
            }
            Err(problem) => problem.into_node(),
        }
    }

    /// The value of `node`, every function in it evaluated; `None` for `AWS::NoValue`. When
    /// `lenient`, a part of a list or mapping that cannot be known becomes an unresolved node;
    /// otherwise it is the error.
    fn eval(&mut self, node: &Node, lenient: bool) -> Result<Option<Node>, Problem> {
        if self.depth >= MAX_DEPTH {
            return Err(bad(node, "intrinsic functions", "nested too deep"));
        }
        self.depth += 1;
        let result = self.eval_inner(node, lenient);
        self.depth -= 1;
        result
    }

    fn eval_inner(&mut self, node: &Node, lenient: bool) -> Result<Option<Node>, Problem> {
        if let Some((name, argument)) = function(node, false) {
            return self.call(&name, &argument, node, lenient);
        }
        let each = |this: &mut Self, child: &Node| match this.eval(child, lenient) {
            Ok(value) => Ok(value),
            Err(problem) if lenient => Ok(Some(problem.into_node())),
            Err(problem) => Err(problem),
        };
        match &node.kind {
            Kind::Scalar { .. } => Ok(Some(node.clone())),
            Kind::Unresolved(problem) => Err((**problem).clone()),
            Kind::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    if let Some(value) = each(self, item)? {
                        out.push(value);
                    }
                }
                Ok(Some(with_kind(node, Kind::Seq(out))))
            }
            Kind::Map(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for (key, value) in entries {
                    if let Some(value) = each(self, value)? {
                        out.push((key.clone(), value));
                    }
                }
                Ok(Some(with_kind(node, Kind::Map(out))))
            }
        }
    }

    /// A function's value: `name` without `Fn::`, `argument` its argument, `at` the function.
    /// Each function is a method of its own: this recursion's frames stay small.
    fn call(
        &mut self,
        name: &str,
        argument: &Node,
        at: &Node,
        lenient: bool,
    ) -> Result<Option<Node>, Problem> {
        match name {
            "Ref" => self.reference(argument, at),
            "Sub" => self.sub(argument, at).map(Some),
            "Join" => self.join(argument, at).map(Some),
            "GetAtt" => self.attribute(argument, at).map(Some),
            "Select" => self.select(argument, at).map(Some),
            "Split" => self.split(argument, at).map(Some),
            "If" => self.choose(argument, at, lenient),
            "FindInMap" => self.find_in_map(argument, at, lenient),
            "Base64" => self.base64(argument, at).map(Some),
            "ImportValue" => self.import(argument, at).map(Some),
            "GetAZs" => self.zones(argument, at).map(Some),
            "ToJsonString" => self.json_string(argument, at).map(Some),
            "Length" => self.length(argument, at).map(Some),
            "Cidr" => Err(bad(at, "Fn::Cidr", "apigw-vtl does not evaluate it")),
            "Transform" => Err(bad(
                at,
                "Fn::Transform",
                "apigw-vtl runs no macros but `AWS::Include` (with a `Location`)",
            )),
            "Equals" | "And" | "Or" | "Not" | "Condition" => Err(bad(
                at,
                &format!("Fn::{name}"),
                "a condition function, allowed only in `Conditions` and in `Fn::If`'s conditions",
            )),
            other => Err(bad(
                at,
                &format!("Fn::{other}"),
                "not a CloudFormation intrinsic function",
            )),
        }
    }

    fn reference(&mut self, argument: &Node, at: &Node) -> Result<Option<Node>, Problem> {
        let target = self.string(argument, "Ref")?;
        let expression = if at.tag.is_some() {
            format!("!Ref {target}")
        } else {
            format!("{{\"Ref\": \"{target}\"}}")
        };
        self.resolve_ref(&target, at, expression)
    }

    fn attribute(&mut self, argument: &Node, at: &Node) -> Result<Node, Problem> {
        let (logical, attribute) = match &argument.kind {
            Kind::Scalar { text, .. } => text
                .split_once('.')
                .map(|(l, a)| (l.to_string(), a.to_string()))
                .ok_or_else(|| bad(at, "Fn::GetAtt", "expected `Resource.Attribute`"))?,
            Kind::Seq(items) if items.len() == 2 => (
                self.string(&items[0], "Fn::GetAtt")?,
                self.string(&items[1], "Fn::GetAtt")?,
            ),
            _ => {
                return Err(bad(
                    at,
                    "Fn::GetAtt",
                    "expected `Resource.Attribute` or a list of the resource and the attribute",
                ));
            }
        };
        let expression = if at.tag.is_some() {
            format!("!GetAtt {logical}.{attribute}")
        } else {
            format!("{{\"Fn::GetAtt\": [\"{logical}\", \"{attribute}\"]}}")
        };
        self.get_att(&logical, &attribute, at, expression)
    }

    fn select(&mut self, argument: &Node, at: &Node) -> Result<Node, Problem> {
        let [index, list] = pair(argument, at, "Fn::Select", "an index and a list")?;
        let index_text = self.string(index, "Fn::Select")?;
        let items = self.list(list, "Fn::Select")?;
        let count = items.len();
        let index = index_text.trim().parse::<usize>().map_err(|_| {
            bad(
                at,
                "Fn::Select",
                format!("the index {index_text:?} is not a number"),
            )
        })?;
        items.into_iter().nth(index).ok_or_else(|| {
            bad(
                at,
                "Fn::Select",
                format!("the index {index} is out of range for a list of {count}"),
            )
        })
    }

    fn split(&mut self, argument: &Node, at: &Node) -> Result<Node, Problem> {
        let [delimiter, source] = pair(argument, at, "Fn::Split", "a delimiter and a string")?;
        let delimiter = self.string(delimiter, "Fn::Split")?;
        let source = self.scalar(source, "Fn::Split")?;
        if delimiter.is_empty() {
            return Err(bad(at, "Fn::Split", "the delimiter is empty"));
        }
        let uses = stand_ins_of(&source);
        let parts = source
            .scalar()
            .unwrap_or_default()
            .split(delimiter.as_str())
            .map(|part| self.text(at, part.to_string(), "Fn::Split", Vec::new(), uses.clone()))
            .collect();
        Ok(with_kind(at, Kind::Seq(parts)))
    }

    fn choose(
        &mut self,
        argument: &Node,
        at: &Node,
        lenient: bool,
    ) -> Result<Option<Node>, Problem> {
        let (condition, branches) = match &argument.kind {
            Kind::Seq(items) if items.len() == 3 => (&items[0], &items[1..]),
            _ => {
                return Err(bad(
                    at,
                    "Fn::If",
                    "expected a condition's name and two values",
                ));
            }
        };
        let name = self.string(condition, "Fn::If")?;
        let decided = self.condition(&name, condition)?;
        let chosen = if decided.value {
            &branches[0]
        } else {
            &branches[1]
        };
        let mut value = self.eval(chosen, lenient)?;
        if let Some(node) = value.as_mut().filter(|n| n.scalar().is_some())
            && !decided.uses.is_empty()
        {
            if node.evaluated.is_none() {
                node.evaluated = Some(Box::new(Evaluated {
                    pieces: pieces_of(node, 0),
                    stand_ins: Vec::new(),
                    function: "Fn::If",
                }));
            }
            if let Some(evaluated) = &mut node.evaluated {
                evaluated.stand_ins.extend(decided.uses);
            }
        }
        Ok(value)
    }

    fn base64(&mut self, argument: &Node, at: &Node) -> Result<Node, Problem> {
        let value = self.scalar(argument, "Fn::Base64")?;
        let encoded = base64::engine::general_purpose::STANDARD
            .encode(value.scalar().unwrap_or_default().as_bytes());
        Ok(self.text(at, encoded, "Fn::Base64", Vec::new(), stand_ins_of(&value)))
    }

    fn import(&mut self, argument: &Node, at: &Node) -> Result<Node, Problem> {
        let export = self.string(argument, "Fn::ImportValue")?;
        match self.options.import_value(&export) {
            Some(value) => Ok(self.text(
                at,
                value.to_string(),
                "Fn::ImportValue",
                Vec::new(),
                Vec::new(),
            )),
            None => Err(unresolved(
                at,
                format!(
                    "`Fn::ImportValue` of `{export}`: another stack's export, known only when this stack deploys"
                ),
                Some(format!("--import {export}=VALUE")),
            )),
        }
    }

    fn zones(&mut self, argument: &Node, at: &Node) -> Result<Node, Problem> {
        let region = self.string(argument, "Fn::GetAZs")?;
        let region = if region.is_empty() {
            self.pseudo("AWS::Region").text
        } else {
            region
        };
        // Stand-ins: three zones, `a` to `c`, for any region.
        let zones = ["a", "b", "c"]
            .iter()
            .map(|zone| {
                let value = format!("{region}{zone}");
                let uses = vec![self.use_of(at, "Fn::GetAZs".into(), &value, "AWS::Region")];
                self.text(at, value, "Fn::GetAZs", Vec::new(), uses)
            })
            .collect();
        Ok(with_kind(at, Kind::Seq(zones)))
    }

    fn json_string(&mut self, argument: &Node, at: &Node) -> Result<Node, Problem> {
        match self.eval(argument, false)? {
            Some(value) if matches!(value.kind, Kind::Map(_) | Kind::Seq(_)) => {
                let json = super::models::to_json(&value).to_string();
                Ok(self.text(at, json, "Fn::ToJsonString", Vec::new(), Vec::new()))
            }
            _ => Err(bad(at, "Fn::ToJsonString", "expected an object or a list")),
        }
    }

    fn length(&mut self, argument: &Node, at: &Node) -> Result<Node, Problem> {
        let items = self.list(argument, "Fn::Length")?;
        let mut node = self.text(
            at,
            items.len().to_string(),
            "Fn::Length",
            Vec::new(),
            Vec::new(),
        );
        node.kind = Kind::Scalar {
            text: items.len().to_string(),
            plain: true,
        };
        Ok(node)
    }

    /// A string argument: a scalar, or a function whose value is one.
    fn string(&mut self, node: &Node, function: &str) -> Result<String, Problem> {
        let value = self.scalar(node, function)?;
        Ok(value.scalar().unwrap_or_default().to_string())
    }

    /// A scalar argument's evaluated node.
    fn scalar(&mut self, node: &Node, function: &str) -> Result<Node, Problem> {
        match self.eval(node, false)? {
            Some(value) if value.scalar().is_some() => Ok(value),
            Some(value) => Err(bad(
                node,
                function,
                format!("expected a string, found {}", value.describe()),
            )),
            None => Err(bad(
                node,
                function,
                "expected a string, found `AWS::NoValue`",
            )),
        }
    }

    /// A list argument's items.
    fn list(&mut self, node: &Node, function: &str) -> Result<Vec<Node>, Problem> {
        match self.eval(node, false)? {
            Some(Node {
                kind: Kind::Seq(items),
                ..
            }) => Ok(items),
            Some(value) => Err(bad(
                node,
                function,
                format!("expected a list, found {}", value.describe()),
            )),
            None => Err(bad(node, function, "expected a list, found `AWS::NoValue`")),
        }
    }

    /// An evaluated string at `at`: `pieces` say where its bytes came from (none: from nowhere in
    /// a file, so at `at`).
    fn text(
        &self,
        at: &Node,
        text: String,
        function: &'static str,
        mut pieces: Vec<Piece>,
        stand_ins: Vec<StandInUse>,
    ) -> Node {
        if pieces.is_empty() && !text.is_empty() {
            pieces.push(Piece {
                start: 0,
                end: text.len(),
                source: Source::At {
                    file: at.file,
                    line: at.line,
                    column: at.column,
                },
            });
        }
        Node {
            kind: Kind::Scalar { text, plain: false },
            tag: None,
            line: at.line,
            column: at.column,
            origin: None,
            file: at.file,
            evaluated: Some(Box::new(Evaluated {
                pieces,
                stand_ins,
                function,
            })),
        }
    }

    fn use_of(&self, at: &Node, expression: String, value: &str, name: &str) -> StandInUse {
        StandInUse {
            file: at.file,
            line: at.line,
            column: at.column,
            expression,
            value: value.to_string(),
            name: name.to_string(),
        }
    }

    fn overridden(&self, name: &str) -> Option<&'d str> {
        self.options.parameter_value(name)
    }

    /// A pseudo parameter (not `AWS::NotificationARNs` or `AWS::NoValue`).
    fn pseudo(&self, name: &str) -> Part {
        if let Some(value) = self.overridden(name) {
            return Part {
                text: value.to_string(),
                stand_in: false,
            };
        }
        let region = self.overridden("AWS::Region");
        let region_text = region.unwrap_or(standins::REGION);
        let derived = |text: &str| Part {
            text: text.to_string(),
            stand_in: region.is_none(),
        };
        match name {
            "AWS::AccountId" => Part {
                text: standins::ACCOUNT.to_string(),
                stand_in: true,
            },
            "AWS::Region" => derived(region_text),
            "AWS::Partition" => derived(standins::partition(region_text)),
            "AWS::URLSuffix" => derived(standins::url_suffix(region_text)),
            "AWS::StackName" => Part {
                text: self.stack.clone(),
                stand_in: true,
            },
            _ => {
                let partition = self.pseudo("AWS::Partition").text;
                let account = self.pseudo("AWS::AccountId").text;
                let stack = self.pseudo("AWS::StackName").text;
                Part {
                    text: standins::stack_id(&partition, region_text, &account, &stack),
                    stand_in: true,
                }
            }
        }
    }

    /// What `Ref name` gives (`expression` as written, for the stand-in's note).
    fn resolve_ref(
        &mut self,
        name: &str,
        at: &Node,
        expression: String,
    ) -> Result<Option<Node>, Problem> {
        if let Some(parameter) = self.parameters.get(name).copied() {
            return self.parameter(name, parameter, at).map(Some);
        }
        match name {
            "AWS::NoValue" => return Ok(None),
            "AWS::NotificationARNs" => {
                let items = match self.overridden(name) {
                    Some(value) => value
                        .split(',')
                        .map(|arn| self.text(at, arn.to_string(), "Ref", Vec::new(), Vec::new()))
                        .collect(),
                    None => Vec::new(),
                };
                return Ok(Some(with_kind(at, Kind::Seq(items))));
            }
            _ if PSEUDO.contains(&name) => {
                let part = self.pseudo(name);
                let uses = if part.stand_in {
                    vec![self.use_of(at, expression, &part.text, name)]
                } else {
                    Vec::new()
                };
                return Ok(Some(self.text(at, part.text, "Ref", Vec::new(), uses)));
            }
            _ => {}
        }
        if self.resources.contains_key(name) {
            return self.resource_value(name, None, at, expression).map(Some);
        }
        Err(unresolved(
            at,
            format!(
                "`Ref` to `{name}`: the template defines no parameter, resource or pseudo parameter of that name"
            ),
            None,
        ))
    }

    /// A template parameter's value: the option's, else its `Default`.
    fn parameter(&mut self, name: &str, parameter: &Node, at: &Node) -> Result<Node, Problem> {
        let kind = parameter
            .get("Type")
            .and_then(Node::scalar)
            .unwrap_or("String");
        let default = parameter.get("Default").filter(|d| !d.is_null());
        let (text, written) = match (self.overridden(name), default) {
            (Some(value), _) => (value.to_string(), None),
            (None, _) if kind.starts_with("AWS::SSM::Parameter::Value<") => {
                return Err(unresolved(
                    at,
                    format!(
                        "the parameter `{name}` is `{kind}`: its value is looked up in SSM Parameter Store when the stack deploys"
                    ),
                    overrides_flag(name),
                ));
            }
            (None, Some(default)) => match default.scalar() {
                Some(text) if text.contains("{{resolve:") => {
                    return Err(unresolved(
                        at,
                        format!(
                            "the parameter `{name}` defaults to a dynamic reference (`{text}`), resolved when the stack deploys"
                        ),
                        overrides_flag(name),
                    ));
                }
                Some(text) if default.tag.is_none() => (text.to_string(), Some(default)),
                _ => {
                    return Err(bad(
                        default,
                        "Parameters",
                        format!("the `Default` of `{name}` is not a string"),
                    ));
                }
            },
            (None, None) => {
                return Err(unresolved(
                    at,
                    format!(
                        "the parameter `{name}` has no value: the template gives it no `Default`"
                    ),
                    overrides_flag(name),
                ));
            }
        };
        if let Some(allowed) = parameter.get("AllowedValues").and_then(|a| match &a.kind {
            Kind::Seq(items) => Some(items),
            _ => None,
        }) && !allowed.iter().any(|a| a.scalar() == Some(text.as_str()))
        {
            let list: Vec<&str> = allowed.iter().filter_map(Node::scalar).collect();
            return Err(unresolved(
                at,
                format!(
                    "the value {text:?} of the parameter `{name}` is not one of its `AllowedValues` ({})",
                    list.join(", ")
                ),
                overrides_flag(name),
            ));
        }
        if kind == "CommaDelimitedList" || kind.starts_with("List<") {
            let items = text
                .split(',')
                .map(|item| self.text(at, item.to_string(), "Ref", Vec::new(), Vec::new()))
                .collect();
            return Ok(with_kind(at, Kind::Seq(items)));
        }
        Ok(match written {
            // The default as written, so that a template's error points into it.
            Some(default) => default.clone(),
            None => self.text(at, text, "Ref", Vec::new(), Vec::new()),
        })
    }

    /// What `Fn::GetAtt logical.attribute` gives.
    fn get_att(
        &mut self,
        logical: &str,
        attribute: &str,
        at: &Node,
        expression: String,
    ) -> Result<Node, Problem> {
        if !self.resources.contains_key(logical) {
            return Err(unresolved(
                at,
                format!(
                    "`Fn::GetAtt` of `{logical}.{attribute}`: the template defines no resource `{logical}`"
                ),
                None,
            ));
        }
        self.resource_value(logical, Some(attribute), at, expression)
    }

    /// `Ref` (no attribute) or `Fn::GetAtt` of a resource: the option's value, else the stand-in
    /// table's.
    fn resource_value(
        &mut self,
        logical: &str,
        attribute: Option<&str>,
        at: &Node,
        expression: String,
    ) -> Result<Node, Problem> {
        let key = match attribute {
            Some(attribute) => format!("{logical}.{attribute}"),
            None => logical.to_string(),
        };
        if let Some(value) = self.overridden(&key) {
            return Ok(self.text(at, value.to_string(), "Ref", Vec::new(), Vec::new()));
        }
        let resource_type = self.resources.get(logical).map_or("", |r| r.0);
        let kind = standins::kind_of(resource_type);
        let name = self.physical_name(logical, at)?;
        let pattern = match attribute {
            None => kind.reference.to_string(),
            Some(attribute) => match kind.attributes.iter().find(|(a, _)| *a == attribute) {
                Some((_, pattern)) => pattern.to_string(),
                None if attribute == "Arn" => {
                    let service = resource_type
                        .split("::")
                        .nth(1)
                        .unwrap_or("service")
                        .to_ascii_lowercase();
                    format!("arn:{{partition}}:{service}:{{region}}:{{account}}:{{name}}")
                }
                None => format!(
                    "{}-{logical}-{attribute}-STANDIN",
                    self.pseudo("AWS::StackName").text
                ),
            },
        };
        let mut stand_in = name.stand_in && pattern.contains("{name}");
        let mut values: Vec<(&str, String)> = vec![("name", name.text.clone())];
        for (placeholder, pseudo) in [
            ("partition", "AWS::Partition"),
            ("region", "AWS::Region"),
            ("account", "AWS::AccountId"),
            ("url", "AWS::URLSuffix"),
        ] {
            if pattern.contains(&format!("{{{placeholder}}}")) {
                let part = self.pseudo(pseudo);
                stand_in |= part.stand_in;
                values.push((placeholder, part.text));
            }
        }
        if pattern.contains("{id}") || pattern.contains("{root}") {
            stand_in = true;
            values.push(("id", standins::id(&format!("{resource_type}/{logical}"))));
            values.push((
                "root",
                standins::id(&format!("{resource_type}/{logical}/RootResourceId")),
            ));
        }
        let borrowed: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let value = standins::fill(&pattern, &borrowed);
        let mut uses = name.uses.clone();
        if stand_in && !expression.is_empty() {
            uses.push(self.use_of(at, expression, &value, &key));
        }
        Ok(self.text(at, value, "Ref", Vec::new(), uses))
    }

    /// A resource's physical name: its name property evaluated, else the stand-in.
    fn physical_name(&mut self, logical: &str, at: &Node) -> Result<Name, Problem> {
        if let Some(name) = self.names.get(logical) {
            return name.clone();
        }
        if self.visiting.iter().any(|v| v == logical) {
            let cycle = format!("{} → {logical}", self.visiting.join(" → "));
            return Err(bad(
                at,
                "Ref",
                format!("names that depend on each other: {cycle}"),
            ));
        }
        self.visiting.push(logical.to_string());
        let (resource_type, properties) =
            self.resources.get(logical).copied().unwrap_or(("", None));
        let kind = standins::kind_of(resource_type);
        let written = kind
            .name_property
            .and_then(|property| properties?.get(property));
        let name = match written {
            Some(node) => self.scalar(node, "Ref").map(|value| Name {
                text: value.scalar().unwrap_or_default().to_string(),
                stand_in: false,
                uses: stand_ins_of(&value),
            }),
            None => {
                let stack = self.pseudo("AWS::StackName").text;
                let mut text = match kind.naming {
                    Naming::Physical => format!("{stack}-{logical}-STANDIN"),
                    Naming::Lowercase => format!("{stack}-{logical}-STANDIN").to_ascii_lowercase(),
                    Naming::Logical => logical.to_string(),
                    Naming::Id => standins::id(&format!("{resource_type}/{logical}")),
                };
                // A FIFO queue's name ends in `.fifo`.
                let fifo = properties
                    .and_then(|p| p.get("FifoQueue"))
                    .and_then(Node::scalar)
                    .is_some_and(|f| f.eq_ignore_ascii_case("true"));
                if resource_type == "AWS::SQS::Queue" && fifo {
                    text.push_str(".fifo");
                }
                Ok(Name {
                    text,
                    stand_in: kind.naming != Naming::Logical,
                    uses: Vec::new(),
                })
            }
        };
        self.visiting.pop();
        self.names.insert(logical.to_string(), name.clone());
        name
    }

    fn sub(&mut self, argument: &Node, at: &Node) -> Result<Node, Problem> {
        let (template, variables) = match &argument.kind {
            Kind::Scalar { .. } => (argument, None),
            Kind::Seq(items) if items.len() == 2 => (&items[0], Some(&items[1])),
            _ => {
                return Err(bad(
                    at,
                    "Fn::Sub",
                    "expected a string, or a list of a string and a mapping of variables",
                ));
            }
        };
        let text = match (&template.kind, template.is_intrinsic()) {
            (Kind::Scalar { text, .. }, false) => text.as_str(),
            _ => {
                return Err(bad(
                    template,
                    "Fn::Sub",
                    "the string to substitute in must be written out, not computed by a function",
                ));
            }
        };
        let variables = match variables {
            None => &[][..],
            Some(node) => match (&node.kind, node.is_intrinsic()) {
                (Kind::Map(entries), false) => entries.as_slice(),
                _ => return Err(bad(node, "Fn::Sub", "expected a mapping of variables")),
            },
        };
        let shared: Option<Arc<str>> = template.origin.map(|_| Arc::from(text));
        let piece = |start: usize, end: usize, offset: usize, fixed: bool| Piece {
            start,
            end,
            source: match (template.origin, &shared) {
                (Some(origin), Some(text)) => Source::Text {
                    file: template.file,
                    origin,
                    text: Arc::clone(text),
                    offset,
                    fixed,
                },
                _ => Source::At {
                    file: template.file,
                    line: template.line,
                    column: template.column,
                },
            },
        };
        let mut out = String::with_capacity(text.len());
        let mut pieces = Vec::new();
        let mut uses = Vec::new();
        let literal = |out: &mut String, pieces: &mut Vec<Piece>, from: usize, to: usize| {
            if to > from {
                pieces.push(piece(out.len(), out.len() + to - from, from, false));
                out.push_str(&text[from..to]);
            }
        };
        let mut at_byte = 0;
        while let Some(found) = text[at_byte..].find("${") {
            let open = at_byte + found;
            let Some(close) = text[open + 2..].find('}').map(|c| open + 2 + c) else {
                break;
            };
            literal(&mut out, &mut pieces, at_byte, open);
            let inner = &text[open + 2..close];
            if inner.starts_with('!') {
                // `${!Literal}` is written `${Literal}`.
                literal(&mut out, &mut pieces, open, open + 2);
                literal(&mut out, &mut pieces, open + 3, close + 1);
            } else {
                let name = inner.trim();
                let expression = format!("${{{name}}}");
                let value = match variables.iter().find(|(k, _)| k.scalar() == Some(name)) {
                    Some((_, value)) => self.eval(value, false)?,
                    None => match name.split_once('.') {
                        Some((logical, attribute)) if !name.starts_with("AWS::") => {
                            Some(self.get_att(logical, attribute, at, expression)?)
                        }
                        _ => self.resolve_ref(name, at, expression)?,
                    },
                };
                let value = match value {
                    Some(value) if value.scalar().is_some() => value,
                    Some(value) => {
                        return Err(bad(
                            at,
                            "Fn::Sub",
                            format!("`${{{name}}}` is {}, not a string", value.describe()),
                        ));
                    }
                    None => {
                        return Err(bad(
                            at,
                            "Fn::Sub",
                            format!("`${{{name}}}` has no value (`AWS::NoValue`)"),
                        ));
                    }
                };
                let substituted = value.scalar().unwrap_or_default();
                if !substituted.is_empty() {
                    pieces.push(piece(out.len(), out.len() + substituted.len(), open, true));
                }
                out.push_str(substituted);
                uses.extend(stand_ins_of(&value));
            }
            at_byte = close + 1;
        }
        literal(&mut out, &mut pieces, at_byte, text.len());
        Ok(self.text(at, out, "Fn::Sub", pieces, uses))
    }

    fn join(&mut self, argument: &Node, at: &Node) -> Result<Node, Problem> {
        let [delimiter, list] = pair(argument, at, "Fn::Join", "a delimiter and a list")?;
        let delimiter = self.scalar(delimiter, "Fn::Join")?;
        let items = self.list(list, "Fn::Join")?;
        let mut out = String::new();
        let mut pieces = Vec::new();
        let mut uses = stand_ins_of(&delimiter);
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                pieces.extend(pieces_of(&delimiter, out.len()));
                out.push_str(delimiter.scalar().unwrap_or_default());
            }
            let Some(text) = item.scalar() else {
                return Err(bad(
                    item,
                    "Fn::Join",
                    format!("expected strings to join, found {}", item.describe()),
                ));
            };
            pieces.extend(pieces_of(item, out.len()));
            uses.extend(stand_ins_of(item));
            out.push_str(text);
        }
        Ok(self.text(at, out, "Fn::Join", pieces, uses))
    }

    fn find_in_map(
        &mut self,
        argument: &Node,
        at: &Node,
        lenient: bool,
    ) -> Result<Option<Node>, Problem> {
        let items = match &argument.kind {
            Kind::Seq(items) if items.len() == 3 || items.len() == 4 => items,
            _ => {
                return Err(bad(
                    at,
                    "Fn::FindInMap",
                    "expected a mapping's name, a top-level key and a second-level key",
                ));
            }
        };
        let map = self.string(&items[0], "Fn::FindInMap")?;
        let top = self.string(&items[1], "Fn::FindInMap")?;
        let second = self.string(&items[2], "Fn::FindInMap")?;
        let found = self
            .mappings
            .and_then(|m| m.get(&map))
            .and_then(|m| m.get(&top))
            .and_then(|m| m.get(&second));
        if let Some(found) = found {
            return self.eval(found, lenient);
        }
        // AWS::LanguageExtensions: a fourth argument `{DefaultValue: ...}`.
        if let Some(default) = items.get(3).and_then(|d| d.get("DefaultValue")) {
            return self.eval(default, lenient);
        }
        let missing = match self.mappings.and_then(|m| m.get(&map)) {
            None => format!("the template has no mapping `{map}`"),
            Some(mapping) if mapping.get(&top).is_none() => {
                format!("the mapping `{map}` has no key `{top}`")
            }
            Some(_) => format!("the mapping `{map}` has no key `{second}` under `{top}`"),
        };
        Err(unresolved(at, format!("`Fn::FindInMap`: {missing}"), None))
    }

    /// The value of the condition `name` (referred to at `at`), evaluated once.
    fn condition(&mut self, name: &str, at: &Node) -> Result<Decided, Problem> {
        if let Some(value) = self.condition_values.get(name) {
            return value.clone();
        }
        if self.visiting.iter().any(|v| v == name) {
            let cycle = format!("{} → {name}", self.visiting.join(" → "));
            return Err(bad(
                at,
                "Condition",
                format!("conditions that depend on each other: {cycle}"),
            ));
        }
        let Some(node) = self.conditions.get(name).copied() else {
            return Err(unresolved(
                at,
                format!("the template defines no condition `{name}`"),
                None,
            ));
        };
        self.visiting.push(name.to_string());
        let value = self.condition_value(node);
        self.visiting.pop();
        self.condition_values
            .insert(name.to_string(), value.clone());
        value
    }

    fn condition_value(&mut self, node: &Node) -> Result<Decided, Problem> {
        if self.depth >= MAX_DEPTH {
            return Err(bad(node, "Conditions", "nested too deep"));
        }
        self.depth += 1;
        let value = self.condition_inner(node);
        self.depth -= 1;
        value
    }

    fn condition_inner(&mut self, node: &Node) -> Result<Decided, Problem> {
        let Some((name, argument)) = function(node, true) else {
            return Err(bad(
                node,
                "Conditions",
                "expected `Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or` or `Condition`",
            ));
        };
        let conditions =
            |this: &mut Self, least: usize| -> Result<(Vec<bool>, Vec<StandInUse>), Problem> {
                match &argument.kind {
                    Kind::Seq(items) if items.len() >= least => {
                        let mut values = Vec::new();
                        let mut uses = Vec::new();
                        for item in items {
                            let decided = this.condition_value(item)?;
                            values.push(decided.value);
                            uses.extend(decided.uses);
                        }
                        Ok((values, uses))
                    }
                    _ => Err(bad(
                        node,
                        &format!("Fn::{name}"),
                        format!("expected a list of at least {least} conditions"),
                    )),
                }
            };
        match name.as_str() {
            "Equals" => {
                let [a, b] = pair(&argument, node, "Fn::Equals", "two values")?;
                let a = self.eval(a, false)?;
                let b = self.eval(b, false)?;
                let mut uses = a.as_ref().map(stand_ins_of).unwrap_or_default();
                uses.extend(b.as_ref().map(stand_ins_of).unwrap_or_default());
                Ok(Decided {
                    value: same(a.as_ref(), b.as_ref()),
                    uses,
                })
            }
            "Not" => match conditions(self, 1)? {
                (values, uses) if values.len() == 1 => Ok(Decided {
                    value: !values[0],
                    uses,
                }),
                _ => Err(bad(node, "Fn::Not", "expected one condition")),
            },
            "And" => {
                let (values, uses) = conditions(self, 2)?;
                Ok(Decided {
                    value: values.into_iter().all(|c| c),
                    uses,
                })
            }
            "Or" => {
                let (values, uses) = conditions(self, 2)?;
                Ok(Decided {
                    value: values.into_iter().any(|c| c),
                    uses,
                })
            }
            "Condition" => {
                let name = self.string(&argument, "Condition")?;
                self.condition(&name, node)
            }
            other => Err(bad(
                node,
                &format!("Fn::{other}"),
                "not a condition function (`Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`, `Condition`)",
            )),
        }
    }
}

/// Whether two evaluated values are equal (`Fn::Equals`): strings by text, lists item by item.
fn same(a: Option<&Node>, b: Option<&Node>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => match (&a.kind, &b.kind) {
            (Kind::Scalar { text: x, .. }, Kind::Scalar { text: y, .. }) => x == y,
            (Kind::Seq(x), Kind::Seq(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(Some(x), Some(y)))
            }
            (Kind::Map(x), Kind::Map(y)) => {
                x.len() == y.len()
                    && x.iter().zip(y).all(|((kx, vx), (ky, vy))| {
                        kx.scalar() == ky.scalar() && same(Some(vx), Some(vy))
                    })
            }
            _ => false,
        },
        _ => false,
    }
}

/// A copy of `node`'s place with another shape.
fn with_kind(node: &Node, kind: Kind) -> Node {
    Node {
        kind,
        tag: None,
        line: node.line,
        column: node.column,
        origin: None,
        file: node.file,
        evaluated: None,
    }
}

/// The two items of a function's list argument.
fn pair<'n>(
    argument: &'n Node,
    at: &Node,
    function: &str,
    expected: &str,
) -> Result<[&'n Node; 2], Problem> {
    match &argument.kind {
        Kind::Seq(items) if items.len() == 2 => Ok([&items[0], &items[1]]),
        _ => Err(bad(at, function, format!("expected a list of {expected}"))),
    }
}

/// The function `node` calls and its argument (a copy without the tag for the short form), if
/// it is one. `Condition` is a function only among conditions (elsewhere it is a key like any
/// other: IAM policies have one).
fn function(node: &Node, conditions: bool) -> Option<(String, Node)> {
    if let Some(tag) = &node.tag {
        let mut argument = node.clone();
        argument.tag = None;
        return Some((tag.clone(), argument));
    }
    match node.entries()? {
        [(key, value)] => {
            let key = key.scalar()?;
            let name = match key.strip_prefix("Fn::") {
                Some(name) => name,
                None if key == "Ref" || (conditions && key == "Condition") => key,
                None => return None,
            };
            Some((name.to_string(), value.clone()))
        }
        _ => None,
    }
}

/// Where the bytes of an evaluated or written scalar came from, shifted to start at `shift`.
pub(crate) fn pieces_of(node: &Node, shift: usize) -> Vec<Piece> {
    let length = node.scalar().map_or(0, str::len);
    if length == 0 {
        return Vec::new();
    }
    if let Some(evaluated) = &node.evaluated {
        return evaluated
            .pieces
            .iter()
            .map(|p| Piece {
                start: p.start + shift,
                end: p.end + shift,
                source: p.source.clone(),
            })
            .collect();
    }
    let source = match node.origin {
        Some(origin) => Source::Text {
            file: node.file,
            origin,
            text: Arc::from(node.scalar().unwrap_or_default()),
            offset: 0,
            fixed: false,
        },
        None => Source::At {
            file: node.file,
            line: node.line,
            column: node.column,
        },
    };
    vec![Piece {
        start: shift,
        end: shift + length,
        source,
    }]
}

/// The stand-ins a value used.
pub(crate) fn stand_ins_of(node: &Node) -> Vec<StandInUse> {
    node.evaluated
        .as_ref()
        .map(|e| e.stand_ins.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;

//! Template rules: names that cannot resolve, constructs API Gateway ignores or refuses, `#if` on
//! a reference that may be undefined, loops over limits. Walks the parser's tree once; the
//! JSON-building ([`super::json`]) and override ([`super::overrides`]) rules hook into the walk.

use std::collections::HashSet;

use super::names::{self, PROVIDED};
use super::{Hit, TemplateRole, allow, json, overrides};
use crate::syntax::{
    Directive, DirectiveKind, Expr, InterpolatedString, Node, Reference, Segment, Span, Template,
};

/// AWS's limit on a mapping template's size (300 KB, aws-semantics.md §8.6).
const MAX_TEMPLATE_BYTES: usize = 300 * 1024;
/// AWS stops `#foreach` after this many iterations (aws-semantics.md §8.6).
const MAX_ITERATIONS: i64 = 1000;

/// Every hit of the template rules in `source` (a parse error is one), allow comments applied.
/// `inputs`: test cases' inputs to render the template with too (`invalid-json-output`).
pub(crate) fn lint(
    source: &str,
    role: &TemplateRole,
    inputs: &[(String, crate::apigw::TemplateInput)],
) -> Vec<Hit> {
    let mut hits = Vec::new();
    if source.len() > MAX_TEMPLATE_BYTES {
        hits.push(Hit::new(
            "template-too-large",
            Span::new(0, 0),
            format!(
                "this template is {} bytes; API Gateway refuses templates over 300 KB ({MAX_TEMPLATE_BYTES} bytes)",
                source.len()
            ),
        ));
    }
    let template = match Template::parse(source) {
        Ok(template) => template,
        Err(error) => {
            let mut hit = Hit::new("template-parse-error", error.span(), error.message())
                .note("API Gateway deploys it and answers 500 every time it runs");
            if let Some(opened) = error.opened_at() {
                hit = hit.note(format!(
                    "opened at line {}",
                    crate::syntax::position_of(source, opened.start as usize).0
                ));
            }
            hits.push(hit);
            return hits;
        }
    };
    let mut walker = Walker {
        source,
        frames: Vec::new(),
        known: HashSet::new(),
        reported: HashSet::new(),
        hits,
        role,
        branches: Vec::new(),
        next_if: 0,
        loops: 0,
        overrides: overrides::Sets::default(),
    };
    collect_set_names(template.nodes(), source, &mut walker.known);
    walker.block(template.nodes());
    let mut hits = walker.hits;
    hits.extend(walker.overrides.twice(source));
    if role.json {
        hits.extend(json::render_check(&template));
    }
    for (case, input) in inputs {
        hits.extend(json::render_check_with(&template, case, input));
    }
    allow::apply(&template, hits)
}

/// The names `#set`, `#foreach`, `#define` and `#macro` give values anywhere in the template: a
/// variable set on any path is not reported as unknown.
fn collect_set_names(nodes: &[Node], source: &str, names: &mut HashSet<String>) {
    for node in nodes {
        match node {
            Node::Set(set) => {
                names.insert(set.target.name.slice(source).to_string());
            }
            Node::If(directive) => {
                for branch in &directive.branches {
                    collect_set_names(&branch.body, source, names);
                }
                if let Some(otherwise) = &directive.otherwise {
                    collect_set_names(&otherwise.body, source, names);
                }
            }
            Node::Directive(directive) => {
                for argument in directive.arguments.iter().flatten() {
                    if let Expr::Reference(reference) = argument {
                        names.insert(reference.name.slice(source).to_string());
                    }
                }
                if let Some(body) = &directive.body {
                    collect_set_names(body, source, names);
                }
            }
            _ => {}
        }
    }
}

pub(crate) struct Walker<'a> {
    /// The template's text.
    pub(crate) source: &'a str,
    /// The interpolated strings being walked, innermost last, with the text each one's span
    /// indexes: their nodes' spans index the string's own text.
    frames: Vec<(&'a InterpolatedString, &'a str)>,
    known: HashSet<String>,
    reported: HashSet<String>,
    pub(crate) hits: Vec<Hit>,
    pub(crate) role: &'a TemplateRole,
    /// The `#if` branches around the current node: (which `#if`, which branch).
    pub(crate) branches: Vec<(usize, usize)>,
    next_if: usize,
    /// How many `#foreach` bodies around the current node.
    pub(crate) loops: usize,
    overrides: overrides::Sets,
}

impl<'a> Walker<'a> {
    /// The text the current node's spans index.
    pub(crate) fn text(&self) -> &'a str {
        self.frames.last().map_or(self.source, |(s, _)| &s.source)
    }

    /// A span of the current text as a span of the template.
    pub(crate) fn top(&self, mut span: Span) -> Span {
        for (string, enclosing) in self.frames.iter().rev() {
            span = string.span_in_enclosing(span, enclosing);
        }
        span
    }

    /// Whether the walk is in the template itself (not inside a string literal).
    pub(crate) fn at_top(&self) -> bool {
        self.frames.is_empty()
    }

    fn block(&mut self, nodes: &'a [Node]) {
        for node in nodes {
            self.node(node);
        }
    }

    fn node(&mut self, node: &'a Node) {
        match node {
            Node::Reference(reference) => {
                self.reference(reference);
                json::printed_reference(self, reference);
            }
            Node::Set(set) => {
                self.segments(&set.target);
                self.expr(&set.value);
                let target = set.target.clone();
                overrides::set(self, &target, &set.value);
            }
            Node::If(directive) => {
                let id = self.next_if;
                self.next_if += 1;
                for (index, branch) in directive.branches.iter().enumerate() {
                    self.condition(&branch.condition);
                    self.expr(&branch.condition);
                    self.branches.push((id, index));
                    self.block(&branch.body);
                    self.branches.pop();
                }
                if let Some(otherwise) = &directive.otherwise {
                    self.branches.push((id, directive.branches.len()));
                    self.block(&otherwise.body);
                    self.branches.pop();
                }
            }
            Node::Directive(directive) => self.directive(directive),
            _ => {}
        }
    }

    fn overrides_record(&mut self, target: String, span: Span) {
        let branches = self.branches.clone();
        self.overrides.record(target, branches, span);
    }

    fn directive(&mut self, directive: &'a Directive) {
        let text = self.text();
        let name = directive.name.slice(text);
        let hash = self.top(Span::new(
            directive.name.start.saturating_sub(1) as usize,
            directive.name.end as usize,
        ));
        match directive.kind {
            DirectiveKind::Macro => self.hits.push(
                Hit::new(
                    "macro-unsupported",
                    hash,
                    "API Gateway does not support `#macro`",
                )
                .label("this definition vanishes on API Gateway")
                .note("its calls print literally (`#name(...)`)")
                .help(Some(
                    "inline the body where it is called, or use `#define`".to_string(),
                )),
            ),
            DirectiveKind::Parse | DirectiveKind::Include => self.hits.push(
                Hit::new(
                    "parse-include-unsupported",
                    hash,
                    format!("`#{name}` has no template files to read on API Gateway"),
                )
                .help(Some("write the text into this template".to_string())),
            ),
            DirectiveKind::Unknown if name == "evaluate" => self.hits.push(
                Hit::new(
                    "evaluate-unsupported",
                    hash,
                    "API Gateway's Velocity has no `#evaluate`",
                )
                .label("prints literally on API Gateway"),
            ),
            DirectiveKind::Foreach => self.foreach(directive, hash),
            _ => {}
        }
        for argument in directive.arguments.iter().flatten() {
            self.expr(argument);
        }
        if let Some(body) = &directive.body {
            let looping = directive.kind == DirectiveKind::Foreach;
            self.loops += usize::from(looping);
            self.block(body);
            self.loops -= usize::from(looping);
        }
    }

    fn foreach(&mut self, directive: &'a Directive, hash: Span) {
        let Some(arguments) = &directive.arguments else {
            return;
        };
        let Some(list) = arguments.get(2) else {
            return;
        };
        let text = self.text();
        match list {
            Expr::Range { from, to, span } => {
                let value = |e: &Expr| match e {
                    Expr::Integer(s) => s.slice(text).parse::<i64>().ok(),
                    _ => None,
                };
                if let (Some(from), Some(to)) = (value(from), value(to)) {
                    let count = (to - from).abs() + 1;
                    if count > MAX_ITERATIONS {
                        self.hits.push(
                            Hit::new(
                                "foreach-range-over-limit",
                                self.top(*span),
                                format!("this range has {count} items; API Gateway stops `#foreach` after {MAX_ITERATIONS}"),
                            )
                            .label("never completes on API Gateway"),
                        );
                    }
                }
            }
            Expr::Reference(reference)
                if reference.name.slice(text) == "input"
                    && matches!(reference.segments.first(), Some(Segment::Method { name, .. }) if matches!(name.slice(text), "path" | "json")) =>
            {
                self.hits.push(
                    Hit::new(
                        "foreach-over-payload",
                        self.top(reference.span),
                        "`#foreach` over a payload list stops after 1,000 items on API Gateway",
                    )
                    .label("a longer list is cut short without an error"),
                );
            }
            _ => {}
        }
        if self.role.json && self.at_top() {
            json::foreach_separators(self, directive, hash);
        }
    }

    /// `#if($x)` / `#if(!$x)` on a reference whose value may be undefined.
    fn condition(&mut self, condition: &Expr) {
        let reference = match condition {
            Expr::Reference(r) => r,
            Expr::Not { operand, .. } => match operand.as_ref() {
                Expr::Reference(r) => r,
                _ => return,
            },
            _ => return,
        };
        let text = self.text();
        let root = reference.name.slice(text);
        let maybe_undefined = match root {
            "input" => {
                matches!(reference.segments.first(), Some(Segment::Method { name, .. }) if name.slice(text) == "path")
            }
            "stageVariables" => !reference.segments.is_empty(),
            "context" => reference.segments.len() >= 2,
            _ => false,
        };
        if maybe_undefined {
            let shown = reference.span.slice(text);
            self.hits.push(
                Hit::new(
                    "if-maybe-undefined",
                    self.top(reference.span),
                    format!("`{shown}` may be undefined, and an undefined reference is true in `#if` on API Gateway"),
                )
                .label("true when undefined")
                .help(Some(format!("test its text: `#if(\"$!{}\" != \"\")`", &shown[1..]))),
            );
        }
    }

    fn expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Reference(reference) => self.reference(reference),
            Expr::Interpolated(string) => {
                let enclosing = self.text();
                self.frames.push((string, enclosing));
                self.block(&string.nodes);
                self.frames.pop();
            }
            Expr::List { items, .. } => items.iter().for_each(|i| self.expr(i)),
            Expr::Map { entries, .. } => entries.iter().for_each(|(k, v)| {
                self.expr(k);
                self.expr(v);
            }),
            Expr::Range { from, to, .. } => {
                self.expr(from);
                self.expr(to);
            }
            Expr::Not { operand, .. } => self.expr(operand),
            Expr::Binary { left, right, .. } => {
                self.expr(left);
                self.expr(right);
            }
            Expr::Group { inner, .. } => self.expr(inner),
            _ => {}
        }
    }

    /// The arguments and indexes of a reference's segments.
    fn segments(&mut self, reference: &'a Reference) {
        for segment in &reference.segments {
            match segment {
                Segment::Method { arguments, .. } => arguments.iter().for_each(|a| self.expr(a)),
                Segment::Index { index, .. } => self.expr(index),
                _ => {}
            }
        }
    }

    fn reference(&mut self, reference: &'a Reference) {
        self.segments(reference);
        if reference.escapes > 0 {
            return;
        }
        let text = self.text();
        let root = reference.name.slice(text);
        let first = reference.segments.first();
        let member = |segment: &Segment| match segment {
            Segment::Property { name } => Some((name.slice(text), *name, false)),
            Segment::Method { name, .. } => Some((name.slice(text), *name, true)),
            Segment::Index { .. } => None,
        };
        let up_to =
            |name: Span| self.top(Span::new(reference.span.start as usize, name.end as usize));
        match root {
            "util" => {
                if let Some((name, span, method)) = first.and_then(member)
                    && !(method && names::util_methods().contains(&name))
                {
                    let what = if method { "method" } else { "property" };
                    self.hits.push(
                        Hit::new(
                            "unknown-util-method",
                            up_to(span),
                            format!("`$util` has no {what} `{name}`"),
                        )
                        .label("on API Gateway this renders \"\"")
                        .help(names::did_you_mean(
                            name,
                            names::util_methods().iter().copied(),
                        )),
                    );
                }
            }
            "input" => {
                if let Some((name, span, method)) = first.and_then(member) {
                    let known = if method {
                        names::is_input_method(name)
                    } else {
                        names::is_input_property(name)
                    };
                    if !known {
                        let what = if method { "method" } else { "property" };
                        self.hits.push(
                            Hit::new(
                                "unknown-input-member",
                                up_to(span),
                                format!("`$input` has no {what} `{name}`"),
                            )
                            .label("on API Gateway this renders \"\"")
                            .help(names::did_you_mean(name, names::input_members())),
                        );
                    }
                }
            }
            "context" => {
                if let Some(Segment::Property { name }) = first {
                    let key = name.slice(text);
                    if !names::context_keys().contains(&key) {
                        self.hits.push(
                            Hit::new(
                                "unknown-context-key",
                                up_to(*name),
                                format!("`$context` has no key `{key}` in mapping templates"),
                            )
                            .label("on API Gateway this renders \"\"")
                            .help(names::did_you_mean(
                                key,
                                names::context_keys().iter().copied(),
                            )),
                        );
                    }
                }
            }
            _ if PROVIDED.contains(&root) || self.known.contains(root) => {}
            _ => {
                // `$!x` says "nothing if undefined" on purpose; an identifier without `$` inside
                // method arguments is Velocity's own reading.
                if reference.quiet
                    || reference.head.is_empty()
                    || !self.reported.insert(root.to_string())
                {
                    return;
                }
                let candidates: Vec<&str> = PROVIDED
                    .iter()
                    .copied()
                    .chain(self.known.iter().map(String::as_str))
                    .collect();
                self.hits.push(
                    Hit::new(
                        "unknown-variable",
                        self.top(Span::new(
                            reference.span.start as usize,
                            reference.name.end as usize,
                        )),
                        format!("`${root}` is never set and API Gateway does not provide it"),
                    )
                    .label("on API Gateway this renders \"\"")
                    .help(names::did_you_mean(root, candidates)),
                );
            }
        }
    }
}

impl Walker<'_> {
    /// Records an override set by `#set` (for [`overrides::Sets::twice`]).
    pub(crate) fn record_override(&mut self, target: String, span: Span) {
        self.overrides_record(target, span);
    }
}

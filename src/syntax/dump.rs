//! A readable, deterministic text form of a syntax tree, for the parser's snapshot tests.
//!
//! One node per line, children indented by two spaces, every node with its `line:column` and the
//! source text it covers (quoted with Rust's escapes so whitespace is visible).

use std::fmt::Write;

use super::Template;
use super::ast::*;
use super::span::{Span, position_of};

/// Renders `template`'s tree as indented text.
///
/// # Examples
/// ```
/// let template = apigw_vtl::syntax::parse("a$b.c")?;
/// assert_eq!(
///     apigw_vtl::syntax::dump_tree(&template),
///     "Text 1:1 \"a\"\nReference 1:2 \"$b.c\" name=\"b\"\n  .c\n"
/// );
/// # Ok::<(), apigw_vtl::syntax::ParseError>(())
/// ```
pub fn dump_tree(template: &Template) -> String {
    let mut out = String::new();
    let mut dumper = Dumper {
        source: template.source(),
        out: &mut out,
    };
    dumper.nodes(template.nodes(), 0);
    out
}

struct Dumper<'a> {
    source: &'a str,
    out: &'a mut String,
}

impl Dumper<'_> {
    fn line(&mut self, depth: usize, label: &str, span: Span) {
        let (line, column) = position_of(self.source, span.start as usize);
        let _ = writeln!(
            self.out,
            "{:indent$}{label} {line}:{column} {:?}",
            "",
            span.slice(self.source),
            indent = depth * 2
        );
    }

    fn bare(&mut self, depth: usize, label: &str) {
        let _ = writeln!(self.out, "{:indent$}{label}", "", indent = depth * 2);
    }

    fn nodes(&mut self, nodes: &[Node], depth: usize) {
        for node in nodes {
            self.node(node, depth);
        }
    }

    fn node(&mut self, node: &Node, depth: usize) {
        match node {
            Node::Text(span) => self.line(depth, "Text", *span),
            Node::SpecialText(span) => self.line(depth, "SpecialText", *span),
            Node::Escape(escape) => {
                let label = format!(
                    "Escape pairs={} before_directive={}",
                    escape.pairs, escape.before_directive
                );
                self.line(depth, &label, escape.span);
            }
            Node::EscapedDirective(escaped) => {
                let label = format!("EscapedDirective recognized={}", escaped.recognized);
                self.line(depth, &label, escaped.span);
            }
            Node::Comment(comment) => {
                let mut label = format!("Comment {:?}", comment.kind);
                if !comment.printed_prefix.is_empty() {
                    let _ = write!(
                        label,
                        " printed_prefix={:?}",
                        comment.printed_prefix.slice(self.source)
                    );
                }
                self.line(depth, &label, comment.span);
            }
            Node::Textblock(span) => self.line(depth, "Textblock", *span),
            Node::Reference(reference) => self.reference(reference, depth),
            Node::Set(set) => {
                self.line(depth, "Set", set.span);
                self.reference(&set.target, depth + 1);
                self.expr(&set.value, depth + 1);
            }
            Node::If(directive) => {
                self.line(depth, "If", directive.span);
                for branch in &directive.branches {
                    self.line(depth + 1, "Branch", branch.span);
                    self.expr(&branch.condition, depth + 2);
                    self.block(&branch.body, depth + 2);
                }
                if let Some(otherwise) = &directive.otherwise {
                    self.line(depth + 1, "Else", otherwise.span);
                    self.block(&otherwise.body, depth + 2);
                }
                self.line(depth + 1, "End", directive.end);
            }
            Node::Directive(directive) => {
                let label = format!(
                    "Directive {:?} name={:?}",
                    directive.kind,
                    directive.name.slice(self.source)
                );
                self.line(depth, &label, directive.span);
                match &directive.arguments {
                    None => self.bare(depth + 1, "(no parentheses)"),
                    Some(arguments) => {
                        for argument in arguments {
                            self.expr(argument, depth + 1);
                        }
                    }
                }
                if let Some(body) = &directive.body {
                    self.bare(depth + 1, "Body");
                    self.block(body, depth + 2);
                }
                if let Some(end) = directive.end {
                    self.line(depth + 1, "End", end);
                }
            }
        }
    }

    fn block(&mut self, body: &[Node], depth: usize) {
        if body.is_empty() {
            self.bare(depth, "(empty)");
        }
        self.nodes(body, depth);
    }

    fn reference(&mut self, reference: &Reference, depth: usize) {
        let mut label = String::from("Reference");
        for (flag, on) in [("braced", reference.braced), ("quiet", reference.quiet)] {
            if on {
                let _ = write!(label, " {flag}");
            }
        }
        if reference.escapes > 0 {
            let _ = write!(label, " escapes={}", reference.escapes);
        }
        let (line, column) = position_of(self.source, reference.span.start as usize);
        let _ = writeln!(
            self.out,
            "{:indent$}{label} {line}:{column} {:?} name={:?}",
            "",
            reference.span.slice(self.source),
            reference.name.slice(self.source),
            indent = depth * 2
        );
        for segment in &reference.segments {
            match segment {
                Segment::Property { name } => {
                    self.bare(depth + 1, &format!(".{}", name.slice(self.source)));
                }
                Segment::Method {
                    name, arguments, ..
                } => {
                    self.bare(depth + 1, &format!(".{}()", name.slice(self.source)));
                    for argument in arguments {
                        self.expr(argument, depth + 2);
                    }
                }
                Segment::Index { index, .. } => {
                    self.bare(depth + 1, "[index]");
                    self.expr(index, depth + 2);
                }
            }
        }
    }

    fn expr(&mut self, expr: &Expr, depth: usize) {
        match expr {
            Expr::Reference(reference) => self.reference(reference, depth),
            Expr::Word(span) => self.line(depth, "Word", *span),
            Expr::String(string) => match &string.unescaped {
                Some(value) => self.line(depth, &format!("String value={value:?}"), string.span),
                None => self.line(depth, "String", string.span),
            },
            Expr::Interpolated(string) => {
                let label = format!(
                    "InterpolatedString content={:?}{}",
                    string.source,
                    if string.padded { " padded" } else { "" }
                );
                self.line(depth, &label, string.span);
                let mut inner = Dumper {
                    source: &string.source,
                    out: self.out,
                };
                inner.block(&string.nodes, depth + 1);
            }
            Expr::Integer(span) => self.line(depth, "Integer", *span),
            Expr::Float(span) => self.line(depth, "Float", *span),
            Expr::True(span) => self.line(depth, "True", *span),
            Expr::False(span) => self.line(depth, "False", *span),
            Expr::List { items, span } => {
                self.line(depth, "List", *span);
                for item in items {
                    self.expr(item, depth + 1);
                }
            }
            Expr::Map { entries, span } => {
                self.line(depth, "Map", *span);
                for (key, value) in entries {
                    self.bare(depth + 1, "Entry");
                    self.expr(key, depth + 2);
                    self.expr(value, depth + 2);
                }
            }
            Expr::Range { from, to, span } => {
                self.line(depth, "Range", *span);
                self.expr(from, depth + 1);
                self.expr(to, depth + 1);
            }
            Expr::Not { operand, span } => {
                self.line(depth, "Not", *span);
                self.expr(operand, depth + 1);
            }
            Expr::Binary {
                op,
                left,
                right,
                span,
                ..
            } => {
                self.line(depth, &format!("Binary {op:?}"), *span);
                self.expr(left, depth + 1);
                self.expr(right, depth + 1);
            }
            Expr::Group { inner, span } => {
                self.line(depth, "Group", *span);
                self.expr(inner, depth + 1);
            }
        }
    }
}

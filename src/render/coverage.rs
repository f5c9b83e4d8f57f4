//! Branch coverage of a template: which arm of each `#if` ran (the implicit "no arm" of an `#if`
//! without `#else` included) and whether each `#foreach` body was entered, over one render or
//! many. What `apigw-vtl test --coverage` reports per template.
//!
//! The renderer counts only when it is handed a [`Coverage`] ([`super::render_with_coverage`]): it
//! holds an `Option<&mut Coverage>` and checks it once per `#if` or `#foreach` evaluated, so a
//! render without coverage pays one predictable branch per directive and nothing else.
//!
//! A branch is named by its directive's byte offset in the template's source. Directives inside a
//! string literal (`"#if($a)x#end"`, which Velocity parses as a template of its own) are not
//! counted, neither by the renderer nor by [`branches`]: both walk the template's own text only.

use std::collections::BTreeMap;

use crate::syntax::{DirectiveKind, Node, Span, Template};

/// How often each arm of each branch ran, by the branch's offset in the template's source.
///
/// # Examples
/// ```
/// use apigw_vtl::render::{Coverage, Variables, branches, render_with_coverage};
/// use apigw_vtl::syntax::Template;
/// let template = Template::parse("#if($a)A#elseif($b)B#end#foreach($i in $list)$i#end")?;
/// let mut coverage = Coverage::new();
/// let mut variables = Variables::new();
/// variables.insert("a", apigw_vtl::value::Value::Bool(false));
/// variables.insert("b", apigw_vtl::value::Value::Bool(true));
/// render_with_coverage(&template, &mut variables, &mut coverage)?;
/// let sites = branches(&template);
/// assert_eq!(sites.len(), 2);
/// // `#if`: arm 0 (`#if($a)`) no, arm 1 (`#elseif($b)`) once, the implicit no-arm no.
/// assert_eq!(coverage.counts(&sites[0]), vec![0, 1, 0]);
/// // `#foreach` over an undefined list (it reads as "", which is not iterable): not entered.
/// assert_eq!(coverage.counts(&sites[1]), vec![0, 1]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    hits: BTreeMap<u32, Vec<u32>>,
}

impl Coverage {
    /// Nothing counted yet.
    pub fn new() -> Self {
        Coverage::default()
    }

    /// Counts one run of `arm` of the branch at `at` (a directive's start offset), which has
    /// `arms` arms.
    pub(crate) fn hit(&mut self, at: u32, arm: usize, arms: usize) {
        let counts = self.hits.entry(at).or_insert_with(|| vec![0; arms]);
        if counts.len() < arms {
            counts.resize(arms, 0);
        }
        if let Some(count) = counts.get_mut(arm) {
            *count = count.saturating_add(1);
        }
    }

    /// How often each arm of `branch` ran (zeros when it never did).
    pub fn counts(&self, branch: &Branch) -> Vec<u32> {
        let mut counts = self
            .hits
            .get(&branch.span.start)
            .cloned()
            .unwrap_or_default();
        counts.resize(branch.arms.len(), 0);
        counts
    }

    /// Adds `other`'s counts to these (the same template rendered by other cases).
    pub fn merge(&mut self, other: &Coverage) {
        for (at, counts) in &other.hits {
            let mine = self
                .hits
                .entry(*at)
                .or_insert_with(|| vec![0; counts.len()]);
            if mine.len() < counts.len() {
                mine.resize(counts.len(), 0);
            }
            for (mine, theirs) in mine.iter_mut().zip(counts) {
                *mine = mine.saturating_add(*theirs);
            }
        }
    }

    /// Whether nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }
}

/// A place where a template branches: an `#if` (with its `#elseif`s and `#else`) or a `#foreach`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Branch {
    /// The directive's span in the template's source (the whole `#if ... #end`).
    pub span: Span,
    /// What it is.
    pub kind: BranchKind,
    /// Its arms, in order, each with the span of the text that opens it (`#elseif($b)`) and a
    /// label for reports.
    pub arms: Vec<Arm>,
}

/// The two kinds of branch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BranchKind {
    /// `#if` / `#elseif` / `#else`: one arm per condition, then the `#else` or the implicit
    /// "no arm taken".
    If,
    /// `#foreach`: arm 0 the body entered (at least one iteration), arm 1 not entered.
    Foreach,
}

/// One arm of a [`Branch`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Arm {
    /// Where it is written: the `#if(...)`, `#elseif(...)` or `#else` header; for the implicit
    /// no-arm and the `#foreach` arms, the directive's first header.
    pub span: Span,
    /// `#if`, `#elseif`, `#else`, `no arm` (an `#if` without `#else` where no condition held),
    /// `body entered`, `body not entered`.
    pub label: &'static str,
}

/// Every branch of `template`, in source order (nested ones after the one they are in).
///
/// # Examples
/// ```
/// use apigw_vtl::render::{BranchKind, branches};
/// use apigw_vtl::syntax::Template;
/// let template = Template::parse("#if($a)x#else#foreach($i in [1])$i#end#end")?;
/// let sites = branches(&template);
/// assert_eq!(sites.iter().map(|b| b.kind).collect::<Vec<_>>(), [BranchKind::If, BranchKind::Foreach]);
/// assert_eq!(sites[0].arms.iter().map(|a| a.label).collect::<Vec<_>>(), ["#if", "#else"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn branches(template: &Template) -> Vec<Branch> {
    let mut found = Vec::new();
    walk(template.nodes(), &mut found);
    found
}

fn walk(nodes: &[Node], found: &mut Vec<Branch>) {
    for node in nodes {
        match node {
            Node::If(directive) => {
                let mut arms: Vec<Arm> = directive
                    .branches
                    .iter()
                    .enumerate()
                    .map(|(i, branch)| Arm {
                        span: branch.span,
                        label: if i == 0 { "#if" } else { "#elseif" },
                    })
                    .collect();
                match &directive.otherwise {
                    Some(otherwise) => arms.push(Arm {
                        span: otherwise.span,
                        label: "#else",
                    }),
                    None => arms.push(Arm {
                        span: arms.first().map_or(directive.span, |a| a.span),
                        label: "no arm",
                    }),
                }
                found.push(Branch {
                    span: directive.span,
                    kind: BranchKind::If,
                    arms,
                });
                for branch in &directive.branches {
                    walk(&branch.body, found);
                }
                if let Some(otherwise) = &directive.otherwise {
                    walk(&otherwise.body, found);
                }
            }
            Node::Directive(directive) => {
                let body = directive.body.as_deref().unwrap_or(&[]);
                if directive.kind == DirectiveKind::Foreach {
                    let head = header(directive.span, body);
                    found.push(Branch {
                        span: directive.span,
                        kind: BranchKind::Foreach,
                        arms: vec![
                            Arm {
                                span: head,
                                label: "body entered",
                            },
                            Arm {
                                span: head,
                                label: "body not entered",
                            },
                        ],
                    });
                }
                // `#define` bodies render where the block is referenced; `#macro` and `#literal`
                // bodies never render as templates.
                if matches!(
                    directive.kind,
                    DirectiveKind::Foreach | DirectiveKind::Define
                ) {
                    walk(body, found);
                }
            }
            _ => {}
        }
    }
}

/// The span of a block's header: from its start to where its body starts (or its whole span when
/// the body is empty).
fn header(span: Span, body: &[Node]) -> Span {
    match body.first() {
        Some(node) => Span::new(
            span.start as usize,
            (super::node_start(node)).max(span.start as usize),
        ),
        None => span,
    }
}

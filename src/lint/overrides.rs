//! Override rules: `$context.responseOverride.status` set to a literal AWS ignores, and an
//! override set twice on one path through the template ("overrides are final", §4).

use super::Hit;
use super::templates::Walker;
use crate::syntax::{Expr, Reference, Segment, Span};

/// Checks `#set(target = value)` and records it when it sets an override.
pub(crate) fn set(walker: &mut Walker<'_>, target: &Reference, value: &Expr) {
    let text = walker.text();
    if target.name.slice(text) != "context" {
        return;
    }
    let keys: Vec<Option<&str>> = target
        .segments
        .iter()
        .map(|s| match s {
            Segment::Property { name } => Some(name.slice(text)),
            Segment::Index { index, .. } => match index.as_ref() {
                Expr::String(s) => Some(s.span.slice(text).trim_matches(['\'', '"'])),
                _ => None,
            },
            Segment::Method { .. } => None,
        })
        .collect();
    let Some(Some(first)) = keys.first() else {
        return;
    };
    if !matches!(*first, "responseOverride" | "requestOverride") || keys.len() < 2 {
        return;
    }
    if keys.iter().any(Option::is_none) {
        return;
    }
    let path: Vec<&str> = keys.iter().flatten().copied().collect();
    if path == ["responseOverride", "status"] {
        status(walker, value);
    }
    let span = walker.top(target.span);
    walker.record_override(path.join("."), span);
}

fn status(walker: &mut Walker<'_>, value: &Expr) {
    let text = walker.text();
    let (shown, code) = match value {
        Expr::Integer(span) => (span.slice(text), span.slice(text).parse::<i64>().ok()),
        Expr::String(literal) => {
            let inner = literal.span.slice(text).trim_matches(['\'', '"']);
            (literal.span.slice(text), inner.parse::<i64>().ok())
        }
        _ => return,
    };
    if code.is_some_and(|c| (100..=599).contains(&c)) {
        return;
    }
    walker.hits.push(
        Hit::new(
            "override-status-out-of-range",
            walker.top(value.span()),
            format!("status override `{shown}` is not an integer from 100 to 599"),
        )
        .label("API Gateway ignores it")
        .note("the integration response's status is sent instead"),
    );
}

/// An override a `#set` sets: its key path, the `#if` branches around it, where.
#[derive(Debug)]
struct Set {
    key: String,
    branches: Vec<(usize, usize)>,
    span: Span,
}

/// The overrides a template sets, to find one set twice.
#[derive(Debug, Default)]
pub(crate) struct Sets {
    sets: Vec<Set>,
}

impl Sets {
    pub(crate) fn record(&mut self, key: String, branches: Vec<(usize, usize)>, span: Span) {
        self.sets.push(Set {
            key,
            branches,
            span,
        });
    }

    /// A hit for each override set when it may already have been set: an earlier set of the
    /// same key not in another branch of the same `#if`.
    pub(crate) fn twice(&self, source: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (i, set) in self.sets.iter().enumerate() {
            let (key, span) = (&set.key, &set.span);
            // Two sets exclude each other when they stand in different branches of one `#if`.
            let exclusive = |other: &Set| {
                other.branches.iter().any(|(id, branch)| {
                    set.branches
                        .iter()
                        .any(|(id2, branch2)| id == id2 && branch != branch2)
                })
            };
            let earlier = self.sets[..i]
                .iter()
                .find(|other| other.key == *key && !exclusive(other));
            if let Some(Set { span: first, .. }) = earlier {
                hits.push(
                    Hit::new(
                        "override-set-twice",
                        *span,
                        format!("`$context.{key}` may already be set here: overrides are final"),
                    )
                    .label("set a second time")
                    .note(format!(
                        "first set on line {}",
                        crate::syntax::position_of(source, first.start as usize).0
                    ))
                    .help(Some(
                        "set a variable on each path and override once, at the end".to_string(),
                    )),
                );
            }
        }
        hits
    }
}

//! In-template allow comments: `## apigw-vtl: allow(rule-id, ...)` on a line of its own allows
//! the rules on the next line; `#* apigw-vtl: allow(rule-id) *#` allows them on its own lines,
//! and on the next when nothing follows it on its line. Neither changes the output (a whole-line `##` comment takes its own newline
//! only).

use super::Hit;
use crate::syntax::{CommentKind, Node, Template, position_of};

/// Rules allowed on a line.
struct Allowance {
    rules: Vec<String>,
    first_line: usize,
    last_line: usize,
}

/// `hits` without those an allow comment in `template` covers, plus a hit for each `##` allow
/// comment that ends a content line (it swallows the newline).
pub(crate) fn apply(template: &Template, mut hits: Vec<Hit>) -> Vec<Hit> {
    let source = template.source();
    let mut allowances = Vec::new();
    collect(template.nodes(), source, &mut allowances, &mut hits);
    hits.retain(|hit| {
        let (line, _) = position_of(source, hit.span.start as usize);
        !allowances.iter().any(|a| {
            (a.first_line..=a.last_line).contains(&line) && a.rules.iter().any(|r| r == hit.rule)
        })
    });
    hits
}

fn collect(nodes: &[Node], source: &str, out: &mut Vec<Allowance>, hits: &mut Vec<Hit>) {
    for node in nodes {
        match node {
            Node::Comment(comment) => {
                // A block comment's span may hold its end only: its text starts at its `#*`.
                let start = match comment.kind {
                    CommentKind::Line => comment.span.start as usize,
                    _ => source[..comment.span.end as usize]
                        .rfind("#*")
                        .unwrap_or(comment.span.start as usize),
                };
                let text = &source[start..comment.span.end as usize];
                let Some(rules) = allowed_rules(text) else {
                    continue;
                };
                let (line, _) = position_of(source, start);
                let line_start = source[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
                let alone = source[line_start..start].trim().is_empty();
                match comment.kind {
                    CommentKind::Line => {
                        if alone {
                            out.push(Allowance {
                                rules,
                                first_line: line + 1,
                                last_line: line + 1,
                            });
                        } else {
                            let shown = text.trim_end_matches(['\n', '\r']).len();
                            hits.push(
                                Hit::new(
                                    "allow-comment-swallows-newline",
                                    crate::syntax::Span::new(start, start + shown),
                                    "this `##` comment swallows the newline of the line it ends",
                                )
                                .help(Some(
                                    "put it on a line of its own before the construct, or write `#* apigw-vtl: allow(...) *#`"
                                        .to_string(),
                                )),
                            );
                            out.push(Allowance {
                                rules,
                                first_line: line,
                                last_line: line,
                            });
                        }
                    }
                    _ => {
                        let end = comment.span.end as usize;
                        let (end_line, _) = position_of(source, end.saturating_sub(1));
                        // Alone at the end of its line, it is about the next line too.
                        let rest = source[end..].split(['\n', '\r']).next().unwrap_or("");
                        let next = usize::from(rest.trim().is_empty());
                        out.push(Allowance {
                            rules,
                            first_line: line,
                            last_line: end_line + next,
                        });
                    }
                }
            }
            Node::If(directive) => {
                for branch in &directive.branches {
                    collect(&branch.body, source, out, hits);
                }
                if let Some(otherwise) = &directive.otherwise {
                    collect(&otherwise.body, source, out, hits);
                }
            }
            Node::Directive(directive) => {
                if let Some(body) = &directive.body {
                    collect(body, source, out, hits);
                }
            }
            _ => {}
        }
    }
}

/// The rule ids of `apigw-vtl: allow(a, b)` in a comment's text.
fn allowed_rules(comment: &str) -> Option<Vec<String>> {
    let at = comment.find("apigw-vtl:")?;
    let rest = comment[at + "apigw-vtl:".len()..].trim_start();
    let inner = rest.strip_prefix("allow(")?;
    let inner = &inner[..inner.find(')')?];
    Some(
        inner
            .split(',')
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect(),
    )
}

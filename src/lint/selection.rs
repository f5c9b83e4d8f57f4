//! Selection-pattern rules, per integration: patterns that miss multi-line Lambda messages, that
//! also match a success, that can never match, or that another pattern always beats; a missing
//! or repeated default response; Lambda errors that fall to a default 2xx response.

use super::Hit;
use crate::java::regex::JavaRegex;
use crate::syntax::Span;

/// One integration response as the definition writes it.
pub(crate) struct Response<'a> {
    pub(crate) status: u16,
    /// `None` (or `""`): the default response.
    pub(crate) pattern: Option<&'a str>,
    /// The default response's template sets `$context.responseOverride.status`.
    pub(crate) overrides_status: bool,
}

/// What the integration matches its patterns against.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Matched {
    /// A Lambda function error's `errorMessage` (a success as "").
    LambdaError,
    /// The status code (HTTP, MOCK, AWS services).
    Status,
}

/// Function error messages to probe a Lambda integration's patterns with: ordinary, Lambda's
/// own (timeout, crash) and a multi-line stack trace (aws-semantics.md §2).
const LAMBDA_PROBES: [&str; 4] = [
    "Something went wrong",
    "RequestId: 0 Error: Task timed out after 3.00 seconds",
    "RequestId: 0 Error: Runtime exited without providing a reason",
    "TypeError: x is not a function\n    at handler (/var/task/index.js:1:1)",
];

/// Hits for the responses of one integration; each hit's span is the index of the response it
/// is about (the caller places it), as `Span::new(index, index)`.
pub(crate) fn check(matched: Matched, responses: &[Response<'_>]) -> Vec<Hit> {
    let mut hits = Vec::new();
    let at = |index: usize| Span::new(index, index);
    let compiled: Vec<Option<JavaRegex>> = responses
        .iter()
        .map(|r| {
            r.pattern
                .filter(|p| !p.is_empty())
                .and_then(|p| JavaRegex::new(p).ok())
        })
        .collect();
    let defaults: Vec<usize> = (0..responses.len())
        .filter(|&i| responses[i].pattern.is_none_or(str::is_empty))
        .collect();
    if defaults.len() > 1 {
        for &i in &defaults[1..] {
            hits.push(
                Hit::new(
                    "default-response-duplicate",
                    at(i),
                    format!(
                        "a second default response ({}); the integration already has one ({})",
                        responses[i].status, responses[defaults[0]].status
                    ),
                )
                .label("never chosen"),
            );
        }
    }
    if defaults.is_empty() && !responses.is_empty() {
        hits.push(
            Hit::new(
                "default-response-missing",
                at(0),
                "no default response: an outcome no pattern matches is answered 500",
            )
            .help(Some(
                "add a response without a selection pattern (`default` in OpenAPI)".to_string(),
            )),
        );
    }
    // Several matching patterns: the lowest status wins (aws-semantics.md §1).
    let winner = |text: &str| -> Option<usize> {
        compiled
            .iter()
            .enumerate()
            .filter(|(_, re)| re.as_ref().is_some_and(|re| re.is_full_match(text)))
            .min_by_key(|(i, _)| responses[*i].status)
            .map(|(i, _)| i)
    };
    for (i, re) in compiled.iter().enumerate() {
        let Some(re) = re else { continue };
        let pattern = re.as_str();
        match matched {
            Matched::Status => {
                let codes: Vec<String> = (100..=599).map(|c: u16| c.to_string()).collect();
                let matches: Vec<&String> = codes.iter().filter(|c| re.is_full_match(c)).collect();
                if matches.is_empty() {
                    hits.push(
                        Hit::new(
                            "selection-pattern-never-matches",
                            at(i),
                            format!("`{pattern}` matches no status code from 100 to 599, and this integration's patterns are matched against the backend's status code"),
                        )
                        .label("never selected"),
                    );
                } else if matches.iter().all(|c| winner(c) != Some(i)) {
                    let other = winner(matches[0]).map_or(0, |w| responses[w].status);
                    hits.push(
                        Hit::new(
                            "selection-pattern-shadowed",
                            at(i),
                            format!("every status `{pattern}` matches goes to the response with the lower status {other}"),
                        )
                        .label("never selected"),
                    );
                }
            }
            Matched::LambdaError => {
                if re.is_full_match("") {
                    hits.push(
                        Hit::new(
                            "selection-pattern-matches-success",
                            at(i),
                            format!("`{pattern}` matches the empty string, which is what a successful invocation is matched as"),
                        )
                        .label("successes get this response too")
                        .help(Some("require at least one character: `(?s).+` instead of `.*`".to_string())),
                    );
                }
                let matching: Vec<String> = re
                    .sample_candidates()
                    .into_iter()
                    .filter(|c| re.is_full_match(c))
                    .collect();
                if let Some(first) = matching.first()
                    && matching.iter().all(|c| winner(c) != Some(i))
                {
                    let other = winner(first).map_or(0, |w| responses[w].status);
                    hits.push(
                        Hit::new(
                            "selection-pattern-shadowed",
                            at(i),
                            format!("every message `{pattern}` matches that was tried goes to the response with the lower status {other}"),
                        )
                        .label("never selected"),
                    );
                }
                if !pattern.contains("(?s") {
                    multiline(re, pattern, i, &mut hits);
                }
            }
        }
    }
    if matched == Matched::LambdaError
        && let Some(&default) = defaults.first()
        && (200..300).contains(&responses[default].status)
        && let Some(probe) = LAMBDA_PROBES.iter().find(|p| winner(p).is_none())
    {
        let patterns: Vec<String> = responses
            .iter()
            .filter_map(|r| r.pattern.filter(|p| !p.is_empty()))
            .map(|p| format!("`{p}`"))
            .collect();
        let mut hit = Hit::new(
            "lambda-error-falls-to-default",
            at(default),
            format!(
                "a function error whose message matches no pattern gets this default response's {}",
                responses[default].status
            ),
        )
        .label("function errors end here")
        .note(format!(
            "the errorMessage {probe:?} matches none of {}",
            if patterns.is_empty() {
                "the patterns (there are none)".to_string()
            } else {
                patterns.join(", ")
            }
        ));
        if responses[default].overrides_status {
            hit = hit.note("this response's template sets `$context.responseOverride.status` for some payloads (the founding example's `stackTrace` check): an error it does not recognise still gets the default status");
        }
        hit = hit.help(Some(
            "add a response with the selection pattern `(?s).+` (every function error; a success is matched as the empty string) and an error status such as 500".to_string(),
        ));
        hits.push(hit);
    }
    hits
}

/// `pattern` matches a one-line message but not the same message with a line before or after
/// it, which `(?s)` would match: Java's `.` stops at a newline.
fn multiline(re: &JavaRegex, pattern: &str, index: usize, hits: &mut Vec<Hit>) {
    let fixed = format!("(?s){pattern}");
    let Ok(dotall) = JavaRegex::new(&fixed) else {
        return;
    };
    let missed = re
        .sample_candidates()
        .into_iter()
        .filter(|c| re.is_full_match(c))
        .flat_map(|c| [format!("{c}\n    at line 2"), format!("line 1\n{c}")])
        .find(|m| !re.is_full_match(m) && dotall.is_full_match(m));
    if let Some(missed) = missed {
        hits.push(
            Hit::new(
                "selection-pattern-multiline",
                Span::new(index, index),
                format!("`{pattern}` misses a multi-line errorMessage: Java's `.` does not match a newline"),
            )
            .label("a stack trace in the message never matches")
            .note(format!("it does not match {missed:?}"))
            .help(Some(format!("use `{fixed}`, which matches across lines"))),
        );
    }
}

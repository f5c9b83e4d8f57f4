//! Selection patterns (aws-semantics.md §1): each pattern is matched as a whole (Java
//! `String.matches`) against the outcome's selection string; several matching → the lowest status
//! (AWS keeps responses in a map keyed by status; the one recording, 405 over 502, agrees); none →
//! the default response (no pattern).
//!
//! A pattern the regex engine cannot evaluate here (fancy-regex's backtracking limit, where Java's
//! engine would answer) is an error, never a "no match": taking another response silently would
//! be a wrong answer that looks right.

use super::explain::Explain;
use super::model::IntegrationResponse;

/// The response selected for `subject`, or `None` when nothing matches and there is no default.
///
/// # Errors
/// Why a pattern could not be evaluated (its text, status and the regex error).
pub(crate) fn select<'m>(
    responses: &'m [IntegrationResponse],
    subject: &str,
    explain: &mut Explain,
) -> Result<Option<&'m IntegrationResponse>, String> {
    let mut candidates: Vec<&IntegrationResponse> =
        responses.iter().filter(|r| r.pattern.is_some()).collect();
    candidates.sort_by_key(|r| r.status);
    let mut matched = Vec::new();
    for response in candidates {
        let Some((text, regex)) = &response.pattern else {
            continue;
        };
        let matches = regex.try_is_full_match(subject).map_err(|error| {
            format!(
                "selection pattern `{text}` ({}) could not be evaluated: {error}; Java's regex engine on AWS would decide, so which response AWS selects is unknown",
                response.status
            )
        })?;
        if matches {
            explain.note(format_args!(
                "pattern `{text}` ({}) matches {subject:?}",
                response.status
            ));
            matched.push(response);
        } else {
            // Working out why costs another search: only for a trace.
            if explain.is_recording() {
                explain.note(format_args!(
                    "pattern `{text}` ({}) does not match {subject:?}{}",
                    response.status,
                    why_not(regex, subject)
                ));
            }
        }
    }
    if let Some(first) = matched.first() {
        if matched.len() > 1 {
            explain.note(format_args!(
                "{} patterns match: the lowest status, {}, is taken (AWS's rule is not documented; the one recording agrees)",
                matched.len(),
                first.status
            ));
        }
        return Ok(Some(first));
    }
    let default = responses.iter().find(|r| r.pattern.is_none());
    match default {
        Some(response) => explain.note(format_args!(
            "no pattern matches: the default response ({}) is taken",
            response.status
        )),
        None => explain.note("no pattern matches and there is no default response"),
    }
    Ok(default)
}

/// Why a pattern that looks right did not match: a line break (`.` does not match one) or a match
/// of only part of the string (selection needs the whole string).
fn why_not(regex: &crate::java::regex::JavaRegex, subject: &str) -> &'static str {
    if subject.contains('\n') && subject.lines().any(|line| regex.is_full_match(line)) {
        return " (a line of it matches: the string has a line break, and `.` does not match one)";
    }
    if regex.find(subject).is_some() {
        return " (part of it matches: a selection pattern must match the whole string)";
    }
    ""
}

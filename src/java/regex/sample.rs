//! Strings a parsed pattern may match, for `apigw-vtl scaffold`: an `errorMessage` that selects a
//! given integration response. Candidates only: built from the pattern's tree (each alternative,
//! each repetition count at its minimum and one more, a readable character from each class), and
//! always checked by the caller with the real matcher, since look-around, anchors and
//! backreferences are not modelled here.

use super::charset::CharSet;
use super::parse::{Node, parse};

/// At most this many candidates.
const MAX: usize = 32;

/// Candidate strings for `pattern`, shortest choices first; empty when the pattern does not parse.
pub(crate) fn candidates(pattern: &str) -> Vec<String> {
    let Ok(parsed) = parse(pattern) else {
        return Vec::new();
    };
    let mut out = expand(&parsed.root);
    out.sort_by_key(|s| s.chars().count());
    out.dedup();
    out.truncate(MAX);
    out
}

/// Readable characters, in the order they are preferred as a class's representative.
const PREFERRED: &str =
    "aeExrorEXCEPTIONn0123456789 _-.:/AbcdfghijklmpqstuvwyzBDFGHJKLMNOPQRSUVWYZ";

fn representatives(set: &CharSet) -> Vec<char> {
    let mut chosen: Vec<char> = Vec::new();
    for c in PREFERRED.chars() {
        if set.contains(c as u32) && !chosen.contains(&c) {
            chosen.push(c);
            if chosen.len() == 2 {
                return chosen;
            }
        }
    }
    if chosen.is_empty()
        && let Some(c) = set.ranges().first().and_then(|(lo, _)| char::from_u32(*lo))
    {
        chosen.push(c);
    }
    chosen
}

fn cross(left: Vec<String>, right: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for a in &left {
        for b in right {
            if out.len() >= MAX {
                return out;
            }
            out.push(format!("{a}{b}"));
        }
    }
    out
}

fn expand(node: &Node) -> Vec<String> {
    match node {
        Node::Empty | Node::Assert(_) | Node::Look { .. } | Node::BackRef(_) => vec![String::new()],
        Node::Char(set) => representatives(set).into_iter().map(String::from).collect(),
        Node::Concat(parts) => {
            let mut out = vec![String::new()];
            for part in parts {
                out = cross(out, &expand(part));
                if out.is_empty() {
                    return out;
                }
            }
            out
        }
        Node::Alt(choices) => {
            let mut out = Vec::new();
            for choice in choices {
                out.extend(expand(choice));
            }
            out.truncate(MAX);
            out
        }
        Node::Capture(_, inner) | Node::Group(inner) | Node::Atomic(inner) => expand(inner),
        Node::Repeat { node, min, max, .. } => {
            let once = expand(node);
            let mut out = Vec::new();
            let mut counts = vec![*min];
            if max.is_none_or(|max| max > *min) {
                counts.push(min.saturating_add(1));
            }
            for count in counts {
                // Longer repetitions say nothing more about what matches.
                let count = count.min(16);
                let mut texts = vec![String::new()];
                for _ in 0..count {
                    texts = cross(texts, &once);
                }
                out.extend(texts);
            }
            out.truncate(MAX);
            out
        }
        Node::LineEnding => vec!["\n".to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::java::regex::JavaRegex;

    fn first_match(pattern: &str) -> Option<String> {
        let regex = JavaRegex::new(pattern).ok()?;
        candidates(pattern)
            .into_iter()
            .find(|c| regex.is_full_match(c))
    }

    #[test]
    fn candidates_match_common_selection_patterns() {
        for (pattern, expected) in [
            (".*Error.*", "Error"),
            (".*Exception.*", "Exception"),
            ("4\\d{2}", "400"),
            ("(Bad|Not) Request", "Bad Request"),
            ("[A-Z][a-z]+: .*", "Ea: "),
            (".+", "a"),
        ] {
            assert_eq!(first_match(pattern).as_deref(), Some(expected), "{pattern}");
        }
    }
}

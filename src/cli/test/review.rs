//! `apigw-vtl test --review`: each pending snapshot's change, then a question. A terminal is
//! asked (`a`ccept, `r`eject, `s`kip, `q`uit); from a pipe one answer is read per line, so a
//! script or a test drives the same code. The end of input skips the rest.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use super::super::{EXIT_OK, EXIT_REJECTED, EXIT_USAGE, Errors};
use crate::testing::display_path;
use crate::testing::review::{Decision, review};

/// An answer as typed: its first letter counts.
pub(crate) fn decision(answer: &str) -> Option<Decision> {
    match answer.trim().to_ascii_lowercase().chars().next() {
        Some('a') | Some('y') => Some(Decision::Accept),
        Some('r') | Some('n') => Some(Decision::Reject),
        Some('s') => Some(Decision::Skip),
        Some('q') => Some(Decision::Stop),
        _ => None,
    }
}

pub(super) fn run(paths: &[PathBuf], errors: Errors) -> u8 {
    let pending = match crate::testing::pending_snapshots(paths) {
        Ok(pending) => pending,
        Err(message) => {
            errors.line(&format!("apigw-vtl test: {message}"));
            return EXIT_USAGE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    if pending.is_empty() {
        let _ = writeln!(stdout, "no pending snapshots");
        return EXIT_OK;
    }
    let terminal = std::io::stdin().is_terminal();
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let total = pending.len();
    let mut index = 0;
    let result = review(&pending, |item| {
        index += 1;
        let _ = writeln!(
            stdout,
            "[{index}/{total}] {}\n{}",
            display_path(&item.pending),
            item.change.trim_end_matches('\n')
        );
        loop {
            if terminal {
                let _ = write!(stdout, "accept, reject or skip? [a/r/s/q] ");
            }
            let _ = stdout.flush();
            let Some(Ok(answer)) = lines.next() else {
                let _ = writeln!(stdout, "(end of input: skipped)");
                return Decision::Stop;
            };
            match decision(&answer) {
                Some(decision) => {
                    let word = match decision {
                        Decision::Accept => "accepted",
                        Decision::Reject => "rejected",
                        Decision::Skip => "skipped",
                        Decision::Stop => "skipped, and the rest",
                    };
                    let _ = writeln!(stdout, "{word}");
                    return decision;
                }
                None if terminal => {}
                None => {
                    let _ = writeln!(stdout, "(not an answer: {answer:?}; skipped)");
                    return Decision::Skip;
                }
            }
        }
    });
    match result {
        Ok(reviewed) => {
            let _ = writeln!(
                stdout,
                "{} accepted, {} rejected, {} skipped",
                reviewed.accepted, reviewed.rejected, reviewed.skipped
            );
            EXIT_OK
        }
        Err(error) => {
            errors.line(&format!("apigw-vtl test --review: {error}"));
            EXIT_REJECTED
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_count_by_their_first_letter() {
        assert_eq!(decision("a"), Some(Decision::Accept));
        assert_eq!(decision(" Accept\n"), Some(Decision::Accept));
        assert_eq!(decision("r"), Some(Decision::Reject));
        assert_eq!(decision("skip"), Some(Decision::Skip));
        assert_eq!(decision("q"), Some(Decision::Stop));
        assert_eq!(decision("?"), None);
        assert_eq!(decision(""), None);
    }
}

//! Reviewing pending snapshots (`.snap.new`): the decision for each is the caller's (a person at
//! a terminal, a script, a test); this applies it. Accepting moves the pending file over the
//! snapshot, rejecting removes it, skipping leaves both.

use std::path::{Path, PathBuf};

use super::case::{PENDING_SUFFIX, display};
use super::diff;
use super::snapshot::Snapshot;

/// One pending snapshot, as a reviewer sees it.
#[derive(Debug)]
pub struct Pending {
    /// The pending file (`guid.error.snap.new`).
    pub pending: PathBuf,
    /// The snapshot it would replace (`guid.error.snap`), which may not exist yet.
    pub snapshot: PathBuf,
    /// What differs from the stored snapshot, or the whole new snapshot when there is none.
    pub change: String,
}

/// A reviewer's answer for one pending snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Keep the new snapshot.
    Accept,
    /// Drop it; the stored snapshot stands.
    Reject,
    /// Leave it pending.
    Skip,
    /// Leave this one and every one after it pending.
    Stop,
}

/// How many snapshots were accepted, rejected and left pending.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reviewed {
    /// Moved over their snapshot.
    pub accepted: usize,
    /// Removed.
    pub rejected: usize,
    /// Left pending.
    pub skipped: usize,
}

/// Describes a pending snapshot for its reviewer.
pub fn describe(pending: &Path) -> Pending {
    let text = pending.to_string_lossy();
    let snapshot = PathBuf::from(text.strip_suffix(PENDING_SUFFIX).unwrap_or(&text));
    let new_text = std::fs::read_to_string(pending).unwrap_or_default();
    let change = match std::fs::read_to_string(&snapshot) {
        Err(_) => format!("  new snapshot:\n{}", indent(&new_text)),
        Ok(old_text) => {
            let old = Snapshot::parse(&display(&snapshot), &old_text);
            let new = Snapshot::parse(&display(pending), &new_text);
            match (old, new) {
                (Ok(old), Ok(new)) => {
                    let change = diff::describe(&old, &new);
                    if change.is_empty() {
                        "  no change in what the snapshot holds (only its comments or layout)\n"
                            .to_string()
                    } else {
                        change
                    }
                }
                _ => format!(
                    "  the stored snapshot is replaced by:\n{}",
                    indent(&new_text)
                ),
            }
        }
    };
    Pending {
        pending: pending.to_path_buf(),
        snapshot,
        change,
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    {line}\n")).collect()
}

/// Reviews `pending` files in order, asking `decide` about each.
///
/// # Errors
/// A file that cannot be moved or removed (what was done before it stays done).
///
/// # Examples
/// ```
/// use apigw_vtl::testing::review::{Decision, review};
/// let dir = std::env::temp_dir().join(format!("apigw-vtl-review-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let pending = dir.join("guid.ok.snap.new");
/// std::fs::write(&pending, "status: 200\n")?;
/// let reviewed = review(&[pending.clone()], |p| {
///     assert!(p.change.contains("new snapshot"));
///     Decision::Accept
/// })?;
/// assert_eq!(reviewed.accepted, 1);
/// assert_eq!(std::fs::read_to_string(dir.join("guid.ok.snap"))?, "status: 200\n");
/// assert!(!pending.exists());
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn review(
    pending: &[PathBuf],
    mut decide: impl FnMut(&Pending) -> Decision,
) -> std::io::Result<Reviewed> {
    let mut reviewed = Reviewed::default();
    let mut stopped = false;
    for path in pending {
        if stopped {
            reviewed.skipped += 1;
            continue;
        }
        let item = describe(path);
        match decide(&item) {
            Decision::Accept => {
                std::fs::rename(&item.pending, &item.snapshot)?;
                reviewed.accepted += 1;
            }
            Decision::Reject => {
                std::fs::remove_file(&item.pending)?;
                reviewed.rejected += 1;
            }
            Decision::Skip => reviewed.skipped += 1,
            Decision::Stop => {
                reviewed.skipped += 1;
                stopped = true;
            }
        }
    }
    Ok(reviewed)
}

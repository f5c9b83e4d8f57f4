//! Snapshot tests of mapping templates and whole API definitions: the library behind
//! `apigw-vtl test` and `apigw-vtl scaffold`.
//!
//! Owns: finding case files ([`discover`]), reading them ([`Suite::load`]: each definition,
//! template and input file read and parsed once), running a case through the crate's one door
//! ([`crate::Api::invoke`], or [`crate::apigw::Environment`] for a template alone), the snapshot
//! file format ([`Snapshot`]), comparing and writing snapshots (pending `.new` files as insta
//! keeps them), readable differences ([`diff`]), coverage of template branches and integration
//! responses ([`CoverageReport`]), and writing a starting set of cases for a definition
//! ([`scaffold`]). Knows nothing of argv, terminals or exit codes: the CLI does.
//!
//! # A Rust test over a directory of cases
//!
//! ```no_run
//! // tests/api_cases.rs
//! #[test]
//! fn api_answers_as_reviewed() {
//!     // Runs every `*.case.yaml` under the directory and panics with a readable report when a
//!     // case fails, has no snapshot yet, or cannot run (new and changed snapshots are written
//!     // beside the old ones as `.snap.new`: review them with `apigw-vtl test --review`).
//!     apigw_vtl::testing::assert_cases("tests/api");
//! }
//! ```
//!
//! The same, case by case:
//!
//! ```
//! use apigw_vtl::testing::{Suite, Verdict};
//! let suite = Suite::load(&["corpus/cases/danielhttp".into()])?;
//! for case in suite.cases() {
//!     let run = suite.run(case);
//!     match suite.compare(case, &run) {
//!         Verdict::Passed => {}
//!         other => panic!("{}: {}", case.full_name(), other.summary()),
//!     }
//! }
//! # Ok::<(), String>(())
//! ```

mod case;
pub mod coverage;
pub mod diff;
pub mod review;
mod run;
pub mod scaffold;
mod snapshot;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use case::{CASE_SUFFIXES, Case, PENDING_SUFFIX, SNAPSHOT_SUFFIX, discover, is_case_file};
pub use coverage::CoverageReport;
pub use run::{CaseRun, Observed, RunOptions};
pub use snapshot::{Body, Snapshot, SnapshotError, Value};

use crate::diagnostic::Diagnostic;
use crate::syntax::{ParseError, Span};

/// A path as names and messages show it: as given, with `/` separators.
pub fn display_path(path: &Path) -> String {
    case::display(path)
}

/// Why a case cannot run, or its snapshot cannot be read: the file, the place when there is one,
/// and the message. Printed as `file:line:col: message`, or as an excerpt of the file.
///
/// # Examples
/// ```
/// let dir = std::env::temp_dir().join(format!("apigw-vtl-case-error-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let file = dir.join("t.case.yaml");
/// std::fs::write(&file, "template: '$a'\nbodyy: x\n").unwrap();
/// let suite = apigw_vtl::testing::Suite::from_files(&[file]);
/// let error = suite.cases()[0].error().expect("a typo");
/// assert_eq!((error.line, error.column), (2, 1));
/// assert!(error.message.starts_with("unknown key `bodyy` in a case"));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseError {
    /// The file the error is in.
    pub file: String,
    /// 1-based line; 0 when the error is not at a place (a file that cannot be read).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// The file's text and the span the error is about, for an excerpt.
    excerpt: Option<(Arc<String>, Span)>,
    notes: Vec<String>,
}

impl std::fmt::Display for CaseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

impl std::error::Error for CaseError {}

impl CaseError {
    pub(crate) fn new(file: &str, message: String) -> Self {
        CaseError {
            file: file.to_string(),
            line: 0,
            column: 0,
            message,
            excerpt: None,
            notes: Vec::new(),
        }
    }

    /// An error at `line`:`column` of `text`, the contents of `file`.
    pub(crate) fn at(
        file: &str,
        text: &Arc<String>,
        line: usize,
        column: usize,
        message: String,
    ) -> Self {
        let excerpt = crate::syntax::offset_of(text, line, column).map(|offset| {
            let end = text[offset..]
                .chars()
                .next()
                .map_or(offset, |c| offset + c.len_utf8());
            (Arc::clone(text), Span::new(offset, end))
        });
        CaseError {
            file: file.to_string(),
            line,
            column,
            message,
            excerpt,
            notes: Vec::new(),
        }
    }

    /// A template that does not parse.
    pub(crate) fn parse(file: &str, text: String, error: &ParseError) -> Self {
        let diagnostic = Diagnostic::from(error);
        let (line, column) = crate::syntax::position_of(&text, error.span().start as usize);
        CaseError {
            file: file.to_string(),
            line,
            column,
            message: diagnostic.message().to_string(),
            excerpt: Some((Arc::new(text), error.span())),
            notes: Vec::new(),
        }
    }

    /// A definition that cannot be read.
    pub(crate) fn definition(error: &crate::definition::DefinitionError) -> Self {
        let location = error.location();
        let message = if location.path.is_empty() {
            error.kind().to_string()
        } else {
            format!("at `{}`: {}", location.path, error.kind())
        };
        match std::fs::read_to_string(error.file()) {
            Ok(text) if location.line > 0 => CaseError::at(
                error.file(),
                &Arc::new(text),
                location.line,
                location.column,
                message,
            ),
            _ => CaseError::new(error.file(), message),
        }
    }

    /// This error, placed at `fallback`'s place when it has none of its own (a file a case names
    /// that cannot be read: the case's line is where to look).
    pub(crate) fn or_at(self, fallback: CaseError) -> Self {
        if self.line > 0 {
            return self;
        }
        CaseError {
            message: format!("{}: {}", self.file, self.message),
            ..fallback
        }
    }

    pub(crate) fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// The error as a diagnostic over its file's text, when it has a place in one: `(diagnostic,
    /// text, file name)`, for [`Diagnostic::excerpt`].
    pub fn diagnostic(&self) -> Option<(Diagnostic, &str, &str)> {
        let (text, span) = self.excerpt.as_ref()?;
        let mut diagnostic = Diagnostic::new(self.message.clone(), *span);
        for note in &self.notes {
            diagnostic = diagnostic.with_note(note.clone());
        }
        Some((diagnostic, text.as_str(), self.file.as_str()))
    }

    /// The excerpt form (or the one line when the error has no place).
    pub fn render(&self, style: crate::diagnostic::Style) -> String {
        match self.diagnostic() {
            Some((diagnostic, text, name)) => diagnostic.excerpt(text, name, style),
            None => format!("error: {self}"),
        }
    }
}

/// `path` as the test runner keys files (`.` and `dir/..` taken out, lexically): the linter
/// matches the templates it lints with the cases that render them.
#[cfg(feature = "lint")]
pub(crate) fn normalized(path: &std::path::Path) -> std::path::PathBuf {
    case::normalize(path)
}

/// Every case under some paths, loaded once: definitions, templates and input files are read and
/// parsed once for all the cases that name them, and the cases are sorted (by file, then in file
/// order) whatever order they run in.
#[derive(Debug, Clone)]
pub struct Suite {
    cases: Vec<Case>,
}

impl Suite {
    /// Finds and reads the case files under `paths` ([`discover`]). A malformed case file or case
    /// is kept as a case whose [`Case::error`] says why; the others load.
    ///
    /// # Errors
    /// A path that does not exist or cannot be listed.
    pub fn load(paths: &[PathBuf]) -> Result<Suite, String> {
        let files = discover(paths)?;
        Ok(Suite::from_files(&files))
    }

    /// Reads these case files.
    pub fn from_files(files: &[PathBuf]) -> Suite {
        let mut loader = case::Loader::default();
        let mut cases = Vec::new();
        for file in files {
            cases.extend(loader.read_file(file));
        }
        Suite { cases }
    }

    /// The cases, sorted.
    pub fn cases(&self) -> &[Case] {
        &self.cases
    }

    /// Keeps the cases whose [`Case::full_name`] contains `pattern`.
    pub fn filter(&mut self, pattern: &str) {
        self.cases.retain(|case| case.full_name().contains(pattern));
    }

    /// Keeps the cases `keep` says yes to.
    pub fn retain(&mut self, keep: impl FnMut(&Case) -> bool) {
        self.cases.retain(keep);
    }

    /// Runs a case (no trace, no coverage).
    pub fn run(&self, case: &Case) -> CaseRun {
        run::run(case, &RunOptions::default())
    }

    /// Runs a case, recording what `options` ask for.
    pub fn run_with(&self, case: &Case, options: &RunOptions) -> CaseRun {
        run::run(case, options)
    }

    /// Compares a run with the case's stored snapshot.
    pub fn compare(&self, case: &Case, run: &CaseRun) -> Verdict {
        compare(case, run)
    }
}

/// How a case's run compares with its stored snapshot.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// The snapshot holds what the case produced.
    Passed,
    /// There is no snapshot yet: the new one awaits review.
    New,
    /// The case produced something else: what differs, for a person to read.
    Changed {
        /// A readable difference ([`diff::describe`]).
        diff: String,
    },
    /// The case cannot run, or its snapshot cannot be read.
    Error(CaseError),
}

impl Verdict {
    /// One line: `passed`, `new snapshot`, `snapshot differs`, or the error.
    pub fn summary(&self) -> String {
        match self {
            Verdict::Passed => "passed".into(),
            Verdict::New => "new snapshot, not yet reviewed".into(),
            Verdict::Changed { .. } => "the output differs from the snapshot".into(),
            Verdict::Error(error) => error.to_string(),
        }
    }
}

/// Compares `run` with the snapshot stored for `case`.
///
/// # Examples
/// ```
/// use apigw_vtl::testing::{Suite, Verdict, compare};
/// let suite = Suite::load(&["corpus/cases/danielhttp/guid.case.yaml".into()])?;
/// let case = &suite.cases()[2];
/// assert_eq!(case.full_name(), "corpus/cases/danielhttp/guid.case.yaml::error");
/// assert_eq!(compare(case, &suite.run(case)), Verdict::Passed);
/// # Ok::<(), String>(())
/// ```
pub fn compare(case: &Case, run: &CaseRun) -> Verdict {
    let produced = match &run.snapshot {
        Ok(snapshot) => snapshot,
        Err(error) => return Verdict::Error(error.clone()),
    };
    let text = match std::fs::read_to_string(&case.snapshot) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Verdict::New,
        Err(error) => {
            return Verdict::Error(CaseError::new(
                &case::display(&case.snapshot),
                format!("cannot read the snapshot: {error}"),
            ));
        }
    };
    let shown = case::display(&case.snapshot);
    let stored = match Snapshot::parse(&shown, &text) {
        Ok(stored) => stored,
        Err(error) => {
            return Verdict::Error(
                CaseError::at(
                    &shown,
                    &Arc::new(text),
                    error.line,
                    error.column,
                    format!("malformed snapshot: {}", error.message),
                )
                .with_note("`apigw-vtl test --update` writes it anew"),
            );
        }
    };
    if &stored == produced {
        Verdict::Passed
    } else {
        Verdict::Changed {
            diff: diff::describe(&stored, produced),
        }
    }
}

/// Writes `run`'s snapshot as the case's snapshot (accepting it) and removes a pending one.
///
/// # Errors
/// The file cannot be written.
pub fn write_snapshot(case: &Case, run: &CaseRun) -> std::io::Result<()> {
    if let Ok(snapshot) = &run.snapshot {
        std::fs::write(&case.snapshot, snapshot.to_yaml())?;
    }
    remove_pending(case)
}

/// Writes `run`'s snapshot beside the stored one as pending (`.snap.new`), for review.
///
/// # Errors
/// The file cannot be written.
pub fn write_pending(case: &Case, run: &CaseRun) -> std::io::Result<()> {
    match &run.snapshot {
        Ok(snapshot) => std::fs::write(case.pending_path(), snapshot.to_yaml()),
        Err(_) => Ok(()),
    }
}

/// Removes the case's pending snapshot, if there is one (its run now matches).
///
/// # Errors
/// The file exists and cannot be removed.
pub fn remove_pending(case: &Case) -> std::io::Result<()> {
    match std::fs::remove_file(case.pending_path()) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// Every pending snapshot (`*.snap.new`) under `paths`, sorted.
///
/// # Errors
/// A path that cannot be listed.
pub fn pending_snapshots(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            if path.is_dir() {
                if !name.starts_with('.') && name != "target" && name != "node_modules" {
                    walk(&path, found)?;
                }
            } else if name.ends_with(&format!("{SNAPSHOT_SUFFIX}{PENDING_SUFFIX}")) {
                found.push(path);
            }
        }
        Ok(())
    }
    let mut found = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut found).map_err(|e| format!("{}: {e}", case::display(path)))?;
        } else if path.is_file()
            && path
                .to_str()
                .is_some_and(|p| p.ends_with(&format!("{SNAPSHOT_SUFFIX}{PENDING_SUFFIX}")))
        {
            found.push(path.clone());
        }
    }
    found.sort();
    Ok(found)
}

/// Runs every case under `dir` and panics with a report unless all pass: the recipe for a Rust
/// test (see the module's documentation). A new or changed snapshot is written as pending
/// (`.snap.new`) for `apigw-vtl test --review`.
///
/// # Panics
/// When a case fails, is new, or cannot run, or `dir` holds no case.
pub fn assert_cases(dir: impl AsRef<Path>) {
    let dir = dir.as_ref();
    let suite = match Suite::load(&[dir.to_path_buf()]) {
        Ok(suite) => suite,
        Err(error) => panic!("{error}"),
    };
    assert!(
        !suite.cases().is_empty(),
        "no case files (*.case.yaml, *.case.json) under {}",
        dir.display()
    );
    let mut report = String::new();
    let mut passed = 0;
    for case in suite.cases() {
        let run = suite.run(case);
        let verdict = suite.compare(case, &run);
        match &verdict {
            Verdict::Passed => {
                passed += 1;
                let _ = remove_pending(case);
                continue;
            }
            Verdict::New | Verdict::Changed { .. } => {
                let _ = write_pending(case, &run);
            }
            Verdict::Error(_) => {}
        }
        report.push_str(&format!("{}: {}\n", case.full_name(), verdict.summary()));
        if let Verdict::Changed { diff } = &verdict {
            report.push_str(diff);
        }
    }
    let failed = suite.cases().len() - passed;
    assert!(
        failed == 0,
        "{report}{passed} passed, {failed} failed (review pending snapshots with `apigw-vtl test --review {}`)",
        dir.display()
    );
}

//! `apigw-vtl test`: runs case files against their snapshots, in one process, and reports.

mod junit;
mod review;
mod watch;

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};

use super::{EXIT_OK, EXIT_REJECTED, EXIT_USAGE, Errors};
use crate::diagnostic::Style;
use crate::testing::{
    Case, CaseRun, CoverageReport, RunOptions, Suite, Verdict, remove_pending, write_pending,
    write_snapshot,
};

/// Arguments of `test`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  apigw-vtl test                          every *.case.yaml / *.case.json under the current directory
  apigw-vtl test tests/api --filter guid  the cases whose name contains `guid`
  apigw-vtl test --update                 write new and changed snapshots
  apigw-vtl test --review                 accept or reject pending snapshots one by one
  apigw-vtl test --junit report.xml --coverage --min-coverage 90

A case's name is its file, `::`, and its name in the file's `cases:` list
(`tests/api/guid.case.yaml::error`); `--filter` keeps the cases whose name contains the pattern.
Each case's snapshot is beside it (`guid.error.snap`). A new or changed snapshot is written as
pending (`guid.error.snap.new`): new ones exit 0 with a note, unless the CI environment variable
is set (and not `false` or `0`), where they fail. `--update` writes them as the snapshots.

Exit status: 0 when every case passed, 1 when one failed (or cannot run, or is pending on CI,
or coverage is below --min-coverage), 2 on usage errors.")]
pub(crate) struct TestArgs {
    /// Case files, or directories to search for `*.case.yaml`, `*.case.yml` and `*.case.json`.
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,
    /// Write new and changed snapshots (and remove their pending `.new` files).
    #[arg(long, conflicts_with = "review")]
    update: bool,
    /// Walk the pending snapshots (`.snap.new`): accept, reject or skip each. Answers are read
    /// from standard input: a terminal is asked, a pipe is read a line per snapshot.
    #[arg(long)]
    review: bool,
    /// Run only the cases whose full name (`FILE::NAME`) contains PATTERN.
    #[arg(long, value_name = "PATTERN")]
    filter: Option<String>,
    /// Also write a JUnit XML report (as GitLab and Jenkins read it) to FILE.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// The form of the report on standard output: `text`, or `json` (JSON Lines: one object per
    /// case, then the coverage and the summary).
    #[arg(long, value_enum, value_name = "FORM", default_value_t = Format::Text)]
    format: Format,
    /// Print each case's decision trace (route, templates, patterns tried, overrides; for a
    /// template case, the branches taken) on standard error.
    #[arg(long)]
    explain: bool,
    /// Report which integration responses and which template branches the cases reach.
    #[arg(long)]
    coverage: bool,
    /// Fail (exit 1) when coverage is below PERCENT (implies --coverage).
    #[arg(long, value_name = "PERCENT")]
    min_coverage: Option<f64>,
    /// Run, then run the affected cases again whenever a case file, template, definition or
    /// input file changes (until interrupted).
    #[arg(long, conflicts_with_all = ["review", "junit"])]
    watch: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Whether the `CI` environment variable says this is a CI run: set, and not `false` or `0`.
pub(crate) fn on_ci(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| {
        let v = v.to_string_lossy();
        let v = v.trim();
        !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false")
    })
}

/// What became of one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Passed,
    Failed,
    /// A new snapshot awaits review.
    Pending,
    /// `--update` wrote its snapshot.
    Updated,
    Error,
}

impl Status {
    fn word(self) -> &'static str {
        match self {
            Status::Passed => "ok",
            Status::Failed => "FAILED",
            Status::Pending => "pending",
            Status::Updated => "updated",
            Status::Error => "ERROR",
        }
    }

    fn json(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::Pending => "pending",
            Status::Updated => "updated",
            Status::Error => "error",
        }
    }
}

/// One case's result, as every report form needs it.
struct Outcome {
    status: Status,
    verdict: Verdict,
    run: CaseRun,
    time: Duration,
}

/// The counts of a run.
#[derive(Default, Debug)]
struct Totals {
    passed: usize,
    failed: usize,
    pending: usize,
    updated: usize,
}

pub(crate) fn run(args: &TestArgs, errors: Errors) -> u8 {
    if args.review {
        return review::run(&args.paths, errors);
    }
    if args
        .min_coverage
        .is_some_and(|p| !(0.0..=100.0).contains(&p))
    {
        errors.line("apigw-vtl test: --min-coverage takes a percentage from 0 to 100");
        return EXIT_USAGE;
    }
    let suite = match load(args, errors) {
        Ok(suite) => suite,
        Err(code) => return code,
    };
    if args.watch {
        return watch::run(args, suite, errors);
    }
    run_suite(args, &suite, errors)
}

fn load(args: &TestArgs, errors: Errors) -> Result<Suite, u8> {
    let mut suite = match Suite::load(&args.paths) {
        Ok(suite) => suite,
        Err(message) => {
            errors.line(&format!("apigw-vtl test: {message}"));
            return Err(EXIT_USAGE);
        }
    };
    if suite.cases().is_empty() {
        let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        errors.line(&format!(
            "apigw-vtl test: no case files (*.case.yaml, *.case.yml, *.case.json) under {}",
            paths.join(", ")
        ));
        return Err(EXIT_USAGE);
    }
    if let Some(pattern) = &args.filter {
        suite.filter(pattern);
        if suite.cases().is_empty() {
            errors.line(&format!(
                "apigw-vtl test: no case name contains {pattern:?} (names are FILE::NAME)"
            ));
            return Err(EXIT_USAGE);
        }
    }
    Ok(suite)
}

/// Runs `cases` on every core, calling `emit` in the cases' order whatever order they finish in.
fn run_cases(
    suite: &Suite,
    cases: &[Case],
    trace: bool,
    coverage: bool,
    mut emit: impl FnMut(&Case, CaseRun, Verdict, Duration),
) {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(cases.len())
        .max(1);
    let options = RunOptions::new().trace(trace).coverage(coverage);
    let options = &options;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(case) = cases.get(index) else { break };
                    let started = Instant::now();
                    let run = suite.run_with(case, options);
                    let verdict = suite.compare(case, &run);
                    if sender
                        .send((index, run, verdict, started.elapsed()))
                        .is_err()
                    {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut due = 0;
        for (index, run, verdict, time) in receiver {
            waiting.insert(index, (run, verdict, time));
            while let Some((run, verdict, time)) = waiting.remove(&due) {
                emit(&cases[due], run, verdict, time);
                due += 1;
            }
        }
    });
}

/// Runs the suite once and reports; the exit status.
fn run_suite(args: &TestArgs, suite: &Suite, errors: Errors) -> u8 {
    let ci = on_ci(std::env::var_os("CI").as_deref());
    let coverage = args.coverage || args.min_coverage.is_some();
    // Status words are coloured as error messages are (`--color`), when standard output is a
    // terminal too (or `--color always`).
    let colored =
        errors.always || (errors.style == Style::Colored && std::io::stdout().is_terminal());
    let mut totals = Totals::default();
    let mut report = CoverageReport::new();
    let mut outcomes: Vec<(Case, Outcome)> = Vec::new();
    let mut stdout = std::io::stdout().lock();
    let mut broken_pipe = false;
    run_cases(
        suite,
        suite.cases(),
        args.explain,
        coverage,
        |case, run, verdict, time| {
            let status = settle(args, case, &run, &verdict, errors);
            match status {
                Status::Passed => totals.passed += 1,
                Status::Updated => {
                    totals.passed += 1;
                    totals.updated += 1;
                }
                Status::Pending => totals.pending += 1,
                Status::Failed | Status::Error => totals.failed += 1,
            }
            if coverage {
                report.add(&run);
            }
            let outcome = Outcome {
                status,
                verdict,
                run,
                time,
            };
            if !broken_pipe {
                let text = match args.format {
                    Format::Text => case_text(case, &outcome, colored),
                    Format::Json => format!("{}\n", case_json(case, &outcome)),
                };
                broken_pipe = stdout.write_all(text.as_bytes()).is_err();
                let _ = stdout.flush();
                report_errors(case, &outcome, args.explain, errors);
            }
            if args.junit.is_some() {
                outcomes.push((case.clone(), outcome));
            }
        },
    );
    let mut code = if totals.failed > 0 || (ci && totals.pending > 0) {
        EXIT_REJECTED
    } else {
        EXIT_OK
    };
    let mut coverage_line = None;
    if coverage {
        let percent = report.percent();
        match args.format {
            Format::Text => {
                let _ = write!(stdout, "{}", report.to_text());
            }
            Format::Json => {
                let object = serde_json::json!({
                    "type": "coverage",
                    "percent": (percent * 10.0).round() / 10.0,
                    "uncovered": report.uncovered(),
                });
                let _ = writeln!(stdout, "{object}");
            }
        }
        if let Some(minimum) = args.min_coverage
            && percent + 1e-9 < minimum
        {
            coverage_line = Some(format!(
                "coverage {percent:.1}% is below --min-coverage {minimum}%"
            ));
            code = EXIT_REJECTED;
        }
    }
    if let Some(path) = &args.junit {
        let xml = junit::report(&outcomes, ci);
        if let Err(error) = std::fs::write(path, xml) {
            errors.line(&format!(
                "apigw-vtl test: cannot write {}: {error}",
                path.display()
            ));
            code = code.max(EXIT_USAGE);
        }
    }
    let mut summary = format!("{} passed, {} failed", totals.passed, totals.failed);
    if totals.pending > 0 {
        summary.push_str(&format!(", {} pending", totals.pending));
    }
    match args.format {
        Format::Text => {
            let _ = writeln!(stdout, "{summary}");
            if totals.updated > 0 {
                let _ = writeln!(
                    stdout,
                    "note: {} written",
                    plural(totals.updated, "snapshot", "snapshots")
                );
            }
            if totals.pending > 0 {
                let paths: Vec<String> =
                    args.paths.iter().map(|p| p.display().to_string()).collect();
                let _ = writeln!(
                    stdout,
                    "note: {} review (`.snap.new` beside each case): `apigw-vtl test --review {}`, or `--update` to accept them all{}",
                    plural(totals.pending, "new snapshot awaits", "new snapshots await"),
                    paths.join(" "),
                    if ci {
                        "; pending snapshots fail on CI (CI is set)"
                    } else {
                        ""
                    }
                );
            }
            if let Some(line) = &coverage_line {
                let _ = writeln!(stdout, "{line}");
            }
        }
        Format::Json => {
            let object = serde_json::json!({
                "type": "summary",
                "passed": totals.passed,
                "failed": totals.failed,
                "pending": totals.pending,
                "updated": totals.updated,
                "ci": ci,
                "exit": code,
            });
            let _ = writeln!(stdout, "{object}");
            if let Some(line) = &coverage_line {
                errors.line(line);
            }
        }
    }
    let _ = stdout.flush();
    code
}

/// What a verdict comes to, writing or removing the snapshot files it calls for.
fn settle(
    args: &TestArgs,
    case: &Case,
    run: &CaseRun,
    verdict: &Verdict,
    errors: Errors,
) -> Status {
    let written = |result: std::io::Result<()>| {
        if let Err(error) = result {
            errors.line(&format!(
                "apigw-vtl test: cannot write the snapshot of {}: {error}",
                case.full_name()
            ));
        }
    };
    match verdict {
        Verdict::Passed => {
            written(remove_pending(case));
            Status::Passed
        }
        Verdict::New | Verdict::Changed { .. } if args.update => {
            written(write_snapshot(case, run));
            Status::Updated
        }
        Verdict::New => {
            written(write_pending(case, run));
            Status::Pending
        }
        Verdict::Changed { .. } => {
            written(write_pending(case, run));
            Status::Failed
        }
        Verdict::Error(_) if args.update && run.snapshot.is_ok() => {
            // A malformed snapshot: `--update` writes it anew.
            written(write_snapshot(case, run));
            Status::Updated
        }
        Verdict::Error(_) => Status::Error,
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn paint(text: &str, code: &str, colored: bool) -> String {
    if colored {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn case_text(case: &Case, outcome: &Outcome, colored: bool) -> String {
    let word = outcome.status.word();
    let color = match outcome.status {
        Status::Passed | Status::Updated => "32",
        Status::Pending => "33",
        Status::Failed | Status::Error => "1;31",
    };
    let mut text = format!(
        "{}{} {}",
        paint(word, color, colored),
        " ".repeat(8usize.saturating_sub(word.len())),
        case.full_name()
    );
    match (&outcome.verdict, outcome.status) {
        (Verdict::New, Status::Pending) => text.push_str(&format!(
            " (new snapshot: {})",
            crate::testing::display_path(&case.pending_path())
        )),
        (Verdict::Changed { diff }, Status::Failed) => {
            text.push_str(&format!(
                " (now in {})\n",
                crate::testing::display_path(&case.pending_path())
            ));
            text.push_str(diff.trim_end_matches('\n'));
        }
        _ => {}
    }
    text.push('\n');
    text
}

/// Errors go to standard error as excerpts; the trace too, with `--explain`.
fn report_errors(case: &Case, outcome: &Outcome, explain: bool, errors: Errors) {
    if let Verdict::Error(error) = &outcome.verdict {
        let mut text = error.render(errors.style);
        text.push('\n');
        Errors::write(&text);
    }
    if explain && !outcome.run.trace.is_empty() {
        let mut text = format!("trace of {}:\n", case.full_name());
        for line in &outcome.run.trace {
            text.push_str("  ");
            text.push_str(line);
            text.push('\n');
        }
        Errors::write(&text);
    }
}

fn case_json(case: &Case, outcome: &Outcome) -> serde_json::Value {
    let mut object = serde_json::Map::new();
    object.insert("type".into(), "case".into());
    object.insert("name".into(), case.full_name().into());
    object.insert(
        "file".into(),
        crate::testing::display_path(case.file()).into(),
    );
    object.insert("line".into(), case.line().into());
    object.insert("status".into(), outcome.status.json().into());
    object.insert(
        "snapshot".into(),
        crate::testing::display_path(case.snapshot_path()).into(),
    );
    object.insert(
        "time_ms".into(),
        serde_json::json!((outcome.time.as_secs_f64() * 1e6).round() / 1e3),
    );
    match &outcome.verdict {
        Verdict::Changed { diff } => {
            object.insert("diff".into(), diff.clone().into());
        }
        Verdict::Error(error) => {
            object.insert("error".into(), error.to_string().into());
        }
        _ => {}
    }
    if !outcome.run.trace.is_empty() {
        object.insert("trace".into(), outcome.run.trace.clone().into());
    }
    serde_json::Value::Object(object)
}

#[cfg(test)]
mod tests {
    use super::on_ci;
    use std::ffi::OsStr;

    #[test]
    fn ci_is_set_unless_false_or_zero() {
        for (value, ci) in [
            (None, false),
            (Some("true"), true),
            (Some("1"), true),
            (Some("yes"), true),
            (Some("false"), false),
            (Some("FALSE"), false),
            (Some("0"), false),
            (Some(""), false),
        ] {
            assert_eq!(on_ci(value.map(OsStr::new)), ci, "CI={value:?}");
        }
    }
}

//! `apigw-vtl test --watch`: runs the suite, then waits for a change to a file a case reads (its
//! case file, template, definition) or to the set of case files under the paths, and runs the
//! affected cases again: those that read a changed file, and every case of a new or changed case
//! file. Runs until interrupted.
//!
//! File events only wake the loop: what changed is decided by comparing each input's modification
//! time and size with what they were at the last run, since reading the files (as every run does)
//! raises events of its own.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use notify_debouncer_mini::new_debouncer;
use notify_debouncer_mini::notify::RecursiveMode;

use super::super::{EXIT_OK, EXIT_USAGE, Errors};
use super::{TestArgs, run_suite};
use crate::testing::{Suite, discover};

type Stamp = Option<(SystemTime, u64)>;

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// Every file the suite depends on, with its stamp: the inputs of every case under the paths (not
/// only the filtered ones), and the case files themselves.
fn stamps(args: &TestArgs) -> BTreeMap<PathBuf, Stamp> {
    let mut stamps = BTreeMap::new();
    let files = discover(&args.paths).unwrap_or_default();
    for case in Suite::from_files(&files).cases() {
        for input in case.inputs() {
            let path = canonical(&input);
            let value = stamp(&path);
            stamps.insert(path, value);
        }
    }
    stamps
}

pub(super) fn run(args: &TestArgs, suite: Suite, errors: Errors) -> u8 {
    let (sender, receiver) = std::sync::mpsc::channel();
    let mut debouncer = match new_debouncer(Duration::from_millis(150), sender) {
        Ok(debouncer) => debouncer,
        Err(error) => {
            errors.line(&format!("apigw-vtl test --watch: {error}"));
            return EXIT_USAGE;
        }
    };
    let mut suite = suite;
    let mut watched: BTreeSet<PathBuf> = BTreeSet::new();
    let mut known = stamps(args);
    loop {
        if !suite.cases().is_empty() {
            run_suite(args, &suite, errors);
        }
        println!("watching for changes (Ctrl-C to stop)");
        // The paths given (new case files appear there) and every file outside them a case reads.
        let wanted = args
            .paths
            .iter()
            .map(|p| canonical(p))
            .chain(known.keys().cloned());
        for path in wanted {
            if watched.contains(&path) {
                continue;
            }
            let mode = if path.is_dir() {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            if debouncer.watcher().watch(&path, mode).is_ok() {
                watched.insert(path);
            }
        }
        let changed: BTreeSet<PathBuf> = loop {
            match receiver.recv() {
                Err(_) => return EXIT_OK,
                Ok(_) => {
                    // Let a burst of writes (an editor saving) settle, then drain what queued.
                    std::thread::sleep(Duration::from_millis(50));
                    while receiver.try_recv().is_ok() {}
                }
            }
            let now = stamps(args);
            let changed: BTreeSet<PathBuf> = now
                .iter()
                .filter(|(path, stamp)| known.get(*path) != Some(stamp))
                .map(|(path, _)| path.clone())
                .collect();
            known = now;
            if !changed.is_empty() {
                break changed;
            }
        };
        let files = match discover(&args.paths) {
            Ok(files) => files,
            Err(message) => {
                errors.line(&format!("apigw-vtl test: {message}"));
                continue;
            }
        };
        // Read everything again (a suite reads each file once), and keep the affected cases.
        let mut fresh = Suite::from_files(&files);
        if let Some(pattern) = &args.filter {
            fresh.filter(pattern);
        }
        fresh.retain(|case| {
            case.inputs()
                .iter()
                .any(|input| changed.contains(&canonical(input)))
        });
        let shown: Vec<String> = changed
            .iter()
            .map(|p| crate::testing::display_path(p))
            .collect();
        println!("changed: {}", shown.join(", "));
        if fresh.cases().is_empty() {
            println!("no case reads the changed files");
        }
        suite = fresh;
    }
}

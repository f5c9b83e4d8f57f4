//! `apigw-vtl test --watch`: runs the suite, then waits for changes to any file a case reads (its
//! case file, template, definition, input files) and to the case files under the paths, and runs
//! the affected cases again: those that read a changed file, and every case of a changed or new
//! case file. Runs until interrupted.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify_debouncer_mini::new_debouncer;
use notify_debouncer_mini::notify::RecursiveMode;

use super::super::{EXIT_USAGE, Errors};
use super::{TestArgs, run_suite};
use crate::testing::{Suite, discover};

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

pub(super) fn run(args: &TestArgs, suite: Suite, errors: Errors) -> u8 {
    let (sender, receiver) = std::sync::mpsc::channel();
    let mut debouncer = match new_debouncer(Duration::from_millis(200), sender) {
        Ok(debouncer) => debouncer,
        Err(error) => {
            errors.line(&format!("apigw-vtl test --watch: {error}"));
            return EXIT_USAGE;
        }
    };
    let mut suite = suite;
    let mut watched: BTreeSet<PathBuf> = BTreeSet::new();
    loop {
        run_suite(args, &suite, errors);
        println!("watching for changes (Ctrl-C to stop)");
        // Watch the paths given (new case files) and every file outside them a case reads.
        let mut wanted: BTreeSet<PathBuf> = args.paths.iter().map(|p| canonical(p)).collect();
        for case in suite.cases() {
            for input in case.inputs() {
                wanted.insert(canonical(&input));
            }
        }
        for path in &wanted {
            if !watched.contains(path) {
                let mode = if path.is_dir() {
                    RecursiveMode::Recursive
                } else {
                    RecursiveMode::NonRecursive
                };
                if debouncer.watcher().watch(path, mode).is_ok() {
                    watched.insert(path.clone());
                }
            }
        }
        // Wait for a change that concerns a case.
        let changed: BTreeSet<PathBuf> = loop {
            let Ok(events) = receiver.recv() else {
                return super::EXIT_OK;
            };
            let Ok(events) = events else { continue };
            let changed: BTreeSet<PathBuf> = events
                .into_iter()
                .map(|event| canonical(&event.path))
                .filter(|path| {
                    let name = path.to_string_lossy();
                    // Our own snapshot writes are not changes to react to.
                    !name.ends_with(crate::testing::SNAPSHOT_SUFFIX)
                        && !name.ends_with(crate::testing::PENDING_SUFFIX)
                })
                .collect();
            if !changed.is_empty() {
                break changed;
            }
        };
        // Read everything again (files are read once per suite), and keep the affected cases.
        let files = match discover(&args.paths) {
            Ok(files) => files,
            Err(message) => {
                errors.line(&format!("apigw-vtl test: {message}"));
                continue;
            }
        };
        let mut fresh = Suite::from_files(&files);
        if let Some(pattern) = &args.filter {
            fresh.filter(pattern);
        }
        let affected: Vec<String> = fresh
            .cases()
            .iter()
            .filter(|case| {
                case.inputs()
                    .iter()
                    .any(|input| changed.contains(&canonical(input)))
            })
            .map(|case| case.full_name())
            .collect();
        println!(
            "changed: {}",
            changed
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        fresh.retain(|case| affected.contains(&case.full_name()));
        if fresh.cases().is_empty() {
            println!("no case reads the changed files");
            continue;
        }
        suite = fresh;
    }
}

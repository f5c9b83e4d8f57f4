//! Every saved fuzz input (fuzz/regressions/TARGET/*: the hostile inputs of issue 17, and whatever
//! a fuzzing run finds) replays through its target's function here, on stable, in `cargo test`:
//! each must return without a panic, a stack overflow or a runaway.

#[path = "../fuzz/src/targets.rs"]
mod targets;

type Target = fn(&[u8]);

const TARGETS: [(&str, Target); 7] = [
    ("parse", targets::parse),
    ("render", targets::render),
    ("payload", targets::payload),
    ("jsonpath", targets::jsonpath),
    ("regex", targets::regex),
    ("definition", targets::definition),
    ("invoke", targets::invoke),
];

#[test]
fn saved_fuzz_inputs_replay_without_failing() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut replayed = 0;
    for (name, target) in TARGETS {
        let dir = root.join(name);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.expect("a directory entry").path())
            .collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).expect("a saved input");
            let started = std::time::Instant::now();
            target(&data);
            assert!(
                started.elapsed().as_secs() < 60,
                "{}: {:?}",
                file.display(),
                started.elapsed()
            );
            replayed += 1;
        }
    }
    assert!(replayed >= 7, "only {replayed} saved inputs");
}

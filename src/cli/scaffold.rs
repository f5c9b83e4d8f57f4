//! `apigw-vtl scaffold DEFINITION [DIR]`: writes a starting set of cases for a definition, and
//! their snapshots as pending, for review.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{EXIT_OK, EXIT_REJECTED, EXIT_USAGE, Errors};
use crate::definition::{Api, ErrorKind};
use crate::testing::{Suite, Verdict, display_path, write_pending};

/// Arguments of `scaffold`.
#[derive(Debug, Args)]
#[command(after_help = "Example:
  apigw-vtl scaffold api.openapi.yaml cases
  apigw-vtl test cases --review

Writes DIR/<method>-<path>.case.yaml for every method (post-guid.case.yaml for POST /guid): a
request that passes the method's validation, and a case per integration response with an
outcome that selects it (for a Lambda selection pattern, an errorMessage the pattern matches
and no pattern of a lower status does). Each case is run, and its snapshot written as pending
(.snap.new) for `apigw-vtl test --review`. Existing case files are left alone.

Exit status: 0 when the files were written, 1 when the definition is bad, 2 on usage errors.")]
pub(crate) struct ScaffoldArgs {
    /// The API definition (OpenAPI 3, Swagger 2, CloudFormation or SAM; JSON or YAML).
    #[arg(value_name = "DEFINITION")]
    definition: PathBuf,
    /// The directory to write the case files in (created if needed).
    #[arg(value_name = "DIR", default_value = ".")]
    dir: PathBuf,
}

pub(crate) fn run(args: &ScaffoldArgs, errors: Errors) -> u8 {
    let api = match Api::load(&args.definition) {
        Ok(api) => api,
        Err(error) => {
            if matches!(error.kind(), ErrorKind::Unreadable(_)) {
                errors.line(&format!("apigw-vtl scaffold: {error}"));
                return EXIT_USAGE;
            }
            errors.definition(&error);
            return EXIT_REJECTED;
        }
    };
    if let Err(error) = std::fs::create_dir_all(&args.dir) {
        errors.line(&format!(
            "apigw-vtl scaffold: cannot create {}: {error}",
            args.dir.display()
        ));
        return EXIT_USAGE;
    }
    let mut stdout = std::io::stdout().lock();
    let mut written = Vec::new();
    for file in crate::testing::scaffold::scaffold(&api, &args.definition, &args.dir) {
        let shown = display_path(&file.path);
        for note in &file.notes {
            let _ = writeln!(stdout, "note: {note}");
        }
        if file.path.exists() {
            let _ = writeln!(stdout, "{shown}: exists, left alone");
            continue;
        }
        if let Err(error) = std::fs::write(&file.path, &file.text) {
            errors.line(&format!(
                "apigw-vtl scaffold: cannot write {shown}: {error}"
            ));
            return EXIT_USAGE;
        }
        let selected: Vec<String> = file
            .cases
            .iter()
            .map(|(name, response)| format!("{name} selects {response}"))
            .collect();
        let _ = writeln!(
            stdout,
            "{shown}: {} cases ({})",
            file.cases.len(),
            selected.join("; ")
        );
        written.push(file.path);
    }
    // Run the new cases and leave their snapshots pending, for review.
    let suite = Suite::from_files(&written);
    let mut pending = 0;
    for case in suite.cases() {
        let run = suite.run(case);
        match suite.compare(case, &run) {
            Verdict::New | Verdict::Changed { .. } => {
                if write_pending(case, &run).is_ok() {
                    pending += 1;
                }
            }
            Verdict::Error(error) => errors.line(&format!("{}: {error}", case.full_name())),
            Verdict::Passed => {}
        }
    }
    let _ = writeln!(
        stdout,
        "{pending} snapshots pending: review them with `apigw-vtl test {} --review`",
        display_path(&args.dir)
    );
    EXIT_OK
}

//! `apigw-vtl check`: parse templates; `ok` lines on stdout, errors on stderr.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{EXIT_OK, EXIT_REJECTED, EXIT_USAGE, Errors};
use crate::diagnostic::Diagnostic;
use crate::syntax::Template;

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Template files to parse. A `.yaml`, `.yml` or `.json` file is read as an API definition
    /// (OpenAPI, Swagger, CloudFormation, SAM) and every mapping template in it is checked.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,

    /// Read each file as a corpus case: header lines, a line that is exactly `---`, then the
    /// template (every byte after that line's newline). Positions are reported in the file.
    #[arg(long)]
    case: bool,

    #[command(flatten)]
    definition: super::definition::DefinitionArgs,
}

/// The byte offset where a corpus case's template starts: after the first line that is exactly
/// `---`. A file without such a line is all template.
pub(crate) fn case_template_start(bytes: &[u8]) -> usize {
    let mut at = 0;
    while at < bytes.len() {
        let end = bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| at + i);
        if &bytes[at..end] == b"---" {
            return (end + 1).min(bytes.len());
        }
        at = end + 1;
    }
    0
}

fn is_definition(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "yaml" | "yml" | "json"))
}

/// Checks an API definition: the file must read, and each template in it must parse. A template
/// that does not parse is reported at the failing character's place in the file (AWS would deploy
/// it and answer 500).
/// `Err` when stdout is closed.
/// Warnings go to stderr as errors do; the stand-ins the model used follow the `ok` line.
fn check_definition(
    path: &std::path::Path,
    options: &crate::definition::DefinitionOptions,
    out: &mut impl Write,
    errors: Errors,
) -> Result<u8, ()> {
    let shown = path.display();
    match crate::definition::Api::load_with(path, options) {
        Err(error) => {
            errors.definition(&error);
            Ok(EXIT_REJECTED)
        }
        Ok(api) => {
            for warning in api.warnings() {
                errors.warning(warning);
            }
            let mut code = EXIT_OK;
            for error in api.template_errors() {
                code = EXIT_REJECTED;
                match error.excerpt() {
                    Some(excerpt) => errors.line(&format!(
                        "{error}
{excerpt}"
                    )),
                    None => errors.definition(error),
                }
            }
            if code == EXIT_OK {
                writeln!(
                    out,
                    "{shown}: ok (methods: {}, templates: {})",
                    api.methods().len(),
                    api.templates().len()
                )
                .map_err(|_| ())?;
                for stand_in in api.stand_ins() {
                    let at = stand_in.location();
                    writeln!(
                        out,
                        "  {}:{}:{}: at `{}`: {stand_in}",
                        stand_in.file(),
                        at.line,
                        at.column,
                        at.path
                    )
                    .map_err(|_| ())?;
                }
            }
            Ok(code)
        }
    }
}

pub(crate) fn run(args: &CheckArgs, errors: Errors) -> u8 {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut status = EXIT_OK;
    let options = match args.definition.options() {
        Ok(options) => options,
        Err(super::definition::OptionsError::Usage(message)) => {
            errors.line(&format!("apigw-vtl check: {message}"));
            return EXIT_USAGE;
        }
        Err(super::definition::OptionsError::File(error)) => {
            errors.definition(&error);
            return EXIT_REJECTED;
        }
    };
    for path in &args.files {
        let shown = path.display();
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                errors.line(&format!("apigw-vtl: cannot read {shown}: {error}"));
                status = EXIT_USAGE;
                continue;
            }
        };
        if is_definition(path) && !args.case {
            match check_definition(path, &options, &mut out, errors) {
                Ok(code) => status = status.max(code),
                Err(()) => return status,
            }
            continue;
        }
        let start = if args.case {
            case_template_start(&bytes)
        } else {
            0
        };
        match Template::parse_bytes(&bytes[start..]) {
            Ok(_) => {
                if writeln!(out, "{shown}: ok").is_err() {
                    // stdout closed (a pipe into `head`): stop quietly, as ripgrep does.
                    return status;
                }
            }
            Err(error) => {
                if status == EXIT_OK {
                    status = EXIT_REJECTED;
                }
                // Report positions in the file the user opens, a case's header included.
                let whole = String::from_utf8_lossy(&bytes);
                let error = error.shifted(start, &whole);
                errors.diagnostic(&Diagnostic::from(&error), &whole, &shown.to_string());
            }
        }
    }
    status
}

//! `apigw-vtl render`: one template, optional variables, the output exactly.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{EXIT_OK, EXIT_REJECTED, EXIT_USAGE};
use crate::render::{Context, render};
use crate::syntax::{Template, position_of};

#[derive(Debug, Args)]
pub(crate) struct RenderArgs {
    /// The template file.
    #[arg(value_name = "TEMPLATE", required_unless_present = "jsonl")]
    template: Option<PathBuf>,

    /// Batch mode for tools: read requests `{"name": N, "template": T, "vars": {...}}` from stdin,
    /// one JSON object a line, and write `{"name": N, "ok": true, "output": O}` or
    /// `{"name": N, "ok": false, "error": E}` lines (the protocol of `harness/reference render`).
    #[arg(long, conflicts_with_all = ["template", "vars"])]
    jsonl: bool,

    /// A JSON object whose top-level keys become template variables (`{"name": "World"}` makes
    /// `$name`). Objects become maps in document order, arrays lists, integers
    /// Integer/Long/BigInteger by size, decimals Double: as Velocity sees parsed JSON.
    #[arg(long, value_name = "FILE")]
    vars: Option<PathBuf>,
}

pub(crate) fn run(args: &RenderArgs) -> u8 {
    let Some(path) = &args.template else {
        return run_jsonl();
    };
    let shown = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("apigw-vtl: cannot read {shown}: {error}");
            return EXIT_USAGE;
        }
    };
    let mut context = match &args.vars {
        None => Context::new(),
        Some(path) => match read_vars(path) {
            Ok(context) => context,
            Err(message) => {
                eprintln!("apigw-vtl: {message}");
                return EXIT_USAGE;
            }
        },
    };
    let template = match Template::parse_bytes(&bytes) {
        Ok(template) => template,
        Err(error) => {
            let text = String::from_utf8_lossy(&bytes);
            eprintln!(
                "{shown}:{}:{}: {}\n{}",
                error.line(),
                error.column(),
                error.message(),
                error.render(&text, &shown)
            );
            return EXIT_REJECTED;
        }
    };
    match render(&template, &mut context) {
        Ok(output) => {
            let mut stdout = std::io::stdout().lock();
            // The output exactly: no newline is added.
            let _ = stdout.write_all(output.as_bytes());
            let _ = stdout.flush();
            EXIT_OK
        }
        Err(error) => {
            let (line, column) = position_of(template.source(), error.span().start as usize);
            eprintln!(
                "{shown}:{line}:{column}: render failed: {error} (API Gateway answers 500 for this template)"
            );
            EXIT_REJECTED
        }
    }
}

fn read_vars(path: &PathBuf) -> Result<Context, String> {
    let shown = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let json: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{shown}:{}:{}: not JSON: {e}", e.line(), e.column()))?;
    Context::from_json_object(&json)
        .ok_or_else(|| format!("{shown}: the variables must be a JSON object"))
}

/// `--jsonl`: one request a line in, one result a line out.
fn run_jsonl() -> u8 {
    use std::io::BufRead;
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else {
            return EXIT_USAGE;
        };
        if line.trim().is_empty() {
            continue;
        }
        let request: serde_json::Value = match serde_json::from_str(&line) {
            Ok(request) => request,
            Err(error) => {
                eprintln!("apigw-vtl: a request is not JSON: {error}");
                return EXIT_USAGE;
            }
        };
        let name = request
            .get("name")
            .cloned()
            .unwrap_or(serde_json::Value::Null);
        let template = request
            .get("template")
            .and_then(|t| t.as_str())
            .unwrap_or("");
        let mut context = request
            .get("vars")
            .and_then(Context::from_json_object)
            .unwrap_or_default();
        let result = match Template::parse(template) {
            Err(error) => {
                serde_json::json!({"name": name, "ok": false, "error": format!("parse: {error}")})
            }
            Ok(template) => match render(&template, &mut context) {
                Ok(output) => serde_json::json!({"name": name, "ok": true, "output": output}),
                Err(error) => {
                    serde_json::json!({"name": name, "ok": false, "error": error.to_string()})
                }
            },
        };
        if writeln!(stdout, "{result}").is_err() {
            return EXIT_OK;
        }
    }
    EXIT_OK
}

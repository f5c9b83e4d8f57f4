//! `apigw-vtl lint` and `apigw-vtl rules`: run the library's linter ([`crate::lint`]) over files
//! and folders and print its findings on stdout; list and explain the rules.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{EXIT_OK, EXIT_REJECTED, EXIT_USAGE, Errors};
use crate::lint::{self, Config, Lint};

#[derive(Debug, Args)]
pub(crate) struct LintArgs {
    /// Templates (`.vtl`), API definitions (`.yaml`, `.yml`, `.json`: OpenAPI, Swagger,
    /// CloudFormation, SAM) and folders to search for both (default `.`). A `.vtl` corpus case
    /// (header lines, `---`, template) is linted from its template.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// How to print findings: `human` (rustc's shape, with excerpts), `short` (one line each:
    /// `FILE:LINE:COL: severity[rule]: message`), `json` (JSON Lines) or `sarif` (SARIF 2.1.0).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// The config file (default: `apigw-vtl.toml` in the current folder, if there is one).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Short,
    Json,
    Sarif,
}

#[derive(Debug, Args)]
pub(crate) struct RulesArgs {
    /// A rule id: print its explanation and source.
    #[arg(value_name = "RULE")]
    rule: Option<String>,
}

/// Runs `lint`: exit 1 when an error-level finding remains, 2 on usage errors.
pub(crate) fn run(args: &LintArgs, errors: Errors) -> u8 {
    let config = match load_config(args.config.as_deref()) {
        Ok(config) => config,
        Err(message) => {
            errors.line(&message);
            return EXIT_USAGE;
        }
    };
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut files = Vec::new();
    for root in &roots {
        if root.is_dir() {
            collect(root, &mut files);
        } else if root.exists() {
            files.push(root.clone());
        } else {
            errors.line(&format!("{}: no such file or folder", root.display()));
            return EXIT_USAGE;
        }
    }
    let inputs = case_inputs(&roots);
    let mut report = Lint::default();
    for file in &files {
        let key = crate::testing::normalized(file);
        let mine = inputs.get(&key).map_or(&[][..], Vec::as_slice);
        report.extend(lint_file(file, &config, mine));
    }
    let mut out = std::io::stdout().lock();
    let mut text = String::new();
    match args.format {
        Format::Human => {
            for finding in report.findings() {
                text.push_str(&report.human(finding, errors.stdout_style()));
                text.push_str("\n\n");
            }
            let count =
                |s: lint::Severity| report.findings().iter().filter(|f| f.severity == s).count();
            text.push_str(&format!(
                "{} file(s): {} error(s), {} warning(s), {} note(s)\n",
                files.len(),
                count(lint::Severity::Error),
                count(lint::Severity::Warning),
                count(lint::Severity::Note)
            ));
        }
        Format::Short => {
            for finding in report.findings() {
                text.push_str(&report.short(finding));
                text.push('\n');
            }
        }
        Format::Json => {
            for finding in report.findings() {
                text.push_str(&report.json(finding));
                text.push('\n');
            }
        }
        Format::Sarif => {
            text.push_str(&report.sarif());
            text.push('\n');
        }
    }
    let _ = out.write_all(text.as_bytes());
    if report.has_errors() {
        EXIT_REJECTED
    } else {
        EXIT_OK
    }
}

/// Runs `rules`: every rule one a line, or one rule's explanation.
pub(crate) fn run_rules(args: &RulesArgs, errors: Errors) -> u8 {
    let mut text = String::new();
    match &args.rule {
        None => {
            let width = lint::rules().iter().map(|r| r.id.len()).max().unwrap_or(0);
            for rule in lint::rules() {
                text.push_str(&format!(
                    "{:<width$}  {:<7}  {}\n",
                    rule.id,
                    rule.severity.name(),
                    rule.summary
                ));
            }
        }
        Some(id) => {
            let Some(rule) = lint::rule(id) else {
                // The config's message says the same, with the closest rule.
                let message = Config::default()
                    .allow(id)
                    .err()
                    .map_or_else(|| format!("no rule `{id}`"), |e| e.to_string());
                errors.line(&message);
                return EXIT_USAGE;
            };
            text.push_str(&format!(
                "{} ({})\n\n{}.\n\n{}\n\nSource: {}\n\nTurn it off: `## apigw-vtl: allow({})` on the line before, or `allow = [\"{}\"]` under `[lint]` in apigw-vtl.toml.\n",
                rule.id,
                rule.severity.name(),
                capitalised(rule.summary),
                rule.explanation,
                rule.source,
                rule.id,
                rule.id
            ));
        }
    }
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    EXIT_OK
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn load_config(path: Option<&Path>) -> Result<Config, String> {
    let (path, required) = match path {
        Some(path) => (path.to_path_buf(), true),
        None => (PathBuf::from("apigw-vtl.toml"), false),
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => Config::parse(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(_) if !required => Ok(Config::default()),
        Err(error) => Err(format!("{}: cannot be read: {error}", path.display())),
    }
}

/// The files under `folder` to lint, sorted: `.vtl` templates, and `.yaml`/`.yml`/`.json` files
/// that hold an API (an `x-amazon-apigateway-` key or an API Gateway / SAM API resource).
fn collect(folder: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name == "target" {
            continue;
        }
        if path.is_dir() {
            collect(&path, out);
        } else if extension(&path) == "vtl" || (is_definition_file(&path) && holds_an_api(&path)) {
            out.push(path);
        }
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn is_definition_file(path: &Path) -> bool {
    matches!(extension(path).as_str(), "yaml" | "yml" | "json")
        && !path.to_string_lossy().contains(".case.")
}

fn holds_an_api(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| {
        text.contains("x-amazon-apigateway-")
            || text.contains("AWS::ApiGateway::")
            || text.contains("AWS::Serverless::Api")
    })
}

/// The inputs of the `apigw-vtl test` template cases under `roots`, by the template file they
/// render: the linter renders each template with them too.
fn case_inputs(roots: &[PathBuf]) -> std::collections::HashMap<PathBuf, Vec<CaseInput>> {
    let mut inputs: std::collections::HashMap<_, Vec<_>> = std::collections::HashMap::new();
    let Ok(suite) = crate::testing::Suite::load(roots) else {
        return inputs;
    };
    for case in suite.cases() {
        if let Some((path, input)) = case.template_input() {
            inputs
                .entry(crate::testing::normalized(Path::new(path)))
                .or_default()
                .push((case.full_name(), input.clone()));
        }
    }
    inputs
}

/// A test case's name and the inputs it renders a template with.
type CaseInput = (String, crate::apigw::TemplateInput);

fn lint_file(path: &Path, config: &Config, inputs: &[CaseInput]) -> Lint {
    let name = path.display().to_string();
    if extension(path) != "vtl" {
        return lint::lint_api(path, config);
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => return lint::lint_unreadable(&name, &error.to_string()),
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let start = if looks_like_a_case(&text) {
        super::check::case_template_start(&bytes)
    } else {
        0
    };
    if let Err(error) = std::str::from_utf8(&bytes[start..]) {
        // API Gateway's Velocity reads UTF-8: the template does not parse.
        return lint::lint_not_utf8(&text, start + error.valid_up_to(), &name, config);
    }
    lint::lint_template_with(&text, start, &name, config, inputs)
}

/// A corpus case: `key: value` header lines, then `---`.
fn looks_like_a_case(text: &str) -> bool {
    text.lines().next().is_some_and(|l| {
        l.split_once(": ").is_some_and(|(k, _)| {
            !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        })
    }) && text.lines().any(|l| l == "---")
}

//! `apigw-vtl render`: one template with API Gateway's `$input`, `$util`, `$context` and
//! `$stageVariables`, the output exactly.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{EXIT_OK, EXIT_REJECTED, EXIT_USAGE, Errors};
use crate::apigw::{Environment, Overrides, Params, TemplateInput, payload::parse_payload};
use crate::diagnostic::Diagnostic;
use crate::render::{Limits, Variables, render, render_with_limits};
use crate::syntax::{Span, Template};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Exactly the rendered output, no newline added.
    Text,
    /// One JSON object: the output and the overrides the template set.
    Json,
}

/// The flags every template command reads a template's inputs from.
#[derive(Debug, Args)]
pub(crate) struct TemplateInputArgs {
    /// The payload `$input` reads (`-` for standard input). Read as API Gateway reads it: JSON,
    /// permissively (json-smart); text that is not JSON is a string. Absent: the empty body, which
    /// templates see as `{}`.
    #[arg(long, value_name = "FILE|-")]
    pub(crate) body: Option<PathBuf>,

    /// The request's parameters for `$input.params()`:
    /// `{"path": {...}, "querystring": {...}, "header": {...}}` of strings.
    #[arg(long, value_name = "FILE")]
    pub(crate) params: Option<PathBuf>,

    /// A JSON object merged over the default `$context` (objects merge, other values replace), e.g.
    /// `{"stage": "dev", "identity": {"sourceIp": "198.51.100.7"}}`.
    #[arg(long, value_name = "FILE")]
    pub(crate) context: Option<PathBuf>,

    /// A JSON object of strings: `$stageVariables`.
    #[arg(long = "stage-variables", value_name = "FILE")]
    pub(crate) stage_variables: Option<PathBuf>,

    /// A JSON object whose top-level keys become template variables (`{"name": "World"}` makes
    /// `$name`). Objects become maps in document order, arrays lists, integers
    /// Integer/Long/BigInteger by size, decimals Double: as Velocity sees parsed JSON.
    #[arg(long, value_name = "FILE")]
    pub(crate) vars: Option<PathBuf>,
}

impl TemplateInputArgs {
    /// What the template sees (`--vars` is read by the caller: it is not part of API Gateway's
    /// input).
    pub(crate) fn template_input(&self) -> Result<TemplateInput, String> {
        template_input(
            self.body.as_deref(),
            self.params.as_deref(),
            self.context.as_deref(),
            self.stage_variables.as_deref(),
        )
    }
}

#[derive(Debug, Args)]
pub(crate) struct RenderArgs {
    /// The template file.
    #[arg(value_name = "TEMPLATE", required_unless_present = "jsonl")]
    template: Option<PathBuf>,

    #[command(flatten)]
    inputs: TemplateInputArgs,

    /// `text`: the output exactly. `json`: `{"output", "status_override", "header_overrides",
    /// "request_overrides"}`.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,

    /// Batch mode for tools: read requests `{"name", "template", "vars", "body", "params",
    /// "context", "stageVariables"}` from stdin, one JSON object a line, and write
    /// `{"name", "ok": true, "output", "status_override", "header_overrides", "request_overrides"}`
    /// or `{"name", "ok": false, "error"}` lines (the protocol of `harness/reference render`).
    #[arg(long, conflicts_with_all = ["template", "vars", "body", "params", "context", "stage_variables"])]
    jsonl: bool,

    /// Strict: an undefined reference, or a method or property that gives nothing, is an error
    /// at its place instead of "" (API Gateway prints ""; `$!x` stays quiet). For catching typos.
    #[arg(long)]
    strict: bool,
}

/// A file's text, or stdin's for `-`.
pub(crate) fn read_text(path: &Path) -> Result<String, String> {
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(text);
    }
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

pub(crate) fn read_json_object(
    path: &Path,
) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    let shown = path.display();
    let text = read_text(path)?;
    let json: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{shown}:{}:{}: not JSON: {e}", e.line(), e.column()))?;
    match json {
        serde_json::Value::Object(object) => Ok(object),
        _ => Err(format!("{shown}: expected a JSON object")),
    }
}

/// Pairs of strings from a JSON object (other values are printed as JSON).
pub(crate) fn string_pairs(object: Option<&serde_json::Value>) -> Vec<(String, String)> {
    object
        .and_then(|v| v.as_object())
        .map(|o| {
            o.iter()
                .map(|(k, v)| {
                    let value = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                    (k.clone(), value)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn params_from(json: Option<&serde_json::Value>) -> Params {
    Params {
        path: string_pairs(json.and_then(|j| j.get("path"))),
        querystring: string_pairs(json.and_then(|j| j.get("querystring"))),
        header: string_pairs(json.and_then(|j| j.get("header"))),
    }
}

/// What a template sees, from the request-side flags (`--body`, `--params`, `--context`,
/// `--stage-variables`).
fn template_input(
    body: Option<&Path>,
    params: Option<&Path>,
    context: Option<&Path>,
    stage_variables: Option<&Path>,
) -> Result<TemplateInput, String> {
    let mut request = TemplateInput::default();
    if let Some(path) = body {
        request.body = read_text(path)?.into();
    }
    if let Some(path) = params {
        let object = serde_json::Value::Object(read_json_object(path)?);
        request.params = params_from(Some(&object));
    }
    if let Some(path) = context {
        request.context = read_json_object(path)?;
    }
    if let Some(path) = stage_variables {
        let object = serde_json::Value::Object(read_json_object(path)?);
        request.stage_variables = string_pairs(Some(&object));
    }
    Ok(request)
}

pub(crate) fn run(args: &RenderArgs, errors: Errors) -> u8 {
    let Some(path) = &args.template else {
        return run_jsonl(errors);
    };
    let shown = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            errors.line(&format!("apigw-vtl: cannot read {shown}: {error}"));
            return EXIT_USAGE;
        }
    };
    let request = match args.inputs.template_input() {
        Ok(request) => request,
        Err(message) => {
            errors.line(&format!("apigw-vtl: {message}"));
            return EXIT_USAGE;
        }
    };
    let mut variables = Variables::new();
    let environment = Environment::new(&request);
    environment.install(&mut variables);
    if let Some(vars) = &args.inputs.vars {
        match read_json_object(vars) {
            Ok(object) => {
                for (name, value) in &object {
                    variables.insert(name, crate::value::Value::from_json(value));
                }
            }
            Err(message) => {
                errors.line(&format!("apigw-vtl: {message}"));
                return EXIT_USAGE;
            }
        }
    }
    let template = match Template::parse_bytes(&bytes) {
        Ok(template) => template,
        Err(error) => {
            let text = String::from_utf8_lossy(&bytes);
            errors.diagnostic(&Diagnostic::from(&error), &text, &shown);
            return EXIT_REJECTED;
        }
    };
    let limits = Limits {
        strict: args.strict,
        ..Limits::default()
    };
    match render_with_limits(&template, &mut variables, limits) {
        Ok(output) => {
            let mut stdout = std::io::stdout().lock();
            let text = match args.format {
                // The output exactly: no newline is added.
                Format::Text => output,
                Format::Json => {
                    format!("{}\n", result_json(None, &output, &environment.overrides()))
                }
            };
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
            EXIT_OK
        }
        Err(error) => {
            // A payload that is not even permissive JSON is reported in the body file, where the
            // fault is; AWS's own answer to such a body is open (aws-semantics.md §8.4).
            if let (Some(body), Err(payload)) = (&args.inputs.body, parse_payload(&request.body)) {
                let diagnostic = Diagnostic::new(
                    format!(
                        "the body is not JSON that API Gateway can read: {}",
                        payload.message
                    ),
                    // The character at the offset (the excerpt widens the end to its boundary).
                    Span::new(payload.offset, payload.offset + 1),
                )
                .with_note(
                    "the template reads it, so the render fails; API Gateway answers 500 or 400 here",
                );
                errors.diagnostic(&diagnostic, &request.body, &body.display().to_string());
                return EXIT_REJECTED;
            }
            errors.diagnostic(&Diagnostic::from(&error), template.source(), &shown);
            EXIT_REJECTED
        }
    }
}

fn pairs_json(pairs: &[(String, String)]) -> serde_json::Value {
    serde_json::Value::Object(
        pairs
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect(),
    )
}

/// The JSON form of a render: output and overrides (and the request's name in batch mode).
fn result_json(
    name: Option<&serde_json::Value>,
    output: &str,
    overrides: &Overrides,
) -> serde_json::Value {
    let status = match &overrides.status {
        None => serde_json::Value::Null,
        Some(status) => match status.as_integer() {
            Some(v) => serde_json::json!(v),
            None => serde_json::Value::String(status.to_java_string()),
        },
    };
    let mut object = serde_json::Map::new();
    if let Some(name) = name {
        object.insert("name".into(), name.clone());
        object.insert("ok".into(), serde_json::Value::Bool(true));
    }
    object.insert(
        "output".into(),
        serde_json::Value::String(output.to_string()),
    );
    object.insert("status_override".into(), status);
    object.insert("header_overrides".into(), pairs_json(&overrides.headers));
    object.insert(
        "request_overrides".into(),
        serde_json::json!({
            "header": pairs_json(&overrides.request_headers),
            "querystring": pairs_json(&overrides.request_querystring),
            "path": pairs_json(&overrides.request_path),
        }),
    );
    serde_json::Value::Object(object)
}

/// `--jsonl`: one request a line in, one result a line out.
fn run_jsonl(errors: Errors) -> u8 {
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
                errors.line(&format!("apigw-vtl: a request is not JSON: {error}"));
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
        let aws = TemplateInput {
            body: request
                .get("body")
                .and_then(|b| b.as_str())
                .unwrap_or("")
                .into(),
            params: params_from(request.get("params")),
            context: request
                .get("context")
                .and_then(|c| c.as_object())
                .cloned()
                .unwrap_or_default(),
            stage_variables: string_pairs(request.get("stageVariables")),
        };
        let environment = Environment::new(&aws);
        let mut variables = Variables::new();
        environment.install(&mut variables);
        if let Some(vars) = request.get("vars").and_then(|v| v.as_object()) {
            for (key, value) in vars {
                variables.insert(key, crate::value::Value::from_json(value));
            }
        }
        let result = match Template::parse(template) {
            Err(error) => {
                serde_json::json!({"name": name, "ok": false, "error": format!("parse: {error}")})
            }
            Ok(template) => match render(&template, &mut variables) {
                Ok(output) => result_json(Some(&name), &output, &environment.overrides()),
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

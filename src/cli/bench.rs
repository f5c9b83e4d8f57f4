//! `apigw-vtl bench`: time a user's own template as the project times its workloads: parse once,
//! warm up, then render repeatedly, each render with a fresh `$input` that reads the payload anew
//! (as every invocation does on API Gateway). With `--api`, time a whole invocation through the
//! library's door instead, with `invoke`'s request and outcome flags.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};

use super::invoke::{Failure, OutcomeFlags, RequestFlags, load_api};
use super::{EXIT_OK, EXIT_REJECTED, EXIT_USAGE, Errors};
use crate::apigw::Environment;
use crate::diagnostic::Diagnostic;
use crate::gateway::Outcome;
use crate::invocation::Prepared;
use crate::render::{Variables, render};
use crate::syntax::Template;
use crate::value::Value;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// One line a person reads.
    Text,
    /// `{"us_per_render", "renders", "output_bytes", "parse_us"}`.
    Json,
}

/// Arguments of `bench`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  apigw-vtl bench benches/workloads/foreach-transform/template.vtl \\
      --body benches/workloads/foreach-transform/body.json
  apigw-vtl bench response.vtl --body payload.json --seconds 5 --format json
  apigw-vtl bench --api corpus/danielhttp/api.openapi.yaml --method POST \\
      --path '/guid?GUID=Error' --lambda-error corpus/danielhttp/lambda/error.error.json

The template is parsed once (the parse is timed on its own); each render builds $input, $util,
$context and $stageVariables afresh and reads the payload again, as API Gateway does per request.
A warm-up of a tenth of the time runs first and is not counted. A template whose render fails is
reported as `render` reports it (exit 1): a benchmark of an error path is not a benchmark.

With --api, each round is one request through the definition as `invoke` runs it (routing,
validation, both templates, selection, overrides; no trace), with the outcome given by the same
flags as `invoke`; --body is then the request body and --context / --stage-variables the
invocation's. The definition is read once. JSON output: {\"us_per_invoke\", \"invokes\",
\"status\", \"output_bytes\"}.")]
pub(crate) struct BenchArgs {
    /// The template file.
    #[arg(
        value_name = "TEMPLATE",
        required_unless_present = "api",
        conflicts_with = "api"
    )]
    template: Option<PathBuf>,
    #[command(flatten)]
    inputs: super::render::TemplateInputArgs,
    /// How long to render, in seconds (after the warm-up).
    #[arg(long, value_name = "S", default_value = "2")]
    seconds: f64,
    /// `text` or `json`.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Time a whole invocation through this API definition instead of one template.
    #[arg(long, value_name = "FILE", requires_all = ["method", "path"])]
    api: Option<PathBuf>,
    /// With --api: the request's HTTP method.
    #[arg(long, value_name = "METHOD", requires = "api")]
    method: Option<String>,
    /// With --api: the path and query string, relative to the stage.
    #[arg(long, value_name = "PATH_AND_QUERY", requires = "api")]
    path: Option<String>,
    /// With --api: a request header, `Name: value`; repeat for more.
    #[arg(long = "header", value_name = "NAME: VALUE", requires = "api")]
    headers: Vec<String>,
    /// With --api: the stage the request is sent to.
    #[arg(long, value_name = "NAME", requires = "api")]
    stage: Option<String>,
    /// With --api: a Lambda function's result (as `invoke`).
    #[arg(long, value_name = "FILE", group = "outcome", requires = "api")]
    lambda_result: Option<PathBuf>,
    /// With --api: a Lambda function error's payload (as `invoke`).
    #[arg(long, value_name = "FILE", group = "outcome", requires = "api")]
    lambda_error: Option<PathBuf>,
    /// With --api: the status the HTTP backend or AWS service answered (as `invoke`).
    #[arg(long, value_name = "N", group = "outcome", requires = "api")]
    http_status: Option<u16>,
    /// With --api: the backend's body (as `invoke`).
    #[arg(long, value_name = "FILE", requires = "http_status")]
    http_body: Option<PathBuf>,
    /// With --api: a header of the backend's answer (as `invoke`).
    #[arg(
        long = "http-header",
        value_name = "NAME: VALUE",
        requires = "http_status"
    )]
    http_headers: Vec<String>,
    #[command(flatten)]
    definition: super::definition::DefinitionArgs,
}

pub(crate) fn run(args: &BenchArgs, errors: Errors) -> u8 {
    if !(args.seconds.is_finite() && args.seconds > 0.0 && args.seconds <= 3600.0) {
        errors.line(&format!(
            "apigw-vtl bench: --seconds {}: expected a number of seconds above 0, at most 3600",
            args.seconds
        ));
        return EXIT_USAGE;
    }
    let Some(template_path) = &args.template else {
        return match bench_invocation(args, errors) {
            Ok(()) => EXIT_OK,
            Err(Failure::Usage(message)) => {
                errors.line(&format!("apigw-vtl bench: {message}"));
                EXIT_USAGE
            }
            Err(Failure::Input(message)) => {
                errors.line(&message);
                EXIT_REJECTED
            }
            Err(Failure::Definition(error)) => {
                errors.definition(&error);
                EXIT_REJECTED
            }
        };
    };
    let shown = template_path.display().to_string();
    let bytes = match std::fs::read(template_path) {
        Ok(bytes) => bytes,
        Err(error) => {
            errors.line(&format!("apigw-vtl: cannot read {shown}: {error}"));
            return EXIT_USAGE;
        }
    };
    let input = match args.inputs.template_input() {
        Ok(input) => input,
        Err(message) => {
            errors.line(&format!("apigw-vtl: {message}"));
            return EXIT_USAGE;
        }
    };
    let vars = match &args.inputs.vars {
        Some(path) => match super::render::read_json_object(path) {
            Ok(object) => object,
            Err(message) => {
                errors.line(&format!("apigw-vtl: {message}"));
                return EXIT_USAGE;
            }
        },
        None => serde_json::Map::new(),
    };
    let started = Instant::now();
    let template = match Template::parse_bytes(&bytes) {
        Ok(template) => template,
        Err(error) => {
            errors.diagnostic(
                &Diagnostic::from(&error),
                &String::from_utf8_lossy(&bytes),
                &shown,
            );
            return EXIT_REJECTED;
        }
    };
    let parse_time = started.elapsed();
    // One render: what API Gateway does per request, from the parsed template on.
    let render_once = || {
        let environment = Environment::new(&input);
        let mut variables = Variables::new();
        environment.install(&mut variables);
        for (name, value) in &vars {
            variables.insert(name, Value::from_json(value));
        }
        render(&template, &mut variables)
    };
    let output = match render_once() {
        Ok(output) => output,
        Err(error) => {
            errors.diagnostic(&Diagnostic::from(&error), template.source(), &shown);
            return EXIT_REJECTED;
        }
    };
    let (elapsed, renders) = timed(args.seconds, || {
        let _ = black_box(render_once());
    });
    let micros = elapsed.as_secs_f64() * 1e6 / renders.max(1) as f64;
    let parse_micros = parse_time.as_secs_f64() * 1e6;
    let line = match args.format {
        Format::Text => {
            let rate = output.len() as f64 / (micros / 1e6) / 1e6;
            format!(
                "{shown}: {micros:.2} µs per render ({renders} renders in {:.1} s; {} bytes out, {rate:.1} MB/s of output); parse {parse_micros:.1} µs",
                elapsed.as_secs_f64(),
                output.len()
            )
        }
        Format::Json => serde_json::json!({
            "us_per_render": micros,
            "renders": renders,
            "output_bytes": output.len(),
            "parse_us": parse_micros,
        })
        .to_string(),
    };
    println!("{line}");
    EXIT_OK
}

/// Runs `round` for a tenth of `seconds` (not counted), then for `seconds`: the time taken and the
/// number of rounds.
fn timed(seconds: f64, mut round: impl FnMut()) -> (Duration, u64) {
    let mut measure = |budget: Duration| {
        let started = Instant::now();
        let mut rounds = 0u64;
        while started.elapsed() < budget {
            round();
            rounds += 1;
        }
        (started.elapsed(), rounds)
    };
    measure(Duration::from_secs_f64(seconds / 10.0));
    measure(Duration::from_secs_f64(seconds))
}

/// `bench --api`: one request through the definition per round, as `invoke` makes it.
fn bench_invocation(args: &BenchArgs, errors: Errors) -> Result<(), Failure> {
    let (Some(api_path), Some(method), Some(path)) = (&args.api, &args.method, &args.path) else {
        return Err(Failure::Usage(
            "--api needs --method and --path (or give a TEMPLATE)".into(),
        ));
    };
    if args.inputs.params.is_some() || args.inputs.vars.is_some() {
        return Err(Failure::Usage(
            "--params and --vars are for one template; with --api the request carries its parameters"
                .into(),
        ));
    }
    let api = load_api(api_path, &args.definition, errors)?;
    let (request, options) = RequestFlags {
        method,
        path,
        headers: &args.headers,
        body: args.inputs.body.as_deref(),
        stage: args.stage.as_deref(),
        api_keys: &[],
        source_ip: None,
        stage_variables: args.inputs.stage_variables.as_deref(),
        context: args.inputs.context.as_deref(),
    }
    .build()?;
    let outcome_flags = OutcomeFlags {
        lambda_result: args.lambda_result.as_deref(),
        lambda_error: args.lambda_error.as_deref(),
        http_status: args.http_status,
        http_body: args.http_body.as_deref(),
        http_headers: &args.http_headers,
    };
    // The outcome's kind depends on the route: one prepared request tells it (and checks the
    // flags as `invoke` does).
    let outcome = match api.prepare(request.clone(), &options) {
        Prepared::Answered(_) => Outcome::Mock,
        Prepared::Call(pending) => outcome_flags.outcome(&pending)?,
    };
    let first = api.invoke(request.clone(), &options, &outcome);
    let (elapsed, invokes) = timed(args.seconds, || {
        black_box(api.invoke(black_box(request.clone()), &options, &outcome));
    });
    let micros = elapsed.as_secs_f64() * 1e6 / invokes.max(1) as f64;
    let bytes = first.response.body.as_bytes().len();
    let status = first.response.status;
    let line = match args.format {
        Format::Text => format!(
            "{method} {path}: {micros:.2} µs per invocation ({invokes} in {:.1} s; status {status}, {bytes} bytes out)",
            elapsed.as_secs_f64()
        ),
        Format::Json => serde_json::json!({
            "us_per_invoke": micros,
            "invokes": invokes,
            "status": status,
            "output_bytes": bytes,
        })
        .to_string(),
    };
    println!("{line}");
    Ok(())
}

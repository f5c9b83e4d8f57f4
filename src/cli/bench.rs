//! `apigw-vtl bench`: time a user's own template as the project times its workloads: parse once,
//! warm up, then render repeatedly, each render with a fresh `$input` that reads the payload anew
//! (as every invocation does on API Gateway).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};

use super::{EXIT_OK, EXIT_REJECTED, EXIT_USAGE, Errors};
use crate::apigw::Environment;
use crate::diagnostic::Diagnostic;
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

The template is parsed once (the parse is timed on its own); each render builds $input, $util,
$context and $stageVariables afresh and reads the payload again, as API Gateway does per request.
A warm-up of a tenth of the time runs first and is not counted. A template whose render fails is
reported as `render` reports it (exit 1): a benchmark of an error path is not a benchmark.")]
pub(crate) struct BenchArgs {
    /// The template file.
    #[arg(value_name = "TEMPLATE")]
    template: PathBuf,
    #[command(flatten)]
    inputs: super::render::TemplateInputArgs,
    /// How long to render, in seconds (after the warm-up).
    #[arg(long, value_name = "S", default_value = "2")]
    seconds: f64,
    /// `text` or `json`.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub(crate) fn run(args: &BenchArgs, errors: Errors) -> u8 {
    let shown = args.template.display().to_string();
    if !(args.seconds.is_finite() && args.seconds > 0.0 && args.seconds <= 3600.0) {
        errors.line(&format!(
            "apigw-vtl bench: --seconds {}: expected a number of seconds above 0, at most 3600",
            args.seconds
        ));
        return EXIT_USAGE;
    }
    let bytes = match std::fs::read(&args.template) {
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
    let measure = |budget: Duration| {
        let started = Instant::now();
        let mut renders = 0u64;
        while started.elapsed() < budget {
            let _ = black_box(render_once());
            renders += 1;
        }
        (started.elapsed(), renders)
    };
    measure(Duration::from_secs_f64(args.seconds / 10.0));
    let (elapsed, renders) = measure(Duration::from_secs_f64(args.seconds));
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

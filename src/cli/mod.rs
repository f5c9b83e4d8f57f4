//! The command line: argument parsing, subcommands, what goes to stdout and stderr, and exit codes.
//! The only module that knows about argv, the terminal and the filesystem.

mod check;
mod invoke;
mod render;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status when every input was fine.
pub const EXIT_OK: u8 = 0;
/// Exit status when an input was rejected (a template that does not parse).
pub const EXIT_REJECTED: u8 = 1;
/// Exit status for usage errors (unknown flags, unreadable files).
pub const EXIT_USAGE: u8 = 2;

/// Reproduce AWS API Gateway's Velocity mapping templates offline, byte for byte.
///
/// API Gateway (REST APIs) runs request and response mapping templates with Apache Velocity 1.7 and a
/// few settings of its own. apigw-vtl reads templates exactly as it does, quirks included (a `$` as
/// the last character is an error there, `5-3` is two numbers, `#set` swallows the blanks before it),
/// so that what passes here passes there.
#[derive(Debug, Parser)]
#[command(name = "apigw-vtl", version)]
#[command(
    after_help = "Examples:\n  apigw-vtl check mapping/*.vtl               check every template in a folder\n  apigw-vtl check --case corpus/errors/*.vtl  check corpus case files (header, ---, template)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse templates and report the first error of each, with line, column and a caret.
    ///
    /// Prints `FILE: ok` for every template that API Gateway's Velocity would accept, and
    /// `FILE:LINE:COL: message` followed by the offending line for every one it would reject.
    /// Exit status: 0 when all parse, 1 when any does not, 2 on usage errors (a file that cannot be
    /// read).
    Check(check::CheckArgs),
    /// Render a template and print its output exactly, with no newline added.
    ///
    /// Runs the template as API Gateway's Velocity does: undefined references and failed methods
    /// print nothing, integer division truncates, `#foreach` stops after 1000 iterations, `#macro`
    /// calls print literally. A method that throws (`$list.get(9)` on a short list) fails the render,
    /// as API Gateway answers 500. Exit status: 0 rendered, 1 the template does not parse or fails to
    /// render, 2 usage errors.
    Render(render::RenderArgs),
    /// Send one request through an API definition and print the response the client receives.
    ///
    /// Reads an OpenAPI 3 / Swagger 2 export or a CloudFormation / SAM template, routes the request
    /// as API Gateway does (literal segments before `{param}`, `{proxy+}` greedy, ANY; no match:
    /// 403), runs the request template, takes the integration's outcome from the flags (a Lambda
    /// result or error payload, an HTTP backend's answer; MOCK needs none), selects the
    /// integration response by its selection pattern, renders its template and applies response
    /// parameters and overrides.
    Invoke(invoke::InvokeArgs),
}

/// Runs the command line and returns the process's exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_OK
            });
        }
    };
    let code = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Render(args) => render::run(&args),
        Command::Invoke(args) => invoke::run(&args),
    };
    ExitCode::from(code)
}

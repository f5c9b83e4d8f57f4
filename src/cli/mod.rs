//! The command line: argument parsing, subcommands, what goes to stdout and stderr, and exit codes.
//! The only module that knows about argv, the terminal and the filesystem.

mod bench;
mod check;
mod definition;
mod invoke;
mod lint;
mod render;
mod scaffold;
mod serve;
mod test;

use std::ffi::OsStr;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostic::{Diagnostic, Style};

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
    after_help = "Examples:\n  apigw-vtl check mapping/*.vtl               check every template in a folder\n  apigw-vtl check --case corpus/errors/*.vtl  check corpus case files (header, ---, template)\n  apigw-vtl test                              run every *.case.yaml under the current directory"
)]
struct Cli {
    /// When to colour error messages: `auto` colours when standard error is a terminal and
    /// `NO_COLOR` is unset or empty; `always` colours even when `NO_COLOR` is set.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value_t = ColorChoice::Auto,
        // Listed last in every command, after the command's own flags.
        display_order = 100
    )]
    color: ColorChoice,

    #[command(subcommand)]
    command: Command,
}

/// `--color`, the same flag in every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    // No doc comments on the values: clap would then list them one a line in every `--help`.
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// The style of error excerpts, given the value of `NO_COLOR` and whether standard error is a
    /// terminal (https://no-color.org: set and non-empty means no colour).
    fn style(self, no_color: Option<&OsStr>, terminal: bool) -> Style {
        match self {
            ColorChoice::Always => Style::Colored,
            ColorChoice::Never => Style::Plain,
            ColorChoice::Auto if terminal && no_color.is_none_or(OsStr::is_empty) => Style::Colored,
            ColorChoice::Auto => Style::Plain,
        }
    }
}

/// Where every command reports what went wrong: standard error, each error once. An error about
/// a place in a text is a [`Diagnostic`] excerpt, in the style `--color` chose.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Errors {
    style: Style,
    /// `--color always`: colour standard output too, terminal or not (`test`'s status words).
    always: bool,
    /// `--color auto`.
    auto: bool,
}

impl Errors {
    /// Prints `diagnostic`, about `source`, shown as `name`.
    pub(crate) fn diagnostic(&self, diagnostic: &Diagnostic, source: &str, name: &str) {
        let mut text = diagnostic.excerpt(source, name, self.style);
        text.push('\n');
        Errors::write(&text);
    }

    /// Prints a definition's error: with an excerpt of the file and a caret at its place when it
    /// has one, else as its one line.
    pub(crate) fn definition(&self, error: &crate::definition::DefinitionError) {
        let location = error.location();
        let text = std::fs::read_to_string(error.file()).ok();
        let offset = text.as_deref().and_then(|text| {
            (location.line > 0)
                .then(|| crate::syntax::offset_of(text, location.line, location.column))
                .flatten()
        });
        let (Some(text), Some(offset)) = (text, offset) else {
            self.line(&error.to_string());
            return;
        };
        let message = if location.path.is_empty() {
            error.kind().to_string()
        } else {
            format!("at `{}`: {}", location.path, error.kind())
        };
        // One character wide (or nothing at the very end): a definition error names a place,
        // not a range.
        let end = text[offset..]
            .chars()
            .next()
            .map_or(offset, |c| offset + c.len_utf8());
        let span = crate::syntax::Span::new(offset, end);
        self.diagnostic(&Diagnostic::new(message, span), &text, error.file());
    }

    /// Prints a definition's warning: with an excerpt of the file, a caret at its place and the
    /// related place underlined, when it has a place; else as its one line.
    pub(crate) fn warning(&self, warning: &crate::definition::Warning) {
        let location = warning.location();
        let text = std::fs::read_to_string(warning.file()).ok();
        let span_at = |text: &str, line: usize, column: usize| {
            let offset = (line > 0)
                .then(|| crate::syntax::offset_of(text, line, column))
                .flatten()?;
            let end = text[offset..]
                .chars()
                .next()
                .map_or(offset, |c| offset + c.len_utf8());
            Some(crate::syntax::Span::new(offset, end))
        };
        let Some((text, span)) = text.and_then(|text| {
            let span = span_at(&text, location.line, location.column)?;
            Some((text, span))
        }) else {
            self.line(&warning.to_string());
            return;
        };
        let message = if location.path.is_empty() {
            warning.message().to_string()
        } else {
            format!("at `{}`: {}", location.path, warning.message())
        };
        let mut diagnostic = Diagnostic::warning(message, span);
        if let Some((related, label)) = warning.related()
            && let Some(other) = span_at(&text, related.line, related.column)
        {
            diagnostic = diagnostic.with_secondary(other, label);
        }
        self.diagnostic(&diagnostic, &text, warning.file());
    }

    /// The style of excerpts printed on standard output (the linter's findings): coloured with
    /// `--color always`, or with `auto` when standard output is a terminal and `NO_COLOR` is
    /// unset or empty.
    pub(crate) fn stdout_style(&self) -> Style {
        if self.always {
            return Style::Colored;
        }
        if self.style == Style::Plain && !self.auto {
            return Style::Plain;
        }
        ColorChoice::Auto.style(
            std::env::var_os("NO_COLOR").as_deref(),
            std::io::stdout().is_terminal(),
        )
    }

    /// Prints an error that has no excerpt (a file that cannot be read, a definition's one-line
    /// error).
    pub(crate) fn line(&self, message: &str) {
        Errors::write(&format!("{message}\n"));
    }

    fn write(text: &str) {
        // A closed standard error leaves nowhere to report to; the exit status still tells.
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse templates and report the first error of each, with line, column and a caret.
    ///
    /// Prints `FILE: ok` on standard output for every template that API Gateway's Velocity would
    /// accept, and on standard error, for every one it would reject, the error with its
    /// `FILE:LINE:COL` and the offending lines with a caret under the spot. Exit status: 0 when all
    /// parse, 1 when any does not, 2 on usage errors (a file that cannot be read).
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
    /// 403), checks the API key, runs the request template (or builds a Lambda proxy event),
    /// takes the integration's outcome from the flags (a Lambda function's result or error, an
    /// HTTP backend's or AWS service's answer; MOCK needs none), selects the integration response
    /// by its selection pattern, renders its template and applies response parameters and
    /// overrides; a proxy integration's answer passes back as it is.
    Invoke(Box<invoke::InvokeArgs>),
    /// Time a template as the project's benchmarks do: parse once, render repeatedly.
    ///
    /// Each render reads the payload anew, as API Gateway does per request; prints the mean time
    /// per render (and, with `--format json`, `{"us_per_render", "renders", "output_bytes",
    /// "parse_us"}`). With `--api`, a whole invocation through a definition instead. Exit status:
    /// 0 measured, 1 the template does not parse or fails to render, 2 usage errors.
    Bench(Box<bench::BenchArgs>),
    /// Run case files (requests through a definition, templates) against their snapshots.
    ///
    /// Finds `*.case.yaml`, `*.case.yml` and `*.case.json` under the paths (default `.`), runs
    /// every case in one process (definitions and templates parsed once, cases in parallel,
    /// results in order), compares each with its snapshot beside it, and prints one line per case
    /// and `N passed, N failed`. A mismatch shows what differs; `--coverage` shows which
    /// integration responses and template branches no case reaches.
    Test(test::TestArgs),
    /// Write a starting set of cases for a definition, their snapshots pending review.
    ///
    /// For every method, a request that passes its validation, and for each integration response
    /// an outcome that selects it.
    Scaffold(scaffold::ScaffoldArgs),
    /// Serve the API over HTTP with its real templates, calling local backends, with a console.
    ///
    /// Every request goes through routing, validation, the request template, the integration (a
    /// local Lambda function, HTTP endpoint or AWS service; MOCK answers itself), selection, the
    /// response template and overrides, as API Gateway does. The console (`/_console/`) shows the
    /// routes and every request's trace, and has a test form and a template playground. Prints
    /// `listening on http://ADDR` first; runs until interrupted.
    Serve(Box<serve::ServeArgs>),
    /// Lint templates and definitions for what AWS punishes after deploy.
    ///
    /// Names that cannot resolve, constructs API Gateway ignores, JSON-building mistakes, unknown
    /// definition keys, selection patterns that miss. Lints templates and API definitions (folders are searched) and prints the findings on
    /// standard output. Rules are turned off in `apigw-vtl.toml` (`[lint] allow = [...]`) or in a
    /// template by a line `## apigw-vtl: allow(RULE)` before the construct. Exit status: 0 no
    /// error-level finding, 1 some, 2 usage errors.
    Lint(lint::LintArgs),
    /// List the linter's rules, or explain one (`apigw-vtl rules RULE`) with its source.
    Rules(lint::RulesArgs),
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
    let errors = Errors {
        style: cli.color.style(
            std::env::var_os("NO_COLOR").as_deref(),
            std::io::stderr().is_terminal(),
        ),
        always: cli.color == ColorChoice::Always,
        auto: cli.color == ColorChoice::Auto,
    };
    let code = match cli.command {
        Command::Check(args) => check::run(&args, errors),
        Command::Render(args) => render::run(&args, errors),
        Command::Invoke(args) => invoke::run(&args, errors),
        Command::Bench(args) => bench::run(&args, errors),
        Command::Test(args) => test::run(&args, errors),
        Command::Scaffold(args) => scaffold::run(&args, errors),
        Command::Serve(args) => serve::run(&args, errors),
        Command::Lint(args) => lint::run(&args, errors),
        Command::Rules(args) => lint::run_rules(&args, errors),
    };
    ExitCode::from(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn color_follows_the_flag_then_no_color_then_the_terminal() {
        let set = Some(OsStr::new("1"));
        let empty = Some(OsStr::new(""));
        for (choice, no_color, terminal, style) in [
            (ColorChoice::Auto, None, true, Style::Colored),
            (ColorChoice::Auto, None, false, Style::Plain),
            (ColorChoice::Auto, set, true, Style::Plain),
            (ColorChoice::Auto, empty, true, Style::Colored),
            (ColorChoice::Always, set, false, Style::Colored),
            (ColorChoice::Never, None, true, Style::Plain),
        ] {
            assert_eq!(
                choice.style(no_color, terminal),
                style,
                "{choice:?} NO_COLOR={no_color:?} terminal={terminal}"
            );
        }
    }
}

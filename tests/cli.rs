//! The `apigw-vtl` binary, run as a user runs it: stdout, stderr and exit status are snapshotted.

use std::process::Command;

fn run(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_apigw-vtl"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        output
            .status
            .code()
            .map_or("signal".to_string(), |c| c.to_string()),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn help_teaches_the_commands() {
    insta::assert_snapshot!(run(&["--help"]));
    insta::assert_snapshot!(run(&["check", "--help"]));
}

#[test]
fn check_accepts_the_shipped_templates() {
    insta::assert_snapshot!(run(&[
        "check",
        "--case",
        "corpus/syntax/shared/danielhttp-default-response.vtl",
        "corpus/syntax/shared/danielhttp-request.vtl",
    ]));
}

#[test]
fn check_reports_the_first_error_with_a_caret_and_exits_1() {
    insta::assert_snapshot!(run(&[
        "check",
        "--case",
        "corpus/syntax/shared/danielhttp-request.vtl",
        "corpus/errors/unclosed-if-on-line-3.vtl",
    ]));
}

#[test]
fn check_without_case_reads_the_whole_file_as_a_template() {
    // The case header is plain text to Velocity; the template itself is broken.
    insta::assert_snapshot!(run(&["check", "corpus/errors/stray-end.vtl"]));
}

#[test]
fn usage_errors_exit_2() {
    insta::assert_snapshot!(run(&["check"]));
    insta::assert_snapshot!(run(&["check", "corpus/no-such-file.vtl"]));
    insta::assert_snapshot!(run(&["frobnicate"]));
}

#[test]
fn render_prints_the_output_exactly() {
    // No newline is added after the output.
    insta::assert_snapshot!(run(&[
        "render",
        "tests/fixtures/render-loop.vtl",
        "--vars",
        "tests/fixtures/render-loop.json",
    ]));
}

#[test]
fn render_failure_names_the_place_and_exits_1() {
    insta::assert_snapshot!(run(&[
        "render",
        "tests/fixtures/render-throws.vtl",
        "--vars",
        "tests/fixtures/render-loop.json",
    ]));
    insta::assert_snapshot!(run(&["render", "tests/fixtures/unclosed.vtl"]));
}

#[test]
fn render_usage_errors_exit_2() {
    insta::assert_snapshot!(run(&[
        "render",
        "tests/fixtures/render-loop.vtl",
        "--vars",
        "tests/fixtures/not-an-object.json",
    ]));
    insta::assert_snapshot!(run(&["render", "--help"]));
}

#[test]
fn render_with_api_gateway_variables_as_json() {
    insta::assert_snapshot!(run(&[
        "render",
        "../shared/workloads/request-mapping/template.vtl",
        "--body",
        "../shared/workloads/request-mapping/body.json",
        "--params",
        "../shared/workloads/request-mapping/params.json",
        "--context",
        "../shared/workloads/request-mapping/context.json",
        "--format",
        "json",
    ]));
}

#[test]
fn render_reports_an_unreadable_body_in_the_body_file() {
    insta::assert_snapshot!(run(&[
        "render",
        "tests/fixtures/reads-body.vtl",
        "--body",
        "tests/fixtures/bad-body.json",
    ]));
}

//! The `apigw-vtl` binary, run as a user runs it: stdout, stderr and exit status are snapshotted.

use std::process::Command;

fn run(args: &[&str]) -> String {
    run_in(env!("CARGO_MANIFEST_DIR"), args)
}

/// A run with `dir` as the working directory.
fn run_in(dir: &str, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_apigw-vtl"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
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

// Issue 12: a string's content is parsed as a template of its own; an error in it was reported
// at the string's own offset (`1:5` here), now where the template has it.
#[test]
fn render_failure_inside_a_string_names_the_place_in_the_template() {
    insta::assert_snapshot!(run(&[
        "render",
        "tests/fixtures/render-throws-in-string.vtl"
    ]));
}

/// Standard error of a run with `NO_COLOR` set to `no_color` (or removed).
fn stderr_with(args: &[&str], no_color: Option<&str>) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_apigw-vtl"));
    command.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    match no_color {
        Some(value) => command.env("NO_COLOR", value),
        None => command.env_remove("NO_COLOR"),
    };
    let output = command.output().expect("the binary runs");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn color_is_chosen_by_the_flag_and_no_color() {
    let render = ["render", "tests/fixtures/unclosed.vtl"];
    let check = ["check", "corpus/errors/stray-end.vtl"];
    for command in [&render[..], &check[..]] {
        let with = |flag: &str, no_color| {
            let args: Vec<&str> = command.iter().copied().chain([flag]).collect();
            stderr_with(&args, no_color)
        };
        let always = with("--color=always", None);
        assert!(always.contains("\x1b["), "{command:?}: {always}");
        assert!(with("--color=always", Some("1")).contains("\x1b["));
        let never = with("--color=never", None);
        assert!(!never.contains('\x1b'), "{command:?}: {never}");
        // Not a terminal: `auto` does not colour.
        assert!(!with("--color=auto", None).contains('\x1b'));
        // The same words either way.
        assert!(always.contains("here") && never.contains("here"));
    }
    // A global flag: accepted before the command too.
    let before = stderr_with(
        &["--color", "always", "render", "tests/fixtures/unclosed.vtl"],
        None,
    );
    assert!(before.contains("\x1b["), "{before}");
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
        "benches/workloads/request-mapping/template.vtl",
        "--body",
        "benches/workloads/request-mapping/body.json",
        "--params",
        "benches/workloads/request-mapping/params.json",
        "--context",
        "benches/workloads/request-mapping/context.json",
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

const DANIEL: &str = "corpus/danielhttp/api.openapi.yaml";

// Source: aws (../shared/examples/danielhttp/README.md): 500, 502, 400, 200 and AWS's bodies.
#[test]
fn invoke_runs_the_founding_example_end_to_end() {
    for (guid, flag, file) in [
        ("Exception", "--lambda-error", "exception.error.json"),
        (
            "RaisedException",
            "--lambda-error",
            "raised-exception.error.json",
        ),
        ("Error", "--lambda-error", "error.error.json"),
        ("AnythingElse", "--lambda-result", "ok.result.json"),
    ] {
        let path = format!("/guid?GUID={guid}");
        let outcome = format!("corpus/danielhttp/lambda/{file}");
        insta::assert_snapshot!(
            guid,
            run(&[
                "invoke", "--api", DANIEL, "--method", "POST", "--path", &path, flag, &outcome
            ])
        );
    }
}

#[test]
fn invoke_explains_every_decision_on_stderr() {
    insta::assert_snapshot!(run(&[
        "invoke",
        "--api",
        DANIEL,
        "--method",
        "post",
        "--path",
        "/guid?GUID=Error",
        "--lambda-error",
        "corpus/danielhttp/lambda/error.error.json",
        "--explain",
    ]));
}

// Source: aws-semantics.md §7 (unknown route → 403 Missing Authentication Token, recorded).
#[test]
fn invoke_answers_403_for_an_unknown_route_without_an_outcome() {
    insta::assert_snapshot!(run(&[
        "invoke",
        "--api",
        DANIEL,
        "--method",
        "GET",
        "--path",
        "/guid",
        "--explain",
    ]));
    insta::assert_snapshot!(run(&[
        "invoke", "--api", DANIEL, "--method", "POST", "--path", "/nowhere",
    ]));
}

#[test]
fn invoke_names_the_missing_or_wrong_outcome_flag() {
    // An AWS integration reached without its outcome.
    insta::assert_snapshot!(run(&[
        "invoke",
        "--api",
        DANIEL,
        "--method",
        "POST",
        "--path",
        "/guid?GUID=x",
    ]));
    // An HTTP outcome for a Lambda integration.
    insta::assert_snapshot!(run(&[
        "invoke",
        "--api",
        DANIEL,
        "--method",
        "POST",
        "--path",
        "/guid?GUID=x",
        "--http-status",
        "200",
    ]));
    // MOCK calls no backend.
    insta::assert_snapshot!(run(&[
        "invoke",
        "--api",
        "corpus/definitions/valid/openapi-any-method-and-proxy.yaml",
        "--method",
        "GET",
        "--path",
        "/pets/7",
        "--lambda-result",
        "corpus/danielhttp/lambda/ok.result.json",
    ]));
}

#[test]
fn invoke_mock_routes_and_fills_path_parameters() {
    insta::assert_snapshot!(run(&[
        "invoke",
        "--api",
        "corpus/definitions/valid/openapi-any-method-and-proxy.yaml",
        "--method",
        "DELETE",
        "--path",
        "/pets/7",
    ]));
}

// A template that does not parse does not make the file bad: AWS answers 500 when it runs.
#[test]
fn invoke_answers_500_for_a_template_that_does_not_parse_and_check_reports_it() {
    let file = "corpus/definitions/valid/openapi-template-does-not-parse.yaml";
    insta::assert_snapshot!(run(&[
        "invoke", "--api", file, "--method", "GET", "--path", "/ping"
    ]));
    insta::assert_snapshot!(run(&["check", file, DANIEL]));
}

#[test]
fn invoke_exits_1_on_a_broken_definition() {
    insta::assert_snapshot!(run(&[
        "invoke",
        "--api",
        "corpus/definitions/broken/openapi-passthrough-bad-value.yaml",
        "--method",
        "GET",
        "--path",
        "/ping",
    ]));
}

#[test]
fn invoke_help_teaches_the_flags() {
    insta::assert_snapshot!(run(&["invoke", "--help"]));
}

// Every field of the definition acts (corpus/definitions/valid/*-every-field.*): request
// parameters of each source, the template by Content-Type, NEVER's 415, response templates by
// Accept, response parameters of each source, status patterns of an HTTP integration, header
// remapping. The OpenAPI and CloudFormation spellings must answer alike.
#[test]
fn invoke_every_field_from_openapi_and_cloudformation() {
    for file in ["openapi-every-field.yaml", "cfn-every-field.yaml"] {
        let api = format!("corpus/definitions/valid/{file}");
        let common = [
            "invoke",
            "--api",
            &api,
            "--method",
            "PUT",
            "--header",
            "X-Tenant: acme",
            "--body",
            "tests/fixtures/invoke/order.json",
            "--stage-variables",
            "tests/fixtures/invoke/stage.json",
        ];
        let mut answers = Vec::new();
        for extra in [
            &[
                "--path",
                "/orders/42?dryRun=yes",
                "--header",
                "Content-Type: application/json",
                "--http-status",
                "200",
                "--http-body",
                "tests/fixtures/invoke/order.json",
                "--http-header",
                "X-Version: 7",
                "--explain",
            ][..],
            &[
                "--path",
                "/orders/42",
                "--header",
                "Accept: text/plain",
                "--http-status",
                "200",
                "--http-body",
                "tests/fixtures/invoke/order.json",
            ][..],
            &[
                "--path",
                "/orders/42",
                "--http-status",
                "503",
                "--http-header",
                "Server: nginx",
                "--http-body",
                "tests/fixtures/invoke/order.json",
            ][..],
            &["--path", "/orders/42", "--header", "Content-Type: text/csv"][..],
        ] {
            let args: Vec<&str> = common.iter().chain(extra).copied().collect();
            answers.push(run(&args));
        }
        insta::assert_snapshot!("invoke_every_field", answers.join("\n"));
    }
}

// A Lambda error payload is always a JSON object; a file that is not one is a bad input (exit 1).
#[test]
fn invoke_refuses_a_lambda_error_that_is_not_a_json_object() {
    insta::assert_snapshot!(run(&[
        "invoke",
        "--api",
        DANIEL,
        "--method",
        "POST",
        "--path",
        "/guid?GUID=x",
        "--lambda-error",
        "tests/fixtures/bad-body.json",
    ]));
    insta::assert_snapshot!(run(&[
        "invoke",
        "--api",
        DANIEL,
        "--method",
        "POST",
        "--path",
        "/guid?GUID=x",
        "--lambda-error",
        "tests/fixtures/not-an-object.json",
    ]));
}

#[test]
fn invoke_files_that_cannot_be_read_are_usage_errors() {
    insta::assert_snapshot!(run(&[
        "invoke",
        "--api",
        "corpus/no-such-api.yaml",
        "--method",
        "GET",
        "--path",
        "/",
    ]));
    insta::assert_snapshot!(run(&[
        "invoke",
        "--api",
        DANIEL,
        "--method",
        "POST",
        "--path",
        "/guid?GUID=x",
        "--lambda-result",
        "corpus/no-such-result.json",
    ]));
}

// `bench` measures a user's template: the JSON form carries the figures, and the output it
// measured is the one `render` prints (its byte count). Timings vary; only their presence and
// sign are asserted.
/// `bench --api` times whole invocations of the founding example and reports what `invoke` answers
/// (AWS's recorded status and length for the `Error` run: 400, 162 bytes).
#[test]
fn bench_times_a_whole_invocation_with_api() {
    let bench = |extra: &[&str]| {
        let mut args = vec![
            "bench",
            "--api",
            "corpus/danielhttp/api.openapi.yaml",
            "--method",
            "POST",
            "--path",
            "/guid?GUID=Error",
            "--seconds",
            "0.05",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        Command::new(env!("CARGO_BIN_EXE_apigw-vtl"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(&args)
            .output()
            .expect("the binary runs")
    };
    let output = bench(&[
        "--lambda-error",
        "corpus/danielhttp/lambda/error.error.json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("one JSON object");
    assert_eq!(report["status"].as_u64(), Some(400));
    assert_eq!(report["output_bytes"].as_u64(), Some(162));
    assert!(report["us_per_invoke"].as_f64().is_some_and(|us| us > 0.0));
    assert!(report["invokes"].as_u64().is_some_and(|n| n > 0));
    // The outcome flags are checked as `invoke` checks them.
    let missing = bench(&[]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&missing.stderr)
            .contains("give --lambda-result FILE or --lambda-error FILE"),
        "{missing:?}"
    );
}

#[test]
fn bench_times_a_template_and_reports_json() {
    let output = Command::new(env!("CARGO_BIN_EXE_apigw-vtl"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "bench",
            "benches/workloads/danielhttp-error/template.vtl",
            "--body",
            "benches/workloads/danielhttp-error/body.json",
            "--seconds",
            "0.05",
            "--format",
            "json",
        ])
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("one JSON object");
    let rendered = Command::new(env!("CARGO_BIN_EXE_apigw-vtl"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "render",
            "benches/workloads/danielhttp-error/template.vtl",
            "--body",
            "benches/workloads/danielhttp-error/body.json",
        ])
        .output()
        .expect("the binary runs");
    assert_eq!(
        report["output_bytes"].as_u64(),
        Some(rendered.stdout.len() as u64)
    );
    assert!(report["us_per_render"].as_f64().is_some_and(|us| us > 0.0));
    assert!(report["renders"].as_u64().is_some_and(|n| n > 0));
    // A template that fails is not benchmarked; a nonsense duration is a usage error.
    insta::assert_snapshot!(run(&[
        "bench",
        "tests/fixtures/render-throws-in-string.vtl",
        "--seconds",
        "0.01"
    ]));
    insta::assert_snapshot!(run(&[
        "bench",
        "benches/workloads/danielhttp-error/template.vtl",
        "--seconds",
        "0"
    ]));
}

const SERVICES: &str = "corpus/definitions/valid/openapi-aws-services.yaml";
const MIXED: &str = "corpus/definitions/valid/openapi-proxy-and-templates.yaml";
const FIXTURES: &str = "tests/fixtures/integrations";

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

// Issue 14: AWS service integrations answer with --http-* (aws-semantics.md §11): DynamoDB Query
// (templates both ways), SQS SendMessage by path, S3's 404 reaching the client as 200 (recorded),
// Step Functions StartExecution. `integration` is the call API Gateway makes.
#[test]
fn invoke_runs_aws_service_integrations() {
    let runs: [&[&str]; 4] = [
        &[
            "--method",
            "GET",
            "--path",
            "/pets/7",
            "--http-status",
            "200",
            "--http-body",
            &fixture("ddb-query.json"),
        ],
        &[
            "--method",
            "POST",
            "--path",
            "/orders",
            "--body",
            &fixture("order.json"),
            "--http-status",
            "200",
            "--http-body",
            &fixture("sqs-send-message.json"),
        ],
        &[
            "--method",
            "GET",
            "--path",
            "/documents/missing.pdf",
            "--http-status",
            "404",
            "--http-header",
            "Content-Type: application/xml",
            "--http-body",
            &fixture("s3-no-such-key.xml"),
        ],
        &[
            "--method",
            "POST",
            "--path",
            "/executions",
            "--body",
            &fixture("order.json"),
            "--http-status",
            "200",
            "--http-body",
            &fixture("sfn-start-execution.json"),
            "--explain",
        ],
    ];
    let answers: Vec<String> = runs
        .iter()
        .map(|extra| {
            let args: Vec<&str> = ["invoke", "--api", SERVICES]
                .iter()
                .chain(extra.iter())
                .copied()
                .collect();
            run(&args)
        })
        .collect();
    insta::assert_snapshot!(answers.join("\n"));
}

// Issue 14: a binary object (S3 GetObject, bytes that are not UTF-8) is printed as base64 with
// `is_base64_encoded`, and `--body-out` writes its bytes as they are.
#[test]
fn invoke_writes_a_binary_body_with_body_out() {
    let out = std::env::temp_dir().join(format!("apigw-vtl-body-out-{}.png", std::process::id()));
    let out_arg = out.display().to_string();
    let output = run(&[
        "invoke",
        "--api",
        SERVICES,
        "--method",
        "GET",
        "--path",
        "/photos/cat.png",
        "--header",
        "Accept: image/png",
        "--http-status",
        "200",
        "--http-header",
        "Content-Type: image/png",
        "--http-body",
        &fixture("cat.png"),
        "--body-out",
        &out_arg,
    ]);
    let written = std::fs::read(&out).expect("--body-out wrote the file");
    let _ = std::fs::remove_file(&out);
    let expected = std::fs::read(fixture("cat.png")).expect("fixture");
    assert_eq!(written, expected);
    insta::assert_snapshot!(output);
}

// Issue 14: the outcome flags follow the method's integration; a wrong one names the right ones.
#[test]
fn invoke_names_the_outcome_flags_each_integration_takes() {
    let mut answers = Vec::new();
    for (api, method, path, flags) in [
        (
            SERVICES,
            "GET",
            "/pets/7",
            &["--lambda-result", "corpus/danielhttp/lambda/ok.result.json"][..],
        ),
        (SERVICES, "GET", "/pets/7", &[][..]),
        (MIXED, "GET", "/hello", &["--http-status", "200"][..]),
        (MIXED, "GET", "/hello", &[][..]),
        (
            MIXED,
            "PUT",
            "/files/a",
            &[
                "--lambda-error",
                "corpus/danielhttp/lambda/error.error.json",
            ][..],
        ),
    ] {
        let args: Vec<&str> = ["invoke", "--api", api, "--method", method, "--path", path]
            .iter()
            .chain(flags)
            .copied()
            .collect();
        answers.push(run(&args));
    }
    insta::assert_snapshot!(answers.join("\n"));
}

// Issue 14: a Lambda proxy method: the event (format 1.0) is the integration request; the proxy
// response is mapped; a malformed one and a function error answer 502 (D-PROXY).
#[test]
fn invoke_lambda_proxy_prints_the_event_and_maps_the_response() {
    let common = ["invoke", "--api", MIXED, "--method", "GET"];
    let mut answers = Vec::new();
    for extra in [
        &[
            "--path",
            "/hello?name=a&name=b",
            "--header",
            "User-Agent: curl/8.9",
            "--source-ip",
            "198.51.100.7",
            "--lambda-result",
            &fixture("proxy-ok.json"),
            "--explain",
        ][..],
        &[
            "--path",
            "/hello",
            "--lambda-result",
            &fixture("proxy-malformed-extra-key.json"),
            "--explain",
        ][..],
        &["--path", "/hello", "--lambda-error", &fixture("error.json")][..],
    ] {
        let args: Vec<&str> = common.iter().chain(extra).copied().collect();
        answers.push(run(&args));
    }
    insta::assert_snapshot!(answers.join("\n"));
}

// Issue 14: one definition mixing proxy and templated methods answers every method (Lambda
// proxy, HTTP_PROXY greedy path with a body that is not UTF-8, Lambda non-proxy, an asynchronous
// Lambda call, MOCK, an API key).
#[test]
fn invoke_answers_every_method_of_a_mixed_definition() {
    let mut answers = Vec::new();
    for extra in [
        &[
            "--method",
            "GET",
            "--path",
            "/hello",
            "--lambda-result",
            &fixture("proxy-binary.json"),
            "--header",
            "Accept: image/png",
        ][..],
        &[
            "--method",
            "PUT",
            "--path",
            "/files/reports/q1.txt?v=2",
            "--header",
            "Content-Type: text/plain",
            "--body",
            &fixture("order-latin1.txt"),
            "--http-status",
            "201",
            "--http-header",
            "ETag: \"v3\"",
            "--explain",
        ][..],
        &[
            "--method",
            "POST",
            "--path",
            "/guid?guid=x",
            "--lambda-error",
            &fixture("error.json"),
        ][..],
        &["--method", "POST", "--path", "/events", "--explain"][..],
        &["--method", "GET", "--path", "/status"][..],
        &["--method", "GET", "--path", "/private"][..],
        &[
            "--method",
            "GET",
            "--path",
            "/private",
            "--header",
            "x-api-key: k-1",
        ][..],
        &[
            "--method",
            "GET",
            "--path",
            "/private",
            "--header",
            "x-api-key: k-1",
            "--api-key",
            "k-2",
        ][..],
    ] {
        let args: Vec<&str> = ["invoke", "--api", MIXED]
            .iter()
            .chain(extra)
            .copied()
            .collect();
        answers.push(run(&args));
    }
    insta::assert_snapshot!(answers.join("\n"));
}

// Issue 14: SAM's implicit API (no AWS::Serverless::Api): Lambda proxy methods on stage Prod.
#[test]
fn invoke_runs_a_sam_implicit_api() {
    insta::assert_snapshot!(run(&[
        "invoke",
        "--api",
        "corpus/definitions/valid/sam-implicit-api.yaml",
        "--method",
        "POST",
        "--path",
        "/orders",
        "--header",
        "x-api-key: k-1",
        "--body",
        &fixture("order.json"),
        "--lambda-result",
        &fixture("proxy-ok.json"),
    ]));
}

// Issue 13: definitions as people deploy them (corpus/definitions/deployed/README.md), each run
// through `check` and `invoke` as corpus/definitions/deployed/cases.txt lists: the rendered
// templates show the evaluated values, `--explain` and `check` the stand-ins, stderr the warnings.
#[test]
fn deployed_definitions_check_and_invoke() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/definitions/deployed");
    let cases = std::fs::read_to_string(format!("{dir}/cases.txt")).expect("cases.txt");
    let mut count = 0;
    for line in cases.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, command) = line.split_once(':').expect("NAME: arguments");
        let args: Vec<&str> = command.split_whitespace().collect();
        let output = run_in(dir, &args);
        insta::with_settings!({snapshot_suffix => name, description => command.trim()}, {
            insta::assert_snapshot!("deployed", output);
        });
        count += 1;
    }
    assert!(count >= 20, "{count} cases");
}

// Issue 13: the founding example's CloudFormation and SAM forms, whose URIs and parent resource are
// intrinsics, still give AWS's answers through `invoke` (tests/definitions.rs checks all five).
#[test]
fn invoke_founding_example_from_its_cloudformation_and_sam_forms() {
    for api in [
        "corpus/danielhttp/api.cloudformation.yaml",
        "corpus/danielhttp/api.cloudformation.json",
        "corpus/danielhttp/api.sam.yaml",
    ] {
        let output = run(&[
            "invoke",
            "--api",
            api,
            "--method",
            "POST",
            "--path",
            "/guid?GUID=Exception",
            "--lambda-error",
            "corpus/danielhttp/lambda/exception.error.json",
        ]);
        assert!(output.starts_with("exit: 0\n"), "{api}: {output}");
        assert!(output.contains("\"status\":500"), "{api}: {output}");
    }
}

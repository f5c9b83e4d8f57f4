//! `apigw-vtl test` and `apigw-vtl scaffold`, run as a user runs them: the built binary in a
//! throwaway directory holding a user's cases (as cargo-insta's functional tests do), with its
//! stdout, stderr and exit status checked. The temp directory's path is replaced by `[DIR]`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn apigw_vtl(dir: &Path, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_apigw-vtl"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("CI")
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().expect("the binary runs");
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin.as_bytes());
    }
    let output = child.wait_with_output().expect("the binary ends");
    let clean =
        |bytes: &[u8]| String::from_utf8_lossy(bytes).replace(&dir.display().to_string(), "[DIR]");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: clean(&output.stdout),
        stderr: clean(&output.stderr),
    }
}

fn test(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["test"];
    all.extend_from_slice(args);
    apigw_vtl(dir, &all, &[], "")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A user's repository: the founding example's definition and payloads, and `cases/`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    let api = dir.path().join("api");
    std::fs::create_dir_all(api.join("lambda")).unwrap();
    std::fs::create_dir_all(dir.path().join("cases")).unwrap();
    let from = root().join("corpus/danielhttp");
    std::fs::copy(from.join("api.openapi.yaml"), api.join("api.openapi.yaml")).unwrap();
    for file in [
        "error.error.json",
        "exception.error.json",
        "ok.result.json",
        "raised-exception.error.json",
    ] {
        std::fs::copy(
            from.join("lambda").join(file),
            api.join("lambda").join(file),
        )
        .unwrap();
    }
    dir
}

fn write(dir: &Path, file: &str, text: &str) {
    let path = dir.join(file);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

const GUID_CASES: &str = "\
api: ../api/api.openapi.yaml
request: {method: POST}
cases:
  - name: error
    request: {path: /guid?GUID=Error}
    outcome: {lambda_error: {file: ../api/lambda/error.error.json}}
  - name: ok
    request: {path: /guid?GUID=AnythingElse}
    outcome: {lambda_result: {file: ../api/lambda/ok.result.json}}
  - name: exception
    request: {path: /guid?GUID=Exception}
    outcome: {lambda_error: {file: ../api/lambda/exception.error.json}}
";

#[test]
fn the_projects_own_cases_pass_with_awss_recorded_bytes() {
    // corpus/cases: the founding example's four recorded invocations; their snapshots hold the
    // bodies AWS answered, whose lengths the article recorded.
    let run = apigw_vtl(&root(), &["test", "corpus/cases"], &[("CI", "true")], "");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.ends_with("75 passed, 0 failed\n"),
        "{}",
        run.stdout
    );
    for (name, status, bytes) in [
        ("exception", "500", 200),
        ("raised-exception", "502", 166),
        ("error", "400", 162),
        ("anything-else", "200", 125),
    ] {
        let file = format!("corpus/cases/danielhttp/guid.{name}.snap");
        let snapshot =
            apigw_vtl::testing::Snapshot::parse(&file, &read(&root(), &file)).expect("reads");
        assert_eq!(
            snapshot.get("status"),
            Some(&apigw_vtl::testing::Value::Str(status.into()))
        );
        let Some(apigw_vtl::testing::Value::Body(apigw_vtl::testing::Body::Text(body))) =
            snapshot.get("body")
        else {
            panic!("{file}: a text body")
        };
        assert_eq!(body.len(), bytes, "{file}");
    }
}

#[test]
fn a_new_case_is_pending_locally_and_fails_on_ci_then_update_accepts_it() {
    let dir = project();
    let dir = dir.path();
    write(dir, "cases/guid.case.yaml", GUID_CASES);
    let run = test(dir, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "\
pending  cases/guid.case.yaml::error (new snapshot: cases/guid.error.snap.new)
pending  cases/guid.case.yaml::ok (new snapshot: cases/guid.ok.snap.new)
pending  cases/guid.case.yaml::exception (new snapshot: cases/guid.exception.snap.new)
0 passed, 0 failed, 3 pending
note: 3 new snapshots await review (`.snap.new` beside each case): `apigw-vtl test --review .`, or `--update` to accept them all
"
    );
    assert!(read(dir, "cases/guid.error.snap.new").contains("status: 400\n"));
    for ci in ["true", "1"] {
        let run = apigw_vtl(dir, &["test"], &[("CI", ci)], "");
        assert_eq!(run.code, 1, "CI={ci}: {}", run.stdout);
        assert!(
            run.stdout.contains("pending snapshots fail on CI"),
            "{}",
            run.stdout
        );
    }
    for not_ci in ["false", "0"] {
        assert_eq!(apigw_vtl(dir, &["test"], &[("CI", not_ci)], "").code, 0);
    }
    let run = test(dir, &["--update"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .contains("updated  cases/guid.case.yaml::error\n")
    );
    assert!(
        run.stdout.contains("3 passed, 0 failed\n"),
        "{}",
        run.stdout
    );
    assert!(!dir.join("cases/guid.error.snap.new").exists());
    let run = apigw_vtl(dir, &["test"], &[("CI", "true")], "");
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "ok       cases/guid.case.yaml::error\nok       cases/guid.case.yaml::ok\nok       cases/guid.case.yaml::exception\n3 passed, 0 failed\n"
    );
}

#[test]
fn a_changed_answer_fails_with_a_readable_diff() {
    let dir = project();
    let dir = dir.path();
    write(dir, "cases/guid.case.yaml", GUID_CASES);
    assert_eq!(test(dir, &["--update"]).code, 0);
    // The 400 template gains trailing blanks and another key; the default loses its newline.
    let api = read(dir, "api/api.openapi.yaml").replace(
        "\"{\\n    \\\"errorMessage\\\": $input.path('$.errorMessage')\\n}\"",
        "\"{\\n    \\\"errorMessage\\\": $input.path('$.errorMessage'),  \\n    \\\"n\\\": 1\\n}\"",
    );
    assert!(api.contains("\\\"n\\\": 1"), "the edit applies");
    write(dir, "api/api.openapi.yaml", &api);
    let run = test(dir, &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let expected = "\
FAILED   cases/guid.case.yaml::error (now in cases/guid.error.snap.new)
  body (162 → 176 bytes; -snapshot +now; · blank, → tab, ␍ CR, ⏎ line end shown on changed lines):
    @@ -1,3 +1,4 @@
     {
    -    \"errorMessage\": {\"context\": {\"EndPoint\": \"My Endpoint\", \"LoadCase\": 123, \"RunAnalysisId\": \"AA-BB\"}, \"message\": \"My Message\", \"type\": \"Error\", \"code\": 400}⏎
    +    \"errorMessage\": {\"context\": {\"EndPoint\": \"My Endpoint\", \"LoadCase\": 123, \"RunAnalysisId\": \"AA-BB\"}, \"message\": \"My Message\", \"type\": \"Error\", \"code\": 400},··⏎
    +    \"n\": 1⏎
     }
  body as JSON, the paths that differ:
    $.n: (absent) → 1
ok       cases/guid.case.yaml::ok
ok       cases/guid.case.yaml::exception
2 passed, 1 failed
";
    assert_eq!(run.stdout, expected);
    // The pending snapshot shows the trailing blanks escaped.
    let pending = read(dir, "cases/guid.error.snap.new");
    assert!(pending.contains("code\\\": 400},  \\n\""), "{pending}");
    // A status change is one line.
    let api =
        read(dir, "api/api.openapi.yaml").replace("statusCode: \"400\"", "statusCode: \"502\"");
    write(dir, "api/api.openapi.yaml", &api);
    let run = test(dir, &["--filter", "error"]);
    assert!(
        run.stdout
            .contains("  selected: 400 .*Error.* → 502 .*Error.*\n  status: 400 → 502\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn review_accepts_rejects_and_skips_pending_snapshots() {
    let dir = project();
    let dir = dir.path();
    write(dir, "cases/guid.case.yaml", GUID_CASES);
    test(dir, &[]);
    // Answers from a pipe: one per pending snapshot, in sorted order (error, exception, ok).
    let run = apigw_vtl(dir, &["test", "--review"], &[], "a\nr\n");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .starts_with("[1/3] cases/guid.error.snap.new\n  new snapshot:\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("1 accepted, 1 rejected, 1 skipped\n"),
        "{}",
        run.stdout
    );
    assert!(dir.join("cases/guid.error.snap").exists());
    assert!(!dir.join("cases/guid.exception.snap.new").exists());
    assert!(!dir.join("cases/guid.exception.snap").exists());
    assert!(dir.join("cases/guid.ok.snap.new").exists());
    let run = test(dir, &[]);
    assert!(
        run.stdout.contains("1 passed, 0 failed, 2 pending"),
        "{}",
        run.stdout
    );
    let run = apigw_vtl(dir, &["test", "--review", "cases"], &[], "y\ny\n");
    assert!(
        run.stdout.ends_with("2 accepted, 0 rejected, 0 skipped\n"),
        "{}",
        run.stdout
    );
    assert_eq!(
        apigw_vtl(dir, &["test", "--review"], &[], "").stdout,
        "no pending snapshots\n"
    );
}

#[test]
fn junit_has_the_documented_element_structure() {
    // The structure GitLab and Jenkins document for JUnit XML reports: `testsuites` > `testsuite`
    // (name, tests, failures, errors) > `testcase` (name, classname, time) > at most one of
    // `failure` / `error` / `skipped` (message), and `system-out`.
    let dir = project();
    let dir = dir.path();
    write(dir, "cases/guid.case.yaml", GUID_CASES);
    test(dir, &["--update", "--filter", "::ok"]);
    write(dir, "cases/guid.error.snap", "status: 999\nbody: \"x\"\n");
    write(dir, "cases/broken.case.yaml", "api: [\n");
    let run = test(dir, &["--junit", "report.xml", "--explain"]);
    assert_eq!(run.code, 1);
    let xml = read(dir, "report.xml");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut stack: Vec<String> = Vec::new();
    let mut cases = Vec::new();
    loop {
        let (element, opens) = match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) => (e, true),
            quick_xml::events::Event::Empty(e) => (e, false),
            quick_xml::events::Event::End(_) => {
                stack.pop();
                continue;
            }
            quick_xml::events::Event::Eof => break,
            _ => continue,
        };
        let name = String::from_utf8_lossy(element.name().as_ref()).into_owned();
        let attributes: Vec<(String, String)> = element
            .attributes()
            .map(|a| {
                let a = a.expect("an attribute");
                (
                    String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                    a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                        .expect("a value")
                        .into_owned(),
                )
            })
            .collect();
        let value = |key: &str| {
            attributes
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        let parent = stack.last().map(String::as_str);
        match name.as_str() {
            "testsuites" => assert_eq!(parent, None),
            "testsuite" => {
                assert_eq!(parent, Some("testsuites"));
                for key in ["name", "tests", "failures", "errors"] {
                    assert!(value(key).is_some(), "testsuite without {key}: {xml}");
                }
            }
            "testcase" => {
                assert_eq!(parent, Some("testsuite"));
                for key in ["name", "classname", "time"] {
                    assert!(value(key).is_some(), "testcase without {key}: {xml}");
                }
                cases.push((
                    value("classname").unwrap(),
                    value("name").unwrap(),
                    Vec::new(),
                ));
            }
            "failure" | "error" | "skipped" => {
                assert_eq!(parent, Some("testcase"));
                assert!(value("message").is_some(), "{name} without message: {xml}");
                cases.last_mut().unwrap().2.push(name.clone());
            }
            "system-out" | "system-err" => {
                assert!(matches!(parent, Some("testcase" | "testsuite")), "{xml}");
            }
            other => panic!("unexpected element <{other}> in {xml}"),
        }
        if opens {
            stack.push(name);
        }
    }
    let summary: Vec<(String, String, Vec<String>)> = cases;
    assert_eq!(
        summary,
        [
            (
                "cases/broken.case.yaml".to_string(),
                "cases/broken.case.yaml".to_string(),
                vec!["error".to_string()]
            ),
            (
                "cases/guid.case.yaml".to_string(),
                "error".to_string(),
                vec!["failure".to_string()]
            ),
            ("cases/guid.case.yaml".to_string(), "ok".to_string(), vec![]),
            (
                "cases/guid.case.yaml".to_string(),
                "exception".to_string(),
                vec!["skipped".to_string()]
            ),
        ]
    );
}

#[test]
fn coverage_names_the_response_no_case_selects() {
    let dir = project();
    let dir = dir.path();
    // No case raises an Exception: the 502 response is never selected.
    write(dir, "cases/guid.case.yaml", GUID_CASES);
    test(dir, &["--update"]);
    let run = test(dir, &["--coverage"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "api/api.openapi.yaml: 4 of 5 reached
  POST /guid: response 502 `.*Exception.*` is never selected
coverage: 4 of 5 responses and branch arms reached (80.0%)
"
        ),
        "{}",
        run.stdout
    );
    let run = test(dir, &["--coverage", "--filter", "::ok"]);
    assert!(
        run.stdout.contains(
            "  POST /guid: response 200 (default), template application/json: `#if($inputRoot.toString().contains(\"stackTrace\"))` at 3:1 is never taken\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(test(dir, &["--min-coverage", "80"]).code, 0);
    let run = test(dir, &["--min-coverage", "80.5"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("3 passed, 0 failed\ncoverage 80.0% is below --min-coverage 80.5%\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn scaffold_writes_three_cases_for_the_founding_example() {
    let dir = project();
    let dir = dir.path();
    let run = apigw_vtl(dir, &["scaffold", "api/api.openapi.yaml", "cases"], &[], "");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "cases/post-guid.case.yaml: 3 cases (status-400 selects 400 .*Error.*; status-502 selects 502 .*Exception.*; status-200 selects 200 default)\n3 snapshots pending: review them with `apigw-vtl test cases --review`\n"
    );
    let run = test(dir, &["cases", "--update", "--coverage"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for (case, status) in [
        ("status-400", "400"),
        ("status-502", "502"),
        ("status-200", "200"),
    ] {
        let snapshot = read(dir, &format!("cases/post-guid.{case}.snap"));
        assert!(
            snapshot.contains(&format!("\nstatus: {status}\n")),
            "{snapshot}"
        );
    }
    assert!(!run.stdout.contains("never selected"), "{}", run.stdout);
    // A second scaffold leaves the files alone.
    let run = apigw_vtl(dir, &["scaffold", "api/api.openapi.yaml", "cases"], &[], "");
    assert!(
        run.stdout
            .starts_with("cases/post-guid.case.yaml: exists, left alone\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_malformed_case_or_snapshot_is_an_error_at_its_place_and_the_others_still_run() {
    let dir = project();
    let dir = dir.path();
    write(dir, "cases/guid.case.yaml", GUID_CASES);
    test(dir, &["--update"]);
    write(
        dir,
        "cases/broken.case.yaml",
        "api: ../api/api.openapi.yaml\nrequest: {method: POST, path: /guid\n",
    );
    write(
        dir,
        "cases/typo.case.yaml",
        "template: \"$input.body\"\nbodyy: x\n",
    );
    write(dir, "cases/guid.ok.snap", "status: 200\nheaders: [1, 2]\n");
    let run = test(dir, &[]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "\
ERROR    cases/broken.case.yaml
ok       cases/guid.case.yaml::error
ERROR    cases/guid.case.yaml::ok
ok       cases/guid.case.yaml::exception
ERROR    cases/typo.case.yaml
2 passed, 3 failed
"
    );
    assert!(
        run.stderr.contains(" --> cases/broken.case.yaml:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error: malformed snapshot: expected a value or a mapping, found a list\n --> cases/guid.ok.snap:2:10\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "error: unknown key `bodyy` in a case; expected one of description, api, template,"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(" --> cases/typo.case.yaml:2:1\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn template_cases_json_lines_filter_and_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(
        dir,
        "t/response.vtl",
        "#set($r = $input.path('$'))\n#if($r.ok)\n{\"ok\": $r.n}\n#else\n{\"error\": \"$util.escapeJavaScript($r.why)\"}\n#set($context.responseOverride.status = 400)\n#end\n",
    );
    write(
        dir,
        "t/response.case.yaml",
        "template: {file: response.vtl}\ncases:\n  - name: ok\n    body: {ok: true, n: 2}\n  - name: error\n    body: '{\"ok\": false, \"why\": \"it''s \\\"bad\\\"\"}'\n  - name: inline\n    template: \"$stageVariables.table $input.params('id') $context.stage\"\n    params: {path: {id: 42}}\n    stage_variables: {table: pets}\n    context: {stage: dev}\n",
    );
    let run = test(dir, &["--update", "--format", "json", "--coverage"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 5, "{}", run.stdout);
    assert_eq!(lines[0]["name"], "t/response.case.yaml::ok");
    assert_eq!(lines[0]["status"], "updated");
    assert_eq!(lines[3]["type"], "coverage");
    assert_eq!(lines[3]["percent"], 100.0);
    assert_eq!(lines[4]["type"], "summary");
    assert_eq!(lines[4]["passed"], 3);
    assert_eq!(
        read(dir, "t/response.error.snap"),
        "# apigw-vtl test snapshot of response.case.yaml::error: review it, then commit it beside the case.\nstatus_override: 400\noutput: |\n  {\"error\": \"it\\'s \\\"bad\\\"\"}\n"
    );
    assert_eq!(
        read(dir, "t/response.inline.snap"),
        "# apigw-vtl test snapshot of response.case.yaml::inline: review it, then commit it beside the case.\noutput: \"pets 42 dev\"\n"
    );
    let run = test(dir, &["--filter", "::ok", "--explain"]);
    assert_eq!(
        run.stdout,
        "ok       t/response.case.yaml::ok\n1 passed, 0 failed\n"
    );
    assert_eq!(
        run.stderr,
        "trace of t/response.case.yaml::ok:\n  2:1: `#if($r.ok)` ×1\n"
    );
    let run = test(dir, &["--filter", "::ok", "--color", "always"]);
    assert!(
        run.stdout
            .starts_with("\x1b[32mok\x1b[0m       t/response.case.yaml::ok\n"),
        "{:?}",
        run.stdout
    );
    // A case file in JSON, a single case named by its file.
    write(
        dir,
        "t/json.case.json",
        r#"{"template": {"file": "response.vtl"}, "body": {"ok": true, "n": 7}}"#,
    );
    let run = test(dir, &["t/json.case.json", "--update"]);
    assert_eq!(
        run.stdout,
        "updated  t/json.case.json\n1 passed, 0 failed\nnote: 1 snapshot written\n"
    );
    assert!(read(dir, "t/json.snap").ends_with("output: |\n  {\"ok\": 7}\n"));
    // Usage errors: exit 2.
    assert_eq!(test(dir, &["no/such/dir"]).code, 2);
    assert_eq!(test(dir, &["--filter", "zzz"]).code, 2);
    assert_eq!(test(dir, &["--min-coverage", "101"]).code, 2);
    let empty = tempfile::tempdir().unwrap();
    let run = test(empty.path(), &[]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "apigw-vtl test: no case files (*.case.yaml, *.case.yml, *.case.json) under .\n"
    );
}

#[test]
fn many_cases_report_in_order_whatever_order_they_finish_in() {
    let dir = project();
    let dir = dir.path();
    let mut text = String::from("api: ../api/api.openapi.yaml\nrequest: {method: POST}\ncases:\n");
    for i in 0..200 {
        text.push_str(&format!(
            "  - name: c{i:03}\n    request: {{path: /guid?GUID=g{i}}}\n    outcome: {{lambda_result: '{{\"n\": {i}}}'}}\n"
        ));
    }
    write(dir, "cases/many.case.yaml", &text);
    let first = test(dir, &["--update"]);
    let names: Vec<&str> = first
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("updated  "))
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names.len(), 200);
    assert_eq!(names, sorted);
    let again = test(dir, &[]);
    assert!(again.stdout.ends_with("200 passed, 0 failed\n"));
}

#[test]
fn watch_runs_the_affected_cases_again_when_an_input_changes() {
    let dir = project();
    let dir = dir.path();
    write(dir, "cases/guid.case.yaml", GUID_CASES);
    write(dir, "cases/t.case.yaml", "template: {file: t.vtl}\n");
    write(dir, "cases/t.vtl", "one");
    test(dir, &["--update"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_apigw-vtl"))
        .args(["test", "--watch"])
        .current_dir(dir)
        .env_remove("CI")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("runs");
    let stdout = child.stdout.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout).lines() {
            if sender.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    let wait_for = |wanted: &str| -> Vec<String> {
        let mut seen = Vec::new();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::time::Instant::now() < deadline {
            if let Ok(line) = receiver.recv_timeout(std::time::Duration::from_millis(200)) {
                let done = line.contains(wanted);
                seen.push(line);
                if done {
                    return seen;
                }
            }
        }
        panic!("no line with {wanted:?} in {seen:#?}")
    };
    let first = wait_for("watching for changes");
    assert!(
        first.iter().any(|l| l == "4 passed, 0 failed"),
        "{first:#?}"
    );
    std::fs::write(dir.join("cases/t.vtl"), "two").unwrap();
    let second = wait_for("watching for changes");
    let _ = child.kill();
    let _ = child.wait();
    // Only the template's case runs again, and it now differs.
    assert!(
        second
            .iter()
            .any(|l| l.starts_with("FAILED   cases/t.case.yaml")),
        "{second:#?}"
    );
    assert!(
        second.iter().any(|l| l == "0 passed, 1 failed"),
        "{second:#?}"
    );
}

/// A Rust `{:?}` string literal's text (insta snapshots of the corpus store outputs so).
fn debug_unescape(quoted: &str) -> String {
    let inner = &quoted[1..quoted.len() - 1];
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[test]
fn the_input_util_corpus_as_cases_gives_the_reference_outputs() {
    // corpus/cases/apigw: the `$input`/`$util`/`$context` corpus as template cases (run through
    // the binary by the_projects_own_cases_pass...); each snapshot's output is the one the corpus
    // snapshot recorded from the reference engine.
    let mut compared = 0;
    for entry in std::fs::read_dir(root().join("corpus/render/apigw")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let insta = read(
            &root(),
            &format!("tests/snapshots/render_corpus_renders@apigw__{name}.vtl.snap"),
        );
        let recorded = insta.split("\n---\n").nth(1).expect("a snapshot body");
        let file = format!("corpus/cases/apigw/apigw.{name}.snap");
        if name == "workload-passthrough-1mb" {
            // Left out of the cases: a 1 MB output is no snapshot to review.
            continue;
        }
        let ours = apigw_vtl::testing::Snapshot::parse(&file, &read(&root(), &file)).unwrap();
        match recorded
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("output: "))
        {
            Some(quoted) => {
                let Some(apigw_vtl::testing::Value::Body(apigw_vtl::testing::Body::Text(output))) =
                    ours.get("output")
                else {
                    panic!("{file}: no output")
                };
                assert_eq!(*output, debug_unescape(quoted), "{file}");
                compared += 1;
            }
            None => assert!(
                ours.get("error").is_some(),
                "{file}: the corpus records an error"
            ),
        }
    }
    assert!(compared > 60, "{compared}");
}

#[test]
fn the_ci_example_passes_as_its_workflow_runs_it() {
    // examples/ci: what its GitHub Actions workflow runs (.ci/run runs the same commands on the
    // release binary).
    let dir = root().join("examples/ci");
    let run = apigw_vtl(
        &dir,
        &["test", "tests", "--coverage", "--min-coverage", "90"],
        &[("CI", "true")],
        "",
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.ends_with("8 passed, 0 failed\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn help_teaches_test_and_scaffold() {
    let dir = root();
    insta::assert_snapshot!(apigw_vtl(&dir, &["test", "--help"], &[], "").stdout);
    insta::assert_snapshot!(apigw_vtl(&dir, &["scaffold", "--help"], &[], "").stdout);
}

#[test]
fn scaffold_builds_a_body_that_passes_the_request_model() {
    // POST /orders requires a body whose items have a `sku` matching ^[A-Z]{3}-[0-9]+$.
    let dir = tempfile::tempdir().unwrap();
    let definition = root().join("corpus/definitions/valid/swagger-request-validation.json");
    let run = apigw_vtl(
        dir.path(),
        &["scaffold", definition.to_str().unwrap(), "cases"],
        &[],
        "",
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("cases/post-orders.case.yaml: 1 cases (request selects 200 default)"),
        "{}",
        run.stdout
    );
    let case = read(dir.path(), "cases/post-orders.case.yaml");
    assert!(
        case.contains(r#"body: "{\"items\":[{\"sku\":\"EEE-0\",\"quantity\":1}]}""#),
        "{case}"
    );
}

#[test]
fn scaffold_gives_service_integrations_a_status_and_proxies_a_proxy_response() {
    let dir = tempfile::tempdir().unwrap();
    for (file, expected) in [
        (
            "openapi-aws-services.yaml",
            "cases/get-pets-id.case.yaml: 2 cases (status-400 selects 400 4\\d{2}; status-200 selects 200 default)",
        ),
        (
            "openapi-proxy-and-templates.yaml",
            "cases/get-private.case.yaml: 1 cases (request selects 200 default)",
        ),
    ] {
        let definition = root().join("corpus/definitions/valid").join(file);
        let run = apigw_vtl(
            dir.path(),
            &["scaffold", definition.to_str().unwrap(), "cases"],
            &[],
            "",
        );
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        assert!(run.stdout.contains(expected), "{}", run.stdout);
        assert!(!run.stdout.contains("note:"), "{}", run.stdout);
    }
    let run = test(dir.path(), &["cases", "--update"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(read(dir.path(), "cases/get-pets-id.status-400.snap").contains("\nstatus: 400\n"));
}

//! The linter: every rule fires on a template or definition that breaks it and stays quiet on
//! one that does not (a false positive is a bug), with its messages snapshotted; the corpus
//! lints to the reviewed `corpus/lint-expected.txt`.

use std::path::Path;

use apigw_vtl::lint::{Config, Lint, lint_api, lint_template};

/// What a case lints: a template, or a definition file's text (written to a temporary file
/// with this extension).
enum Input {
    Template(&'static str),
    Definition(&'static str, &'static str),
}

use Input::{Definition, Template};

const OPENAPI_HEAD: &str = "openapi: \"3.0.1\"\npaths:\n  /a:\n    post:\n      responses: {\"200\": {description: ok}}\n      x-amazon-apigateway-integration:\n";

fn lint(input: &Input) -> Lint {
    match input {
        Template(source) => lint_template(source, "t.vtl", &Config::default()),
        Definition(extension, text) => {
            let folder = tempfile::tempdir().unwrap();
            let path = folder.path().join(format!("api.{extension}"));
            let text = text.replace("HEAD\n", OPENAPI_HEAD);
            std::fs::write(&path, text).unwrap();
            lint_api(&path, &Config::default())
        }
    }
}

fn rendered(lint: &Lint) -> String {
    lint.findings()
        .iter()
        .map(|f| lint.human(f, apigw_vtl::diagnostic::Style::Plain))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// (rule, an input that breaks it, a close input that does not).
fn cases() -> Vec<(&'static str, Input, Input)> {
    vec![
        (
            "template-parse-error",
            Template("#if($a)x"),
            Template("#if($input.body)x#end"),
        ),
        (
            "unknown-variable",
            Template("$contxt.stage"),
            Template("#set($ctx = 1)$ctx $context.stage"),
        ),
        (
            "unknown-util-method",
            Template("  \"name\": \"$util.escapeJavascript($input.path('$.n'))\""),
            Template("  \"name\": \"$util.urlEncode($input.path('$.n'))\""),
        ),
        (
            "unknown-input-member",
            Template("$input.pth('$.a')"),
            Template("$input.path('$.a') $input.body"),
        ),
        (
            "unknown-context-key",
            Template("$context.stagee"),
            Template("$context.stage $context.identity.sourceIp"),
        ),
        (
            "macro-unsupported",
            Template("#macro(m)x#end#m()"),
            Template("#define($m)x#end$m"),
        ),
        (
            "evaluate-unsupported",
            Template("#evaluate('x')"),
            Template("#set($x = 'x')$x"),
        ),
        (
            "parse-include-unsupported",
            Template("#parse('other.vtl')"),
            Template("other"),
        ),
        ("template-too-large", Template(large()), Template("small")),
        (
            "foreach-range-over-limit",
            Template("#foreach($i in [1..5000])$i#end"),
            Template("#foreach($i in [1..1000])$i#end"),
        ),
        (
            "foreach-over-payload",
            Template("#foreach($x in $input.path('$.items'))$x#end"),
            Template("#foreach($x in [1, 2])$x#end"),
        ),
        (
            "override-status-out-of-range",
            Template("#set($context.responseOverride.status = 700)"),
            Template("#set($context.responseOverride.status = 404)"),
        ),
        (
            "override-set-twice",
            Template(
                "#set($context.responseOverride.status = 400)\n#set($context.responseOverride.status = 500)",
            ),
            Template(
                "#if($input.path('$.a') == 1)#set($context.responseOverride.status = 400)#else#set($context.responseOverride.status = 500)#end",
            ),
        ),
        (
            "escape-javascript-in-json",
            Template("{\"q\": \"$util.escapeJavaScript($input.path('$.q'))\"}"),
            Template(
                "{\"q\": \"$util.escapeJavaScript($input.path('$.q')).replaceAll(\"\\\\'\",\"'\")\"}",
            ),
        ),
        (
            "unquoted-input-path",
            Template("{\"type\": $input.path('$.errorType')}"),
            Template(
                "{\"errorMessage\": \"$input.path('$.errorMessage')\", \"n\": $input.json('$.n')}",
            ),
        ),
        (
            "quoted-input-json",
            Template("{\"a\": \"$input.json('$.a')\"}"),
            Template("{\"a\": $input.json('$.a')}"),
        ),
        (
            "foreach-trailing-comma",
            Template("{\"l\": [#foreach($x in [1, 2])\"$x\",#end]}"),
            Template("{\"l\": [#foreach($x in [1, 2])\"$x\"#if($foreach.hasNext),#end#end]}"),
        ),
        (
            "foreach-missing-separator",
            Template("{\"l\": [#foreach($x in [1, 2]){\"v\": $x}#end]}"),
            Template("{\"l\": [#foreach($x in [1, 2]){\"v\": $x}#if($foreach.hasNext),#end#end]}"),
        ),
        (
            "hasnext-misplaced",
            Template("{\"l\": [#foreach($x in [1, 2])#if($foreach.hasNext),#end\"$x\"#end]}"),
            Template("{\"l\": [#foreach($x in [1, 2])\"$x\"#if($foreach.hasNext),#end#end]}"),
        ),
        (
            "if-maybe-undefined",
            Template("#if($input.path('$.name'))named#end"),
            Template("#if(\"$!input.path('$.name')\" != \"\")named#end"),
        ),
        (
            "invalid-json-output",
            Template("{\"a\": 1,}"),
            Template("{\"a\": 1}"),
        ),
        (
            "allow-comment-swallows-newline",
            Template("$contxt ## apigw-vtl: allow(unknown-variable)\nx"),
            Template("## apigw-vtl: allow(unknown-variable)\n$contxt\nx"),
        ),
        (
            "invalid-definition",
            Definition("yaml", "openapi: [\n"),
            Definition("yaml", "HEAD\n        type: mock\n"),
        ),
        (
            "unknown-definition-key",
            Definition(
                "yaml",
                "HEAD\n        type: mock\n        passthroughBehaviour: never\n",
            ),
            Definition(
                "yaml",
                "HEAD\n        type: mock\n        passthroughBehavior: never\n        cacheNamespace: x\n",
            ),
        ),
        (
            "method-response-missing",
            Definition(
                "yaml",
                "HEAD\n        type: mock\n        requestTemplates: {application/json: '{\"statusCode\": 200}'}\n        responses:\n          default: {statusCode: \"201\"}\n",
            ),
            Definition(
                "yaml",
                "HEAD\n        type: mock\n        requestTemplates: {application/json: '{\"statusCode\": 200}'}\n        responses:\n          default: {statusCode: \"200\"}\n",
            ),
        ),
        (
            "method-response-unused",
            Definition(
                "yaml",
                "openapi: \"3.0.1\"\npaths:\n  /a:\n    post:\n      responses: {\"200\": {description: ok}, \"404\": {description: gone}}\n      x-amazon-apigateway-integration:\n        type: mock\n        responses:\n          default: {statusCode: \"200\"}\n",
            ),
            Definition(
                "yaml",
                "openapi: \"3.0.1\"\npaths:\n  /a:\n    post:\n      responses: {\"200\": {description: ok}, \"404\": {description: gone}}\n      x-amazon-apigateway-integration:\n        type: mock\n        responses:\n          default: {statusCode: \"200\"}\n          '404': {statusCode: \"404\"}\n",
            ),
        ),
        (
            "forbidden-request-header",
            Definition(
                "yaml",
                "HEAD\n        type: http\n        httpMethod: GET\n        uri: https://example.com\n        requestParameters: {integration.request.header.Content-Length: \"'5'\"}\n        responses: {default: {statusCode: \"200\"}}\n",
            ),
            Definition(
                "yaml",
                "HEAD\n        type: http\n        httpMethod: GET\n        uri: https://example.com\n        requestParameters: {integration.request.header.X-Length: \"'5'\"}\n        responses: {default: {statusCode: \"200\"}}\n",
            ),
        ),
        (
            "proxy-with-templates",
            Definition(
                "yaml",
                "HEAD\n        type: http_proxy\n        httpMethod: POST\n        uri: https://example.com\n        requestTemplates: {application/json: '{}'}\n",
            ),
            Definition(
                "yaml",
                "HEAD\n        type: http_proxy\n        httpMethod: POST\n        uri: https://example.com\n",
            ),
        ),
        (
            "selection-pattern-multiline",
            Definition("yaml", LAMBDA_MULTILINE),
            Definition("yaml", LAMBDA_DOTALL),
        ),
        (
            "selection-pattern-matches-success",
            Definition("yaml", LAMBDA_MATCHES_SUCCESS),
            Definition("yaml", LAMBDA_DOTALL),
        ),
        (
            "selection-pattern-never-matches",
            Definition(
                "yaml",
                "HEAD\n        type: http\n        httpMethod: GET\n        uri: https://example.com\n        responses:\n          default: {statusCode: \"200\"}\n          '.*Error.*': {statusCode: \"500\"}\n",
            ),
            Definition(
                "yaml",
                "HEAD\n        type: http\n        httpMethod: GET\n        uri: https://example.com\n        responses:\n          default: {statusCode: \"200\"}\n          '5\\d{2}': {statusCode: \"500\"}\n",
            ),
        ),
        (
            "selection-pattern-shadowed",
            Definition(
                "yaml",
                "HEAD\n        type: http\n        httpMethod: GET\n        uri: https://example.com\n        responses:\n          default: {statusCode: \"200\"}\n          '4\\d{2}': {statusCode: \"400\"}\n          '404': {statusCode: \"404\"}\n",
            ),
            Definition(
                "yaml",
                "HEAD\n        type: http\n        httpMethod: GET\n        uri: https://example.com\n        responses:\n          default: {statusCode: \"200\"}\n          '4\\d{2}': {statusCode: \"404\"}\n          '404': {statusCode: \"400\"}\n",
            ),
        ),
        (
            "default-response-missing",
            Definition(
                "yaml",
                "HEAD\n        type: mock\n        requestTemplates: {application/json: '{\"statusCode\": 200}'}\n        responses:\n          '200': {statusCode: \"200\"}\n",
            ),
            Definition(
                "yaml",
                "HEAD\n        type: mock\n        requestTemplates: {application/json: '{\"statusCode\": 200}'}\n        responses:\n          default: {statusCode: \"200\"}\n",
            ),
        ),
        (
            "default-response-duplicate",
            Definition("yaml", CFN_TWO_DEFAULTS),
            Definition("yaml", CFN_ONE_DEFAULT),
        ),
        (
            "lambda-error-falls-to-default",
            Definition("yaml", LAMBDA_MULTILINE),
            Definition("yaml", LAMBDA_DOTALL),
        ),
    ]
}

/// A template over AWS's 300 KB limit.
fn large() -> &'static str {
    Box::leak(format!("{{\"a\": \"{}\"}}", "x".repeat(310 * 1024)).into_boxed_str())
}

const LAMBDA_MULTILINE: &str = "HEAD\n        type: aws\n        httpMethod: POST\n        uri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f/invocations\n        responses:\n          default: {statusCode: \"200\"}\n          '.*Error.*': {statusCode: \"400\"}\n";
const LAMBDA_DOTALL: &str = "HEAD\n        type: aws\n        httpMethod: POST\n        uri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f/invocations\n        responses:\n          default: {statusCode: \"200\"}\n          '(?s).*Error.*': {statusCode: \"400\"}\n          '(?s).+': {statusCode: \"500\"}\n";
const LAMBDA_MATCHES_SUCCESS: &str = "HEAD\n        type: aws\n        httpMethod: POST\n        uri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f/invocations\n        responses:\n          default: {statusCode: \"200\"}\n          '(?s).*': {statusCode: \"500\"}\n";
const CFN_TWO_DEFAULTS: &str = "Resources:\n  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: a}}\n  Get:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: !Ref Api\n      ResourceId: !GetAtt Api.RootResourceId\n      HttpMethod: GET\n      Integration:\n        Type: MOCK\n        IntegrationResponses:\n          - StatusCode: \"200\"\n          - StatusCode: \"201\"\n";
const CFN_ONE_DEFAULT: &str = "Resources:\n  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: a}}\n  Get:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: !Ref Api\n      ResourceId: !GetAtt Api.RootResourceId\n      HttpMethod: GET\n      Integration:\n        Type: MOCK\n        IntegrationResponses:\n          - StatusCode: \"200\"\n          - StatusCode: \"201\"\n            SelectionPattern: \"201\"\n";

#[test]
fn every_rule_fires_on_its_case_and_not_on_the_fixed_one() {
    let cases = cases();
    for rule in apigw_vtl::lint::rules() {
        assert!(
            cases.iter().any(|(id, _, _)| *id == rule.id),
            "rule {} has no test case",
            rule.id
        );
    }
    for (rule, bad, good) in &cases {
        let found = lint(bad);
        assert!(
            found.findings().iter().any(|f| f.rule == *rule),
            "{rule} did not fire:\n{}",
            rendered(&found)
        );
        let clean = lint(good);
        assert!(
            !clean.findings().iter().any(|f| f.rule == *rule),
            "{rule} fired on the fixed input:\n{}",
            rendered(&clean)
        );
        // The messages, as a user reads them (the temporary folder's name left out).
        let messages: Vec<String> = found
            .findings()
            .iter()
            .filter(|f| f.rule == *rule)
            .map(|f| {
                let text = found.human(f, apigw_vtl::diagnostic::Style::Plain);
                match f.file.rfind(['/', '\\']) {
                    Some(at) => text.replace(&f.file[..=at], ""),
                    None => text,
                }
            })
            .collect();
        insta::assert_snapshot!(*rule, messages.join("\n\n"));
    }
}

#[test]
fn every_rule_cites_its_source() {
    for rule in apigw_vtl::lint::rules() {
        assert!(
            rule.source.contains("aws-semantics.md")
                || rule.source.contains("docs.aws.amazon.com")
                || rule.source.contains("velocity-facts.md"),
            "{} cites no source",
            rule.id
        );
    }
}

#[test]
fn the_founding_example_reports_what_matters_with_the_fix() {
    let lint = lint_api(
        Path::new("corpus/danielhttp/api.openapi.yaml"),
        &Config::default(),
    );
    let rules: Vec<&str> = lint.findings().iter().map(|f| f.rule).collect();
    let falls = lint
        .findings()
        .iter()
        .find(|f| f.rule == "lambda-error-falls-to-default")
        .expect("the unhandled error falling to 200");
    assert!(falls.help.as_deref().unwrap().contains("(?s).+"));
    assert!(falls.notes.iter().any(|n| n.contains("stackTrace")));
    let multiline = lint
        .findings()
        .iter()
        .find(|f| f.rule == "selection-pattern-multiline")
        .expect("`.*Error.*` missing multi-line messages");
    assert_eq!(
        multiline.help.as_deref(),
        Some("use `(?s).*Error.*`, which matches across lines")
    );
    assert!(rules.contains(&"unquoted-input-path"));
}

#[test]
fn allow_comments_and_the_config_turn_rules_off() {
    let source = "#* apigw-vtl: allow(unknown-variable) *#$contxt\n$contxt2";
    let lint = lint_template(source, "t.vtl", &Config::default());
    let rules: Vec<(&str, usize)> = lint
        .findings()
        .iter()
        .map(|f| (f.rule, lint.position(f).0))
        .collect();
    assert_eq!(rules, [("unknown-variable", 2)]);
    let config = Config::parse("[lint]\nallow = [\"unknown-variable\"]").unwrap();
    assert!(
        lint_template(source, "t.vtl", &config)
            .findings()
            .is_empty()
    );
    // An allow comment changes no output.
    let template =
        apigw_vtl::Template::parse("a\n## apigw-vtl: allow(unknown-variable)\nb").unwrap();
    let rendered = apigw_vtl::apigw::render_template(&template, &Default::default()).unwrap();
    assert_eq!(rendered.output, "a\nb");
}

#[test]
fn sarif_output_is_a_sarif_log_with_regions() {
    let lint = lint_template("$contxt.stage", "t.vtl", &Config::default());
    let log: serde_json::Value = serde_json::from_str(&lint.sarif()).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "unknown-variable");
    assert_eq!(result["level"], "warning");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(region["endColumn"].as_u64(), Some(8));
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), apigw_vtl::lint::rules().len());
}

#[test]
fn the_corpus_lints_to_the_reviewed_expectation() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_apigw-vtl"))
        .args(["lint", "corpus/", "--format", "short"])
        .output()
        .unwrap();
    let expected = std::fs::read_to_string("corpus/lint-expected.txt").unwrap();
    let actual = String::from_utf8(output.stdout).unwrap();
    if actual != expected {
        let diff = similar::TextDiff::from_lines(expected.as_str(), actual.as_str());
        panic!(
            "apigw-vtl lint corpus/ differs from corpus/lint-expected.txt:\n{}",
            diff.unified_diff()
        );
    }
    assert_eq!(
        output.status.code(),
        Some(1),
        "the corpus holds broken files on purpose"
    );
}

#[test]
fn strict_render_reports_undefined_references_at_their_place() {
    use apigw_vtl::render::{Limits, RenderError, Variables, render_with_limits};
    let source = "#set($l = [1])\n$l.size() $!quiet $l.gett(0)";
    let template = apigw_vtl::Template::parse(source).unwrap();
    // The default stays AWS-exact.
    let output = render_with_limits(&template, &mut Variables::new(), Limits::default()).unwrap();
    assert_eq!(output, "1  ");
    let mut strict = Limits::default();
    strict.strict = true;
    let error = render_with_limits(&template, &mut Variables::new(), strict).unwrap_err();
    let RenderError::Undefined { reference, at } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(reference, "$l.gett(0)");
    assert_eq!(
        apigw_vtl::syntax::position_of(source, at.start as usize),
        (2, 19)
    );
    // Inside a string literal, placed where it is written.
    let source = "#set($s = \"a $nope b\")";
    let template = apigw_vtl::Template::parse(source).unwrap();
    let error = render_with_limits(&template, &mut Variables::new(), strict).unwrap_err();
    assert_eq!(error.span().slice(source), "$nope");

    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("t.vtl");
    std::fs::write(&path, "{\"n\": \"$util.escapeJavascript('x')\"}").unwrap();
    let run = |strict: bool| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_apigw-vtl"));
        command.arg("render").arg(&path);
        if strict {
            command.arg("--strict");
        }
        command.output().unwrap()
    };
    let aws = run(false);
    assert_eq!(
        (aws.status.code(), aws.stdout.as_slice()),
        (Some(0), &b"{\"n\": \"\"}"[..])
    );
    let strict = run(true);
    assert_eq!(strict.status.code(), Some(1));
    let stderr = String::from_utf8(strict.stderr).unwrap();
    assert!(
        stderr.contains("`$util.escapeJavascript('x')` is undefined"),
        "{stderr}"
    );
    assert!(stderr.contains(":1:8\n"), "{stderr}");
}

fn apigw_vtl(args: &[&str], dir: &Path) -> (Option<i32>, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_apigw-vtl"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn the_command_prints_every_format_reads_its_config_and_explains_rules() {
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path();
    std::fs::write(dir.join("a.vtl"), "$contxt.stage\n#macro(m)x#end").unwrap();
    let (code, out, _) = apigw_vtl(&["lint", "--format", "short"], dir);
    assert_eq!(code, Some(1), "a #macro is an error");
    assert_eq!(
        out,
        "./a.vtl:1:1: warning[unknown-variable]: `$contxt` is never set and API Gateway does not provide it\n./a.vtl:2:1: error[macro-unsupported]: API Gateway does not support `#macro`\n"
    );
    let (_, out, _) = apigw_vtl(&["lint", "a.vtl", "--format", "json"], dir);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["help"], "did you mean `context`?");
    let (_, out, _) = apigw_vtl(&["lint", "a.vtl"], dir);
    assert!(
        out.starts_with("warning[unknown-variable]: `$contxt` is never set"),
        "{out}"
    );
    assert!(
        !out.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    assert!(
        out.ends_with("1 file(s): 1 error(s), 1 warning(s), 0 note(s)\n"),
        "{out}"
    );
    let (_, out, _) = apigw_vtl(&["--color", "always", "lint", "a.vtl"], dir);
    assert!(out.contains('\x1b'));

    std::fs::write(
        dir.join("apigw-vtl.toml"),
        "[lint]\nallow = [\"macro-unsupported\"]\n",
    )
    .unwrap();
    let (code, out, _) = apigw_vtl(&["lint", "--format", "short"], dir);
    assert_eq!((code, out.lines().count()), (Some(0), 1));
    std::fs::write(
        dir.join("apigw-vtl.toml"),
        "[lint]\nallow = [\"macro-unsuported\"]\n",
    )
    .unwrap();
    let (code, _, err) = apigw_vtl(&["lint"], dir);
    assert_eq!(code, Some(2));
    assert!(err.contains("did you mean `macro-unsupported`?"), "{err}");

    let (code, out, _) = apigw_vtl(&["rules"], dir);
    assert_eq!(
        (code, out.lines().count()),
        (Some(0), apigw_vtl::lint::rules().len())
    );
    let (code, out, _) = apigw_vtl(&["rules", "selection-pattern-multiline"], dir);
    assert_eq!(code, Some(0));
    assert!(out.contains("Source: aws-semantics.md §1"), "{out}");
    let (code, _, err) = apigw_vtl(&["rules", "no-such-rule"], dir);
    assert_eq!(code, Some(2));
    assert!(err.contains("no rule `no-such-rule`"), "{err}");
}

#[test]
fn templates_are_rendered_with_the_inputs_of_their_test_cases() {
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path();
    std::fs::write(dir.join("t.vtl"), "{\n  \"name\": $input.path('$.name')\n}").unwrap();
    std::fs::write(
        dir.join("t.case.yaml"),
        "template: {file: t.vtl}\ncases:\n  - name: named\n    body: {name: Ann}\n  - name: numbered\n    body: {name: 7}\n",
    )
    .unwrap();
    let (code, out, _) = apigw_vtl(&["lint", "--format", "short"], dir);
    assert_eq!(code, Some(0));
    // The number renders JSON; the string does not, and the finding names the case.
    assert_eq!(
        out,
        "./t.vtl:2:11: warning[invalid-json-output]: with the inputs of `t.case.yaml::named`, the output is not JSON: expected value at line 2 column 11\n./t.vtl:2:11: note[unquoted-input-path]: `$input.path` inserts a string value without quotes\n"
    );
}

#[test]
fn misspelt_cloudformation_keys_are_reported_with_the_key_aws_knows() {
    let lint = lint_api(
        Path::new("tests/fixtures/lint/cfn-misspelt-keys.yaml"),
        &Config::default(),
    );
    let found: Vec<(String, Option<&str>)> = lint
        .findings()
        .iter()
        .map(|f| (lint.short(f), f.help.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            ("tests/fixtures/lint/cfn-misspelt-keys.yaml:3:63: warning[unknown-definition-key]: `BinaryMediaType` is not a key AWS knows here".to_string(), Some("did you mean `BinaryMediaTypes`?")),
            ("tests/fixtures/lint/cfn-misspelt-keys.yaml:13:9: warning[unknown-definition-key]: `PassthroughBehaviour` is not a key AWS knows here".to_string(), Some("did you mean `PassthroughBehavior`?")),
            ("tests/fixtures/lint/cfn-misspelt-keys.yaml:17:13: warning[unknown-definition-key]: `ResponseTemplate` is not a key AWS knows here".to_string(), Some("did you mean `ResponseTemplates`?")),
        ]
    );
}

#[test]
fn a_template_that_is_not_utf8_is_a_parse_error_at_its_first_bad_byte() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("bad.vtl"), b"{\"a\": \"\xff\"}").unwrap();
    let (code, out, _) = apigw_vtl(&["lint", "--format", "short"], folder.path());
    assert_eq!(code, Some(1));
    assert_eq!(
        out,
        "./bad.vtl:1:8: error[template-parse-error]: invalid UTF-8: API Gateway's Velocity reads templates as UTF-8\n"
    );
}

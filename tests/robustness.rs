//! Hostile inputs (issue 17): each gives Java's answer or a typed error, never a panic, a stack
//! overflow, an exhausted memory or a runaway render. Java's answers were taken from the reference
//! engine (`harness/reference render`, JDK 17 + Velocity 1.7) unless the row says otherwise.

use std::time::Instant;

use apigw_vtl::java::ExceptionClass;
use apigw_vtl::render::{RenderError, Variables, render};
use apigw_vtl::syntax::Template;
use apigw_vtl::value::Value;
use apigw_vtl::{Api, HttpRequest, InvokeOptions, Outcome};

/// What a render gave, as one comparable line: the output, `Class: message` of Java's exception,
/// or the other typed errors by kind.
fn outcome(source: &str) -> String {
    let template = Template::parse(source).expect("the template parses");
    let mut variables = Variables::new();
    variables.insert("x", Value::string("s"));
    let started = Instant::now();
    let result = render(&template, &mut variables);
    drop(variables);
    // A hang, not a slow machine: a debug build on two shared cores takes up to ~10 s for the
    // cases that spend the whole budget; a release build well under a second (README "Limits").
    assert!(
        started.elapsed().as_secs() < 120,
        "{source}: took {:?}",
        started.elapsed()
    );
    match result {
        Ok(output) => output,
        Err(RenderError::Thrown { exception, .. }) => format!("thrown {exception}"),
        Err(RenderError::OutOfWork { .. }) => "out of work".to_string(),
        Err(other) => format!("error {other}"),
    }
}

/// (template, Java's answer or the typed error).
const RENDERS: &[(&str, &str)] = &[
    // RefCell borrows on mutation paths: the argument is the collection itself.
    ("#set($l = [1])#set($d = $l.addAll($l))$l", "[1, 1]"),
    (
        "#set($l = [[1]])#set($d = $l.remove($l))$d $l",
        "false [[1]]",
    ),
    (
        "#set($m = {\"a\":[1]})#set($v = $m.values())#set($d = $v.remove($v))$d $m",
        "false {a=[1]}",
    ),
    (
        "#set($m = {\"a\":1})#set($d = $m.replace(\"a\", $m, 2))$d $m",
        "false {a=1}",
    ),
    // A collection holding itself prints as Java prints it; hashing it overflows Java's stack.
    (
        "#set($a = [1])#set($d = $a.add($a))$a",
        "[1, (this Collection)]",
    ),
    (
        "#set($a = {\"k\":1})#set($d = $a.put(\"s\", $a))$a",
        "{k=1, s=(this Map)}",
    ),
    (
        "#set($a = [1])#set($d = $a.add($a))$a.hashCode()",
        "thrown StackOverflowError",
    ),
    (
        "#set($a = {})#set($d = $a.put(\"k\",$a))$a.hashCode()",
        "thrown StackOverflowError",
    ),
    (
        "#set($a = [1])#set($d = $a.add($a))#if($a == $a)T#{else}F#end $a.equals($a)",
        "T true",
    ),
    (
        "#set($a = [1])#set($d = $a.add($a))$a.contains($a) $a.contains(2)",
        "true false",
    ),
    (
        "#set($a = [1])#set($d = $a.add($a))#set($b = [1])#set($d = $b.add($b))#if($a == $b)T#{else}F#end",
        "thrown StackOverflowError",
    ),
    (
        "#set($a = [1])#set($d = $a.add($a))#set($b = [1])#set($d = $b.add($b))$a.equals($b)",
        "thrown StackOverflowError",
    ),
    (
        "#set($a = [1])#set($d = $a.add($a))#set($b = [1])#set($d = $b.add($b))$a.contains($b)",
        "thrown StackOverflowError",
    ),
    (
        "#set($a = {})#set($d = $a.put(\"k\",$a))#set($b = {})#set($d = $b.put(\"k\",$b))$a.equals($b)",
        "thrown StackOverflowError",
    ),
    // An indirect cycle: Java detects only direct self-reference when printing.
    (
        "#set($a = [1])#set($b = [$a])#set($d = $a.add($b))$a",
        "thrown StackOverflowError",
    ),
    // Deep nesting: 900 levels print (as in Java), 100,000 levels overflow Java's stack, and
    // dropping them must not overflow ours.
    (
        "#set($a=[])#foreach($i in [1..9])#foreach($j in [1..100])#set($a=[$a])#end#end$a.toString().length() $a.hashCode()",
        "1802 27901",
    ),
    (
        "#set($a=[])#foreach($i in [1..1000])#foreach($j in [1..100])#set($a=[$a])#end#end$a.size()",
        "1",
    ),
    (
        "#set($a=[])#foreach($i in [1..1000])#foreach($j in [1..100])#set($a=[$a])#end#end$a",
        "thrown StackOverflowError",
    ),
    (
        "#set($a={})#foreach($i in [1..1000])#foreach($j in [1..100])#set($a={\"k\":$a})#end#end$a.size()",
        "1",
    ),
    // String.format: Java's huge precision works; widths and precisions past int throw.
    ("$x.format(\"%.65535e\", 1.5).length()", "65541"),
    ("$x.format(\"%.70000f\", 1.5).length()", "70002"),
    ("$x.format(\"%70000s\", 1.5).length()", "70000"),
    (
        "$x.format(\"%.20e|%.3e|%.0e|%e|%.20f|%.1e\", 0.1, 1234.5678, 2.5, 1.5, 0.1, 0.05)",
        "1.00000000000000000000e-01|1.235e+03|3e+00|1.500000e+00|0.10000000000000000000|5.0e-02",
    ),
    (
        "$x.format(\"%.17e|%.2e|%12.4e|%-12.2e|\", 123456789.123, 9.995, -0.000123, 1.0E300)",
        "1.23456789123000000e+08|1.00e+01| -1.2300e-04|1.00e+300   |",
    ),
    (
        "$x.format(\"%.18446744073709551615f\", 1.5)",
        "thrown IllegalFormatPrecisionException: -2147483648",
    ),
    (
        "$x.format(\"%18446744073709551615s\", 1.5)",
        "thrown IllegalFormatWidthException: -2147483648",
    ),
    (
        "$x.format(\"%99999999999d\", 1)",
        "thrown IllegalFormatWidthException: -2147483648",
    ),
    (
        "$x.format(\"%99999999999\\$s\", 1)",
        "thrown IllegalFormatArgumentIndexException: Format argument index: (not representable as int)",
    ),
    // Java runs out of memory (OutOfMemoryError: Requested array size exceeds VM limit): the work
    // budget refuses before allocating.
    ("$x.format(\"%2147483647d\", 1).length()", "out of work"),
    ("$x.format(\"%.2147483647f\", 1.5).length()", "out of work"),
    ("$x.repeat(2147483647).length()", "out of work"),
    // Doubling in a loop: by concat, by addAll, by interpolation, by `+`.
    (
        "#set($s = 'ab')#foreach($i in [1..64])#set($s = $s.concat($s))#end$s.length()",
        "out of work",
    ),
    (
        "#set($l = [1])#foreach($i in [1..64])#set($d = $l.addAll($l))#end$l.size()",
        "out of work",
    ),
    (
        "#set($s = 'ab')#foreach($i in [1..64])#set($s = \"$s$s\")#end$s.length()",
        "error the output is larger than 67108864 bytes",
    ),
    (
        "#set($s = 'ab')#foreach($i in [1..64])#set($s = $s + $s)#end$s.length()",
        "out of work",
    ),
    (
        "#set($s = 'ab')#foreach($i in [1..64])#set($s = $s.replace('a', $s))#end$s.length()",
        "out of work",
    ),
    // A list holding the same list twice, 60 levels: printing, hashing or comparing it is 2^60
    // visits (Java would run until the gateway's timeout).
    (
        "#set($a = [1])#foreach($i in [1..60])#set($a = [$a, $a])#end$a.hashCode()",
        "out of work",
    ),
    (
        "#set($a = [1])#foreach($i in [1..60])#set($a = [$a, $a])#end$a.toString().length()",
        "out of work",
    ),
    (
        "#set($a = [1])#set($b = [1])#foreach($i in [1..60])#set($a = [$a, $a])#set($b = [$b, $b])#end$a.equals($b)",
        "out of work",
    ),
    // toString of a String shares it: 32 MB copied a thousand times costs nothing.
    (
        "#set($s = 'abcdefgh')#foreach($i in [1..22])#set($s = $s.concat($s))#end#foreach($i in [1..1000])#set($t = $s.toString())#end$t.length()",
        "33554432",
    ),
    // BigInteger squared until it is enormous.
    (
        "#set($n = 9223372036854775807)#set($n = $n * 10)#foreach($i in [1..40])#set($n = $n * $n)#end$n.toString().length()",
        "out of work",
    ),
];

#[test]
fn hostile_templates_give_javas_answer_or_a_typed_error() {
    let mut failures = Vec::new();
    for (source, expected) in RENDERS {
        let got = outcome(source);
        if got != *expected {
            failures.push(format!("{source}\n  expected {expected}\n  got      {got}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The error's place is the reference that failed, not the end of the template.
#[test]
fn a_cycle_fails_at_the_reference_that_printed_it() {
    let source = "#set($a = [1])#set($b = [$a])#set($d = $a.add($b))\n$a\nafter";
    let template = Template::parse(source).unwrap();
    let error = render(&template, &mut Variables::new()).unwrap_err();
    let RenderError::Thrown { exception, at } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(exception.class(), ExceptionClass::StackOverflowError);
    assert_eq!(at.slice(source), "$a");
}

/// The same inputs through a whole invocation's response template: a 500, not a crash.
#[test]
fn a_hostile_response_template_answers_500() {
    let api = Api::parse(
        "hostile.yaml",
        r#"
openapi: "3.0.1"
paths:
  /x:
    get:
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses:
          default:
            statusCode: "200"
            responseTemplates:
              application/json: '#set($l = [1])#set($d = $l.addAll($l))#set($e = $l.add($l))$l #set($b = [$l])#set($d = $l.add($b))$l.hashCode()'
"#,
    )
    .expect("reads");
    let response = api
        .invoke(
            HttpRequest::new("GET", "/x"),
            &InvokeOptions::new(),
            &Outcome::Mock,
        )
        .response;
    assert_eq!(response.status, 500);
}

/// Definitions: nesting and alias expansion are bounded, with the error's place.
#[test]
fn hostile_definitions_are_refused_with_a_place() {
    let deep_block = format!("openapi: \"3.0.1\"\nx:\n  {}1\n", "- ".repeat(150_000));
    let deep_flow = format!(
        "openapi: \"3.0.1\"\nx: {}{}\n",
        "[".repeat(150_000),
        "]".repeat(150_000)
    );
    let deep_json = format!(
        "{{\"openapi\":\"3.0.1\",\"x\":{}{}}}",
        "[".repeat(150_000),
        "]".repeat(150_000)
    );
    // A "billion laughs": nine anchors, each nine aliases of the one before (359 bytes).
    let mut laughs = String::from(
        "openapi: \"3.0.1\"\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    for pair in names.windows(2) {
        let aliases = vec![format!("*{}", pair[0]); 9].join(",");
        laughs.push_str(&format!("{}: &{} [{aliases}]\n", pair[1], pair[1]));
    }
    let cases: [(&str, &str, &str); 4] = [
        (
            "deep.yaml",
            &deep_block,
            "deep.yaml:3:513: YAML syntax: collections nested more than 256 deep",
        ),
        (
            "flow.yaml",
            &deep_flow,
            "flow.yaml:2:259: YAML syntax: recursion limit exceeded",
        ),
        (
            "deep.json",
            &deep_json,
            "deep.json:1:150: JSON syntax: recursion limit exceeded",
        ),
        (
            "laughs.yaml",
            &laughs,
            "laughs.yaml:7:26: YAML syntax: aliases expand to more than 500000 nodes",
        ),
    ];
    for (name, text, expected) in cases {
        let started = Instant::now();
        let error = Api::parse(name, text).expect_err(name).to_string();
        assert!(error.starts_with(expected), "{name}: {error}");
        assert!(started.elapsed().as_secs() < 20, "{name}");
    }
}

/// A mapping of 100,000 keys reads in linear time (the repeated-key check is a lookup).
#[test]
fn a_mapping_of_many_keys_reads_quickly() {
    let mut text = String::from("openapi: \"3.0.1\"\npaths: {}\nx-many:\n");
    for i in 0..100_000 {
        text.push_str(&format!("  k{i}: {i}\n"));
    }
    let started = Instant::now();
    let _ = Api::parse("many.yaml", &text);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

/// A selection pattern past the regex engine's backtracking limit is an error the trace shows,
/// not a silent "no match" that picks the default response (JDK 17 matches this one at once).
#[test]
fn a_selection_pattern_past_the_backtracking_limit_is_not_a_silent_miss() {
    let api = Api::parse(
        "select.yaml",
        r#"
openapi: "3.0.1"
paths:
  /x:
    get:
      responses: {"200": {description: ok}, "400": {description: bad}}
      x-amazon-apigateway-integration:
        type: aws
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations
        responses:
          default: {statusCode: "200"}
          "(?=a)(?:(a|aa)+c|a+!)": {statusCode: "400"}
"#,
    )
    .expect("reads");
    let message = format!("{}!", "a".repeat(30));
    let outcome = Outcome::lambda_error(format!(r#"{{"errorMessage": "{message}"}}"#));
    let invocation = api.invoke(
        HttpRequest::new("GET", "/x"),
        &InvokeOptions::new().trace(true),
        &outcome,
    );
    assert_eq!(invocation.response.status, 500);
    let trace = invocation.trace().lines().join("\n");
    assert!(
        trace.contains("selection pattern `(?=a)(?:(a|aa)+c|a+!)` (400) could not be evaluated"),
        "{trace}"
    );
}

/// A body whose every item fails its model keeps at most 100 violation messages.
#[test]
fn request_validation_stops_collecting_violations() {
    let api = Api::parse(
        "models.yaml",
        r#"
openapi: "3.0.1"
x-amazon-apigateway-request-validators:
  all: {validateRequestParameters: true, validateRequestBody: true}
x-amazon-apigateway-request-validator: "all"
x-amazon-apigateway-gateway-responses:
  BAD_REQUEST_BODY:
    statusCode: 400
    responseTemplates:
      application/json: '$context.error.validationErrorString'
paths:
  /x:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: array, items: {type: string}}
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses: {default: {statusCode: "200"}}
"#,
    )
    .expect("reads");
    let body = format!("[{}1]", "1,".repeat(50_000));
    let request = HttpRequest::new("POST", "/x")
        .headers([("Content-Type", "application/json")])
        .body(body.as_str());
    let response = api
        .invoke(request, &InvokeOptions::new(), &Outcome::Mock)
        .response;
    assert_eq!(response.status, 400);
    let text = match &response.body {
        apigw_vtl::gateway::Body::Text(text) => text.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(text.matches("is not of type").count(), 100, "{text}");
}

/// A payload of one integer of ten million digits is read and written back in linear time, and
/// arithmetic on it is charged to the work budget.
#[test]
fn a_payload_integer_of_ten_million_digits_passes_through() {
    use apigw_vtl::apigw::{TemplateInput, render_template};
    let digits = "12345678901234567890".repeat(500_000);
    let input = TemplateInput::new(digits.clone());
    let started = Instant::now();
    let rendered =
        render_template(&Template::parse("$input.json('$')").unwrap(), &input).expect("renders");
    assert_eq!(rendered.output, digits);
    let path = render_template(
        &Template::parse("#set($n = $input.path('$'))$n").unwrap(),
        &input,
    )
    .expect("renders");
    assert_eq!(path.output.len(), digits.len());
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    let error = render_template(
        &Template::parse("#set($n = $input.path('$'))#set($m = $n * $n)$m").unwrap(),
        &input,
    )
    .expect_err("too much work");
    assert!(matches!(error, RenderError::OutOfWork { .. }), "{error:?}");
}

/// A body over API Gateway's 10 MB payload quota is answered 413 through the gateway responses.
#[test]
fn a_body_over_the_payload_quota_answers_413() {
    let api = Api::parse(
        "quota.yaml",
        r#"
openapi: "3.0.1"
paths:
  /x:
    post:
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses: {default: {statusCode: "200"}}
"#,
    )
    .expect("reads");
    let big = vec![b'1'; apigw_vtl::MAX_PAYLOAD_BYTES + 1];
    let response = api
        .invoke(
            HttpRequest::new("POST", "/x").body(big),
            &InvokeOptions::new(),
            &Outcome::Mock,
        )
        .response;
    assert_eq!(response.status, 413);
    let fits = vec![b'1'; apigw_vtl::MAX_PAYLOAD_BYTES];
    let response = api
        .invoke(
            HttpRequest::new("POST", "/x").body(fits),
            &InvokeOptions::new(),
            &Outcome::Mock,
        )
        .response;
    assert_eq!(response.status, 200);
}

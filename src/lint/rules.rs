//! Every rule: its id, severity, one-line summary and explanation, with the source of the fact
//! it rests on (a section of `aws-semantics.md`, the project's reference of recorded and
//! documented AWS behaviour, or an AWS documentation page).

use super::Severity;

/// A lint rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rule {
    /// Its id (`unknown-util-method`): what findings, `apigw-vtl rules ID`, allow comments and
    /// `apigw-vtl.toml` name it by.
    pub id: &'static str,
    /// How serious its findings are (a finding may be milder than its rule).
    pub severity: Severity,
    /// What it finds, in one line.
    pub summary: &'static str,
    /// Why it matters and how to fix it.
    pub explanation: &'static str,
    /// Where the behaviour is documented or recorded.
    pub source: &'static str,
}

const SEM: &str = "aws-semantics.md (the project's reference of AWS behaviour, shared/reference/)";

macro_rules! rule {
    ($id:literal, $severity:ident, $summary:literal, $explanation:literal, $source:expr) => {
        Rule {
            id: $id,
            severity: Severity::$severity,
            summary: $summary,
            explanation: $explanation,
            source: $source,
        }
    };
}

/// Every rule, templates first, then definitions.
pub(crate) const RULES: &[Rule] = &[
    rule!(
        "template-parse-error",
        Error,
        "a template API Gateway's Velocity cannot parse",
        "API Gateway accepts the template at deployment and answers 500 every time it runs.",
        "aws-semantics.md §7 (errors API Gateway produces itself)"
    ),
    rule!(
        "unknown-variable",
        Warning,
        "a variable never set and not provided by API Gateway",
        "API Gateway provides `$input`, `$util`, `$context` and `$stageVariables` (and `$foreach` inside `#foreach`). Any other variable must be `#set` first; an undefined one renders \"\" without a word, so a typo like `$contxt` silently empties the output.",
        "aws-semantics.md §8.6 (undefined references render \"\"); https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html"
    ),
    rule!(
        "unknown-util-method",
        Warning,
        "a method `$util` does not have",
        "`$util` has exactly escapeJavaScript, parseJson, urlEncode, urlDecode, base64Encode and base64Decode. Any other name (names are case-sensitive) renders \"\".",
        "aws-semantics.md §8.5; https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#util-template-reference"
    ),
    rule!(
        "unknown-input-member",
        Warning,
        "a method or property `$input` does not have",
        "`$input` has body, json(path), path(path), params() and params(name). Any other name renders \"\".",
        "aws-semantics.md §8.3, §8.4; https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#input-variable-reference"
    ),
    rule!(
        "unknown-context-key",
        Warning,
        "a `$context` key API Gateway does not document",
        "Only the documented `$context` variables exist in mapping templates; access-log-only variables (status, integrationLatency...) and typos render \"\".",
        "aws-semantics.md §8.1 (documented and recorded keys)"
    ),
    rule!(
        "macro-unsupported",
        Error,
        "`#macro`, which API Gateway does not support",
        "On API Gateway a `#macro` definition vanishes and its calls print literally (`#m(1)`). Inline the body, or use `#define`.",
        "aws-semantics.md §8.6 (recorded on AWS)"
    ),
    rule!(
        "evaluate-unsupported",
        Error,
        "`#evaluate`, which prints literally on API Gateway",
        "API Gateway's Velocity has no `#evaluate`: the directive prints as text.",
        "aws-semantics.md §8.6 (recorded on AWS)"
    ),
    rule!(
        "parse-include-unsupported",
        Warning,
        "`#parse` / `#include`, which have no files to read on API Gateway",
        "A mapping template is one string; API Gateway has no template files for `#parse` or `#include` to read. What it does with them is not recorded; do not rely on them.",
        "aws-semantics.md §8.6 (`#parse` / `#include`: open)"
    ),
    rule!(
        "template-too-large",
        Error,
        "a template over API Gateway's 300 KB limit",
        "API Gateway refuses mapping templates larger than 300 KB at deployment.",
        "aws-semantics.md §8.6; https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html"
    ),
    rule!(
        "foreach-range-over-limit",
        Warning,
        "`#foreach` over a literal range longer than 1,000",
        "API Gateway stops a `#foreach` after 1,000 iterations; a longer range never completes.",
        "aws-semantics.md §8.6 (limits; D-Q)"
    ),
    rule!(
        "foreach-over-payload",
        Note,
        "`#foreach` over a list from the payload",
        "API Gateway stops a `#foreach` after 1,000 iterations: a payload list longer than that is cut short without an error.",
        "aws-semantics.md §8.6 (limits; D-Q)"
    ),
    rule!(
        "override-status-out-of-range",
        Warning,
        "`$context.responseOverride.status` set to a literal outside 100-599",
        "A status override that is not an integer in 100-599 is ignored: the integration response's status stays.",
        "aws-semantics.md §4 (peer implementation)"
    ),
    rule!(
        "override-set-twice",
        Warning,
        "an override set twice on one path through the template",
        "\"Overrides are final\": setting the same override twice makes API Gateway answer a 5XX. Set a variable and override once at the end.",
        "aws-semantics.md §4; https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-override-request-response-parameters.html"
    ),
    rule!(
        "escape-javascript-in-json",
        Warning,
        "`$util.escapeJavaScript(...)` in a JSON template without the `\\'` fix-up",
        "escapeJavaScript turns `'` into `\\'`, which is not valid JSON. Append `.replaceAll(\"\\\\'\",\"'\")` as AWS's documentation advises.",
        "aws-semantics.md §8.5; https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#util-template-reference"
    ),
    rule!(
        "unquoted-input-path",
        Warning,
        "`$input.path(...)` inserted as a JSON value without quotes",
        "`$input.path` returns the value itself: a string prints without quotes (`\"m\": Error: x`), which is not JSON. `$input.json(...)` writes any value as JSON, quotes included. A Lambda error's `errorMessage` and `errorType` are always strings (a warning); other paths may be numbers (a note).",
        "aws-semantics.md §8.4, §9, §2 (error shapes)"
    ),
    rule!(
        "quoted-input-json",
        Warning,
        "`$input.json(...)` inside quotes",
        "`$input.json` already writes a string with its quotes: `\"$input.json('$.a')\"` gives `\"\"x\"\"`.",
        "aws-semantics.md §9 (recorded: `\"$input.json('$.pets')\"` gave `\"\"\"\"`)"
    ),
    rule!(
        "foreach-trailing-comma",
        Warning,
        "a `#foreach` that writes a comma after every item, the last included",
        "JSON has no trailing comma. Write the separator with `#if($foreach.hasNext),#end` after the item.",
        SEM
    ),
    rule!(
        "foreach-missing-separator",
        Warning,
        "a `#foreach` in a JSON template that writes items with no comma between them",
        "Items written back to back are not JSON. Write `#if($foreach.hasNext),#end` after the item.",
        SEM
    ),
    rule!(
        "hasnext-misplaced",
        Warning,
        "`#if($foreach.hasNext),#end` before the item",
        "Before the item it writes a comma before every item but the last: `,a,bc`. Put it after the item.",
        SEM
    ),
    rule!(
        "if-maybe-undefined",
        Warning,
        "`#if($x)` on a reference that may be undefined",
        "On API Gateway an undefined reference is true in `#if` (stock Velocity says false), so `#if($input.path('$.missing'))` takes the branch. Compare the text instead: `#if(\"$!x\" != \"\")`.",
        "aws-semantics.md §8.6 (recorded on AWS)"
    ),
    rule!(
        "invalid-json-output",
        Warning,
        "a JSON template that renders invalid JSON or a repeated key",
        "The template is rendered with a sample payload (`{}` and the method's parameters empty); its output for `application/json` should be JSON without repeated keys.",
        "aws-semantics.md §3 (the rendered output is used verbatim)"
    ),
    rule!(
        "allow-comment-swallows-newline",
        Warning,
        "a `## apigw-vtl: allow(...)` comment at the end of a content line",
        "A `##` comment takes its line's newline with it, so the allow comment changes the output. Put it on a line of its own, or write `#* apigw-vtl: allow(rule) *#`.",
        "velocity-facts.md (line comments); Velocity 1.7 user guide, comments"
    ),
    rule!(
        "invalid-definition",
        Error,
        "a definition API Gateway would refuse, or that cannot be read",
        "The definition does not load: its error says where and why.",
        "aws-semantics.md §1, §5 (what AWS refuses at import)"
    ),
    rule!(
        "unknown-definition-key",
        Warning,
        "a key AWS does not know in an `x-amazon-apigateway-*` object or an API Gateway resource",
        "API Gateway ignores (OpenAPI import) or CloudFormation refuses an unknown key; a misspelt `passthroughBehaviour` or `responseTemplate` silently drops what it was meant to set.",
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-integration.html; https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-method.html"
    ),
    rule!(
        "method-response-missing",
        Warning,
        "an integration response whose status has no method response",
        "When such an integration response is selected, API Gateway answers 500 and logs \"Output mapping refers to an invalid method response\". Declare the method response (a status override needs none).",
        "aws-semantics.md §1 (selected statusCode has no MethodResponse); https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-integration-settings-integration-response.html"
    ),
    rule!(
        "method-response-unused",
        Note,
        "a method response no integration response sends",
        "No integration response has this status, so the client only gets it from a status override (`$context.responseOverride.status`).",
        "aws-semantics.md §1, §4"
    ),
    rule!(
        "forbidden-request-header",
        Error,
        "a request parameter mapped to a header API Gateway refuses",
        "Mapping `integration.request.header.Content-Length` or `Transfer-Encoding` (for AWS integrations also Authorization, Connection, Expect, Proxy-Authenticate, TE) makes every request answer 500.",
        "aws-semantics.md §5 (forbidden request mappings, recorded on AWS)"
    ),
    rule!(
        "proxy-with-templates",
        Warning,
        "a proxy integration with mapping templates or integration responses",
        "AWS_PROXY and HTTP_PROXY pass requests and answers through: API Gateway ignores their templates.",
        "aws-semantics.md §11.3"
    ),
    rule!(
        "selection-pattern-multiline",
        Warning,
        "a Lambda selection pattern whose `.` stops at a newline",
        "Selection patterns are Java regexes matched against the whole errorMessage, without DOTALL: `.*Error.*` misses a multi-line message (a stack trace). Prefix `(?s)`.",
        "aws-semantics.md §1 (No DOTALL); https://docs.aws.amazon.com/apigateway/latest/developerguide/handle-errors-in-lambda-integration.html"
    ),
    rule!(
        "selection-pattern-matches-success",
        Warning,
        "a Lambda selection pattern that also matches a success",
        "A successful Lambda invocation is matched as the empty string: a pattern that matches \"\" (`.*`) gives successes and errors the same response.",
        "aws-semantics.md §1 (recorded on AWS)"
    ),
    rule!(
        "selection-pattern-never-matches",
        Warning,
        "a selection pattern that can never match what AWS matches it against",
        "For HTTP, MOCK and AWS-service integrations the pattern is matched against the status code (`404`); a pattern that matches no status from 100 to 599 is never selected.",
        "aws-semantics.md §1"
    ),
    rule!(
        "selection-pattern-shadowed",
        Warning,
        "a selection pattern never chosen because another one always wins",
        "When several patterns match, the response with the lowest status is chosen (the rule AWS's recorded answers are consistent with); a pattern every one of whose matches goes to another response is dead.",
        "aws-semantics.md §1 (several patterns match)"
    ),
    rule!(
        "default-response-missing",
        Warning,
        "a non-proxy integration with responses but no default response",
        "An outcome that matches no pattern, with no default response, is answered 500 Internal server error.",
        "aws-semantics.md §1 (no match and no default); https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-integration-settings-integration-response.html"
    ),
    rule!(
        "default-response-duplicate",
        Error,
        "more than one default integration response",
        "An integration has one default response (no selection pattern); a second one cannot be chosen.",
        "aws-semantics.md §1 (default response)"
    ),
    rule!(
        "lambda-error-falls-to-default",
        Warning,
        "a Lambda function error whose message matches no pattern gets the default 2xx response",
        "A non-proxy Lambda integration selects its response by the errorMessage. An error no pattern matches falls to the default response: the client gets 200 with the error payload. Add a response with the pattern `(?s).+` (every function error; a success is matched as the empty string) and an error status.",
        "aws-semantics.md §1, §2 (recorded on AWS); https://docs.aws.amazon.com/apigateway/latest/developerguide/handle-errors-in-lambda-integration.html"
    ),
];

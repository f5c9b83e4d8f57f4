#!/usr/bin/env python3
"""The bindings' differential suite: the Python and Node packages against the CLI, byte for byte.

Renders and whole invocations. For invocations: the founding example in each of its five definition
formats, with each of its four outcomes, a request the validator refuses and one no route takes,
through `apigw-vtl invoke` and each binding's `Api.invoke`: status, headers, body and the
integration request must be equal.

The same generated templates (harness/generate.py: templates from the grammar with random variables,
and templates with $input, $util, $context and $stageVariables over random requests) and every
corpus render case go to `apigw-vtl render --jsonl` and through each binding's `render`; the outputs
and overrides must be equal, and a template the CLI rejects must fail in the binding with the same
kind of error (parse or render) and message.

Usage: harness/bindings_differential.py [--generated N] [--seed S] [--binary PATH] [--node-package DIR]
                                        [--skip-python] [--skip-node] [--show N]
Run it with the Python that has the wheel installed (`import apigw_vtl`); the Node package must be
built (`npm run build` in bindings/node). No Java needed. Exits 1 on any mismatch.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import differential  # noqa: E402
import generate  # noqa: E402


def requests(seed, count):
    """(name, template, extra) triples: corpus render cases, then generated ones, half plain
    renders with variables, half API Gateway renders."""
    cases = differential.corpus_render_requests()
    cases += list(generate.render_cases(seed, count - count // 2))
    cases += list(generate.aws_render_cases(seed, count // 2))
    return cases


def cli_results(binary, cases):
    lines = "".join(differential.request_line(n, t, v) for n, t, v in cases)
    out = subprocess.run([binary, "render", "--jsonl"], input=lines, check=True, capture_output=True,
                         text=True, cwd=ROOT).stdout
    # Split on "\n" only: outputs may hold U+2028 or U+0085, which `splitlines` would break on.
    return {record["name"]: record for record in map(json.loads, filter(None, out.split("\n")))}


def is_request(extra):
    return any(key in extra for key in ("body", "params", "context", "stageVariables"))


def python_results(cases):
    import apigw_vtl

    results = {}
    for name, template, extra in cases:
        request = extra if is_request(extra) else {"vars": extra}
        try:
            rendered = apigw_vtl.render(
                template,
                body=request.get("body", ""),
                params=request.get("params"),
                context=request.get("context"),
                stage_variables=request.get("stageVariables"),
                variables=request.get("vars"),
            )
        except apigw_vtl.ApigwVtlError as error:
            results[name] = {"ok": False, "kind": type(error).__name__, "message": error.message}
            continue
        results[name] = {
            "ok": True,
            "output": rendered.output,
            "status_override": rendered.status_override,
            "header_overrides": rendered.header_overrides,
            "request_overrides": rendered.request_overrides,
        }
    return results


def node_results(package, cases):
    lines = []
    for name, template, extra in cases:
        request = dict(extra) if is_request(extra) else {"varsText": json.dumps(extra)}
        request.update(name=name, template=template)
        lines.append(json.dumps(request) + "\n")
    out = subprocess.run(["node", os.path.join(HERE, "bindings_render.js"), package], input="".join(lines),
                         check=True, capture_output=True, text=True).stdout
    return {record["name"]: record for record in map(json.loads, filter(None, out.split("\n")))}


FIELDS = ("output", "status_override", "header_overrides", "request_overrides")


def same(cli, ours):
    if cli["ok"] != ours["ok"]:
        return False
    if cli["ok"]:
        return all(cli[key] == ours[key] for key in FIELDS)
    # The CLI says `parse: MESSAGE at L:C` for a parse error and the message alone for a render
    # error; a binding says `template.vtl:L:C: MESSAGE`.
    location, _, message = ours["message"].partition(": ")
    line_column = location.split(":", 1)[1] if ":" in location else ""
    if cli["error"].startswith("parse: "):
        return ours["kind"] == "TemplateSyntaxError" and cli["error"].startswith(f"parse: {message} at {line_column}")
    return ours["kind"] == "TemplateRenderError" and cli["error"] == message


def compare(label, cli, ours, cases, show):
    mismatches = 0
    by_name = {n: (t, v) for n, t, v in cases}
    for name in sorted(cli):
        actual = ours.get(name, {"ok": False, "kind": "missing", "message": "missing"})
        if same(cli[name], actual):
            continue
        mismatches += 1
        if mismatches <= show:
            template, extra = by_name[name]
            print(f"MISMATCH ({label}) {name}\n  template: {json.dumps(template)}\n  input:    {json.dumps(extra)}")
            print(f"  CLI:      {json.dumps(cli[name])}\n  {label}: {json.dumps(actual)}")
    failed = sum(1 for record in cli.values() if not record["ok"])
    print(f"{label}: {len(cli)} renders ({failed} of them errors) compared with the CLI, {mismatches} mismatches")
    return mismatches


# The founding example in every definition format: each outcome, a request the validator refuses and
# one no route takes. (name, method, path, outcome kind, outcome file)
INVOCATIONS = [
    ("exception", "POST", "/guid?GUID=Exception", "lambda-error", "exception.error.json"),
    ("raised", "POST", "/guid?GUID=RaisedException", "lambda-error", "raised-exception.error.json"),
    ("error", "POST", "/guid?GUID=Error", "lambda-error", "error.error.json"),
    ("ok", "POST", "/guid?GUID=AnythingElse", "lambda-result", "ok.result.json"),
    ("no-guid", "POST", "/guid", None, None),
    ("no-route", "GET", "/nowhere", None, None),
]
DANIEL = os.path.join("corpus", "danielhttp")


def invocation_cases():
    apis = sorted(f for f in os.listdir(DANIEL) if f.startswith("api."))
    for api in apis:
        for name, method, path, kind, file in INVOCATIONS:
            outcome = os.path.join(DANIEL, "lambda", file) if file else None
            yield f"{api}:{name}", os.path.join(DANIEL, api), method, path, kind, outcome


def cli_invocation(binary, api, method, path, kind, outcome):
    args = [binary, "invoke", "--api", api, "--method", method, "--path", path]
    if kind:
        args += [f"--{kind}", outcome]
    record = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    return {"status": record["status"], "headers": record["headers"], "body": record["body"],
            "integration_request": record["integration_request"]}


def python_invocation(api, method, path, kind, outcome):
    import apigw_vtl

    answer_of = {"lambda-error": apigw_vtl.Outcome.lambda_error, "lambda-result": apigw_vtl.Outcome.lambda_result}
    given = answer_of[kind](open(outcome, encoding="utf-8").read()) if kind else None
    answer = apigw_vtl.Api.load(api).invoke(method, path, outcome=given)
    forward = answer.integration_request
    return {"status": answer.status, "headers": dict(answer.headers), "body": answer.body,
            "integration_request": forward.body if forward else None}


def node_invocations(package, cases):
    lines = "".join(json.dumps({"name": n, "api": a, "method": m, "path": p, "kind": k, "outcome": o}) + "\n"
                    for n, a, m, p, k, o in cases)
    out = subprocess.run(["node", os.path.join(HERE, "bindings_render.js"), package, "invoke"], input=lines,
                         check=True, capture_output=True, text=True).stdout
    return {record.pop("name"): record for record in map(json.loads, filter(None, out.split("\n")))}


def compare_invocations(label, cli, ours, show):
    mismatches = 0
    for name in sorted(cli):
        if cli[name] == ours.get(name):
            continue
        mismatches += 1
        if mismatches <= show:
            print(f"MISMATCH ({label}) {name}\n  CLI:      {json.dumps(cli[name])}\n  {label}: {json.dumps(ours.get(name))}")
    print(f"{label}: {len(cli)} invocations compared with the CLI, {mismatches} mismatches")
    return mismatches


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=400, help="how many generated templates")
    parser.add_argument("--seed", type=int, default=29, help="seed of the generator")
    parser.add_argument("--binary", help="the apigw-vtl binary (default: cargo build's debug binary)")
    parser.add_argument("--node-package", default=os.path.join(ROOT, "bindings", "node"))
    parser.add_argument("--skip-python", action="store_true")
    parser.add_argument("--skip-node", action="store_true")
    parser.add_argument("--show", type=int, default=10, help="how many mismatches to print")
    args = parser.parse_args()

    binary = args.binary
    if binary is None:
        subprocess.run(["cargo", "build", "--quiet", "--bin", "apigw-vtl"], cwd=ROOT, check=True)
        binary = os.path.join(ROOT, "target", "debug", "apigw-vtl")
    os.chdir(ROOT)
    cases = requests(args.seed, args.generated)
    cli = cli_results(binary, cases)
    assert len(cli) == len(cases), "the CLI answered every request"
    failures = compared = 0
    if not args.skip_python:
        failures += compare("python", cli, python_results(cases), cases, args.show)
        compared += len(cli)
    if not args.skip_node:
        failures += compare("node", cli, node_results(args.node_package, cases), cases, args.show)
        compared += len(cli)
    calls = list(invocation_cases())
    cli_calls = {name: cli_invocation(binary, *rest) for name, *rest in calls}
    if not args.skip_python:
        ours = {name: python_invocation(*rest) for name, *rest in calls}
        failures += compare_invocations("python", cli_calls, ours, args.show)
        compared += len(calls)
    if not args.skip_node:
        failures += compare_invocations("node", cli_calls, node_invocations(args.node_package, calls), args.show)
        compared += len(calls)
    print(f"{compared - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The live differential suite: apigw-vtl against the reference engine (Velocity 1.7, AWS settings).

It feeds the same templates to `harness/reference` and to `apigw-vtl check` and compares the
verdicts (parses / is rejected):
  1. every corpus case under corpus/syntax and corpus/errors, whose directory also states the
     expected verdict;
  2. templates generated from a fixed seed out of Velocity fragments, which widen the net.

  3. renders: every corpus template (corpus/render cases with their `vars:`), templates generated
     from the grammar with random JSON variables, and templates generated with `$input`, `$util`,
     `$context` and `$stageVariables` over random payloads: output and overrides compared byte for
     byte.

Usage: harness/differential.py [--only parse|render] [--generated N] [--seed S] [--rendered N]
                               [--render-seed S] [--show N] [--keep DIR]
Needs Java and Debian's `velocity` package; builds the binary with cargo. Exits 1 on any mismatch,
printing each one with both verdicts.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402


def reference_verdicts(mode, files):
    verdicts = {}
    # In batches: 100,000 generated files do not fit one command line (one JVM start per batch).
    for start in range(0, len(files), 5000):
        batch = files[start:start + 5000]
        out = subprocess.run([os.path.join(ROOT, "harness", "reference"), mode, *batch],
                             check=True, capture_output=True, text=True).stdout
        for line in filter(None, out.split("\n")):
            record = json.loads(line)
            verdicts[record["file"]] = (record["ok"], record.get("message", ""))
    return verdicts


def our_verdicts(binary, files, case):
    verdicts = {}
    # One process per batch: `check` prints `FILE: ok` or `FILE:L:C: message` for each file.
    for start in range(0, len(files), 500):
        batch = files[start:start + 500]
        args = [binary, "check", *(["--case"] if case else []), *batch]
        out = subprocess.run(args, capture_output=True, text=True).stdout
        for path in batch:
            verdicts[path] = (f"{path}: ok\n" in out or out.endswith(f"{path}: ok"), "")
        for line in out.splitlines():
            for path in batch:
                if line.startswith(path + ":") and not line.startswith(path + ": ok"):
                    verdicts[path] = (False, line[len(path) + 1:])
    return verdicts


def compare(label, reference, ours, expected=None):
    mismatches = 0
    for path, (ok, message) in sorted(reference.items()):
        our_ok, our_message = ours[path]
        wrong = ok != our_ok
        if expected is not None and expected(path) != ok:
            print(f"corpus case in the wrong folder: {path} (reference ok={ok}: {message})")
            mismatches += 1
        if wrong:
            mismatches += 1
            print(f"MISMATCH {path}\n  reference: {'ok' if ok else message}\n  apigw-vtl: {'ok' if our_ok else our_message}")
    print(f"{label}: {len(reference)} templates, {mismatches} mismatches")
    return mismatches


def request_line(name, template, extra):
    """One JSON-line request. `extra` is the variables (plain renders) or an API Gateway request
    (`body`, `params`, `context`, `stageVariables`)."""
    request = {"name": name, "template": template}
    if any(key in extra for key in ("body", "params", "context", "stageVariables")):
        request.update(extra)
    else:
        request["vars"] = extra
    return json.dumps(request) + "\n"


def render_requests(binary, requests, ours):
    """Runs render requests through the reference (`ours=False`) or apigw-vtl (`ours=True`)."""
    lines = "".join(request_line(n, t, v) for n, t, v in requests)
    if ours:
        command = [binary, "render", "--jsonl"]
    else:
        command = [os.path.join(ROOT, "harness", "reference"), "render"]
    out = subprocess.run(command, input=lines, check=True, capture_output=True, text=True).stdout
    results = {}
    # Split on "\n" only: outputs may hold U+2028 or U+0085, which `splitlines` would break on.
    for line in filter(None, out.split("\n")):
        record = json.loads(line)
        results[record["name"]] = record
    return results


OVERRIDE_FIELDS = ("status_override", "header_overrides", "request_overrides")
ARRAY_PREFIX = re.compile(r"\[L[\w.$]+;@")


def same_output(expected, actual):
    """Byte equality, except where Java printed an array: `[Ljava.lang.String;@1b2c3d` has no stable
    form (an identity hash), and apigw-vtl prints the array's items instead (known-differences.md).

    The hash is `Integer.toHexString` of the identity hash: 1 to 8 hex digits, which may run into
    text that itself starts with hex letters (`@20322d26falsefalse`), so each possible length is
    tried."""
    if expected == actual:
        return True
    parts = ARRAY_PREFIX.split(expected)
    if len(parts) == 1:
        return False
    pattern = re.escape(parts[0])
    for part in parts[1:]:
        digits = len(part) - len(part.lstrip("0123456789abcdef"))
        rests = [re.escape(part[k:]) for k in range(1, min(digits, 8) + 1)]
        if not rests:
            return False
        pattern += r"\[.*?\](?:" + "|".join(rests) + ")"
    return re.fullmatch(pattern, actual, re.S) is not None


def compare_renders(label, binary, requests, show):
    reference = render_requests(binary, requests, ours=False)
    ours = render_requests(binary, requests, ours=True)
    by_name = {n: (t, v) for n, t, v in requests}
    mismatches = 0
    for name in sorted(reference):
        expected, actual = reference[name], ours.get(name, {"ok": False, "error": "missing"})
        same = expected["ok"] == actual["ok"] and (not expected["ok"] or (
            same_output(expected["output"], actual["output"])
            and all(expected.get(k) == actual.get(k) for k in OVERRIDE_FIELDS)))
        if same:
            continue
        mismatches += 1
        if mismatches <= show:
            template, variables = by_name[name]
            print(f"RENDER MISMATCH {name}\n  template:  {json.dumps(template)}\n  vars:      {json.dumps(variables)}")
            print(f"  reference: {json.dumps(expected.get('output')) if expected['ok'] else expected['error']}")
            print(f"  apigw-vtl: {json.dumps(actual.get('output')) if actual['ok'] else actual['error']}")
            if expected["ok"] and actual["ok"]:
                for key in OVERRIDE_FIELDS:
                    if expected.get(key) != actual.get(key):
                        print(f"  {key}: reference {json.dumps(expected.get(key))}, apigw-vtl {json.dumps(actual.get(key))}")
    print(f"{label}: {len(reference)} renders, {mismatches} mismatches")
    return mismatches


def corpus_render_requests():
    """Every syntax corpus template (no variables) and every render corpus case, with its headers:
    `vars:` (JSON), or an API Gateway request: `body:` (a JSON string), `body-file:` (a path from the
    project's root), `params:`, `context:`, `stage-variables:` (JSON)."""
    requests = []
    for top in ("corpus/syntax", "corpus/render"):
        for directory, _, files in sorted(os.walk(top)):
            for file in sorted(files):
                if not file.endswith(".vtl"):
                    continue
                path = os.path.join(directory, file)
                with open(path, encoding="utf-8", newline="") as f:
                    text = f.read()
                header, _, template = text.partition("\n---\n")
                requests.append((path, template, case_request(header)))
    return requests


def case_request(header):
    """The variables or API Gateway request a corpus case's header describes."""
    fields = {}
    for line in header.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    request = {}
    if "body" in fields:
        request["body"] = json.loads(fields["body"])
    if "body-file" in fields:
        with open(os.path.join(ROOT, fields["body-file"]), encoding="utf-8", newline="") as f:
            request["body"] = f.read()
    for key, name in (("params", "params"), ("context", "context"), ("stage-variables", "stageVariables")):
        if key in fields:
            request[name] = json.loads(fields[key])
    if request:
        request.setdefault("body", "")
        return request
    return json.loads(fields["vars"]) if "vars" in fields else {}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=3000, help="how many generated templates")
    parser.add_argument("--seed", type=int, default=17, help="seed of the generator")
    parser.add_argument("--keep", help="write generated templates into this folder and keep them")
    parser.add_argument("--rendered", type=int, default=2000, help="how many generated templates to render")
    parser.add_argument("--render-seed", type=int, default=23, help="seed of the render generator")
    parser.add_argument("--aws", type=int, default=2000,
                        help="how many generated templates to render with $input/$util/$context requests")
    parser.add_argument("--show", type=int, default=20, help="how many render mismatches to print")
    parser.add_argument("--only", choices=["parse", "render"], help="run one half only")
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--quiet", "--release", "--bin", "apigw-vtl"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "apigw-vtl")

    os.chdir(ROOT)
    failures = 0
    total = 0
    if args.only != "render":
        cases = sorted(
            os.path.join(d, f)
            for top in ("corpus/syntax", "corpus/errors")
            for d, _, fs in os.walk(top)
            for f in fs if f.endswith(".vtl"))
        failures += compare("corpus", reference_verdicts("check-cases", cases), our_verdicts(binary, cases, True),
                            expected=lambda p: p.startswith("corpus/syntax"))
        folder = args.keep or tempfile.mkdtemp(prefix="apigw-vtl-diff-")
        os.makedirs(folder, exist_ok=True)
        files = []
        for name, text in generate.parse_templates(args.seed, args.generated):
            path = os.path.join(folder, name)
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            files.append(path)
        reference = reference_verdicts("check", files)
        ours = our_verdicts(binary, files, False)
        failures += compare(f"generated (seed {args.seed})", reference, ours)
        accepted = sum(1 for ok, _ in reference.values() if ok)
        print(f"generated templates the reference accepts: {accepted} of {len(reference)}")
        total += len(reference) + len(cases)
    if args.only != "parse":
        requests = corpus_render_requests()
        failures += compare_renders("corpus renders", binary, requests, args.show)
        generated = list(generate.render_cases(args.render_seed, args.rendered))
        failures += compare_renders(f"generated renders (seed {args.render_seed})", binary, generated, args.show)
        aws = list(generate.aws_render_cases(args.render_seed, args.aws))
        failures += compare_renders(f"generated API Gateway renders (seed {args.render_seed})", binary, aws, args.show)
        total += len(requests) + len(generated) + len(aws)
    print(f"{total - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

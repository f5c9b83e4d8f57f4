#!/usr/bin/env python3
"""The live differential suite: apigw-vtl against the reference engine (Velocity 1.7, AWS settings).

It feeds the same templates to `harness/reference` and to `apigw-vtl check` and compares the
verdicts (parses / is rejected):
  1. every corpus case under corpus/syntax and corpus/errors, whose directory also states the
     expected verdict;
  2. templates generated from a fixed seed out of Velocity fragments, which widen the net.

Usage: harness/differential.py [--generated N] [--seed S] [--keep DIR]
Needs Java and Debian's `velocity` package; builds the binary with cargo. Exits 1 on any mismatch,
printing each one with both verdicts.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Fragments that exercise the lexer's states and the grammar's corners. Generated templates are
# random concatenations, so most are broken in interesting ways and some parse.
FRAGMENTS = [
    "$", "$!", "${", "}", "$a", "$!a", "${a}", "$!{a}", "$a.b", "$a.b()", "$a.b(1)", "$a.b($c, 'x')",
    "$a[0]", "$a['k']", "$a[$i]", "[", "]", "(", ")", "{", "}", ".", "..", ",", ":", "!", "=",
    "#", "##", "#*", "*#", "#**", "#[[", "]]#", "\\", "\\\\", "\\$", "\\#", "\\#if", "\\\\#end",
    "#if(", "#if($a)", "#if(true)", "#elseif(", "#elseif($b)", "#else", "#{else}", "#end", "#{end}",
    "#set(", "#set($a = 1)", "#set($a =", "#{set}(", "#foreach(", "#foreach($i in $l)",
    "#foreach($i in [1..3])", "#define($d)", "#macro(m $x)", "#m(1)", "#break", "#stop", "#foo",
    "#foo(", "#@blk(", "#literal()", "#include(", "#evaluate(", " ", "  ", "\t", "\n", "\r\n",
    "x", "abc", "1", "-1", "2.5", "1..3", "'s'", "\"s\"", "\"$a\"", "\"#if(\"", "'a''b'", "\"a\"\"b\"",
    "true", "false", "in", "and", "or", "not", "==", "!=", "<", ">=", "+", "-", "*", "/", "%", "&&",
    "||", "-$a", "[1, 2]", "{'k': 1}", "{}", "[]", "[$a..$b]", "$a-3", "5-3", "5 - 3", "@", "_",
    # Pieces that only mean something inside directives and method calls.
    " [", "$a.m(", "{'a':", "[1..", "$b]", ": ", "\"x$a.b(\"", "(1)", "!$a", "not ", "$a.true", "${a.b}",
    "$a.b[0].c()", "$a.m([1, {'k': $v}])", "[$a.b()..3]", "{$k: [1..2]}", "\"\\u0041\"", "\"\\uZZ\"",
    "\"a##$\"", "'$a'", "#if($a == 1 && !$b || $c.d('x') >= 2.5)", "#set($m = {'k': $v, \"j\": [1, 2]})",
    "#set($a.b[0] = $c)", "#foreach($i in $a.b($c))", "$a.m( )", "$a.m($b,$c)", "\n  #set($x = 1)\n",
]


def generate(seed, count):
    rng = random.Random(seed)
    for index in range(count):
        parts = [rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 14))]
        yield f"gen-{index:05d}.vtl", "".join(parts)


def reference_verdicts(mode, files):
    out = subprocess.run([os.path.join(ROOT, "harness", "reference"), mode, *files],
                         check=True, capture_output=True, text=True).stdout
    verdicts = {}
    for line in out.splitlines():
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=3000, help="how many generated templates")
    parser.add_argument("--seed", type=int, default=17, help="seed of the generator")
    parser.add_argument("--keep", help="write generated templates into this folder and keep them")
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--quiet", "--release", "--bin", "apigw-vtl"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "apigw-vtl")

    os.chdir(ROOT)
    cases = sorted(
        os.path.join(d, f)
        for top in ("corpus/syntax", "corpus/errors")
        for d, _, fs in os.walk(top)
        for f in fs if f.endswith(".vtl"))
    failures = compare("corpus", reference_verdicts("check-cases", cases), our_verdicts(binary, cases, True),
                       expected=lambda p: p.startswith("corpus/syntax"))

    folder = args.keep or tempfile.mkdtemp(prefix="apigw-vtl-diff-")
    os.makedirs(folder, exist_ok=True)
    files = []
    for name, text in generate(args.seed, args.generated):
        path = os.path.join(folder, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        files.append(path)
    reference = reference_verdicts("check", files)
    ours = our_verdicts(binary, files, False)
    failures += compare(f"generated (seed {args.seed})", reference, ours)
    accepted = sum(1 for ok, _ in reference.values() if ok)
    print(f"generated templates the reference accepts: {accepted} of {len(reference)}")
    print(f"{len(reference) + len(cases) - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

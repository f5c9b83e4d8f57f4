#!/usr/bin/env bash
# The peer comparison (issue 16): the same benchmark workloads (benches/workloads) through
# apigw-vtl, Apache Velocity 1.7 (the engine API Gateway runs; our reference harness's driver,
# JIT warm), velocityjs as serverless-offline calls it, and airspeed-ext as LocalStack calls it, in
# one run on one machine. Prints a Markdown table: µs per render per engine, our speed-up, and
# whether each engine's output equals ours byte for byte (a difference is a fidelity finding).
#
#   bench/peers/run.sh [SECONDS]        (default 3 s per engine and workload, after a warm-up)
#
# Installs what it needs under target/peers (npm: serverless-offline; PyPI: localstack-core,
# airspeed-ext, jsonpath-rw into a virtual environment) and uses Debian's velocity packages (as
# .ci/run installs them). Nothing of the peers is copied into the repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-3}
peers=target/peers
mkdir -p "$peers"
if [ ! -d "$peers/node/node_modules/serverless-offline" ]; then
  (cd "$peers" && mkdir -p node && cd node && npm install --silent --no-audit --no-fund serverless-offline@14 >/dev/null)
fi
if [ ! -x "$peers/py/bin/python" ]; then
  python3 -m venv "$peers/py"
  "$peers/py/bin/pip" install -q localstack-core airspeed-ext jsonpath-rw
fi
cargo build --quiet --release
results=$(mktemp)
for dir in benches/workloads/*/; do
  dir=${dir%/}
  name=$(basename "$dir")
  flags=(--body "$dir/body.json")
  [ -f "$dir/params.json" ] && flags+=(--params "$dir/params.json")
  [ -f "$dir/context.json" ] && flags+=(--context "$dir/context.json")
  target/release/apigw-vtl bench "$dir/template.vtl" "${flags[@]}" --seconds "$seconds" --format json >"$results.ours"
  target/release/apigw-vtl render "$dir/template.vtl" "${flags[@]}" --format json >"$results.output"
  python3 - "$name" "$results.ours" "$results.output" >>"$results" <<'PY'
import json, sys
name = sys.argv[1]
ours = json.load(open(sys.argv[2], encoding="utf-8"))
output = json.load(open(sys.argv[3], encoding="utf-8"))
print(json.dumps({"engine": "apigw-vtl", "workload": name, "us_per_render": ours["us_per_render"],
                  "renders": ours["renders"], "output": output["output"]}))
PY
  harness/reference bench "$dir" "$seconds" >>"$results"
  node bench/peers/velocityjs.mjs "$peers/node/node_modules" "$dir" "$seconds" >>"$results"
  "$peers/py/bin/python" bench/peers/airspeed_localstack.py "$dir" "$seconds" >>"$results" 2>/dev/null \
    || echo "{\"engine\": \"airspeed-ext (LocalStack)\", \"workload\": \"$name\", \"error\": true}" >>"$results"
done
python3 bench/peers/report.py "$results" "$(date -u +%Y-%m-%d)" "$(nproc) cores, $(uname -m)"
rm -f "$results" "$results.ours" "$results.output"

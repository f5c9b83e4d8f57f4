#!/usr/bin/env bash
# Bounded load test of `apigw-vtl serve` (issue 19), all on 127.0.0.1: the founding example
# through a local Lambda Invoke API stub (examples/serve_lambda_stub.rs, the recorded payloads) and
# the MOCK example (examples/serve/mock.openapi.yaml), each with wrk for DURATION (default 10s),
# 2 threads and 32 connections, the console on (as `serve` runs by default). Prints requests/s and
# latency percentiles; fails on any socket error or on a status other than the expected one.
#
#   .ci/serve-load.sh [APIGW_VTL_BINARY] [STUB_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/apigw-vtl}
stub=${2:-target/debug/examples/serve_lambda_stub}
duration=${DURATION:-10s}
out=target/ci/load
mkdir -p "$out"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

# start NAME COMMAND...: runs it in the background and sets $url from its `listening on` line.
start() {
  local name=$1
  shift
  "$@" >"$out/$name.out" 2>"$out/$name.err" &
  pids+=($!)
  url=""
  for _ in $(seq 100); do
    url=$(sed -n 's/^listening on //p' "$out/$name.out")
    [ -n "$url" ] && return 0
    sleep 0.1
  done
  cat "$out/$name.err"
  return 1
}

start stub "$stub" 127.0.0.1:0
stub_url="http://$url"
start danielhttp "$bin" serve --port 0 --api corpus/danielhttp/api.openapi.yaml --lambda-endpoint "$stub_url"
danielhttp=$url
start mock "$bin" serve --port 0 --api examples/serve/mock.openapi.yaml
mock=$url

# The expected answers first (a load test of wrong answers measures nothing).
curl -sf -X POST "$danielhttp/guid?GUID=AnythingElse" | grep -q '"All is Ok"'
curl -sf "$mock/pets/7" | grep -q '"name": "pet 7"'

cat >"$out/post.lua" <<'LUA'
wrk.method = "POST"
LUA
report() {
  local name=$1 file=$2
  local rps p50 p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$file")
  p50=$(awk '$1 == "50%" {print $2}' "$file")
  p99=$(awk '$1 == "99%" {print $2}' "$file")
  echo "load: $name: $rps requests/s, p50 $p50, p99 $p99"
  if grep -qE 'Non-2xx|Socket errors' "$file"; then
    cat "$file"
    echo "load: $name: error answers or socket errors"
    return 1
  fi
}
wrk -t2 -c32 -d"$duration" --timeout 10s --latency -s "$out/post.lua" "$danielhttp/guid?GUID=AnythingElse" >"$out/danielhttp.txt"
report "founding example (POST /guid, Lambda Invoke API stub)" "$out/danielhttp.txt"
wrk -t2 -c32 -d"$duration" --timeout 10s --latency "$mock/pets/7" >"$out/mock.txt"
report "MOCK (GET /pets/7)" "$out/mock.txt"

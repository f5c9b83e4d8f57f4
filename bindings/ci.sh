#!/usr/bin/env bash
# Builds both bindings from this checkout, installs them and runs their tests (called by .ci/run;
# runs on its own too). Debug builds: the tests need the engine's answers, not its speed, and a
# debug build takes a fraction of an optimised one. Usage: bindings/ci.sh [APIGW_VTL_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
# One target folder for the root crate and both bindings: dependencies built once serve all three.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
scratch="$CARGO_TARGET_DIR/bindings-ci"
rm -rf "$scratch" && mkdir -p "$scratch"
binary="${1:-}"
if [ -z "$binary" ]; then
  cargo build --quiet --bin apigw-vtl
  binary="$CARGO_TARGET_DIR/debug/apigw-vtl"
fi

echo "-- formatting of both bindings' Rust code"
cargo fmt --manifest-path bindings/python/Cargo.toml -- --check
cargo fmt --manifest-path bindings/node/Cargo.toml -- --check

echo "-- python: a virtual environment with maturin and pytest"
python3 -m venv "$scratch/venv"
py="$scratch/venv/bin/python"
"$py" -m pip install --quiet --disable-pip-version-check maturin pytest

echo "-- python: build the wheel, install it"
start=$SECONDS
(cd bindings/python && "$scratch/venv/bin/maturin" build --quiet --out "$scratch/wheels")
"$py" -m pip install --quiet --disable-pip-version-check "$scratch"/wheels/apigw_vtl-*.whl
echo "built and installed in $((SECONDS - start)) s"

echo "-- python: pytest against the installed wheel"
# From outside the source folder, so that the installed package is the one imported.
(cd "$scratch" && "$py" -m pytest -q "$root/bindings/python/tests")

echo "-- node: build the addon, pack and install the package"
start=$SECONDS
# cargo itself, not `npm run build` (@napi-rs/cli): the CLI always names the target triple, which
# puts the build in its own folder and rebuilds every dependency the root's build already has.
# The addon is the same cdylib either way.
cargo build --quiet --manifest-path bindings/node/Cargo.toml
cp "$CARGO_TARGET_DIR/debug/libapigw_vtl_node.so" bindings/node/apigw-vtl.node
(cd bindings/node && npm pack --silent --pack-destination "$scratch" >/dev/null)
mkdir -p "$scratch/npm" && (cd "$scratch/npm" && npm init -y >/dev/null &&
  npm install --no-audit --no-fund --loglevel=error "$scratch"/apigw-vtl-*.tgz)
echo "built and installed in $((SECONDS - start)) s"

echo "-- node: the TypeScript declarations type-check against their uses (test/types.ts)"
(cd bindings/node && npm ci --no-audit --no-fund --loglevel=error && npm run --silent check-types)

echo "-- node: node --test (the README example against the installed package)"
(cd bindings/node && APIGW_VTL_NODE_PACKAGE="$scratch/npm/node_modules/apigw-vtl" node --test test/)

echo "-- both against the CLI, byte for byte"
"$py" harness/bindings_differential.py --binary "$binary"

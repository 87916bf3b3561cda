#!/usr/bin/env bash
# Fuzz copydesk's whole pipeline (decode → document → rules → fixes) for a bounded time.
#
#   tests/fuzz/run.sh [SECONDS]      default 60
#
# Starts from the seed story and the rule fixtures. A crash is saved under
# tests/fuzz/artifacts/check/; copy it into tests/fuzz/regressions/ (any file name) and
# `cargo test --test fuzz_regressions` will keep it as a regression test.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
secs="${1:-60}"
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
# libFuzzer's instrumentation uses compiler flags the stable toolchain only accepts this way.
export RUSTC_BOOTSTRAP=1
corpus="$here/corpus/check"
mkdir -p "$corpus"
cp "$here"/../../seeds/* "$corpus"/ 2>/dev/null || true
find "$here/../fixtures" -name '*.md' -exec cp {} "$corpus"/ \; 2>/dev/null || true
cp "$here"/regressions/* "$corpus"/ 2>/dev/null || true
cd "$here"
cargo fuzz run --fuzz-dir "$here" check "$corpus" -- -max_total_time="$secs" -max_len=8192 -rss_limit_mb=1024 -timeout=10

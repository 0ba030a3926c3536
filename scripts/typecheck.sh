#!/usr/bin/env bash
# Type-checks every TypeScript project, two at a time: each tsc uses one core, and CI has two.
# `--infra` adds sst.config.ts and infra/ against SST's own platform types (installed on first use, ~60 s).
set -euo pipefail
cd "$(dirname "$0")/.."
# Largest first, so the two queues end together.
projects=(packages/local packages/functions packages/web packages/sandbox packages/local/test/browser packages/core tsconfig.json)
if [ "${1:-}" = "--infra" ]; then
  bash scripts/sst-platform.sh
  projects=(infra "${projects[@]}")
fi
printf '%s\n' "${projects[@]}" | xargs -P 2 -I{} bash -c '
  out=$(node_modules/.bin/tsc -p "$1" 2>&1) || { printf "tsc -p %s:\n%s\n" "$1" "$out"; exit 1; }' _ {}

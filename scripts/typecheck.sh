#!/usr/bin/env bash
# Type-checks every TypeScript project, two at a time: each tsc uses one core, and CI has two.
# `--infra` adds sst.config.ts and infra/ against SST's own platform types. Their first install (an npm
# install into .sst/platform, mostly waiting on the registry) runs while the other projects type-check.
set -euo pipefail
cd "$(dirname "$0")/.."
platform=""
if [ "${1:-}" = "--infra" ]; then
  bash scripts/sst-platform.sh &
  platform=$!
fi
# Largest first, so the two queues end together.
projects=(packages/local packages/functions packages/web packages/sandbox packages/local/test/browser packages/core tsconfig.json)
check() { printf '%s\n' "$@" | xargs -P 2 -I{} bash -c '
  out=$(node_modules/.bin/tsc -p "$1" 2>&1) || { printf "tsc -p %s:\n%s\n" "$1" "$out"; exit 1; }' _ {}; }
status=0
check "${projects[@]}" || status=1
if [ -n "$platform" ]; then
  wait "$platform" && check infra || status=1
fi
exit $status

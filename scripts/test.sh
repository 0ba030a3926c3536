#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need, then type-checks and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup-system.sh
# Formatting and lint (Biome, biome.json): fails on any difference; `npm run format` fixes what it can.
npm run -s lint
# Every project, and sst.config.ts with infra/ against SST's own platform types (the first run installs them).
bash scripts/typecheck.sh --infra
npm run -s build:web
# Each project writes a JSON report beside its console output; the last line sums them all.
rm -rf .test-results && mkdir -p .test-results
status=0
for project in unit integration browser; do
  npx vitest run --project "$project" --reporter=default --reporter=json --outputFile.json=".test-results/$project.json" || status=1
done
node scripts/test-summary.mjs .test-results/*.json || status=1
exit $status

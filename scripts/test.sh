#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need, then type-checks and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup-system.sh
npm run -s typecheck
# sst.config.ts and infra/ against SST's own platform types (the first run installs them, ~60 s).
npm run -s typecheck:infra
npm run -s build:web
npx vitest run --project unit
npx vitest run --project integration
npx vitest run --project browser

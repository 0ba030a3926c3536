#!/usr/bin/env bash
# Writes SST's platform sources and types to .sst/platform (gitignored) so that sst.config.ts and
# infra/ can be type-checked without an AWS account. `sst install` only needs the npm registry.
# Idempotent: skips when the platform already matches the installed sst version (~60 s otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
want="$(node -p 'require("./node_modules/sst/package.json").version')"
have="$(cat .sst/platform/version 2>/dev/null || true)"
if [ "$have" = "$want" ] && [ -f .sst/platform/config.d.ts ] && [ -d .sst/platform/node_modules/@pulumi/aws ]; then
  exit 0
fi
echo "sst-platform: installing SST $want platform into .sst/platform (no AWS needed)" >&2
# Without these the CLI downloads Pulumi and Bun and phones home; with them it only runs npm.
export SST_SKIP_DEPENDENCY_CHECK=1 SST_NO_BUN=1 SST_TELEMETRY_DISABLED=1
start=$SECONDS
npx --no-install sst install --stage ci >&2
echo "sst-platform: done in $((SECONDS - start)) s" >&2

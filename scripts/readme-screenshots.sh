#!/usr/bin/env bash
# Refreshes the README's screenshots (docs/screenshots/web-*.png) from the browser tests' artifacts:
# runs the browser tests that take them (one file at a time; chromium, the local stack) and copies
# each artifact to its README name. `--copy-only` copies what packages/local/test/browser/artifacts holds now.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

ARTIFACTS=packages/local/test/browser/artifacts
# README name <- artifact (the test that saves it)
MAP=(
  "web-test-cases.png:test-cases.png"                       # app.test.ts
  "web-error-line-dark.png:error-line.png"                  # app.test.ts
  "web-time-limit.png:headline-time-limit-light.png"        # screens.test.ts (honest headlines)
  "web-phone-dark.png:phone-390-dark.png"                   # screens.test.ts (phone, full page)
  "web-settings.png:settings-1280x720-light.png"            # settings.test.ts (one test, every screen)
  "web-format-error.png:format-error-1280x720-light.png"    # settings.test.ts (one test, every screen)
  "web-resize-dark.png:panes-1280x720-dark.png"             # panes.test.ts (one test, every screen)
  "web-phone-open-file.png:open-file-390x844-dark.png"      # files.test.ts (one test, every screen)
)

if [[ "${1:-}" != "--copy-only" ]]; then
  npm run -s build:web
  run() { npx vitest run --project browser "$@"; }
  run packages/local/test/browser/app.test.ts
  run packages/local/test/browser/screens.test.ts -t "phone at 390×844 \(dark\)|honest headlines"
  run packages/local/test/browser/settings.test.ts -t "font size|Format fixes"
  run packages/local/test/browser/panes.test.ts
  run packages/local/test/browser/files.test.ts -t "Open .py"
fi

mkdir -p docs/screenshots
for pair in "${MAP[@]}"; do
  name="${pair%%:*}"
  artifact="${pair#*:}"
  if [[ ! -f "$ARTIFACTS/$artifact" ]]; then
    echo "missing $ARTIFACTS/$artifact (run without --copy-only)" >&2
    exit 1
  fi
  cp "$ARTIFACTS/$artifact" "docs/screenshots/$name"
  echo "docs/screenshots/$name <- $artifact"
done

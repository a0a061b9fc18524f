#!/usr/bin/env bash
# Real-editor end-to-end test: installs (or reuses) code-server + Chromium, builds the
# extension, and drives VS Code in a browser with Playwright. See test/e2e/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

started=$(date +%s)
E2E_TOOLS=$(bash test/e2e/install.sh | tail -n 1)
export E2E_TOOLS
echo "[e2e] tools ready in $(( $(date +%s) - started ))s: $E2E_TOOLS"

node esbuild.mjs
node test/e2e/quick-fix.e2e.mjs "$@"
node test/e2e/report.e2e.mjs

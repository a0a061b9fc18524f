#!/usr/bin/env bash
# Real-editor end-to-end tests: installs (or reuses) code-server + Chromium, builds, then runs
# each browser test. See test/e2e/README.md. Every test runs even when an earlier one failed,
# and the last line adds them up as "e2e: N passed, N failed" for CI.
set -euo pipefail
cd "$(dirname "$0")/../.."

started=$(date +%s)
E2E_TOOLS=$(bash test/e2e/install.sh | tail -n 1)
export E2E_TOOLS
echo "[e2e] tools ready in $(( $(date +%s) - started ))s: $E2E_TOOLS"

node esbuild.mjs

passed=0 failed=0 skipped=0
# The HTML report of `confluence-triage report` in headless Chromium: one test, judged by its exit code.
if node test/e2e/report.e2e.mjs; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

# The extension in code-server: each scenario has several steps, counted on its own closing line.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
scenario() {
  local status
  set +e
  node "$1" "${@:2}" | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  local before=$failed
  if [[ $(tail -n 1 "$log") =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed(,\ ([0-9]+)\ skipped)?$ ]]; then
    passed=$((passed + BASH_REMATCH[1]))
    failed=$((failed + BASH_REMATCH[2]))
    skipped=$((skipped + ${BASH_REMATCH[4]:-0}))
  fi
  # A crash before the summary still fails the run.
  if ((status != 0 && failed == before)); then failed=$((failed + 1)); fi
}
# quick-fix.e2e.mjs empties test-results/e2e, so it runs first.
scenario test/e2e/quick-fix.e2e.mjs "$@"
scenario test/e2e/sync.e2e.mjs "$@"

echo "e2e: $passed passed, $failed failed$( ((skipped)) && echo ", $skipped skipped")"
((failed == 0))

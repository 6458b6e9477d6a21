#!/usr/bin/env bash
# The editor suites in a real VS Code (code-server + chromium, loopback only):
#   1. mocha inside the extension host, the extension loaded from this folder, through
#      @vscode/test-electron's runTests with e2e/code-shim standing in for VS Code;
#   2. the UI check, with the packaged VSIX installed, driven through the workbench DOM.
# Screenshots and logs go to test-results/e2e/. The last line is `N passed, N failed` over both.
# Uses $E2E_TOOLS when set (see e2e/setup.sh), else runs e2e/setup.sh first.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PROJECT=$(dirname "$HERE")
RESULTS=${E2E_RESULTS:-$PROJECT/test-results/e2e}
cd "$PROJECT"

elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
# The last `N passed, N failed` line of a log, or `0 1` when the part ended without one.
counts() {
  local line
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
  if [ -z "$line" ]; then echo "0 1"; else echo "$line" | awk '{ print $1, $3 }'; fi
}

if [ -z "${E2E_TOOLS:-}" ]; then
  E2E_TOOLS=$(bash "$HERE/setup.sh") || { echo "e2e tools could not be installed"; echo "0 passed, 1 failed"; exit 1; }
fi
export E2E_TOOLS
export PLAYWRIGHT_CORE=$E2E_TOOLS/server/node_modules/playwright-core
export TMPDIR=${TMPDIR:-/tmp}
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
WORK=$(mktemp -d "$TMPDIR/kubeplan-e2e.XXXXXX")
cleanup() { [ -n "${E2E_KEEP:-}" ] && echo "kept $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT

t=$EPOCHREALTIME
node esbuild.mjs > "$RESULTS/build.log" 2>&1 || { cat "$RESULTS/build.log"; echo "0 passed, 1 failed"; exit 1; }
echo "TIMING e2e build: $(elapsed "$t")s"

t=$EPOCHREALTIME
node "$HERE/run-exthost-tests.js" "$WORK/exthost" "$RESULTS" 2>&1 \
  | grep -v 'Ignoring fetching additional builtin extensions' | tee "$RESULTS/exthost.log"
echo "TIMING e2e extension-host mocha: $(elapsed "$t")s"
read -r p1 f1 <<< "$(counts "$RESULTS/exthost.log")"

t=$EPOCHREALTIME
if npm run --silent package > "$RESULTS/package.log" 2>&1; then
  echo "TIMING e2e package: $(elapsed "$t")s ($(du -k kubeplan.vsix | cut -f1) KB)"
  t=$EPOCHREALTIME
  node "$HERE/ui-smoke.js" "$WORK/ui" "$RESULTS" "$PROJECT/kubeplan.vsix" 2>&1 | tee "$RESULTS/ui.log"
  echo "TIMING e2e UI check: $(elapsed "$t")s"
  read -r p2 f2 <<< "$(counts "$RESULTS/ui.log")"
else
  cat "$RESULTS/package.log"
  p2=0 f2=1
fi

echo "screenshots: $(ls "$RESULTS"/*.png 2>/dev/null | xargs -n1 basename 2>/dev/null | tr '\n' ' ')"
echo "$((p1 + p2)) passed, $((f1 + f2)) failed"
[ $((f1 + f2)) -eq 0 ]

#!/usr/bin/env bash
# npm test: the whole suite, cheapest layer first. Builds what is missing (the guest image
# and the site) on the way, and ends with one line: "N passed, N failed, N skipped".
# A step that fails without a failed test (the type check, the site build, a vitest run that
# exits non-zero on an unhandled error) is named above that line and counted in it, so a CI log
# that keeps only its tail still says why the run failed.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/vitest-*.json

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
failed_steps=()
fail() { failed_steps+=("$1 exited $2"); }

step "system packages"; bash scripts/system-deps.sh || exit 1
step "guest image"; npm run --silent build:image || exit 1
# The content collections' types come from astro sync (a fresh clone has none yet, and tsc
# would take getCollection's answer as any); the site build later writes the same.
step "types"; npm run --silent typecheck || fail "types: astro sync && tsc --noEmit" $?
for layer in unit integration server e2e; do
  if [ "$layer" = e2e ]; then
    step "site build"
    npx astro build >/dev/null || { fail "site build: astro build" $?; continue; }
  fi
  step "$layer tests"
  if [ "$layer" = server ]; then echo "databases: SQLite${DATABASE_URL:+ and PostgreSQL (DATABASE_URL)}"; fi
  npx vitest run --project "$layer" --reporter=default --reporter=json \
    --outputFile.json="test-results/vitest-$layer.json" || fail "$layer tests: vitest run" $?
done
FAILED_STEPS="$(printf '%s\n' "${failed_steps[@]}")" node scripts/test-summary.mjs test-results/vitest-*.json

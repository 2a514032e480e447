#!/usr/bin/env bash
# npm test: the whole suite, cheapest layer first. Builds what is missing (the guest image
# and the site) on the way, and ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/vitest-*.json

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
status=0

step "system packages"; bash scripts/system-deps.sh || exit 1
step "guest image"; npm run --silent build:image || exit 1
step "types"; npx tsc --noEmit -p tsconfig.json || status=1
for layer in unit integration server e2e; do
  if [ "$layer" = e2e ]; then step "site build"; npx astro build >/dev/null || { status=1; continue; }; fi
  step "$layer tests"
  if [ "$layer" = server ]; then echo "databases: SQLite${DATABASE_URL:+ and PostgreSQL (DATABASE_URL)}"; fi
  npx vitest run --project "$layer" --reporter=default --reporter=json \
    --outputFile.json="test-results/vitest-$layer.json" || status=1
done
node scripts/test-summary.mjs test-results/vitest-*.json || status=1
exit $status

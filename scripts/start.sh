#!/usr/bin/env bash
# npm start: installs what is missing, builds the guest image and the site if needed, and
# starts the classroom server (src/server/main.ts): the site and the classroom API on
# http://127.0.0.1:4321 (PORT and HOST override; data in ./data, or DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
npm run --silent build:image
npx astro build
exec npx tsx src/server/main.ts

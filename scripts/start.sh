#!/usr/bin/env bash
# npm start: installs what is missing, builds the guest image and the site if needed,
# and serves the site on http://127.0.0.1:4321 (PORT overrides the port).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
npm run --silent build:image
npx astro build
echo "Stacklab is at http://127.0.0.1:${PORT:-4321}/"
exec npx astro preview --host 127.0.0.1 --port "${PORT:-4321}"

#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running engine: installs the packages, builds,
# and starts `tocsin serve` on the embedded SQLite store (./data) with the shipped playbooks.
# Extra arguments go to `tocsin serve` (e.g. --listen 0.0.0.0:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DTOCSIN_BUILD_TESTS=OFF --target tocsin
exec "${TOCSIN_BUILD_DIR:-build}/src/tocsin" serve --config examples/tocsin.json "$@"

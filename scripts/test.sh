#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a passing test suite: installs the packages
# the test suite needs, builds Release-with-debug-info, and runs every suite with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
export TOCSIN_BUILD_DIR=${TOCSIN_BUILD_DIR:-build}
scripts/build.sh -DTOCSIN_BUILD_TESTS=ON
ctest --test-dir "$TOCSIN_BUILD_DIR" --output-on-failure -j "${TOCSIN_JOBS:-$(nproc)}" --timeout 600

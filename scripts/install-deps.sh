#!/usr/bin/env bash
# Installs the Debian packages Tocsin builds and runs with; does nothing when all are present.
# Usage: scripts/install-deps.sh [--test] [--bench]   (--test adds what the test suite needs,
# including Node.js and the pinned Sentinel JavaScript SDK of tests/sdk, for the compatibility
# test; --bench adds Google Benchmark and wrk for bench/run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
testing=false
benchmarking=false
for arg in "$@"; do
  case "$arg" in
    --test) testing=true ;;
    --bench) benchmarking=true ;;
    *) echo "install-deps.sh: unknown option '$arg' (expected --test or --bench)" >&2; exit 2 ;;
  esac
done

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl
  libboost1.81-dev libboost-program-options1.81-dev
  liblua5.4-dev nlohmann-json3-dev libspdlog-dev libfmt-dev
  libsqlite3-dev libpq-dev libssl-dev libgmime-3.0-dev
  libcsv-dev  # RFC 4180 CSV of watchlists (engine/model/watchlist_csv.hpp)
  libhowardhinnant-date-dev tzdata  # time zones of cron schedules (triggers/schedule/time_zone.hpp)
  libjemalloc-dev  # the server's allocator (cmake/dependencies.cmake)
)
if $testing; then
  packages+=(libgtest-dev libgmock-dev googletest libbenchmark-dev openssl sqlite3 clang-format)
  packages+=(jq)  # docs/tutorial.md uses it, and tests/tutorial runs the tutorial's commands
  # A Node.js already on the machine (e.g. from nodesource) serves as well as Debian's.
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    packages+=(nodejs npm)
  fi
fi
if $benchmarking; then
  packages+=(libbenchmark-dev wrk)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} > 0)); then
  echo "Installing: ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The SDK exactly as package-lock.json pins it; reinstalled only when the lock file changes.
if $testing; then
  stamp=tests/sdk/node_modules/.tocsin-lock
  if ! cmp -s tests/sdk/package-lock.json "$stamp" 2>/dev/null; then
    npm ci --prefix tests/sdk --no-audit --no-fund --loglevel=error
    cp tests/sdk/package-lock.json "$stamp"
  fi
fi

#!/usr/bin/env bash
# Configures and builds Tocsin into ${TOCSIN_BUILD_DIR:-build}.
# Arguments starting with -D go to the configure step; `--target NAME` picks what to build.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${TOCSIN_BUILD_DIR:-build}
jobs=${TOCSIN_JOBS:-$(nproc)}
configure_args=()
build_args=()
while (($#)); do
  case "$1" in
    --target) build_args+=(--target "$2"); shift 2 ;;
    *) configure_args+=("$1"); shift ;;
  esac
done
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${TOCSIN_BUILD_TYPE:-RelWithDebInfo}" \
  "${configure_args[@]}" >/dev/null
cmake --build "$build_dir" -j "$jobs" "${build_args[@]}"

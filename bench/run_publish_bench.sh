#!/usr/bin/env bash
# Publish benchmark: builds trolyso (Release, in build-bench/) and times
# validating and publishing large rule sets through the admin API against
# `trolyso check` on the same files, in the same run. See bench/README.md,
# "Publishing rules". Loopback only; temporary databases.
#
#   bench/run_publish_bench.sh [--intents 500 5000] [--rounds 3]
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BENCH_BUILD_DIR:-$repo/build-bench}

echo "== building (Release) in $build" >&2
cmake -S "$repo" -B "$build" -DTROLYSO_BENCH=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target trolyso >/dev/null

echo "== $(nproc) CPUs, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec python3 "$repo/bench/publish_bench.py" "$build/trolyso" "$repo" "$@"

#!/usr/bin/env bash
# Volunteer queue benchmark: builds trolyso and bench/volunteer_queue.cpp
# (Release, in build-bench/) and runs it; arguments are passed to the
# program (e.g. --only claims --rounds 3). See bench/README.md,
# "Volunteer queue". Everything runs on loopback; the program starts and
# stops its own `trolyso serve` processes in temp dirs. Exits non-zero when
# a correctness check fails.
#
#   bench/run_volunteer_bench.sh [volunteer_queue options]
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BENCH_BUILD_DIR:-$repo/build-bench}

echo "== building (Release) in $build" >&2
cmake -S "$repo" -B "$build" -DTROLYSO_BENCH=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target trolyso volunteer_queue >/dev/null

echo "== $(nproc) CPUs, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec "$build/bench/volunteer_queue" "$@"

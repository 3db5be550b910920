#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for SECONDS (default 60), or,
# with `--runs N`, for N inputs from a fixed seed (reproducible; CI does this),
# starting from the seed corpus in Fuzz/corpus (made by seed.py with NumPy).
# Exits non-zero if a target crashes; prints how many inputs each ran.
set -euo pipefail
cd "$(dirname "$0")"
if [ "${1:-}" = "--runs" ]; then
    limit="-runs=${2:?--runs needs a count} -seed=1"
    seconds="$2 inputs"
else
    limit="-max_total_time=${1:-60}"
    seconds="${1:-60}s"
fi
swift build -c debug --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
    -Xswiftc -Onone 2>&1 | tail -1
bin=$(swift build -c debug --scratch-path .build-fuzz --show-bin-path)
for pair in FuzzNPY:npy FuzzWire:wire FuzzCluster:cluster; do
    name=${pair%%:*} target=${pair##*:}
    work=$(mktemp -d)
    cp -r corpus/$target/. "$work/" 2>/dev/null || true
    echo "fuzzing $name for $seconds"
    # shellcheck disable=SC2086
    SWIFT_BACKTRACE=enable=no "$bin/$name" "$work" $limit -rss_limit_mb=4096 -malloc_limit_mb=2048 \
        -print_final_stats=1 > "$work.log" 2>&1 || status=$?
    grep -E "stat::number_of_executed_units|ERROR|SUMMARY|Done" "$work.log" || true
    if [ "${status:-0}" -ne 0 ] || ls crash-* leak-* oom-* timeout-* >/dev/null 2>&1; then
        tail -40 "$work.log"
        echo "the fuzzer found a failing input"
        exit 1
    fi
    rm -rf "$work"
done

#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for SECONDS (default 60), or,
# with `--runs N`, for N inputs from a fixed seed (reproducible; CI does this),
# starting from the seed corpus in Fuzz/corpus (made by seed.py with NumPy).
# Exits non-zero if a target crashes; prints how many inputs each ran.
set -euo pipefail
cd "$(dirname "$0")"
if [ "${1:-}" = "--runs" ]; then
    runs="${2:?--runs needs a count}"
else
    limit="-max_total_time=${1:-60}"
    seconds="${1:-60}s"
fi
swift build -c debug --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
    -Xswiftc -Onone 2>&1 | tail -1
bin=$(swift build -c debug --scratch-path .build-fuzz --show-bin-path)
rm -rf .build-fuzz/artifacts
# name:corpus:share. A share of 10 runs a tenth of the inputs: the cluster
# target opens socket pairs and signs frames for each input (about 150
# inputs/s under AddressSanitizer at -Onone, against 12,000/s for the others).
for entry in FuzzNPY:npy:1 FuzzWire:wire:1 FuzzCluster:cluster:10; do
    IFS=: read -r name target share <<< "$entry"
    if [ -n "${runs:-}" ]; then
        limit="-runs=$((runs / share)) -seed=1"
        seconds="$((runs / share)) inputs"
    fi
    work=$(mktemp -d)
    cp -r corpus/$target/. "$work/" 2>/dev/null || true
    echo "fuzzing $name for $seconds"
    # shellcheck disable=SC2086
    # Artifacts (crash-*, slow-unit-* …) go to the scratch directory, not the tree.
    mkdir -p .build-fuzz/artifacts
    SWIFT_BACKTRACE=enable=no "$bin/$name" "$work" $limit -rss_limit_mb=4096 -malloc_limit_mb=2048 \
        -artifact_prefix=.build-fuzz/artifacts/ -print_final_stats=1 > "$work.log" 2>&1 || status=$?
    grep -E "stat::number_of_executed_units|ERROR|SUMMARY|Done" "$work.log" || true
    if [ "${status:-0}" -ne 0 ] || ls .build-fuzz/artifacts/crash-* .build-fuzz/artifacts/leak-* \
            .build-fuzz/artifacts/oom-* .build-fuzz/artifacts/timeout-* >/dev/null 2>&1; then
        tail -40 "$work.log"
        echo "the fuzzer found a failing input"
        exit 1
    fi
    rm -rf "$work"
done

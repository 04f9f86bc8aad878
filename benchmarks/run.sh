#!/usr/bin/env bash
# Runs the benchmarks and rewrites BENCHMARKS.md and benchmarks/results.json. Takes about 31 minutes on 2 cores:
# JMH in-process suites with the handoff floors (~6 min), the cross-process twins in plaintext and with mutual TLS
# with the TCP floors (~9 min), membership (~1 min), footprint at rest (~4 min), the Ray twins (~2 min, and the first
# time a Python virtual environment with ray from pip), the leader at scale (1,000 and 10,000 simulated members, 3 runs
# each, ~5 min).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== building"
mvn -B -q -DskipTests -pl benchmarks -am package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

for suite in local placement codec; do
    echo "== $suite: java -cp ... org.openjdk.jmh.Main io.thespis.benchmarks.$suite"
    java -cp "$cp" org.openjdk.jmh.Main "io.thespis.benchmarks.$suite" -rf json -rff "benchmarks/target/$suite.json"
done

echo "== across processes: java -Xmx1g -cp ... io.thespis.benchmarks.remote.RemoteDriver 3"
java -Xmx1g -cp "$cp" io.thespis.benchmarks.remote.RemoteDriver 3 2>benchmarks/target/remote.log \
    | tail -n 1 > benchmarks/target/remote.json || true
grep '^run' benchmarks/target/remote.log || tail -n 20 benchmarks/target/remote.log

echo "== membership: java -Xmx1g -cp ... io.thespis.benchmarks.membership.MembershipDriver 5"
java -Xmx1g -cp "$cp" io.thespis.benchmarks.membership.MembershipDriver 5 2>benchmarks/target/membership.log \
    | tail -n 1 > benchmarks/target/membership.json || true
grep ' run ' benchmarks/target/membership.log || tail -n 20 benchmarks/target/membership.log

echo "== footprint: java -cp ... io.thespis.benchmarks.local.FootprintDriver 3"
java -cp "$cp" io.thespis.benchmarks.local.FootprintDriver 3 2>benchmarks/target/footprint.log \
    | tail -n 1 > benchmarks/target/footprint.json || true
grep '^run' benchmarks/target/footprint.log || tail -n 20 benchmarks/target/footprint.log

echo "== Ray twins: benchmarks/ray/ray_twins.py 3"
venv=benchmarks/target/ray-venv
ray_json=benchmarks/target/ray.json
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import ray' 2>/dev/null; then
    rm -rf "$venv"
    if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q --retries 1 --timeout 15 ray; } \
            >benchmarks/target/ray-install.log 2>&1; then
        echo "skipped: a Python virtual environment with ray could not be made (benchmarks/target/ray-install.log)" \
            | tee "$ray_json"
    fi
fi
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import ray' 2>/dev/null; then
    "$venv/bin/python" benchmarks/ray/ray_twins.py 3 2>benchmarks/target/ray.log | tail -n 1 > "$ray_json" || true
    grep '^ray run' benchmarks/target/ray.log || tail -n 20 benchmarks/target/ray.log
fi

scale=()
for members in 1000 10000; do
    for run in 1 2 3; do
        echo "== leader at scale: $members simulated members, run $run"
        out="benchmarks/target/scale-$members-$run.json"
        java -Xmx3g -cp "$cp" io.thespis.benchmarks.scale.LeaderScaleDriver "$members" 240 2>/dev/null | tail -n 1 \
            > "$out" || true
        cat "$out"
        scale+=("$out")
    done
done

java -cp "$cp" io.thespis.benchmarks.report.BenchmarkReport BENCHMARKS.md benchmarks/results.json \
    "$(git rev-parse --short HEAD)" "benchmarks/run.sh" \
    benchmarks/target/local.json benchmarks/target/placement.json benchmarks/target/codec.json \
    benchmarks/target/remote.json benchmarks/target/membership.json benchmarks/target/footprint.json \
    "$ray_json" "${scale[@]}"

#!/usr/bin/env bash
# Runs the benchmarks and rewrites BENCHMARKS.md and benchmarks/results.json. Takes about 25 minutes on 2 cores:
# JMH in-process suites with the handoff floors (~6 min), the cross-process twins in plaintext and with mutual TLS
# with the TCP floors (~9 min), membership (~1 min), footprint at rest (~4 min), the leader at scale (1,000 and 10,000
# simulated members, 3 runs each, ~5 min).
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
    benchmarks/target/remote.json benchmarks/target/membership.json benchmarks/target/footprint.json "${scale[@]}"

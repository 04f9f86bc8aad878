#!/usr/bin/env bash
# Runs the benchmarks and rewrites BENCHMARKS.md and benchmarks/results.json. Takes about 12 minutes on 2 cores.
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

for members in 1000 10000; do
    echo "== leader at scale: $members simulated members"
    java -Xmx3g -cp "$cp" io.thespis.benchmarks.scale.LeaderScaleDriver "$members" 2>/dev/null | tail -n 1 \
        > "benchmarks/target/scale-$members.json"
    cat "benchmarks/target/scale-$members.json"
done

java -cp "$cp" io.thespis.benchmarks.report.BenchmarkReport BENCHMARKS.md benchmarks/results.json \
    "$(git rev-parse --short HEAD)" "benchmarks/run.sh" \
    benchmarks/target/local.json benchmarks/target/placement.json benchmarks/target/codec.json \
    benchmarks/target/scale-1000.json benchmarks/target/scale-10000.json

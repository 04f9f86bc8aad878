#!/usr/bin/env bash
# Runs the benchmarks and rewrites BENCHMARKS.md and benchmarks/results.json. Takes about 8 minutes on 2 cores.
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

java -cp "$cp" io.thespis.benchmarks.report.BenchmarkReport BENCHMARKS.md benchmarks/results.json \
    "$(git rev-parse --short HEAD)" "benchmarks/run.sh" \
    benchmarks/target/local.json benchmarks/target/placement.json benchmarks/target/codec.json

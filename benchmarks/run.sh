#!/usr/bin/env bash
# Runs the benchmarks and rewrites BENCHMARKS.md at the repository root. Takes about 4 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== building"
mvn -B -q -DskipTests -pl benchmarks -am package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

for suite in placement codec; do
    echo "== $suite: java -cp ... org.openjdk.jmh.Main io.thespis.benchmarks.$suite"
    java -cp "$cp" org.openjdk.jmh.Main "io.thespis.benchmarks.$suite" -rf json -rff "benchmarks/target/$suite.json"
done

java -cp "$cp" io.thespis.benchmarks.report.BenchmarkReport BENCHMARKS.md "$(git rev-parse --short HEAD)" \
    "benchmarks/run.sh" benchmarks/target/placement.json benchmarks/target/codec.json

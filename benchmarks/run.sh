#!/usr/bin/env bash
# Runs the benchmarks and rewrites BENCHMARKS.md at the repository root. Takes about 2 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== building"
mvn -B -q -DskipTests -pl benchmarks -am package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
results=benchmarks/target/placement.json

command="java -cp \"\$CP\" org.openjdk.jmh.Main io.thespis.benchmarks.placement -rf json -rff $results"
echo "== placement: $command"
java -cp "$cp" org.openjdk.jmh.Main io.thespis.benchmarks.placement -rf json -rff "$results"

java -cp "$cp" io.thespis.benchmarks.report.BenchmarkReport "$results" BENCHMARKS.md \
    "$(git rev-parse --short HEAD)" "benchmarks/run.sh ($command)"

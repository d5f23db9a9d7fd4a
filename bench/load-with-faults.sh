#!/usr/bin/env bash
# Predict under load with faults (on demand): 500 requests/s for 60 s through ten hot swaps and a feedback export,
# against real MariaDB, S3 (S3Proxy) and MLflow: PredictFunctionIT's load test, run longer than CI runs it (10 s).
# Runs it three times and replaces the "Load with faults" section of docs/BENCHMARKS.md with the lines it logged.
#   bench/load-with-faults.sh [SECONDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
./mvnw -q install -DskipTests > "$work/build.log" 2>&1 || { tail -20 "$work/build.log"; exit 1; }
for run in 1 2 3; do
    ./mvnw verify -pl functions/predict -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
        -Dit.test='PredictFunctionIT#aSteadyLoad*' -Dprodcat.load.seconds="$seconds" > "$work/run-$run.log" 2>&1 ||
        { grep -E "FAIL|ERROR" "$work/run-$run.log" | head -20; exit 1; }
    grep -o "load: .*" "$work/run-$run.log" | head -1 | tee -a "$work/lines.txt"
done
{
    echo "## Load with faults (bench/load-with-faults.sh)"
    echo
    echo "\`bench/load-with-faults.sh $seconds\` on $(date -u +%Y-%m-%d), $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)),"
    echo "Java $(java -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p'): predict in the test JVM with the load"
    echo "generator beside it (16 kept-alive HttpClient clients; request i planned at start + i/500 s, latency counted
from that planned time; a 5,000-request warm-up first), real MariaDB, S3Proxy and MLflow;"
    echo "each run swaps the champion ten times (MLflow alias + model.promoted) and exports feedback once. Three runs:"
    echo
    sed 's/^/- /' "$work/lines.txt"
} > "$work/section.md"
python3 bench/replace_section.py docs/BENCHMARKS.md "<!-- load section: bench/load-with-faults.sh -->" "$work/section.md"

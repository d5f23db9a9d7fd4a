#!/usr/bin/env bash
# Predict under load with faults (on demand): 500 requests/s for 60 s through ten hot swaps, a feedback export, an S3
# outage during a promotion and a MariaDB outage during feedback, against real MariaDB, S3 (S3Proxy) and MLflow:
# PredictFunctionIT's load test, run longer than CI runs it (10 s).
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
    echo "each run swaps the champion ten times (MLflow alias + model.promoted), exports feedback once, cuts S3 while a"
    echo "promotion loads (the served model stays) and MariaDB while feedback arrives (503, then stored). Three runs:"
    echo
    sed 's/^/- /' "$work/lines.txt"
    echo
    # the medians of the runs' p50 and p99, and every run's failures
    python3 - "$work/lines.txt" <<'PY'
import re, statistics, sys
runs = [re.search(r"(\d+) failed or mixed.* p50 ([\d.]+) ms, p99 ([\d.]+) ms", line).groups() for line in open(sys.argv[1])]
p50, p99 = [float(r[1]) for r in runs], [float(r[2]) for r in runs]
print("Median of the {} runs: p50 {:.2f} ms, p99 {:.2f} ms ({:.2f}–{:.2f} ms); {} failed or mixed answers in all.".format(
    len(runs), statistics.median(p50), statistics.median(p99), min(p99), max(p99), sum(int(r[0]) for r in runs)))
PY
    echo
    echo "The tail comes from sharing one test JVM (no AOT cache, C2 still compiling) with S3Proxy, the MLflow and"
    echo "MariaDB clients and the generator while models swap and the export runs; \"Predict function\" above is the"
    echo "latency figure for production. This benchmark is about failures."
} > "$work/section.md"
python3 bench/replace_section.py docs/BENCHMARKS.md "<!-- load section: bench/load-with-faults.sh -->" "$work/section.md"

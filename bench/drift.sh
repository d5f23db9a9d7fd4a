#!/usr/bin/env bash
# Drift benchmark (on demand): detection and false alarms of the drift check on the instacart department split
# (a model trained without pets, babies and personal care; the stream switches to them), the time of one check on a
# 10,000-prediction window, and predict's latency at 500 requests/s with the prediction log at 100 % against off
# (vegeta: go install github.com/tsenart/vegeta/v12@latest). Replaces the drift section of docs/BENCHMARKS.md.
#   bench/drift.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${PRODCAT_SHARED_DATA:-$root/../shared/data}/instacart"
[ -f "$data/train.csv" ] || { echo "bench: $data/train.csv is absent (needs ../shared/data)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
vegeta="$(command -v vegeta || echo "$HOME/go/bin/vegeta")"
[ -x "$vegeta" ] || { echo "bench: vegeta missing: go install github.com/tsenart/vegeta/v12@latest" >&2; exit 1; }
(cd "$root" && ./mvnw -q -B -pl functions/evaluate,functions/predict -am install -DskipTests >/dev/null &&
    ./mvnw -q -B -pl functions/evaluate,functions/predict test-compile dependency:build-classpath \
        -Dmdep.outputFile=classpath.txt -Dmdep.includeScope=test)
classpath() { echo "$root/functions/$1/target/test-classes:$root/functions/$1/target/classes:$(cat "$root/functions/$1/classpath.txt")"; }
# the harnesses print their section on stdout, beside the engine's and the servers' log lines: keep the section
section_only() { grep -Ev '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} +(TRACE|DEBUG|INFO|WARN|ERROR) '; }
java -Xmx4g -cp "$(classpath evaluate)" io.prodcat.evaluate.drift.DriftBenchmark "$data" | section_only > "$work/detection.md"
# the database on a core of its own (as a deployment has it on another machine) when taskset and two cores exist
database_core=false
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then database_core=true; fi
# predict as its container runs it: container/jvm-flags (the AOT cache aside) on Java 25 when there is one
java25=$(ls "${PRODCAT_JAVA_HOME:-/nonexistent}/bin/java" /usr/lib/jvm/temurin-25*/bin/java 2>/dev/null | head -n 1 || true)
java -Dprodcat.bench.database-core="$database_core" -Dprodcat.bench.java="${java25:-$(command -v java)}" \
    -Dprodcat.bench.jvm-flags="$root/functions/predict/container/jvm-flags" \
    -cp "$(classpath predict)" io.prodcat.predict.PredictionLogCostBenchmark "$data" \
    "$root/functions/predict/target/prodcat-predict-0.1.0-SNAPSHOT.jar" "$vegeta" | section_only > "$work/cost.md"
rm -f "$root/functions/evaluate/classpath.txt" "$root/functions/predict/classpath.txt"

machine="$(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; $(java -version 2>&1 | head -n 1)"
{
    echo "## Drift check (bench/drift.sh)"
    echo
    echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') on $machine. Instacart department split: a model trained on the"
    echo "18 other departments' training rows; the reference is its answers on 4,000 test rows of those departments;"
    echo "fresh windows sample the other test rows of those departments, windows after the switch sample products of"
    echo "pets, babies and personal care (a product line the model never saw); half-switched windows are half each."
    echo "Defaults: PSI > 0.2, JS > 0.1, chi-square and KS p < 0.001, domain AUC > 0.75. 20 windows per cell."
    echo
    cat "$work/detection.md"
    echo
    cat "$work/cost.md"
} > "$work/section.md"
python3 "$root/bench/replace_section.py" "$root/docs/BENCHMARKS.md" "<!-- drift section: bench/drift.sh -->" "$work/section.md"
cat "$work/section.md"

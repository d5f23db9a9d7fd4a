#!/usr/bin/env bash
# Drift benchmark (on demand): the drift check's thresholds chosen on a calibration split and its detection and false
# alarms on an evaluation split, for the instacart departments and aisles (DriftDetectionBenchmark: partial shifts,
# an in-catalogue shift, a hidden domain; hundreds of windows a cell), the time of one check on a 10,000-prediction
# window, and (unless --without-log-cost) predict's latency at 500 requests/s with the prediction log at 100 %
# against off, predict run as its container runs it (vegeta: go install github.com/tsenart/vegeta/v12@latest).
# Replaces the drift section of docs/BENCHMARKS.md.
#   bench/drift.sh [--without-log-cost]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${PRODCAT_SHARED_DATA:-$root/../shared/data}"
data="$shared/instacart"
[ -f "$data/train.csv" ] || { echo "bench: $data/train.csv is absent (needs ../shared/data)" >&2; exit 1; }
log_cost=true
[ "${1:-}" = "--without-log-cost" ] && log_cost=false
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
vegeta="$(command -v vegeta || echo "$HOME/go/bin/vegeta")"
if $log_cost && [ ! -x "$vegeta" ]; then
    echo "bench: vegeta missing: go install github.com/tsenart/vegeta/v12@latest" >&2
    exit 1
fi
started="$(date -u '+%Y-%m-%d %H:%M UTC')"
(cd "$root" && ./mvnw -q -B -pl functions/evaluate,functions/predict -am install -DskipTests >/dev/null &&
    ./mvnw -q -B -pl functions/evaluate,functions/predict test-compile dependency:build-classpath \
        -Dmdep.outputFile=classpath.txt -Dmdep.includeScope=test)
classpath() { echo "$root/functions/$1/target/test-classes:$root/functions/$1/target/classes:$(cat "$root/functions/$1/classpath.txt")"; }
# the harnesses print their section on stdout, beside the engine's and the servers' log lines: keep the section
section_only() { grep -Ev '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} +(TRACE|DEBUG|INFO|WARN|ERROR) '; }
# the shipped defaults, as evaluate's application.properties sets them
default_of() { sed -n "s/^prodcat\.drift\.$1=\${[A-Z_]*:\(.*\)}$/\1/p" "$root/functions/evaluate/src/main/resources/application.properties"; }
java -Xmx4g -cp "$(classpath evaluate)" io.prodcat.evaluate.drift.DriftDetectionBenchmark "$shared" \
    "$(default_of min-predictions)" "$(default_of psi-threshold)" "$(default_of js-threshold)" \
    "$(default_of p-value)" "$(default_of domain-auc-threshold)" | section_only > "$work/detection.md"
java -Xmx4g -cp "$(classpath evaluate)" io.prodcat.evaluate.drift.DriftBenchmark "$data" | section_only > "$work/check.md"
# the database on a core of its own (as a deployment has it on another machine) when taskset and two cores exist
database_core=false
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then database_core=true; fi
# predict as its container runs it: container/jvm-flags (the AOT cache aside) on Java 25 when there is one
java25=$(ls "${PRODCAT_JAVA_HOME:-/nonexistent}/bin/java" /usr/lib/jvm/temurin-25*/bin/java 2>/dev/null | head -n 1 || true)
if $log_cost; then
    java -Dprodcat.bench.database-core="$database_core" -Dprodcat.bench.java="${java25:-$(command -v java)}" \
        -Dprodcat.bench.jvm-flags="$root/functions/predict/container/jvm-flags" \
        -cp "$(classpath predict)" io.prodcat.predict.PredictionLogCostBenchmark "$data" \
        "$root/functions/predict/target/prodcat-predict-0.1.0-SNAPSHOT.jar" "$vegeta" | section_only > "$work/cost.md"
else
    echo "The prediction log's cost was not measured in this run (\`--without-log-cost\`)." > "$work/cost.md"
fi
rm -f "$root/functions/evaluate/classpath.txt" "$root/functions/predict/classpath.txt"

machine="$(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; $(java -version 2>&1 | head -n 1)"
{
    echo "## Drift check (bench/drift.sh)"
    echo
    echo "- command: \`bench/drift.sh $*\`"
    echo "- machine: $machine"
    echo "- date: $started, finished $(date -u '+%H:%M UTC')"
    echo
    echo "Per catalogue (the instacart departments and aisles splits): a model trained on the training rows of every"
    echo "department but pets, babies and personal care, except the calibration split (training rows whose title's hash"
    echo "ends in 3, 5 or 7): the reference is the model's answers on 4,000 of those, the calibration windows are drawn"
    echo "from the others. The evaluation split is the test rows, never seen while the thresholds were chosen; its"
    echo "off-domain titles are the three departments' rows outside the calibration split; the hidden domain (made-up"
    echo "hardware titles) is in no calibration window. A window is drawn without replacement from its pool."
    echo
    cat "$work/detection.md"
    echo
    cat "$work/check.md"
    echo
    cat "$work/cost.md"
} > "$work/section.md"
python3 "$root/bench/replace_section.py" "$root/docs/BENCHMARKS.md" "<!-- drift section: bench/drift.sh -->" "$work/section.md"
cat "$work/section.md"

#!/usr/bin/env bash
# Predict function benchmark (on demand): launch → first successful /predict for a plain Spring Boot fat jar and
# for the packaging `./prodcat serve predict` uses (extracted Spring-AOT jar + Java 25 AOT cache + container JVM
# flags); then
# latency at a constant 500 requests/s (vegeta, Go module proxy: go install github.com/tsenart/vegeta/v12@latest)
# and resident memory. Uses the dev split's model. Replaces the predict section of docs/BENCHMARKS.md.
#   bench/predict.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${PRODCAT_SHARED_DATA:-$root/../shared/data}/instacart"
[ -f "$data/train.csv" ] || { echo "bench: $data/train.csv is absent (needs ../shared/data)" >&2; exit 1; }
vegeta="$(command -v vegeta || echo "$HOME/go/bin/vegeta")"
[ -x "$vegeta" ] || { echo "bench: vegeta missing: go install github.com/tsenart/vegeta/v12@latest" >&2; exit 1; }
work="$(mktemp -d)"
port=18181
trap 'pkill -f "prodcat-predict-0.1.0-SNAPSHOT.jar" || true; rm -rf "$work"' EXIT

"$root/prodcat" train --data "$data/train.csv" --text-column product_name --label-column department \
    --out "$work/model.prodcat" > /dev/null 2>&1
model_bytes=$(stat -c %s "$work/model.prodcat")
# build and prepare the serve packaging once (not timed)
"$root/prodcat" serve predict --model-uri "$work/model.prodcat" --port $port > "$work/prepare.log" 2>&1 &
until curl -sf -o /dev/null -H 'Content-Type: application/json' -d '{"text":"milk"}' "http://127.0.0.1:$port/predict"; do sleep 0.2; done
pkill -f "prodcat-predict-0.1.0-SNAPSHOT.jar"; sleep 1

# milliseconds from process launch to the first 200 from /predict
first_answer_ms() {
    local start end
    start=$(date +%s%N)
    "$@" > "$work/start.log" 2>&1 &
    until curl -sf -o /dev/null -H 'Content-Type: application/json' -d '{"text":"organic milk"}' \
        "http://127.0.0.1:$port/predict"; do sleep 0.01; done
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
}
fat_jar() { PRODCAT_MODEL_URI="file:$work/model.prodcat" PORT=$port java -jar "$root/functions/predict/target/prodcat-predict-0.1.0-SNAPSHOT.jar"; }
served() { "$root/prodcat" serve predict --model-uri "$work/model.prodcat" --port $port; }

fat=(); fast=()
for run in 1 2 3; do
    fat+=("$(first_answer_ms fat_jar)"); pkill -f "prodcat-predict-0.1.0-SNAPSHOT.jar"; sleep 1
    fast+=("$(first_answer_ms served)")
    [ "$run" -lt 3 ] && { pkill -f "prodcat-predict-0.1.0-SNAPSHOT.jar"; sleep 1; }
done

# the last `served` instance keeps running: load it
pid=$(pgrep -f "prodcat-predict-0.1.0-SNAPSHOT.jar" | head -n 1)
printf 'POST http://127.0.0.1:%s/predict\nContent-Type: application/json\n@%s\n' $port "$work/body.json" > "$work/target.txt"
echo '{"text": "Organic Unsweetened Almond Milk Vanilla", "k": 3}' > "$work/body.json"
"$vegeta" attack -targets="$work/target.txt" -rate=500 -duration=10s > /dev/null          # warm-up
"$vegeta" attack -targets="$work/target.txt" -rate=500 -duration=30s > "$work/results.bin"
report=$("$vegeta" report -type=json < "$work/results.bin")
rss_kb=$(ps -o rss= -p "$pid" | tr -d ' ')

median() { printf '%s\n' "$@" | sort -n | sed -n '2p'; }
python3 - "$report" > "$work/section.md" <<PY
import json, sys
r = json.loads(sys.argv[1])
lat = r["latencies"]
print("## Predict function (bench/predict.sh)\n")
print("- machine: $(nproc) cores; fat jar on $(java -version 2>&1 | head -n 1 | tr -d '"'), served on $("$(cat "$root/functions/predict/target/extracted/java" 2>/dev/null || echo java)" -version 2>&1 | head -n 1 | tr -d '"'); date: $(date -u '+%Y-%m-%d %H:%M UTC')")
print("- model: the dev split's (train.csv, default settings), ${model_bytes} bytes\n")
print("| measure | plain fat jar (java -jar) | ./prodcat serve predict: extracted, Spring AOT, Java 25 AOT cache | target |")
print("| --- | --- | --- | --- |")
print("| launch to first successful /predict, median of 3 (ms) | $(median "${fat[@]}") (${fat[*]}) | $(median "${fast[@]}") (${fast[*]}) | <= 1000 |")
print("| HTTP latency at 500 req/s for 30 s, p50 / p99 (ms) | | %.2f / %.2f | p99 <= 10 |" % (lat["50th"] / 1e6, lat["99th"] / 1e6))
print("| errors at 500 req/s | | %d of %d (success ratio %.4f) | 0 |" % (r["requests"] - round(r["success"] * r["requests"]), r["requests"], r["success"]))
print("| resident memory after the load (MB) | | %d | <= 300 |" % (int("${rss_kb}") / 1024))
PY
python3 "$root/bench/replace_section.py" "$root/docs/BENCHMARKS.md" "<!-- predict section: bench/predict.sh -->" \
    "$work/section.md"
echo "bench: wrote the predict section of docs/BENCHMARKS.md" >&2

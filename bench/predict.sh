#!/usr/bin/env bash
# Predict function benchmark (on demand): launch → first successful /predict for a plain Spring Boot fat jar and
# for the packaging `./prodcat serve predict` uses (extracted Spring-AOT jar + Java 25 AOT cache + container JVM
# flags); then
# latency at a constant 500 requests/s (vegeta, Go module proxy: go install github.com/tsenart/vegeta/v12@latest)
# and resident memory; then throughput side by side with a pinned earlier build (PRODCAT_BENCH_BASELINE, default
# 795ffa9: the last build before security, rollout and the prediction log came in), each served by its own
# `./prodcat serve predict` with the model its own `./prodcat train` made, wrk (Debian's package) 2 threads x 8
# connections, 8 s warm-up then 15 s, alternating, PRODCAT_BENCH_ROUNDS rounds (default 3), each launch timed to its
# first answer as well; a third arm serves this build with the baseline's JVM options, so that the table separates
# what the JVM options give from what the request path costs. Uses the dev split's model. Replaces the predict
# section of docs/BENCHMARKS.md; exits 3 when this build's median throughput is under 95 % of the baseline's, so that
# a regression shows.
#   bench/predict.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${PRODCAT_SHARED_DATA:-$root/../shared/data}/instacart"
[ -f "$data/train.csv" ] || { echo "bench: $data/train.csv is absent (needs ../shared/data)" >&2; exit 1; }
vegeta="$(command -v vegeta || echo "$HOME/go/bin/vegeta")"
[ -x "$vegeta" ] || { echo "bench: vegeta missing: go install github.com/tsenart/vegeta/v12@latest" >&2; exit 1; }
command -v wrk > /dev/null || { echo "bench: wrk missing (Debian: apt-get install wrk)" >&2; exit 1; }
baseline_commit="${PRODCAT_BENCH_BASELINE:-795ffa9}"
rounds="${PRODCAT_BENCH_ROUNDS:-3}"
work="$(mktemp -d)"
port=18181
baseline="$work/baseline"
trap 'pkill -f "prodcat-predict-0.1.0-SNAPSHOT.jar" || true; git -C "$root" worktree remove --force "$baseline" 2> /dev/null || true; rm -rf "$work"' EXIT

"$root/prodcat" train --data "$data/train.csv" --text-column product_name --label-column department \
    --out "$work/model.prodcat" > /dev/null 2>&1
model_bytes=$(stat -c %s "$work/model.prodcat")
# until predict answers
wait_for_answer() {
    until curl -sf -o /dev/null -H 'Content-Type: application/json' -d '{"text":"milk"}' "http://127.0.0.1:$port/predict"; do
        sleep 0.2
    done
}
# a build's serve packaging made once, not timed (its first start builds, extracts and records the AOT cache)
prepare_serve() { # PRODCAT_SCRIPT MODEL
    "$1" serve predict --model-uri "$2" --port $port > "$work/prepare.log" 2>&1 &
    wait_for_answer
    pkill -f "prodcat-predict-0.1.0-SNAPSHOT.jar"; sleep 2
}
prepare_serve "$root/prodcat" "$work/model.prodcat"

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
pid=$(pgrep -n -f "prodcat-predict-0.1.0-SNAPSHOT.jar") # the newest: one stopped before may still be shutting down
printf 'POST http://127.0.0.1:%s/predict\nContent-Type: application/json\n@%s\n' $port "$work/body.json" > "$work/target.txt"
echo '{"text": "Organic Unsweetened Almond Milk Vanilla", "k": 3}' > "$work/body.json"
"$vegeta" attack -targets="$work/target.txt" -rate=500 -duration=10s > /dev/null          # warm-up
"$vegeta" attack -targets="$work/target.txt" -rate=500 -duration=30s > "$work/results.bin"
report=$("$vegeta" report -type=json < "$work/results.bin")
rss_kb=$(ps -o rss= -p "$pid" | tr -d ' ')
pkill -f "prodcat-predict-0.1.0-SNAPSHOT.jar"; sleep 1

# Throughput side by side with the pinned baseline: built (package only: its snapshots must not replace this build's
# in the local Maven repository), its stamp set so that its `./prodcat serve predict` does not build again
echo "bench: building the baseline $baseline_commit..." >&2
git -C "$root" worktree add --detach "$baseline" "$baseline_commit" > /dev/null 2>&1
(cd "$baseline" && ./mvnw -q -B -pl functions/predict -am package -DskipTests > "$work/baseline-build.log" 2>&1)
touch "$baseline/functions/predict/target/.packaged"
"$baseline/prodcat" train --data "$data/train.csv" --text-column product_name --label-column department \
    --out "$work/baseline-model.prodcat" > "$work/baseline-train.log" 2>&1
prepare_serve "$baseline/prodcat" "$work/baseline-model.prodcat"
echo '{"text": "Organic Unsweetened Almond Milk Vanilla"}' > "$work/wrk-body.json"
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = io.open("$work/wrk-body.json"):read("*a")
wrk.headers["Content-Type"] = "application/json"
LUA
# one round of one arm (a command that serves predict): launched (-> first answer timed), warmed up for 8 s, then 15 s
# measured; prints "REQUESTS_PER_S P50_MS P99_MS WARM_UP_REQUESTS_PER_S START_MS"
throughput() { # COMMAND...
    local start_ms
    start_ms=$(first_answer_ms "$@")
    wrk -t2 -c8 -d8s -s "$work/post.lua" "http://127.0.0.1:$port/predict" > "$work/warm-up.txt"
    wrk -t2 -c8 -d15s --latency -s "$work/post.lua" "http://127.0.0.1:$port/predict" > "$work/wrk.txt"
    pkill -f "prodcat-predict-0.1.0-SNAPSHOT.jar"; sleep 2
    python3 - "$work/wrk.txt" "$work/warm-up.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    value, unit = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\b", text, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
def per_second(path):
    return re.search(r"Requests/sec:\s+([\d.]+)", open(path).read()).group(1)
print(per_second(sys.argv[1]), ms("50%"), ms("99%"), per_second(sys.argv[2]), end=" ")
PY
    echo "$start_ms"
}
# this build's packaging (extracted jar, its AOT cache) started with the baseline's JVM options
served_with_baseline_flags() {
    local extracted="$root/functions/predict/target/extracted"
    # shellcheck disable=SC2046
    (cd "$extracted" && PRODCAT_MODEL_URI="file:$work/model.prodcat" PORT=$port exec "$(cat java)" \
        $(cat "$baseline/functions/predict/container/jvm-flags") -jar prodcat-predict-0.1.0-SNAPSHOT.jar)
}
before=(); after=(); same_flags=()
for round in $(seq "$rounds"); do
    echo "bench: throughput round $round of $rounds..." >&2
    before+=("$(throughput "$baseline/prodcat" serve predict --model-uri "$work/baseline-model.prodcat" --port $port)")
    after+=("$(throughput "$root/prodcat" serve predict --model-uri "$work/model.prodcat" --port $port)")
    same_flags+=("$(throughput served_with_baseline_flags)")
done

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
RATIO_FILE="$work/ratio" python3 - "$baseline_commit" "$rounds" "$(git -C "$root" rev-parse --short HEAD)" "${before[@]}" "${after[@]}" "${same_flags[@]}" \
    >> "$work/section.md" <<'PY'
import os, statistics, sys
commit, rounds, head = sys.argv[1], int(sys.argv[2]), sys.argv[3]
runs = [tuple(map(float, r.split())) for r in sys.argv[4:]]
before, after, same_flags = runs[:rounds], runs[rounds:2 * rounds], runs[2 * rounds:]
def summary(values, fmt):
    return (fmt % statistics.median(values)) + " (" + ", ".join(fmt % v for v in values) + ")"
ratio = statistics.median(a[0] for a in after) / statistics.median(b[0] for b in before)
print("\n### Throughput side by side with %s (the last build before security, rollout and the prediction log)\n" % commit)
print("Each build served by its own `./prodcat serve predict` with the model its own `./prodcat train` made from the dev")
print("split; `wrk -t2 -c8` on `POST /predict` (one title), 8 s warm-up then 15 s, the builds alternating, %d rounds;" % rounds)
print("median (each round). Each round's launch -> first answer is timed too. The third row is this build's packaging")
print("started with the baseline's JVM options (`functions/predict/container/jvm-flags` of %s) instead of its own:" % commit)
print("the difference between the two rows of this build is the JVM options' share, the rest is the request path's.")
print("The warm-up's own rate shows how soon each reaches its speed under load from a cold start.\n")
print("| build | requests/s | p50 (ms) | p99 (ms) | requests/s in the warm-up (the first 8 s after the first answer) | launch -> first answer (ms) |")
print("| --- | --- | --- | --- | --- | --- |")
for name, rows in (("%s (baseline)" % commit, before), ("%s (this build)" % head, after),
                   ("%s with the baseline's JVM options" % head, same_flags)):
    print("| %s | %s | %s | %s | %s | %s |" % (name, summary([r[0] for r in rows], "%.0f"), summary([r[1] for r in rows], "%.2f"),
                                              summary([r[2] for r in rows], "%.2f"), summary([r[3] for r in rows], "%.0f"),
                                              summary([r[4] for r in rows], "%.0f")))
same_ratio = statistics.median(s[0] for s in same_flags) / statistics.median(b[0] for b in before)
print("\nThis build's median throughput is **%.1f %%** of the baseline's (target >= 95 %%); with the baseline's JVM options"
      " %.1f %%. Median start %.0f ms against %.0f ms." % (100 * ratio, 100 * same_ratio,
      statistics.median(a[4] for a in after), statistics.median(b[4] for b in before)))
open(os.environ["RATIO_FILE"], "w").write("%.4f" % ratio)
PY
python3 "$root/bench/replace_section.py" "$root/docs/BENCHMARKS.md" "<!-- predict section: bench/predict.sh -->" \
    "$work/section.md"
echo "bench: wrote the predict section of docs/BENCHMARKS.md" >&2
ratio=$(cat "$work/ratio")
if ! python3 -c "import sys; sys.exit(float(sys.argv[1]) < 0.95)" "$ratio"; then
    echo "bench: this build serves $ratio of the baseline's throughput, under 0.95: a regression" >&2
    exit 3
fi

#!/usr/bin/env bash
# Scale benchmark (on demand; issue 13): generated catalogues of many leaves in a three-level tree
# (bench/generate_catalogue.py), trained with `./prodcat train` one after another. Per catalogue: train wall time,
# peak RSS, model size, test macro-F1 (leaf and department level), in-process predict us/item, and the resident
# memory of the predict function (`./prodcat serve predict`, its container's JVM flags) serving the model after
# 1,000 test titles; a training that does not finish within the time limit or runs out of memory is reported as
# such. Writes the "Scale" section of docs/BENCHMARKS.md and docs/scale.png (cost against rows and against
# classes; needs Debian's python3-matplotlib).
#   bench/scale.sh [LEAVES:ROWS ...]     default: 1000:40000 5000:40000 1000:400000 5000:400000 5000:2000000
# PRODCAT_SCALE_TIMEOUT (seconds a training may take, default 1200) and PRODCAT_SCALE_HEAP (-Xmx for training,
# default 4g: the issue's memory budget) apply to every catalogue; PRODCAT_SCALE_PARAMS (space-separated key=value
# hyperparameters, default none: the engine's automatic choice samples 4,000 negatives per class above 20 million
# training rows × classes) is passed to every training as --param.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
configs=("$@")
[ ${#configs[@]} -gt 0 ] || configs=(1000:40000 5000:40000 1000:400000 5000:400000 5000:2000000)
timeout_s="${PRODCAT_SCALE_TIMEOUT:-1200}"
heap="${PRODCAT_SCALE_HEAP:-4g}"
params="${PRODCAT_SCALE_PARAMS:-}"
param_args=()
for param in $params; do param_args+=(--param "$param"); done
work="$(mktemp -d)"
port=18182
trap 'rm -rf "$work"' EXIT
"$root/prodcat" --help > /dev/null # builds the command line when needed
prodcat() { PRODCAT_JAVA_OPTS="-Xmx$heap" "$root/prodcat" "$@"; }

# resident KB of the predict function serving DIR/model.prodcat after 1,000 of DIR/test.csv's titles (empty when it
# does not answer within ten minutes: its first start may package it and record its AOT cache)
predict_function_rss_kb() {
    local dir="$1" pid answered=""
    "$root/prodcat" serve predict --model-uri "$dir/model.prodcat" --port $port > "$dir/function.log" 2>&1 &
    pid=$!
    for _ in $(seq 3000); do
        curl -sf -o /dev/null -H 'Content-Type: application/json' -d '{"text":"milk"}' \
            "http://127.0.0.1:$port/predict" && { answered=yes; break; }
        sleep 0.2
    done
    if [ -n "$answered" ]; then
        python3 - "$dir/test.csv" "$port" >&2 <<'EOF'
import csv, json, sys, urllib.request
titles = [row["product_name"] for row in csv.DictReader(open(sys.argv[1]))][:1000]
for title in titles:
    request = urllib.request.Request("http://127.0.0.1:%s/predict" % sys.argv[2], json.dumps({"text": title}).encode(),
                                     {"Content-Type": "application/json"})
    urllib.request.urlopen(request).read()
EOF
        ps -o rss= -p "$pid" | tr -d ' ' # the launcher execs the function's JVM: $pid is that JVM
    else
        echo "bench: the predict function did not answer (see its log below)" >&2
        tail -n 5 "$dir/function.log" >&2
    fi
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

for config in "${configs[@]}"; do
    leaves="${config%%:*}" rows="${config##*:}" dir="$work/$config"
    echo "bench: catalogue of $leaves leaves, $rows rows" >&2
    python3 "$root/bench/generate_catalogue.py" "$leaves" "$rows" "$dir"
    rows=$(( $(wc -l < "$dir/train.csv") + $(wc -l < "$dir/test.csv") - 2 )) # at least 12 a leaf: can exceed ROWS
    result="$work/result-$leaves-$rows.json"
    set +e
    /usr/bin/time -f '%M %e' -o "$dir/time" timeout "$timeout_s" env PRODCAT_JAVA_OPTS="-Xmx$heap" \
        "$root/prodcat" train --data "$dir/train.csv" --test "$dir/test.csv" --text-column product_name \
        --label-column category "${param_args[@]}" --out "$dir/model.prodcat" > "$dir/train.out" 2> "$dir/train.err"
    status=$?
    set -e
    read -r rss_kb wall_s < <(tail -n 1 "$dir/time")
    if [ "$status" -eq 0 ]; then
        prodcat evaluate --model "$dir/model.prodcat" --data "$dir/test.csv" --text-column product_name \
            --label-column category | tail -n 1 > "$dir/evaluate.json"
        function_rss_kb=$(predict_function_rss_kb "$dir")
        python3 - "$leaves" "$rows" "$rss_kb" "$wall_s" "$dir" "$function_rss_kb" > "$result" <<'EOF'
import json, sys
leaves, rows, rss_kb, wall_s, d, function_rss_kb = sys.argv[1:7]
train = json.loads(open(d + "/train.out").read().strip().splitlines()[-1])
evaluate = json.load(open(d + "/evaluate.json"))
levels = train["hierarchy"]["levels"]
print(json.dumps({"leaves": int(leaves), "rows": int(rows), "ok": True, "peak_rss_mb": int(rss_kb) / 1024,
                  "wall_s": float(wall_s), "train_s": train["train_seconds"], "model_mb": train["model_bytes"] / 1e6,
                  "leaf_macro_f1": levels[-1]["macro_f1"], "top_macro_f1": levels[0]["macro_f1"],
                  "predict_us": evaluate["predict_us_per_item"],
                  "function_rss_mb": int(function_rss_kb) / 1024 if function_rss_kb else None}))
EOF
    else
        why="exit $status"
        [ "$status" -eq 124 ] && why="not finished in $timeout_s s"
        grep -q "OutOfMemoryError" "$dir/train.err" && why="out of memory at -Xmx$heap"
        printf '{"leaves": %s, "rows": %s, "ok": false, "why": "%s", "peak_rss_mb": %s, "wall_s": %s}\n' \
            "$leaves" "$rows" "$why" "$((rss_kb / 1024))" "$wall_s" > "$result"
    fi
    cat "$result" >&2
    rm -rf "$dir"
done

machine="$(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; $(java -version 2>&1 | head -n 1)"
/usr/bin/python3 "$root/bench/scale_report.py" "$work" "$root/docs/scale.png" "${params:+PRODCAT_SCALE_PARAMS='$params' }bench/scale.sh ${configs[*]}" "$machine" \
    "$(date -u '+%Y-%m-%d %H:%M UTC')" "$heap" "$timeout_s" > "$work/section.md"
python3 "$root/bench/replace_section.py" "$root/docs/BENCHMARKS.md" "<!-- scale section: bench/scale.sh -->" \
    "$work/section.md"
echo "bench: wrote the Scale section of docs/BENCHMARKS.md and docs/scale.png" >&2

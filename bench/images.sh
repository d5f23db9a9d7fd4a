#!/usr/bin/env bash
# The function images, measured in their containers as knative/ runs them (on demand): each image's build time
# (every layer built again) and size; predict's `podman run` -> first answer with and without the AOT cache (with it,
# also from the container's process start, which leaves out podman's own set-up), and its
# memory at rest and under load (wrk 2 threads x 8 connections, 20 s) against knative/predict.yaml's limit; then the
# whole chain from the images (`./prodcat demo --images`) on the aisles split (134 category paths), with train's and
# evaluate's peak memory against their limits. Replaces the images section of docs/BENCHMARKS.md.
#   bench/images.sh        (podman, runc, mmdebstrap, wrk, a JDK 25; ../shared/data)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${PRODCAT_SHARED_DATA:-$root/../shared/data}"
[ -f "$data/instacart/train.csv" ] && [ -f "$data/instacart-aisles/train.csv" ] ||
    { echo "bench: the instacart splits are absent (needs ../shared/data)" >&2; exit 1; }
command -v wrk > /dev/null || { echo "bench: wrk missing (Debian: apt-get install wrk)" >&2; exit 1; }
podman=(podman --runtime runc)
work="$(mktemp -d)"
port=18190
container=prodcat-bench-predict
trap '"${podman[@]}" rm --force --ignore "$container" > /dev/null 2>&1 || true; rm -rf "$work"' EXIT
say() { echo "bench: $*" >&2; }

limit_mib() { # FUNCTION -> its memory limit in MiB, from knative/FUNCTION.yaml
    sed -n '/limits:/,/memory:/s/^ *memory: *\([0-9]*\)\(Mi\|Gi\)$/\1 \2/p' "$root/knative/$1.yaml" |
        awk '{print ($2 == "Gi") ? $1 * 1024 : $1}'
}

say "building the images, every layer again..."
PRODCAT_IMAGES_NO_CACHE=true "$root/functions/images.sh" > "$work/build.txt"
tag="$(cat "$root/functions/target/images/tag")"
cat "$work/build.txt" >&2

say "the dev split's model for predict..."
"$root/prodcat" train --data "$data/instacart/train.csv" --text-column product_name --label-column department \
    --out "$work/model.prodcat" > /dev/null 2>&1
chmod a+r "$work/model.prodcat"
chmod a+rx "$work"

predict_limit=$(limit_mib predict)
# predict as knative/predict.yaml runs it; extra arguments go before the image (an entrypoint without the cache)
run_predict() {
    "${podman[@]}" run -d --name "$container" --network host --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
        --read-only --read-only-tmpfs=false --tmpfs /tmp:rw,mode=1777,size=256m --cap-drop=ALL \
        --security-opt no-new-privileges --memory "${predict_limit}m" --memory-swap "${predict_limit}m" \
        -v "$work:/models:ro" -e PRODCAT_MODEL_URI=file:/models/model.prodcat -e PORT=$port \
        -e SERVER_ADDRESS=127.0.0.1 "$@" > /dev/null
}
# "A B": milliseconds from `podman run` to the first 200 from /predict (A), and from the container's process start
# (podman's StartedAt: namespaces, mounts and cgroup made, the entrypoint launched) to that answer (B)
first_answer_ms() {
    local start end started
    start=$(date +%s%N)
    run_predict "$@"
    until curl -sf -o /dev/null -H 'Content-Type: application/json' -d '{"text":"organic milk"}' \
        "http://127.0.0.1:$port/predict"; do sleep 0.01; done
    end=$(date +%s%N)
    started=$(date -d "$("${podman[@]}" inspect --format '{{.State.StartedAt}}' "$container" | sed 's/ [A-Z]*$//')" +%s%N) ||
        return 1
    echo "$(( (end - start) / 1000000 )) $(( (end - started) / 1000000 ))"
}
stop_predict() { "${podman[@]}" rm --force --time 10 "$container" > /dev/null; }
cgroup_mib() { # FILE of the container's memory cgroup -> MiB
    "${podman[@]}" exec "$1" cat "/sys/fs/cgroup/memory/$2" | awk '{printf "%d", $1 / 1048576}'
}

without_cache=(--entrypoint sh localhost/prodcat/predict:"$tag" -c \
    'exec java $(sed "s/-XX:AOTCache=app.aot//" /app/jvm-flags) -jar app.jar')
cached=(); cached_inside=(); uncached=()
for round in 1 2 3; do
    say "predict's start, round $round of 3..."
    # (each measurement as an assignment: a failed one stops the bench rather than leaving a wrong cell)
    times=$(first_answer_ms localhost/prodcat/predict:"$tag"); stop_predict
    read -r total inside <<< "$times"
    cached+=("$total"); cached_inside+=("$inside")
    times=$(first_answer_ms "${without_cache[@]}"); stop_predict
    uncached+=("${times%% *}")
done

say "predict's memory at rest and under load..."
run_predict localhost/prodcat/predict:"$tag"
until curl -sf -o /dev/null -H 'Content-Type: application/json' -d '{"text":"organic milk"}' \
    "http://127.0.0.1:$port/predict"; do sleep 0.1; done
sleep 10
rest=$(cgroup_mib "$container" memory.usage_in_bytes)
echo '{"text": "Organic Unsweetened Almond Milk Vanilla"}' > "$work/body.json"
printf 'wrk.method = "POST"\nwrk.body = io.open("%s"):read("*a")\nwrk.headers["Content-Type"] = "application/json"\n' \
    "$work/body.json" > "$work/post.lua"
wrk -t2 -c8 -d20s -s "$work/post.lua" "http://127.0.0.1:$port/predict" > "$work/wrk.txt" &
sleep 15
loaded=$(cgroup_mib "$container" memory.usage_in_bytes)
wait
peak=$(cgroup_mib "$container" memory.max_usage_in_bytes)
throughput=$(sed -n 's/^Requests\/sec: *\([0-9.]*\)/\1/p' "$work/wrk.txt")
stop_predict

say "the chain from the images on the aisles split..."
"$root/prodcat" demo --images --exit-when-done --data "$data/instacart-aisles/train.csv" \
    --label-column category_path > "$work/demo.txt" 2>&1 &
demo=$!
declare -A peaks=([train]=0 [evaluate]=0)
while kill -0 "$demo" 2> /dev/null; do
    for function in train evaluate; do
        name=$("${podman[@]}" ps --filter "name=prodcat-demo-$function-" --format '{{.Names}}' | head -n 1)
        [ -n "$name" ] || continue
        seen=$(cgroup_mib "$name" memory.max_usage_in_bytes 2> /dev/null || echo 0)
        [ "${seen:-0}" -le "${peaks[$function]}" ] || peaks[$function]=$seen
    done
    sleep 1
done
demo_rc=0; wait "$demo" || demo_rc=$?
[ "$demo_rc" -eq 0 ] || { tail -n 40 "$work/demo.txt" >&2; say "the chain from the images failed"; exit 1; }
rows=$(( $(wc -l < "$data/instacart-aisles/train.csv") - 1 ))
champion=$(sed -n 's/.*upload -> champion \([0-9]*\) served by predict: \([0-9.]*\) s/version \1 after \2 s/p' "$work/demo.txt")

median() { printf '%s\n' "$@" | sort -n | sed -n '2p'; }
{
    echo "## The function images in their containers (bench/images.sh)"
    echo
    echo "- command: \`bench/images.sh\`; images \`localhost/prodcat/<function>:$tag\` on the base \`functions/images.sh\` makes"
    echo "  (Debian bookworm from Debian's packages, a Java 25 runtime jlinked from $("$(ls -d /usr/lib/jvm/*25*/bin/java | head -n 1)" -version 2>&1 | head -n 1 | tr -d '"'))"
    echo "- machine: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB; podman $(podman --version | awk '{print $3}') with runc"
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- predict runs as knative/predict.yaml says: read-only root, /tmp a 256 MiB tmpfs, all capabilities dropped, no"
    echo "  privilege escalation, user 10001, memory limit ${predict_limit} MiB without swap; the dev split's model from a read-only mount"
    echo
    echo "| image | size | build (every layer again, AOT cache recorded) |"
    echo "| --- | --- | --- |"
    sed -n 's/^\(localhost\/prodcat\/[a-z]*:[^ ]*\) \([0-9]*\) MB, built in \([0-9]*\) s$/| `\1` | \2 MB | \3 s |/p' "$work/build.txt"
    echo
    echo "| predict in its container | measured | limit or target |"
    echo "| --- | --- | --- |"
    echo "| \`podman run\` -> first answer with the AOT cache, median of 3 (ms) | $(median "${cached[@]}") (${cached[*]}) | <= 1000 |"
    echo "| the container's process start -> that first answer (ms) | $(median "${cached_inside[@]}") (${cached_inside[*]}) | <= 1000 |"
    echo "| \`podman run\` -> first answer without the AOT cache (ms) | $(median "${uncached[@]}") (${uncached[*]}) | |"
    echo "| memory in use at rest, 10 s after the first answer (cgroup, MiB) | $rest | ${predict_limit} |"
    echo "| memory in use under load, wrk 2 x 8 for 20 s, at 15 s (MiB) | $loaded | ${predict_limit} |"
    echo "| peak memory (MiB) / throughput under that load (req/s) | $peak / $throughput | ${predict_limit} / |"
    echo
    echo "The chain from the images (\`./prodcat demo --images --exit-when-done --data instacart-aisles/train.csv"
    echo "--label-column category_path\`, $rows titles): champion $champion from the upload;"
    echo "peak memory of train ${peaks[train]} MiB (limit $(limit_mib train)), of evaluate ${peaks[evaluate]} MiB (limit $(limit_mib evaluate))."
} > "$work/section.md"
python3 "$root/bench/replace_section.py" "$root/docs/BENCHMARKS.md" "<!-- images section: bench/images.sh -->" \
    "$work/section.md"
cat "$work/section.md"
say "wrote the images section of docs/BENCHMARKS.md"

#!/usr/bin/env bash
# Side-by-side benchmark on the fixed dev splits (../shared/data/instacart, instacart-aisles) and a long-tail
# catalogue made from the aisles split (bench/catalogues.py): prodcat, scikit-learn and fastText in one run, on this
# machine, in PRODCAT_BENCH_ROUNDS rounds (5) that alternate who goes first; times are reported as the median and
# range of the rounds. Writes docs/BENCHMARKS.md: its own part, then every other script's section as that script
# last wrote it. With --all it then runs every other benchmark script, so that the whole of docs/BENCHMARKS.md (and
# the settings section of docs/ENGINE.md) is regenerated: many hours on 2 cores. On demand only; not part of CI.
#   bench/run.sh [--all]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${PRODCAT_SHARED_DATA:-$root/../shared/data}/instacart"
if [ ! -f "$data/train.csv" ] || [ ! -f "$data/test.csv" ]; then
    echo "bench: $data/train.csv and test.csv are absent: the benchmark needs ../shared/data beside the checkout" >&2
    exit 1
fi
if ! /usr/bin/python3 -c 'import sklearn, fasttext' 2>/dev/null; then
    echo "bench: the peers need Debian's packages: apt-get install python3-sklearn python3-fasttext" >&2
    exit 1
fi
work="$(mktemp -d)"
# PRODCAT_BENCH_KEEP=1 keeps the rounds' results (their folder is printed) to re-run bench/report.py on them
trap '[ -n "${PRODCAT_BENCH_KEEP:-}" ] && echo "bench: results in $work" >&2 || rm -rf "$work"' EXIT

started="$(date -u '+%Y-%m-%d %H:%M UTC')"
echo "bench: building" >&2
"$root/prodcat" --help >/dev/null
(cd "$root" && ./mvnw -q -B -pl shared/engine -am install -DskipTests -Dspotless.check.skip=true &&
    ./mvnw -q -B -pl shared/engine test-compile dependency:build-classpath \
    -Dmdep.outputFile="$work/test-classpath.txt" -Dmdep.includeScope=test)

rounds="${PRODCAT_BENCH_ROUNDS:-5}"
# prodcat (train, then evaluate: the in-process predict time) on one catalogue's train.csv -> test.csv; results in
# $out/prodcat$SUFFIX.{rss,train.json,evaluate.json}
prodcat_on() {
    local dir="$1" suffix="$2" label="$3" out="$4"
    echo "bench: prodcat on $dir ($out)" >&2
    /usr/bin/time -f '%M' -o "$out/prodcat$suffix.rss" "$root/prodcat" train --data "$dir/train.csv" \
        --test "$dir/test.csv" --text-column product_name --label-column "$label" --out "$out/model$suffix.prodcat" \
        | tail -n 1 > "$out/prodcat$suffix.train.json"
    "$root/prodcat" evaluate --model "$out/model$suffix.prodcat" --data "$dir/test.csv" --text-column product_name \
        --label-column "$label" | tail -n 1 > "$out/prodcat$suffix.evaluate.json"
}
# the three peers on the same catalogue: $out/$PEER$SUFFIX.json
peers_on() {
    local dir="$1" suffix="$2" label="$3" out="$4"
    for peer in sklearn-word-char sklearn-word fasttext; do
        echo "bench: $peer on $dir ($out)" >&2
        /usr/bin/python3 "$root/bench/peers.py" "$peer" "$dir" "$out" "$label" > "$out/$peer$suffix.json"
    done
}
# one round: prodcat first in odd rounds, the peers first in even ones
side_by_side() {
    local round="$5"
    if [ $((round % 2)) -eq 1 ]; then
        prodcat_on "$@"
        peers_on "$@"
    else
        peers_on "$@"
        prodcat_on "$@"
    fi
}
aisles="${PRODCAT_SHARED_DATA:-$root/../shared/data}/instacart-aisles"
# the long tail: the aisles split with a third of its leaves cut to 3-15 training rows (bench/catalogues.py)
python3 "$root/bench/catalogues.py" "$work/catalogues" 2>/dev/null
long_tail="$work/catalogues/long-tail"
for round in $(seq 1 "$rounds"); do
    out="$work/round-$round"
    mkdir -p "$out"
    side_by_side "$data" "" department "$out" "$round"
    side_by_side "$aisles" ".aisles" category_path "$out" "$round"
    side_by_side "$long_tail" ".long-tail" category "$out" "$round"
done
echo "bench: compaction (each catalogue trained twice: weights without loss, and compacted)" >&2
for catalogue in "$data department instacart" "$aisles category_path aisles" "$long_tail category long-tail"; do
    # shellcheck disable=SC2086
    set -- $catalogue
    java -cp "$root/shared/engine/target/test-classes:$root/shared/engine/target/classes:$(cat "$work/test-classpath.txt")" \
        -Dlogback.configurationFile=prodcat-cli-logback.xml io.prodcat.engine.training.CompactionComparison "$1" "$2" test \
        | tail -n 1 > "$work/compaction.$3.json"
done
for round in $(seq 1 "$rounds"); do
    echo "bench: solver comparison, round $round" >&2
    java -cp "$root/shared/engine/target/test-classes:$root/shared/engine/target/classes:$(cat "$work/test-classpath.txt")" \
        -Dlogback.configurationFile=prodcat-cli-logback.xml io.prodcat.engine.training.SolverComparison "$data" \
        > "$work/round-$round/solvers.json"
done

machine="$(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; $(java -version 2>&1 | head -n 1); Python $(/usr/bin/python3 -c 'import sklearn, sys; print(sys.version.split()[0], "scikit-learn", sklearn.__version__)')"
/usr/bin/python3 "$root/bench/report.py" "$work" "bench/run.sh (PRODCAT_BENCH_ROUNDS=$rounds)" "$machine" \
    "$started, finished $(date -u '+%H:%M UTC')" > "$work/section.md"
python3 "$root/bench/replace_section.py" "$root/docs/BENCHMARKS.md" "<!-- run section: bench/run.sh -->" "$work/section.md"
echo "bench: wrote its section of docs/BENCHMARKS.md" >&2
if [ "${1:-}" = "--all" ]; then
    # one after another: each times itself and must not share the machine with another
    for script in "predict.sh" "spring-floor.sh" "demo.sh" "load-with-faults.sh 60" "drift.sh" "hostile.sh 30" \
        "poisoning.sh 30" "settings.sh" "scale.sh"; do
        echo "bench: bench/$script" >&2
        # shellcheck disable=SC2086
        (cd "$root" && bash bench/$script)
    done
fi

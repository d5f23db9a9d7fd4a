#!/usr/bin/env bash
# Side-by-side benchmark on the fixed dev split (../shared/data/instacart): prodcat, scikit-learn and fastText
# in one run, on this machine. Writes docs/BENCHMARKS.md. On demand only; not part of the tests or CI.
#   bench/run.sh
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
trap 'rm -rf "$work"' EXIT
columns=(--text-column product_name --label-column department)

echo "bench: building" >&2
"$root/prodcat" --help >/dev/null
(cd "$root" && ./mvnw -q -B -pl shared/engine -am install -DskipTests -Dspotless.check.skip=true &&
    ./mvnw -q -B -pl shared/engine test-compile dependency:build-classpath \
    -Dmdep.outputFile="$work/test-classpath.txt" -Dmdep.includeScope=test)

echo "bench: prodcat train" >&2
/usr/bin/time -f '%M' -o "$work/prodcat.rss" "$root/prodcat" train --data "$data/train.csv" --test "$data/test.csv" \
    "${columns[@]}" --out "$work/model.prodcat" > "$work/prodcat.train.out"
tail -n 1 "$work/prodcat.train.out" > "$work/prodcat.train.json"
echo "bench: prodcat evaluate (in-process predict timing)" >&2
"$root/prodcat" evaluate --model "$work/model.prodcat" --data "$data/test.csv" "${columns[@]}" | tail -n 1 \
    > "$work/prodcat.evaluate.json"
for peer in sklearn-word-char sklearn-word fasttext; do
    echo "bench: $peer" >&2
    /usr/bin/python3 "$root/bench/peers.py" "$peer" "$data" "$work" > "$work/$peer.json"
done
aisles="${PRODCAT_SHARED_DATA:-$root/../shared/data}/instacart-aisles"
echo "bench: prodcat train on the aisles split (category paths)" >&2
/usr/bin/time -f '%M' -o "$work/prodcat.aisles.rss" "$root/prodcat" train --data "$aisles/train.csv" \
    --test "$aisles/test.csv" --text-column product_name --label-column category_path --out "$work/aisles.prodcat" \
    > "$work/prodcat.aisles.train.out"
tail -n 1 "$work/prodcat.aisles.train.out" > "$work/prodcat.aisles.train.json"
"$root/prodcat" evaluate --model "$work/aisles.prodcat" --data "$aisles/test.csv" --text-column product_name \
    --label-column category_path | tail -n 1 > "$work/prodcat.aisles.evaluate.json"
for peer in sklearn-word-char sklearn-word fasttext; do
    echo "bench: $peer on the aisles split" >&2
    /usr/bin/python3 "$root/bench/peers.py" "$peer" "$aisles" "$work" category_path > "$work/$peer.aisles.json"
done
echo "bench: compaction (each split trained twice: weights without loss, and compacted)" >&2
for split in "$data department" "$aisles category_path"; do
    # shellcheck disable=SC2086
    set -- $split
    java -cp "$root/shared/engine/target/test-classes:$root/shared/engine/target/classes:$(cat "$work/test-classpath.txt")" \
        -Dlogback.configurationFile=prodcat-cli-logback.xml io.prodcat.training.CompactionComparison "$1" "$2" \
        | tail -n 1 > "$work/compaction.$2.json"
done
echo "bench: solver comparison" >&2
java -cp "$root/shared/engine/target/test-classes:$root/shared/engine/target/classes:$(cat "$work/test-classpath.txt")" \
    -Dlogback.configurationFile=prodcat-cli-logback.xml io.prodcat.training.SolverComparison "$data" \
    > "$work/solvers.json"

machine="$(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; $(java -version 2>&1 | head -n 1); Python $(/usr/bin/python3 -c 'import sklearn, sys; print(sys.version.split()[0], "scikit-learn", sklearn.__version__)')"
# the other scripts' sections (each starts at its "<!-- … section: … -->" marker) are kept as they are
sections=""
[ -f "$root/docs/BENCHMARKS.md" ] && sections="$(awk '/^<!-- [a-z-]+ section: /{found=1} found' "$root/docs/BENCHMARKS.md")"
/usr/bin/python3 "$root/bench/report.py" "$work" "bench/run.sh" "$machine" "$(date -u '+%Y-%m-%d %H:%M UTC')" \
    > "$work/BENCHMARKS.md"
[ -n "$sections" ] && printf '\n%s\n' "$sections" >> "$work/BENCHMARKS.md"
cp "$work/BENCHMARKS.md" "$root/docs/BENCHMARKS.md"
echo "bench: wrote docs/BENCHMARKS.md" >&2

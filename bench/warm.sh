#!/usr/bin/env bash
# Warm against cold training (issue 39), on demand. Per catalogue and seed of SEEDS (default 42 1 2: the seed moves the
# validation split, the solver's order and the sampled negatives, so the rounds show the quality's noise as well as the
# time's): a parent trained on 80 % of the training rows with that seed (as the pipeline trains every model with the
# same settings), then the full training rows trained cold and warm (`--from` the parent) in alternation, each scored on the catalogue's test rows: wall time of the training (train_seconds), test macro-F1, and what the warm
# training chose (warm or cold, both validation scores). Catalogues: the department and aisle splits, and two shifted
# ones built from the department split: "relabelled" (two pairs of departments swap labels after the parent, a tenth
# of the classes) and "new classes" (the parent never saw two departments). Writes the "Warm start" section of
# docs/BENCHMARKS.md. With WARM_GENERATED="LEAVES ROWS" instead only a catalogue made by bench/generate_catalogue.py,
# its parent on 98 % of the training rows (the issue's +1 % rows and 20,000 feedback rows per 2 million), written to
# the "Warm start at scale" section.
#   bench/warm.sh [SEED ...]
#   WARM_GENERATED="5000 2000000" bench/warm.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$(cd "$root/../shared/data" && pwd)"
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(42 1 2)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/prodcat" --help > /dev/null # builds the command line when needed

catalogues=(departments aisles relabelled new-classes)
marker="<!-- warm section: bench/warm.sh -->"
if [ -n "${WARM_GENERATED:-}" ]; then
    read -r leaves rows <<< "$WARM_GENERATED"
    echo "warm: generating $leaves leaves × $rows rows" >&2
    python3 "$root/bench/generate_catalogue.py" "$leaves" "$rows" "$work/catalogue"
    python3 "$root/bench/warm_catalogues.py" "$data" "$work" "$work/catalogue"
    catalogues=(generated)
    marker="<!-- warm-scale section: bench/warm.sh -->"
else
    python3 "$root/bench/warm_catalogues.py" "$data" "$work"
fi
for catalogue in "${catalogues[@]}"; do
    dir="$work/$catalogue"
    label="$(cat "$dir/label-column")"
    for seed in "${seeds[@]}"; do
        echo "warm: $catalogue seed $seed: the parent" >&2
        "$root/prodcat" train --data "$dir/parent.csv" --text-column product_name --label-column "$label" \
            --param "seed=$seed" --out "$dir/parent.prodcat" > /dev/null 2> "$dir/parent.log"
        for start in cold warm; do
            echo "warm: $catalogue seed $seed: $start" >&2
            from=()
            [ "$start" = warm ] && from=(--from "$dir/parent.prodcat")
            "$root/prodcat" train --data "$dir/train.csv" --test "$dir/test.csv" --text-column product_name \
                --label-column "$label" --param "seed=$seed" "${from[@]}" --out "$dir/$start.prodcat" 2> "$dir/$start.log" | tail -n 1 |
                python3 -c 'import json, sys; r = json.load(sys.stdin); print(json.dumps({"catalogue": sys.argv[1],
                    "start": sys.argv[2], "macro_f1": r["macro_f1"], "train_seconds": r["train_seconds"],
                    "lineage": r.get("lineage")}))' "$catalogue" "$start" >> "$work/warm.jsonl"
        done
    done
done
machine="$(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores"
python3 "$root/bench/warm_report.py" "$work/warm.jsonl" "$machine" "$(date -u '+%Y-%m-%d %H:%M UTC')" "${seeds[*]}" \
    "${WARM_GENERATED:-}" > "$work/section.md"
python3 "$root/bench/replace_section.py" "$root/docs/BENCHMARKS.md" "$marker" "$work/section.md"
echo "warm: wrote docs/BENCHMARKS.md" >&2

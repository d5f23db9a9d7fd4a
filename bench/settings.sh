#!/usr/bin/env bash
# Every engine default against its alternatives, one setting changed at a time, on the validation rows of five
# catalogues (bench/catalogues.py: departments, aisles, long-tail, long-titles, generated): trained on each catalogue's train.csv,
# scored on its valid.csv, never on a test set. Three seeds of the defaults give the noise. Rewrites the generated
# section of docs/ENGINE.md. On demand only (about 25 minutes on 2 cores).
#   bench/settings.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$root/bench/catalogues.py" "$work/catalogues"
"$root/prodcat" --help >/dev/null
settings=(
    "" "seed=1" "seed=2"
    "costs=0.5,1" "costs=0.125,0.25,0.5,1" "costs=0.25,0.5,1,2"
    "classWeightPowers=0" "classWeightPowers=0.5" "classWeightPowers=1,0.5,0"
    "nodeShares=0" "nodeShares=0,0.5" "nodeShares=0,0.5,1,2"
    "tuneClassOffsets=false"
    "compactionTolerance=0.02" "compactionTolerance=0.1" "compactionTolerance=Infinity"
)
for catalogue in departments aisles long-tail long-titles generated; do
    for setting in "${settings[@]}"; do
        if [ "$catalogue" = departments ] && [[ "$setting" == nodeShares=* ]]; then
            continue # flat labels: no top-level nodes
        fi
        echo "settings: $catalogue ${setting:-defaults}" >&2
        params=()
        [ -n "$setting" ] && params=(--param "$setting")
        "$root/prodcat" train --data "$work/catalogues/$catalogue/train.csv" \
            --test "$work/catalogues/$catalogue/valid.csv" --text-column product_name --label-column category \
            "${params[@]}" --out "$work/model" 2>/dev/null | tail -n 1 |
            python3 -c 'import json, os, sys; r = json.load(sys.stdin); print(json.dumps({"catalogue": sys.argv[1],
                "setting": sys.argv[2], "macro_f1": r["macro_f1"], "min_f1": r["min_f1"],
                "train_seconds": r["train_seconds"], "model_bytes": os.path.getsize(sys.argv[3])}))' \
                "$catalogue" "$setting" "$work/model" >> "$work/settings.jsonl"
    done
done
machine="$(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores"
python3 "$root/bench/settings_report.py" "$work/settings.jsonl" "$machine" "$(date -u '+%Y-%m-%d %H:%M UTC')" \
    > "$work/section.md"
python3 "$root/bench/replace_section.py" "$root/docs/ENGINE.md" "<!-- settings section: bench/settings.sh -->" \
    "$work/section.md"
echo "settings: wrote docs/ENGINE.md" >&2

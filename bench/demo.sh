#!/usr/bin/env bash
# The one-command pipeline on the dev split (on demand): `./prodcat demo --exit-when-done` on
# ../shared/data/instacart/train.csv, timing upload -> champion served by predict (target: 30 s), and checking that
# the re-upload is skipped. Replaces the demo section of docs/BENCHMARKS.md.
#   bench/demo.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${PRODCAT_SHARED_DATA:-$root/../shared/data}/instacart/train.csv"
[ -f "$data" ] || { echo "bench: $data is absent (needs ../shared/data)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

start=$(date +%s)
"$root/prodcat" demo --exit-when-done --data "$data" --text-column product_name --label-column department \
    > "$work/demo.out" 2> "$work/demo.err" || { cat "$work/demo.out" "$work/demo.err" >&2; exit 1; }
total=$(( $(date +%s) - start ))
seconds=$(sed -n 's/.*upload -> champion .* served by predict: \([0-9.]*\) s.*/\1/p' "$work/demo.out")
skipped=$(grep -c "train: skipped" "$work/demo.out" || true)
{
    echo "## The demo on the dev split (bench/demo.sh)"
    echo
    echo "- machine: $(nproc) cores; $(java -version 2>&1 | head -n 1 | tr -d '"'); date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- command: \`./prodcat demo --exit-when-done --data ../shared/data/instacart/train.csv --text-column product_name --label-column department\`"
    echo
    echo "| measure | value | target |"
    echo "| --- | --- | --- |"
    echo "| upload to champion served by predict (s) | $seconds | <= 30 |"
    echo "| re-upload of the same bytes skipped | $([ "$skipped" -gt 0 ] && echo yes || echo no) | yes |"
    echo "| whole command, servers and functions included (s) | $total | |"
    echo
    echo "The demo's output:"
    echo
    echo '```'
    cat "$work/demo.out"
    echo '```'
} > "$work/section.md"
python3 "$root/bench/replace_section.py" "$root/docs/BENCHMARKS.md" "<!-- demo section: bench/demo.sh -->" "$work/section.md"
echo "bench: wrote the demo section of docs/BENCHMARKS.md (upload -> champion ${seconds} s)" >&2

#!/usr/bin/env bash
# The smallest heap that trains a dataset with the engine's defaults: bisects -Xmx (in MB) over `prodcat train`.
#   bench/memory.sh DATA.csv TEXT_COLUMN LABEL_COLUMN [LOW_MB HIGH_MB]
# Prints one line: rows, classes, feature columns, file bytes and the smallest -Xmx that finished.
# The figures behind the sizing rule in docs/OPERATIONS.md (docs/PERFORMANCE.md, "Memory").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:?data CSV}" text="${2:?text column}" label="${3:?label column}"
low="${4:-16}" high="${5:-2048}"
"$root/prodcat" --help >/dev/null 2>&1 || true   # builds the command line on first use
target="$root/shared/cli/target"
classpath="$target/classes:$(cat "$target/cli-classpath.txt")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
attempt() {
    java -Xmx"$1"m -XX:+UseSerialGC -cp "$classpath" io.prodcat.cli.ProdcatCli train --data "$data" \
        --text-column "$text" --label-column "$label" --out "$work/model" > "$work/log" 2>&1
}
attempt "$high" || { echo "does not train even with -Xmx${high}m:"; tail -5 "$work/log"; exit 1; }
columns=$(sed -n 's/.*features: \([0-9]*\) columns.*/\1/p' "$work/log" | head -1)
classes=$(sed -n 's/.* \([0-9]*\) classes.*/\1/p' "$work/log" | head -1)
while [ $((high - low)) -gt $((high / 20 + 1)) ]; do
    mid=$(((low + high) / 2))
    if attempt "$mid"; then high=$mid; else low=$mid; fi
done
rows=$(($(wc -l < "$data") - 1))
echo "$(basename "$(dirname "$data")")/$(basename "$data"): rows=$rows classes=$classes columns=$columns" \
    "bytes=$(stat -c %s "$data") min_heap_mb=$high"

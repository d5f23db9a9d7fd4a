#!/usr/bin/env bash
# Poisoning benchmark (on demand, ~30-60 min): attack success and honest-feedback gain of the feedback loop through
# the real chain (predict's feedback and export, train, evaluate and its gate; S3Proxy, MariaDB, the function jars as
# processes), on the department split and on the aisles split. Attacks: 50/100/300/1,000 rows per client, targeted
# (titles of one class filed under another) or untargeted (random wrong labels), one client or three colluding, over
# three exports each. Honest runs: three clients correct 12 mistakes planted in the training part, two votes a title.
# Replaces the poisoning section of docs/BENCHMARKS.md.
#   bench/poisoning.sh [HONEST_RUNS]   (default 10 per catalogue)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${PRODCAT_SHARED_DATA:-$root/../shared/data}"
runs="${1:-10}"
[ -f "$data/instacart/train.csv" ] && [ -f "$data/instacart-aisles/train.csv" ] ||
    { echo "bench: $data/instacart*/train.csv are absent (needs ../shared/data)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$root" && ./mvnw -q -B install -DskipTests >/dev/null &&
    ./mvnw -q -B -pl demo test-compile dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" \
        -Dmdep.includeScope=test)
classpath="$root/demo/target/test-classes:$root/demo/target/classes:$(cat "$work/classpath.txt")"
# the harness prints its section on stdout, beside the servers' log lines: keep the section
section_only() { grep -Ev '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} +(TRACE|DEBUG|INFO|WARN|ERROR) |^\[ *[0-9.]+s\] '; }
bench() { # CATALOGUE LABEL_COLUMN ATTACK_SOURCE ATTACK_TARGET MISTAKE_TRUE MISTAKE_WRONG
    (cd "$root" && java -Xmx2g -Dprodcat.root="$root" -Dlogback.configurationFile=demo-logback.xml -cp "$classpath" \
        io.prodcat.demo.PoisoningBenchmark "$data/$1" "$2" "$3" "$4" "$5" "$6" "$runs") | section_only
}
start=$(date -u '+%Y-%m-%d %H:%M UTC')
bench instacart department "dairy eggs" pets beverages snacks > "$work/departments.md"
bench instacart-aisles category_path "dairy eggs" "pets" beverages "snacks" > "$work/aisles.md"

machine="$(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; $(java -version 2>&1 | head -n 1)"
{
    echo "## Poisoning (bench/poisoning.sh)"
    echo
    echo "Run $start on $machine: \`bench/poisoning.sh $runs\`. The whole chain as the demo deploys it, with"
    echo "the default feedback policy (docs/SECURITY.md, Poisoning: quorum 2, review past 50 corrections per client or"
    echo "10 % of a class in 7 days, 500 rows per client in 7 days, feedback at most 20 % of a dataset) and the gate's"
    echo "defaults; predict's hourly cap per client is lifted, standing in for an attacker that spreads its rows over"
    echo "hours. The base catalogue is the training split with 60 beverages titles of its training part filed under"
    echo "snacks: mistakes for the honest clients. An attack succeeds when a new champion is served that answers at least"
    echo "a tenth of the targeted titles with the attacker's label (targeted) or whose test macro-F1 is 0.01 below the"
    echo "base champion's (untargeted). Exported and held count the attackers' rows; after each scenario the champion is"
    echo "rolled back and what waits is dropped. The scenarios share one 7-day window, as a week's feedback would: once the"
    echo "honest runs' corrections into beverages pass 10 % of its rows, the rest are held for an admin's review, and an"
    echo "honest run exports fewer than its 24 corrections (the class budget at work, for honest clients as for attackers)."
    echo
    cat "$work/departments.md"
    echo
    cat "$work/aisles.md"
} > "$work/section.md"
python3 "$root/bench/replace_section.py" "$root/docs/BENCHMARKS.md" "<!-- poisoning section: bench/poisoning.sh -->" \
    "$work/section.md"
cat "$work/section.md"

#!/usr/bin/env bash
# Hostile traffic (on demand; issue 34): the packaged predict function serving the departments model, attacked from
# this machine by 250 connections that send their bodies one byte every 5 s and 200 anonymous heavy batches kept in
# flight (1,000 titles, k = 10, each under a new X-Caller-Key; a refused one waits its Retry-After), while an honest
# client with its own API key sends one title every 50 ms; latency counted from each request's planned time.
# Two servers, the same Tomcat and limits: platform threads (Java 17) and virtual threads (Java 25, as the images
# run). Three alternating runs of SECONDS (default 30) each; replaces the hostile section of docs/BENCHMARKS.md and
# exits 1 when the honest client's median p99 is over 50 ms or any of its requests failed.
#   bench/hostile.sh [SECONDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-30}"
data="${PRODCAT_SHARED_DATA:-$root/../shared/data}/instacart"
java25="$(ls -d /usr/lib/jvm/temurin-25*/bin/java /usr/lib/jvm/*-25-*/bin/java 2>/dev/null | head -n 1)"
[ -x "$java25" ] || { echo "bench: no Java 25 under /usr/lib/jvm" >&2; exit 1; }
java17="$(command -v java)"
work="$(mktemp -d)"
jar="$work/prodcat-predict-0.1.0-SNAPSHOT.jar" # a copy: a rebuild meanwhile leaves the running servers alone
trap 'pkill -f "prodcat-predict-0.1.0-SNAPSHOT.jar --hostile-bench" || true; rm -rf "$work"' EXIT
cd "$root"
./mvnw -q -B install -DskipTests > "$work/build.log" 2>&1 || { tail -20 "$work/build.log"; exit 1; }
cp "$root/functions/predict/target/prodcat-predict-0.1.0-SNAPSHOT.jar" "$jar"
./prodcat train --data "$data/train.csv" --text-column product_name --label-column department \
    --out "$work/model.prodcat" > /dev/null 2>&1
key="honest-$RANDOM$RANDOM"
digest=$(printf %s "$key" | sha256sum | cut -d' ' -f1)

serve() { # java port
    PRODCAT_MODEL_URI="file:$work/model.prodcat" PORT=$2 MLFLOW_TRACKING_URI=none PRODCAT_PREDICTION_LOG_SAMPLE=0 \
        PRODCAT_ACCESS_API_KEYS="honest:predict:$digest" "$1" -Xmx512m -jar "$jar" --hostile-bench > "$work/server-$2.log" 2>&1 &
    until curl -sf -o /dev/null -H 'Content-Type: application/json' -d '{"text":"milk"}' "http://127.0.0.1:$2/predict"; do
        sleep 0.5
    done
}
serve "$java17" 18411
serve "$java25" 18412
load="$root/functions/predict/src/test/java/io/prodcat/predict/HostileLoad.java"
for run in 1 2 3; do
    for port in 18411 18412; do
        java "$load" "http://127.0.0.1:$port" "$key" "$seconds" 250 200 | tee -a "$work/log-$port.txt" | grep -v '^result' >&2
    done
done

python3 - "$work" "$seconds" "$(nproc)" "$(lscpu | sed -n 's/^Model name: *//p' | head -1)" \
    "$("$java17" -version 2>&1 | head -n 1)" "$("$java25" -version 2>&1 | head -n 1)" > "$work/section.md" <<'PY'
import statistics, sys, datetime
work, seconds, cores, cpu, j17, j25 = sys.argv[1:]
def runs(port):
    return [list(map(float, line.split()[1:])) for line in open(f"{work}/log-{port}.txt") if line.startswith("result")]
print("## Hostile traffic (bench/hostile.sh)\n")
print(f"`bench/hostile.sh {seconds}` on {datetime.date.today()}, {cores} cores ({cpu}); the attackers and the honest "
      "client on the same machine as the server. 250 connections trickling their bodies (a byte every 5 s, "
      "reconnecting when cut), 200 anonymous heavy batches in flight (1,000 titles, k = 10, a new X-Caller-Key each, "
      "waiting out each 429's Retry-After), and an honest client (API key) sending one title every 50 ms, latency "
      "from the planned send time. Three alternating runs per server; median (min–max).\n")
print("| server | honest p50 (ms) | honest p99 (ms) | honest max (ms) | honest failures | heavy answered 200 | heavy 429 | slow connections cut |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
worst = 0
failed = 0
for port, name in (("18411", f"Tomcat, platform threads ({j17})"), ("18412", f"Tomcat, virtual threads ({j25})")):
    r = runs(port)
    def col(i, fmt="{:.0f}"):
        values = [x[i] for x in r]
        return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"
    print(f"| {name} | {col(0)} | {col(1)} | {col(2)} | {sum(int(x[3]) for x in r)} | {col(4)} | {col(5)} | {col(6)} |")
    worst = max(worst, statistics.median(x[1] for x in r))
    failed += sum(int(x[3]) for x in r)
print(f"\nTarget: honest p99 <= 50 ms and no failed request: {'met' if worst <= 50 and failed == 0 else 'NOT met'} "
      f"(worst median p99 {worst:.0f} ms, {failed} failed).")
open(f"{work}/verdict", "w").write("ok" if worst <= 50 and failed == 0 else "missed")
PY
python3 bench/replace_section.py docs/BENCHMARKS.md "<!-- hostile section: bench/hostile.sh -->" "$work/section.md"
cat "$work/section.md"
[ "$(cat "$work/verdict")" = ok ]

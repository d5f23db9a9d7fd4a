#!/usr/bin/env bash
# Reproducible builds: rebuild the three function jars from scratch and compare them byte for byte with the ones
# `./mvnw verify` just made. project.build.outputTimestamp (pom.xml) fixes every entry's time; anything else that
# varies between builds (a generated file, an ordering) fails here.
set -euo pipefail
cd "$(dirname "$0")/.."
functions=(train evaluate predict)
before="$(mktemp -d)"
trap 'rm -rf "$before"' EXIT
for f in "${functions[@]}"; do
    jar="functions/$f/target/prodcat-$f-0.1.0-SNAPSHOT.jar"
    [ -f "$jar" ] || { echo "reproducible-jars: $jar is missing: run ./mvnw verify first" >&2; exit 1; }
    cp "$jar" "$before/"
done
./mvnw -B -q clean package -DskipTests -Dspotless.check.skip=true \
    -pl functions/train,functions/evaluate,functions/predict -am
status=0
for f in "${functions[@]}"; do
    name="prodcat-$f-0.1.0-SNAPSHOT.jar"
    if cmp -s "$before/$name" "functions/$f/target/$name"; then
        echo "reproducible-jars: $name identical in two builds ($(sha256sum "$before/$name" | cut -c1-16)…)"
    else
        echo "reproducible-jars: $name DIFFERS between two builds; entries that differ:" >&2
        diff <(unzip -lv "$before/$name" | awk '{print $7, $8}') \
             <(unzip -lv "functions/$f/target/$name" | awk '{print $7, $8}') | head -n 20 >&2 || true
        status=1
    fi
done
exit $status

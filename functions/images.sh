#!/usr/bin/env bash
# The three function images, built with podman on this machine (./prodcat images). Without a registry to pull
# eclipse-temurin:25-jre from, the base is made here: Debian bookworm from Debian's packages (mmdebstrap) plus a
# Java 25 runtime jlinked from the local JDK 25. functions/Containerfile takes any base (BASE build argument; users
# keep eclipse-temurin:25-jre). Images are tagged with the commit; their sizes are printed.
#   ./prodcat images [--jars-built] [--push REGISTRY]
#     --jars-built      the function jars of ./mvnw package or verify, as they are (else they are packaged first)
#     --push REGISTRY   then tag each as REGISTRY/<function>:<tag> and push it (podman push; log in first)
#     PRODCAT_IMAGES_NO_CACHE=true: build every layer again (a benchmark's build time)
#     PRODCAT_BASE_IMAGE: the base to use instead of making one (e.g. docker.io/library/eclipse-temurin:25-jre);
#     PRODCAT_JAVA_HOME: the JDK 25 to jlink the made base's runtime from
set -euo pipefail
jars_built="" registry=""
while [ $# -gt 0 ]; do
    case "$1" in
        --jars-built) jars_built=1; shift ;;
        --push) registry="${2:?--push needs a registry, e.g. registry.example.com/prodcat}"; registry="${registry%/}"; shift 2 ;;
        *) echo "images: unknown option $1 (expected --jars-built, --push REGISTRY)" >&2; exit 2 ;;
    esac
done
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/functions/target/images"
mkdir -p "$work"
podman=(podman --runtime runc)
limits=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)
cache=()
[ "${PRODCAT_IMAGES_NO_CACHE:-}" != true ] || cache=(--no-cache)
tag="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo dev)"
git -C "$root" diff --quiet HEAD -- 2>/dev/null || tag="$tag-dirty" # built from changes not committed
say() { echo "images: $*" >&2; }

tools="podman runc"
[ -n "${PRODCAT_BASE_IMAGE:-}" ] || tools="$tools mmdebstrap"
for tool in $tools; do
    command -v "$tool" > /dev/null || { say "$tool is missing (Debian: apt-get install $tool)"; exit 1; }
done

base="${PRODCAT_BASE_IMAGE:-}"
if [ -z "$base" ]; then
    jdk="${PRODCAT_JAVA_HOME:-}"
    if [ -z "$jdk" ]; then
        for candidate in /usr/lib/jvm/*25*; do [ -x "$candidate/bin/jlink" ] && jdk="$candidate" && break; done
    fi
    [ -n "$jdk" ] && [ -x "$jdk/bin/jlink" ] || { say "no JDK 25 with jlink found (set PRODCAT_JAVA_HOME)"; exit 1; }
    # java.smartcardio and jdk.security.jgss hold two of the security providers the JDK's java.security names:
    # without them the JDK looks for providers on the class path, loads BouncyCastle's ~630 classes (from a
    # signed jar, so never in the AOT cache) and predict starts ~0.2 s later (docs/PERFORMANCE.md)
    wanted="java.base java.compiler java.desktop java.instrument java.logging java.management java.naming
        java.net.http java.prefs java.rmi java.scripting java.security.jgss java.security.sasl java.smartcardio java.sql
        java.transaction.xa java.xml java.xml.crypto jdk.charsets jdk.crypto.cryptoki jdk.jfr jdk.localedata
        jdk.management jdk.naming.dns jdk.net jdk.security.jgss jdk.unsupported jdk.zipfs"
    available="$("$jdk/bin/java" --list-modules)" # name@version, one per line
    modules="$(for m in $wanted; do grep -q "^$m@" <<< "$available" && echo "$m"; done | paste -sd, -)"
    # the base's tag follows the JDK's version and the module list, so a changed list makes a new base
    base="localhost/prodcat-jre:25-$( (grep '^java.base@' <<< "$available"; echo "$modules") | sha256sum | cut -c1-12)"
    if ! "${podman[@]}" image exists "$base"; then
        if ! "${podman[@]}" image exists localhost/prodcat-debian:bookworm; then
            say "Debian bookworm (minbase, fonts for evaluate's charts) from Debian's packages..."
            mmdebstrap --variant=minbase --include=ca-certificates,fontconfig,fonts-dejavu-core \
                bookworm "$work/rootfs.tar" > "$work/mmdebstrap.log" 2>&1
            "${podman[@]}" import "$work/rootfs.tar" localhost/prodcat-debian:bookworm > /dev/null
            rm -f "$work/rootfs.tar"
        fi
        say "a Java 25 runtime jlinked from $jdk..."
        rm -rf "$work/jre"
        "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
            --output "$work/jre"
        configured=$(grep -c '^security\.provider\.[0-9]*=' "$work/jre/conf/security/java.security")
        loaded=$("$work/jre/bin/java" -XshowSettings:security:providers -version 2>&1 | grep -c 'Provider name:')
        [ "$loaded" -eq "$configured" ] || {
            say "the jlinked runtime loads $loaded of the $configured security providers its java.security names (a module missing from the list)"
            exit 1
        }
        printf 'FROM localhost/prodcat-debian:bookworm\nCOPY jre /opt/java\nENV JAVA_HOME=/opt/java PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n' \
            > "$work/Containerfile.base"
        "${podman[@]}" build "${limits[@]}" -q -f "$work/Containerfile.base" -t "$base" "$work" > /dev/null
    fi
fi

if [ -z "$jars_built" ]; then
    say "the function jars..."
    (cd "$root" && ./mvnw -q -B -pl functions/train,functions/evaluate,functions/predict -am package -DskipTests \
        -Dspotless.check.skip=true) >&2
fi
for function in train evaluate predict; do
    say "prodcat/$function:$tag on $base (the AOT cache is recorded during the build)..."
    start=$(date +%s)
    "${podman[@]}" build "${limits[@]}" -q "${cache[@]}" -f "$root/functions/Containerfile" \
        --build-arg BASE="$base" --build-arg FUNCTION="$function" \
        -t "localhost/prodcat/$function:$tag" -t "localhost/prodcat/$function:latest" "$root" > /dev/null
    size=$("${podman[@]}" image inspect --format '{{.Size}}' "localhost/prodcat/$function:$tag")
    echo "localhost/prodcat/$function:$tag $((size / 1000000)) MB, built in $(( $(date +%s) - start )) s"
    if [ -n "$registry" ]; then
        "${podman[@]}" tag "localhost/prodcat/$function:$tag" "$registry/$function:$tag"
        "${podman[@]}" push "$registry/$function:$tag"
        echo "pushed $registry/$function:$tag"
    fi
done
echo "$tag" > "$work/tag"

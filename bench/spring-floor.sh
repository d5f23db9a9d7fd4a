#!/usr/bin/env bash
# The floor under predict's cold start (on demand): a minimal Spring Boot web app of the same versions (one POST
# endpoint, nothing else), packaged the way predict is (Spring AOT, extracted jar, Java 25 AOT cache recorded by a
# start, C1 only), timed from process launch to its first answer, 5 times. Whatever predict adds comes on top of
# this. Replaces the floor section of docs/BENCHMARKS.md.
#   bench/spring-floor.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
java25=$(cat "$root/functions/predict/target/extracted/java" 2>/dev/null || ls /usr/lib/jvm/temurin-25*/bin/java | head -n 1)
boot=$(grep -A1 '<artifactId>spring-boot-starter-parent</artifactId>' "$root/pom.xml" | sed -n 's:.*<version>\(.*\)</version>.*:\1:p')
work="$(mktemp -d)"
port=18183
trap 'pkill -f spring-floor-1.jar || true; rm -rf "$work"' EXIT
mkdir -p "$work/src/main/java/floor"
cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>$boot</version></parent>
  <groupId>floor</groupId><artifactId>spring-floor</artifactId><version>1</version>
  <properties><java.version>17</java.version></properties>
  <dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-webmvc</artifactId></dependency></dependencies>
  <build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId>
    <executions><execution><id>process-aot</id><goals><goal>process-aot</goal></goals></execution></executions>
  </plugin></plugins></build>
</project>
POM
cat > "$work/src/main/java/floor/App.java" <<'JAVA'
package floor;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class App {
    public static void main(String[] args) {
        SpringApplication.run(App.class, args);
    }

    @PostMapping("/predict")
    Map<String, Object> predict(@RequestBody Map<String, Object> body) {
        return Map.of("label", "x");
    }
}
JAVA
(cd "$work" && "$root/mvnw" -B -q package -DskipTests -Dspring.main.banner-mode=off) > "$work/build.log" 2>&1
java -Djarmode=tools -jar "$work/target/spring-floor-1.jar" extract --destination "$work/x" > /dev/null
flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dspring.main.banner-mode=off -Dspring.aot.enabled=true -Dserver.port=$port"
(cd "$work/x" && "$java25" $flags -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh -jar spring-floor-1.jar > /dev/null 2>&1)
times=()
for run in 1 2 3 4 5; do
    start=$(date +%s%N)
    (cd "$work/x" && "$java25" $flags -XX:AOTCache=app.aot -jar spring-floor-1.jar > /dev/null 2>&1 &)
    until curl -sf -o /dev/null -H 'Content-Type: application/json' -d '{"text":"milk"}' "http://127.0.0.1:$port/predict"; do sleep 0.005; done
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
    pkill -f spring-floor-1.jar; sleep 1
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n '3p')
{
    echo "## The floor: a minimal Spring Boot app (bench/spring-floor.sh)"
    echo
    echo "- machine: $(nproc) cores; $("$java25" -version 2>&1 | head -n 1 | tr -d '"'); Spring Boot $boot; date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- one @PostMapping, spring-boot-starter-webmvc only; Spring AOT, extracted jar, Java 25 AOT cache, C1 only"
    echo
    echo "| measure | value |"
    echo "| --- | --- |"
    echo "| launch to first answer, median of 5 (ms) | $median (${times[*]}) |"
} > "$work/section.md"
python3 "$root/bench/replace_section.py" "$root/docs/BENCHMARKS.md" "<!-- floor section: bench/spring-floor.sh -->" "$work/section.md"
echo "bench: wrote the floor section of docs/BENCHMARKS.md (median ${median} ms)" >&2

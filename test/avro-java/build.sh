#!/usr/bin/env bash
# Builds the Avro Java reference driver (one shaded jar) into .cache/avro-java/, unless the jar is
# already newer than its sources. Idempotent and quiet; after the first run it works offline (Maven
# keeps its downloads in ~/.m2). Prints the jar's path on stdout; on failure, Maven's output on stderr.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/.cache/avro-java/kontract-avro-driver.jar"

fresh() { [[ -f "$jar" ]] && [[ -z "$(find "$here/pom.xml" "$here/src" -newer "$jar" -print -quit)" ]]; }

if fresh; then
  echo "$jar"
  exit 0
fi

# Test files run in parallel and may all ask for the jar at once: one builds, the others wait for it.
mkdir -p "$root/.cache/avro-java"
exec 9>"$root/.cache/avro-java/.build.lock"
flock 9
if fresh; then
  echo "$jar"
  exit 0
fi

command -v mvn >/dev/null || { echo "build.sh: Maven (mvn) is not installed; CI installs it in .ci/run" >&2; exit 1; }
command -v java >/dev/null || { echo "build.sh: Java is not installed; CI installs it in .ci/run" >&2; exit 1; }

log="$root/.cache/avro-java/build.log"
# Offline first (no network needed once ~/.m2 has everything), then online for a fresh machine.
if ! mvn -B -q -o -Dstyle.color=never -f "$here/pom.xml" -DskipTests package >"$log" 2>&1; then
  if ! mvn -B -q -Dstyle.color=never -f "$here/pom.xml" -DskipTests package >"$log" 2>&1; then
    echo "build.sh: Maven failed to build the Avro Java driver; its output follows ($log):" >&2
    cat "$log" >&2
    exit 1
  fi
fi
[[ -f "$jar" ]] || { echo "build.sh: Maven succeeded but $jar is missing" >&2; exit 1; }
echo "$jar"

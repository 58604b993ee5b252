#!/usr/bin/env bash
# A real Confluent-compatible schema registry (Apicurio Registry, in-memory storage) on 127.0.0.1.
#
#   registry.sh fetch    resolve io.apicurio:apicurio-registry-app:<version>:tar.gz:all from Maven Central
#                        and unpack it into $KONTRACT_INFRA_DIR/apicurio/<version>
#   registry.sh start    start it in the background (empty registry on every start)
#   registry.sh wait     block until GET /apis/ccompat/v7/subjects answers 200 (or fail with the log's tail)
#   registry.sh stop     stop it and wait for its port to close
#   registry.sh status   print whether it runs; exit 0 if it does, 3 if not
#   registry.sh url      print the Confluent-compatible base URL (…/apis/ccompat/v7)
#
# Environment: KONTRACT_INFRA_DIR, KONTRACT_APICURIO_VERSION (3.0.9), KONTRACT_REGISTRY_PORT (18081),
# KONTRACT_REGISTRY_HEAP (256m), KONTRACT_REGISTRY_WAIT_TIMEOUT (90 s), KONTRACT_JAVA, KONTRACT_MVN,
# KONTRACT_MAVEN_REPO_LOCAL, and KONTRACT_REGISTRY_AUTH=user:password to require HTTP basic auth on
# /apis/* (Quarkus embedded users: no identity server needed). Several instances can run at once on
# different ports, e.g. an open one and one with basic auth. KONTRACT_REGISTRY_EXTRA_PROPERTIES (lines of
# key=value) is appended to the generated Quarkus/Apicurio configuration. See docs/infra.md.

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# 3.0.9 is the newest release on Maven Central that runs on Java 17: 3.3.x is compiled for Java 21
# (class file 65), and no 3.1.x or 3.2.x apicurio-registry-app artifact is on Central.
APICURIO_VERSION="${KONTRACT_APICURIO_VERSION:-3.0.9}"
REGISTRY_PORT="${KONTRACT_REGISTRY_PORT:-18081}"
REGISTRY_HEAP="${KONTRACT_REGISTRY_HEAP:-256m}"
WAIT_TIMEOUT="${KONTRACT_REGISTRY_WAIT_TIMEOUT:-90}"
REGISTRY_AUTH="${KONTRACT_REGISTRY_AUTH:-}"

COORDINATE="io.apicurio:apicurio-registry-app:$APICURIO_VERSION:tar.gz:all"
APP_DIR="$INFRA_DIR/apicurio/$APICURIO_VERSION"
RUN_DIR="$RUN_ROOT/registry-$REGISTRY_PORT"
MARKER="registry-$REGISTRY_PORT"
LOG="$RUN_DIR/server.log"
BASE_URL="http://$HOST:$REGISTRY_PORT"
CCOMPAT_URL="$BASE_URL/apis/ccompat/v7"

fetched() { [[ -f "$APP_DIR/.complete" ]]; }

# The URL of the remote repository Maven itself resolves from (Central, or the mirror settings.xml names).
maven_repository_url() {
  run_maven org.apache.maven.plugins:maven-help-plugin:3.5.1:evaluate \
    '-Dexpression=project.remoteArtifactRepositories[0].url' -DforceStdout 2>/dev/null |
    sed 's/\x1b\[[0-9;]*m//g' | tr -d '\n'
}

# Some releases cannot be resolved by Maven although the file is on Central: 3.0.9's POM names a parent
# POM (io.apicurio:apicurio-registry:3.0.9) that was never published, and Maven refuses an artifact whose
# POM it cannot read. Then the file is downloaded from the same repository and checked against its .sha1.
download_direct() {
  local dest="$1" base path file expected actual
  base="$(maven_repository_url)"
  [[ "$base" =~ ^https?:// ]] || die "registry: cannot tell which repository Maven uses (got '$base')"
  file="apicurio-registry-app-$APICURIO_VERSION-all.tar.gz"
  path="io/apicurio/apicurio-registry-app/$APICURIO_VERSION/$file"
  info "registry: Maven cannot read this release's POM (its parent POM is not published); downloading $path from $base"
  curl -fsS --retry 3 -o "$dest/$file" "$base/$path" || die "registry: download of $base/$path failed"
  expected="$(curl -fsS --retry 3 "$base/$path.sha1" | cut -c1-40)" || die "registry: no checksum at $base/$path.sha1"
  actual="$(sha1sum "$dest/$file" | cut -c1-40)"
  [[ "$expected" == "$actual" ]] || die "registry: checksum mismatch for $file: expected $expected, got $actual"
}

cmd_fetch() {
  if fetched; then return 0; fi
  local started tmp archive
  started="$(now_ms)"
  info "registry: fetching $COORDINATE from Maven Central"
  mkdir -p "$INFRA_DIR/apicurio"
  tmp="$(mktemp -d "$INFRA_DIR/apicurio/$APICURIO_VERSION.tmp.XXXXXX")"
  if ! run_maven org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy "-Dartifact=$COORDINATE" \
    "-DoutputDirectory=$tmp/download" >"$tmp/maven.log" 2>&1; then
    if grep -q 'Failed to read artifact descriptor' "$tmp/maven.log"; then
      mkdir -p "$tmp/download"
      download_direct "$tmp/download"
    else
      grep -E 'ERROR' "$tmp/maven.log" | head -n 5 >&2 || cat "$tmp/maven.log" >&2
      rm -rf "$tmp"
      die "registry: could not resolve $COORDINATE (see the lines above)"
    fi
  fi
  archive="$(find "$tmp/download" -name '*.tar.gz' | head -n 1)"
  [[ -n "$archive" ]] || die "registry: no tar.gz downloaded for $COORDINATE"
  info "registry: downloaded $(du -h "$archive" | cut -f1) in $(elapsed_s "$started")s, unpacking"
  mkdir -p "$tmp/app"
  tar -xzf "$archive" -C "$tmp/app"
  rm -rf "$tmp/download" "$tmp/maven.log"
  : >"$tmp/app/.complete"
  rm -rf "$APP_DIR"
  mv "$tmp/app" "$APP_DIR"
  rm -rf "$tmp"
  info "registry: Apicurio Registry $APICURIO_VERSION unpacked into $APP_DIR ($(du -sh "$APP_DIR" | cut -f1)) after $(elapsed_s "$started")s"
}

# The jar to run: 3.3.x ships the fast-jar layout (quarkus-run.jar), 2.x and 3.0.x an uber *-runner.jar.
app_jar() {
  if [[ -f "$APP_DIR/quarkus-run.jar" ]]; then
    printf '%s' "$APP_DIR/quarkus-run.jar"
    return 0
  fi
  local runner
  runner="$(find "$APP_DIR" -maxdepth 1 -name '*-runner.jar' | head -n 1)"
  [[ -n "$runner" ]] || die "registry: neither quarkus-run.jar nor *-runner.jar in $APP_DIR"
  printf '%s' "$runner"
}

# Quarkus reads ./config/application.properties from its working directory: settings live in a file,
# so a password never shows in the process list.
write_config() {
  mkdir -p "$RUN_DIR/config"
  {
    printf '# Written by scripts/infra/registry.sh on every start; edits are lost.\n'
    printf 'quarkus.http.host=%s\nquarkus.http.port=%s\n' "$HOST" "$REGISTRY_PORT"
    printf '# In-memory storage: an H2 database that lives and dies with the process.\n'
    printf 'apicurio.storage.kind=sql\napicurio.storage.sql.kind=h2\n'
    printf 'apicurio.datasource.url=jdbc:h2:mem:kontract\n'
    printf 'quarkus.log.level=INFO\n'
    printf '# Like Confluent, treat a schema that differs only in whitespace or key order as the one already\n'
    printf '# registered (same id, no new version). Apicurio compares raw text by default.\n'
    printf 'apicurio.ccompat.use-canonical-hash=true\n'
    if [[ -n "${KONTRACT_REGISTRY_EXTRA_PROPERTIES:-}" ]]; then
      printf '# From KONTRACT_REGISTRY_EXTRA_PROPERTIES.\n%s\n' "$KONTRACT_REGISTRY_EXTRA_PROPERTIES"
    fi
    if [[ -n "$REGISTRY_AUTH" ]]; then
      local user="${REGISTRY_AUTH%%:*}" password="${REGISTRY_AUTH#*:}"
      printf '# HTTP basic auth against users kept in this file (quarkus-elytron-security-properties-file).\n'
      printf 'quarkus.http.auth.basic=true\n'
      printf 'quarkus.security.users.embedded.enabled=true\nquarkus.security.users.embedded.plain-text=true\n'
      printf 'quarkus.security.users.embedded.users.%s=%s\n' "$user" "$password"
      printf 'quarkus.security.users.embedded.roles.%s=sr-admin\n' "$user"
      printf 'quarkus.http.auth.permission.apis.paths=/apis/*\nquarkus.http.auth.permission.apis.policy=authenticated\n'
    fi
  } >"$RUN_DIR/config/application.properties"
  chmod 600 "$RUN_DIR/config/application.properties"
  printf '%s\n' "$REGISTRY_PORT" >"$RUN_DIR/ports"
  if [[ -n "$REGISTRY_AUTH" ]]; then : >"$RUN_DIR/auth"; else rm -f "$RUN_DIR/auth"; fi
}

cmd_start() {
  local pid jar
  if [[ -n "$REGISTRY_AUTH" && "$REGISTRY_AUTH" != *:* ]]; then die "registry: KONTRACT_REGISTRY_AUTH must be user:password"; fi
  lock_instance "$MARKER"
  if pid="$(pid_of_instance "$RUN_DIR" "$MARKER")"; then
    local wanted=without has=without
    [[ -n "$REGISTRY_AUTH" ]] && wanted=with
    [[ -f "$RUN_DIR/auth" ]] && has=with
    [[ "$wanted" == "$has" ]] || die "registry: the instance on port $REGISTRY_PORT already runs $has basic auth; stop it first"
    info "registry: already running (pid $pid) on $BASE_URL"
    return 0
  fi
  clear_stale_pid "$RUN_DIR" "$MARKER" || true
  if port_open "$REGISTRY_PORT"; then die "registry: port $HOST:$REGISTRY_PORT is already in use by another process"; fi
  require_java 17 "Apicurio Registry"
  cmd_fetch
  jar="$(app_jar)"
  mkdir -p "$RUN_DIR"
  rm -f "$RUN_DIR/ready"
  write_config
  (
    cd "$RUN_DIR" || exit 1
    launch "$RUN_DIR" "$LOG" "$MARKER" "$(java_bin)" "-Dkontract.infra=$MARKER" -Xms64m "-Xmx$REGISTRY_HEAP" \
      -Djava.awt.headless=true -Djava.util.logging.manager=org.jboss.logmanager.LogManager -jar "$jar"
  )
  date +%s%3N >"$RUN_DIR/started-at"
  info "registry: started pid $(cat "$RUN_DIR/pid") on $BASE_URL$([[ -n "$REGISTRY_AUTH" ]] && printf ' (basic auth)'), log $LOG"
}

# HTTP status of GET <url>, with the configured credentials if any.
http_status() {
  local url="$1"
  shift
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" "$url" || true
}

cmd_wait() {
  local pid deadline since code auth=()
  pid="$(pid_of_instance "$RUN_DIR" "$MARKER")" || {
    tail_log "$LOG"
    die "registry: not running: it exited (see its log above) or was never started (run registry.sh start)"
  }
  if [[ -f "$RUN_DIR/auth" ]]; then
    [[ -n "$REGISTRY_AUTH" ]] || die "registry: the instance on $REGISTRY_PORT requires basic auth; set KONTRACT_REGISTRY_AUTH"
    auth=(-u "$REGISTRY_AUTH")
  fi
  if [[ -f "$RUN_DIR/ready" ]] && [[ "$(http_status "$CCOMPAT_URL/subjects" "${auth[@]}")" == 200 ]]; then
    info "registry: ready on $CCOMPAT_URL"
    return 0
  fi
  since="$(cat "$RUN_DIR/started-at" 2>/dev/null || now_ms)"
  deadline=$(($(date +%s) + WAIT_TIMEOUT))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail_log "$LOG"
      if grep -q UnsupportedClassVersionError "$LOG" 2>/dev/null; then
        die "registry: Apicurio $APICURIO_VERSION needs a newer Java than $(java_bin) (Java $(java_major)); set KONTRACT_JAVA or KONTRACT_APICURIO_VERSION"
      fi
      die "registry: the server (pid $pid) exited during start-up"
    fi
    code="$(http_status "$CCOMPAT_URL/subjects" "${auth[@]}")"
    [[ "$code" == 200 ]] && break
    if (($(date +%s) >= deadline)); then
      tail_log "$LOG"
      die "registry: not ready after ${WAIT_TIMEOUT}s: GET $CCOMPAT_URL/subjects answers '$code'"
    fi
    sleep 0.25
  done
  if ((${#auth[@]} > 0)) && [[ "$(http_status "$CCOMPAT_URL/subjects")" != 401 ]]; then
    die "registry: basic auth was asked for, but $CCOMPAT_URL/subjects answers without credentials"
  fi
  : >"$RUN_DIR/ready"
  info "registry: ready on $CCOMPAT_URL ($(elapsed_s "$since")s after start, RSS $(rss_mb "$pid") MB)"
}

cmd_status() {
  local pid
  if pid="$(pid_of_instance "$RUN_DIR" "$MARKER")"; then
    local state=starting
    [[ -f "$RUN_DIR/ready" ]] && state=ready
    printf 'registry: %s, pid %s, %s%s, RSS %s MB, log %s\n' "$state" "$pid" "$CCOMPAT_URL" \
      "$([[ -f "$RUN_DIR/auth" ]] && printf ' (basic auth)')" "$(rss_mb "$pid")" "$LOG"
    return 0
  fi
  printf 'registry: stopped (%s)\n' "$CCOMPAT_URL"
  return 3
}

case "${1:-}" in
fetch) cmd_fetch ;;
start) cmd_start ;;
wait) cmd_wait ;;
stop) stop_instance "$RUN_DIR" "$MARKER" ;;
status) cmd_status ;;
url) printf '%s\n' "$CCOMPAT_URL" ;;
*)
  printf 'usage: %s {fetch|start|stop|status|wait|url}\n' "$0" >&2
  exit 2
  ;;
esac

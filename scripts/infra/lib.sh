# shellcheck shell=bash
# Shared helpers for scripts/infra/*.sh. Sourced, never run.
#
# Every server runs as a detached JVM (its own session, so a test runner or a terminal that kills its
# process group does not take it down) with a marker system property `-Dkontract.infra=<name>` on its
# command line. A pid file is trusted only if that pid is alive *and* carries the marker, so a stale pid
# file, or a pid reused by an unrelated process after a reboot, is never signalled.

set -euo pipefail

INFRA_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$INFRA_SCRIPTS/../.." && pwd)"
INFRA_DIR="${KONTRACT_INFRA_DIR:-$REPO_ROOT/.cache/infra}"
# shellcheck disable=SC2034 # used by the scripts that source this file
RUN_ROOT="$INFRA_DIR/run"
HOST=127.0.0.1

info() { printf '[infra] %s\n' "$*" >&2; }
die() {
  printf '[infra] error: %s\n' "$*" >&2
  exit 1
}

# Seconds since the epoch with milliseconds, for the "ready in Ns" lines.
now_ms() { date +%s%3N; }
elapsed_s() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

java_bin() {
  if [[ -n "${KONTRACT_JAVA:-}" ]]; then
    printf '%s' "$KONTRACT_JAVA"
  elif [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    printf '%s' "$JAVA_HOME/bin/java"
  else
    command -v java || die "no java on PATH (set KONTRACT_JAVA or JAVA_HOME); Java 17 or newer is needed"
  fi
}

# The feature release of the JVM that java_bin runs: 17, 21, ...
java_major() {
  local version
  version="$("$(java_bin)" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ { print $2 }')"
  printf '%s' "${version%%.*}"
}

require_java() {
  local wanted="$1" what="$2" major
  major="$(java_major)"
  [[ "$major" =~ ^[0-9]+$ ]] || die "cannot tell the version of $(java_bin)"
  ((major >= wanted)) || die "$what needs Java $wanted or newer; $(java_bin) is Java $major (set KONTRACT_JAVA)"
}

# Runs Maven with one lock per cache dir: up.sh fetches Kafka and Apicurio in parallel, and two Maven
# processes writing the same local repository at once can leave half-written files behind.
run_maven() {
  mkdir -p "$INFRA_DIR"
  local args=(-B -q -Dstyle.color=never)
  if [[ -n "${KONTRACT_MAVEN_REPO_LOCAL:-}" ]]; then args+=("-Dmaven.repo.local=$KONTRACT_MAVEN_REPO_LOCAL"); fi
  flock "$INFRA_DIR/.maven.lock" "${KONTRACT_MVN:-mvn}" "${args[@]}" "$@"
}

port_open() {
  local port="$1"
  timeout 1 bash -c "exec 3<>/dev/tcp/$HOST/$port" 2>/dev/null
}

wait_port_closed() {
  local port="$1" seconds="$2" deadline
  deadline=$(($(date +%s) + seconds))
  while port_open "$port"; do
    (($(date +%s) < deadline)) || return 1
    sleep 0.2
  done
}

# pid_of_instance <run dir> <marker>: prints the pid if the pid file names a live process of ours.
pid_of_instance() {
  local dir="$1" marker="$2" pid
  [[ -f "$dir/pid" ]] || return 1
  pid="$(cat "$dir/pid")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "-Dkontract.infra=$marker " || return 1
  printf '%s' "$pid"
}

# Removes a pid file whose process is gone or is not ours; returns 0 if one was removed.
clear_stale_pid() {
  local dir="$1" marker="$2"
  if [[ -f "$dir/pid" ]] && ! pid_of_instance "$dir" "$marker" >/dev/null; then
    info "$marker: removing stale pid file (pid $(cat "$dir/pid") is gone or is not a kontract server)"
    rm -f "$dir/pid" "$dir/ready"
    return 0
  fi
  return 1
}

# lock_instance <marker>: serialises start and stop of one instance (two test processes may start the
# same registry at once); released when the calling script exits.
lock_instance() {
  mkdir -p "$RUN_ROOT"
  exec 8>"$RUN_ROOT/$1.lock"
  flock 8
}

# launch <run dir> <log file> <marker> <command...>: starts the command detached, records its pid, and
# returns once that pid runs the command (carries the marker), so `wait` never sees the pre-exec shell.
launch() {
  local dir="$1" log="$2" marker="$3" pid tries=0
  shift 3
  # setsid execs in place (this shell is not a process-group leader), so $! is the JVM's own pid.
  # Descriptors 8 and 9 hold the instance lock and up.sh's lock: a server that inherited them would
  # hold those locks for its whole life.
  setsid "$@" >"$log" 2>&1 </dev/null 8>&- 9>&- &
  pid=$!
  printf '%s\n' "$pid" >"$dir/pid"
  until pid_of_instance "$dir" "$marker" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || return 0 # exited at once: `wait` reports it with the log
    ((tries++ < 200)) || die "$marker: pid $pid did not start its command within 10s"
    sleep 0.05
  done
}

# stop_instance <run dir> <marker>: TERM, wait for exit and for the port to close, KILL after a grace time.
stop_instance() {
  local dir="$1" marker="$2" pid port ports grace="${KONTRACT_INFRA_STOP_GRACE:-30}" waited=0
  lock_instance "$marker"
  ports="$(cat "$dir/ports" 2>/dev/null || true)"
  if ! pid="$(pid_of_instance "$dir" "$marker")"; then
    clear_stale_pid "$dir" "$marker" || true
    info "$marker: not running"
    return 0
  fi
  info "$marker: stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= grace * 5)); then
      info "$marker: still alive after ${grace}s, sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  rm -f "$dir/pid" "$dir/ready"
  for port in $ports; do
    wait_port_closed "$port" 10 || die "$marker: process $pid is gone but port $port is still open"
  done
  info "$marker: stopped"
}

# Resident memory of a process in MiB.
rss_mb() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || printf '?'; }

# Last lines of a server log, for error messages.
tail_log() {
  local log="$1"
  if [[ -f "$log" ]]; then
    printf '[infra] --- last lines of %s ---\n' "$log" >&2
    tail -n "${KONTRACT_INFRA_LOG_TAIL:-40}" "$log" >&2
    printf '[infra] ---\n' >&2
  fi
}

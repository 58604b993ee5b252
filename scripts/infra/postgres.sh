#!/usr/bin/env bash
# A real PostgreSQL server on 127.0.0.1, for the replay demo consumer that projects into a database.
#
#   postgres.sh fetch    find the server binaries (initdb, postgres, psql); if there are none, install
#                        Debian's `postgresql` with apt-get (as root)
#   postgres.sh start    initdb a fresh cluster, create the test role and database, start the server in
#                        the background; a no-op if it already runs
#   postgres.sh wait     block until `SELECT 1` works for the test role on this very server (or fail
#                        with the log's tail)
#   postgres.sh stop     fast shutdown (INT: roll back open transactions, disconnect clients), QUIT and
#                        then KILL after a grace time; wait for the port to close
#   postgres.sh status   print whether it runs; exit 0 if it does, 3 if not
#   postgres.sh url      print the connection URL of the test role (postgres://kontract@127.0.0.1:15432/kontract)
#
# Every start begins from an empty cluster: tests never see tables from an earlier run. The cluster is
# disposable, so it runs without fsync. Only the role `kontract` may connect, only to its database
# `kontract`, only over TCP from 127.0.0.1 (trust auth); Unix sockets are off. PostgreSQL refuses to run
# as root: as root, every server process runs as the unprivileged OS user `postgres` (setpriv).
# Environment: KONTRACT_INFRA_DIR, KONTRACT_PG_PORT (15432), KONTRACT_PG_BIN (the directory holding
# initdb and postgres), KONTRACT_PG_OS_USER (postgres), KONTRACT_PG_WAIT_TIMEOUT (30 s),
# KONTRACT_INFRA_STOP_GRACE (30 s). See docs/replay-postgres.md.

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_PORT="${KONTRACT_PG_PORT:-15432}"
PG_OS_USER="${KONTRACT_PG_OS_USER:-postgres}"
WAIT_TIMEOUT="${KONTRACT_PG_WAIT_TIMEOUT:-30}"
PG_ROLE=kontract
PG_DATABASE=kontract

# Absolute: the server and initdb run from /, and KONTRACT_INFRA_DIR may be relative.
RUN_DIR="$(realpath -m "$RUN_ROOT/postgres-$PG_PORT")"
MARKER="postgres-$PG_PORT"
LOG="$RUN_DIR/server.log"
URL="postgres://$PG_ROLE@$HOST:$PG_PORT/$PG_DATABASE"

# The directory holding initdb, postgres and psql: KONTRACT_PG_BIN, then the one `initdb` on PATH
# resolves to, then the newest /usr/lib/postgresql/<major>/bin (Debian keeps them off PATH).
find_bin_dir() {
  local candidate on_path
  if [[ -n "${KONTRACT_PG_BIN:-}" ]]; then
    [[ -x "$KONTRACT_PG_BIN/initdb" && -x "$KONTRACT_PG_BIN/postgres" ]] ||
      die "postgres: KONTRACT_PG_BIN=$KONTRACT_PG_BIN holds no initdb and postgres"
    printf '%s' "$KONTRACT_PG_BIN"
    return 0
  fi
  if on_path="$(command -v initdb 2>/dev/null)"; then
    candidate="$(dirname "$(readlink -f "$on_path")")"
    if [[ -x "$candidate/postgres" ]]; then
      printf '%s' "$candidate"
      return 0
    fi
  fi
  candidate="$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n 1)"
  if [[ -n "$candidate" && -x "$(dirname "$candidate")/postgres" ]]; then
    dirname "$candidate"
    return 0
  fi
  return 1
}

cmd_fetch() {
  local bin started
  if bin="$(find_bin_dir)"; then
    printf '%s\n' "$bin"
    return 0
  fi
  ((EUID == 0)) || die "postgres: no PostgreSQL server binaries found (initdb, postgres); install Debian's postgresql package (sudo apt-get install postgresql) or set KONTRACT_PG_BIN"
  command -v apt-get >/dev/null || die "postgres: no PostgreSQL server binaries and no apt-get to install them; set KONTRACT_PG_BIN"
  started="$(now_ms)"
  info "postgres: installing Debian's postgresql package with apt-get"
  # Debian's package creates and starts a cluster `main` on port 5432 by default; these tests use only
  # their own cluster, so that one is not created (postgresql-common reads createcluster.d/*.conf).
  if [[ ! -e /etc/postgresql-common/createcluster.d/kontract.conf ]]; then
    mkdir -p /etc/postgresql-common/createcluster.d
    printf '%s\n' '# Written by kontract scripts/infra/postgres.sh: tests run their own cluster.' \
      'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/kontract.conf
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || die "postgres: apt-get update failed"
  apt-get install -y -qq --no-install-recommends postgresql >&2 || die "postgres: apt-get install postgresql failed"
  bin="$(find_bin_dir)" || die "postgres: apt-get installed postgresql, but no initdb and postgres were found under /usr/lib/postgresql"
  info "postgres: installed $("$bin/postgres" --version) in $(elapsed_s "$started")s"
  printf '%s\n' "$bin"
}

# Runs a command as the OS user that owns the cluster: this user, or PG_OS_USER when this is root.
as_owner() {
  if ((EUID == 0)); then
    setpriv --reuid="$PG_OS_USER" --regid="$PG_OS_USER" --init-groups -- "$@"
  else
    "$@"
  fi
}

# pid_of_server: prints the pid if the pid file names a live postmaster started by this script for this
# port (its command line carries `-c kontract.infra=<marker>`), so a reused pid is never signalled.
pid_of_server() {
  local pid
  [[ -f "$RUN_DIR/pid" ]] || return 1
  pid="$(cat "$RUN_DIR/pid")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "kontract.infra=$MARKER " || return 1
  printf '%s' "$pid"
}

# True while the process runs. An exited server whose parent has not reaped it yet (the detached
# postmaster's parent is init, which may take a second or two) is a zombie, and a zombie has stopped.
running() {
  local state
  state="$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null)" || return 1
  [[ -n "$state" && "$state" != Z ]]
}

clear_stale() {
  if [[ -f "$RUN_DIR/pid" ]] && ! pid_of_server >/dev/null; then
    info "postgres: removing stale pid file (pid $(cat "$RUN_DIR/pid") is gone or is not a kontract server)"
    rm -f "$RUN_DIR/pid" "$RUN_DIR/ready"
  fi
}

# Where the cluster lives: $RUN_DIR/data, unless this is root and the cluster's OS user cannot reach the
# run dir (a checkout under a private home directory); then a directory of its own under /tmp.
choose_data_dir() {
  if ((EUID != 0)) || as_owner test -x "$RUN_DIR"; then
    printf '%s' "$RUN_DIR/data"
  else
    printf '%s' "${TMPDIR:-/tmp}/kontract-postgres-$PG_PORT-$(printf '%s' "$RUN_DIR" | cksum | cut -d' ' -f1)/data"
  fi
}

write_config() {
  local data="$1"
  cat >>"$data/postgresql.conf" <<EOF

# --- Written by scripts/infra/postgres.sh on every start (the cluster is made anew each time) ---
listen_addresses = '$HOST'
port = $PG_PORT
# TCP on 127.0.0.1 only: no socket directory to create or own.
unix_socket_directories = ''
max_connections = 64
shared_buffers = 64MB
# A disposable test cluster: durability across an OS crash buys nothing and costs a flush per commit.
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
log_checkpoints = off
log_line_prefix = '%m [%p] %q%u@%d '
EOF
  # Only the test role, only its database, only from loopback. Nothing else matches, so nothing else
  # (the superuser included) can log in.
  cat >"$data/pg_hba.conf" <<EOF
# Written by scripts/infra/postgres.sh on every start.
# TYPE  DATABASE      USER      ADDRESS        METHOD
host    $PG_DATABASE  $PG_ROLE  $HOST/32   trust
EOF
}

cmd_start() {
  local bin pid data out
  lock_instance "$MARKER"
  if pid="$(pid_of_server)"; then
    info "postgres: already running (pid $pid) on $HOST:$PG_PORT"
    return 0
  fi
  clear_stale
  if port_open "$PG_PORT"; then die "postgres: port $HOST:$PG_PORT is already in use by another process (set KONTRACT_PG_PORT)"; fi
  bin="$(cmd_fetch)"
  if ((EUID == 0)); then
    id -u "$PG_OS_USER" >/dev/null 2>&1 ||
      die "postgres: running as root, and there is no OS user '$PG_OS_USER' to run the server as (PostgreSQL refuses root); create one or set KONTRACT_PG_OS_USER"
  fi
  mkdir -p "$RUN_DIR"
  rm -f "$RUN_DIR/ready"
  data="$(choose_data_dir)"
  printf '%s\n' "$data" >"$RUN_DIR/data-dir"
  rm -rf "$data"
  # initdb fills an existing empty directory; created here, the run dir itself stays root's.
  mkdir -p "$data"
  chmod 700 "$data"
  ((EUID != 0)) || chown "$PG_OS_USER:" "$data"
  # From /, so that neither tool complains about a working directory its user cannot read.
  if ! (cd / && as_owner "$bin/initdb" -D "$data" -U postgres -A reject -E UTF8 --locale=C \
    --no-sync --no-instructions) >"$RUN_DIR/initdb.log" 2>&1; then
    tail_log "$RUN_DIR/initdb.log"
    die "postgres: initdb into $data failed"
  fi
  # Single-user mode creates the role and database before any listener exists; it exits 0 even when a
  # statement fails, so its output is checked for ERROR.
  out="$(printf '%s\n' "CREATE ROLE $PG_ROLE LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;" \
    "CREATE DATABASE $PG_DATABASE OWNER $PG_ROLE;" |
    (cd / && as_owner "$bin/postgres" --single -D "$data" -c fsync=off postgres) 2>&1)" ||
    die "postgres: single-user bootstrap failed: $out"
  if grep -q 'ERROR' <<<"$out"; then die "postgres: creating the test role and database failed: $out"; fi
  write_config "$data"
  printf '%s\n' "$PG_PORT" >"$RUN_DIR/ports"
  # setsid and setpriv exec in place, so $! is the postmaster itself. Descriptors 8 and 9 hold the
  # instance lock and up.sh's lock: a server that inherited them would hold those locks for its life.
  (cd / && exec setsid "${owner_prefix[@]}" "$bin/postgres" -D "$data" -c "kontract.infra=$MARKER") \
    >"$LOG" 2>&1 </dev/null 8>&- 9>&- &
  pid=$!
  printf '%s\n' "$pid" >"$RUN_DIR/pid"
  date +%s%3N >"$RUN_DIR/started-at"
  info "postgres: started pid $pid ($("$bin/postgres" --version | sed 's/^postgres (PostgreSQL) //')) on $HOST:$PG_PORT, data $data, log $LOG"
}

# One readiness probe: the test role connects and reads the marker, so the server answering on the port
# is this instance (not some other PostgreSQL that took the port), and `SELECT` works.
probe() {
  local bin="$1" answer
  answer="$(PGCONNECT_TIMEOUT=2 "$bin/psql" -X -A -t -q -w -h "$HOST" -p "$PG_PORT" -U "$PG_ROLE" -d "$PG_DATABASE" \
    -c "SELECT 1, current_setting('kontract.infra')" 2>>"$RUN_DIR/wait.log")" || return 1
  [[ "$answer" == "1|$MARKER" ]] || {
    printf 'unexpected answer: %s\n' "$answer" >>"$RUN_DIR/wait.log"
    return 1
  }
}

cmd_wait() {
  local bin pid deadline since
  bin="$(find_bin_dir)" || die "postgres: no PostgreSQL binaries (run postgres.sh fetch)"
  [[ -x "$bin/psql" ]] || die "postgres: no psql next to $bin/postgres (install postgresql-client)"
  pid="$(pid_of_server)" || {
    tail_log "$LOG"
    die "postgres: not running: it exited (see its log above) or was never started (run postgres.sh start)"
  }
  if [[ -f "$RUN_DIR/ready" ]] && port_open "$PG_PORT"; then
    info "postgres: ready on $HOST:$PG_PORT"
    return 0
  fi
  since="$(cat "$RUN_DIR/started-at" 2>/dev/null || now_ms)"
  deadline=$(($(date +%s) + WAIT_TIMEOUT))
  : >"$RUN_DIR/wait.log"
  until probe "$bin"; do
    if ! running "$pid"; then
      tail_log "$LOG"
      die "postgres: the server (pid $pid) exited during start-up"
    fi
    if (($(date +%s) >= deadline)); then
      tail_log "$RUN_DIR/wait.log"
      tail_log "$LOG"
      die "postgres: not ready after ${WAIT_TIMEOUT}s: SELECT 1 as $PG_ROLE on $HOST:$PG_PORT did not succeed"
    fi
    sleep 0.1
  done
  : >"$RUN_DIR/ready"
  info "postgres: ready on $HOST:$PG_PORT ($(elapsed_s "$since")s after start, RSS $(rss_mb "$pid") MB)"
}

cmd_stop() {
  local pid data grace="${KONTRACT_INFRA_STOP_GRACE:-30}" waited=0
  lock_instance "$MARKER"
  if ! pid="$(pid_of_server)"; then
    clear_stale
    info "postgres: not running"
    return 0
  fi
  info "postgres: stopping pid $pid"
  # INT is PostgreSQL's fast shutdown: open transactions roll back and clients are disconnected. TERM
  # (smart shutdown) would wait for every client, and a test that leaked a connection would block it.
  kill -INT "$pid" 2>/dev/null || true
  while running "$pid"; do
    if ((waited == grace * 5)); then
      info "postgres: still alive after ${grace}s, sending QUIT (immediate shutdown)"
      kill -QUIT "$pid" 2>/dev/null || true
    elif ((waited >= grace * 5 + 25)); then
      info "postgres: still alive, sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  rm -f "$RUN_DIR/pid" "$RUN_DIR/ready"
  wait_port_closed "$PG_PORT" 10 || die "postgres: process $pid is gone but port $PG_PORT is still open"
  # A cluster kept under /tmp (see choose_data_dir) is removed with the server; one in the run dir
  # stays for post-mortems until the next start replaces it.
  data="$(cat "$RUN_DIR/data-dir" 2>/dev/null || true)"
  if [[ -n "$data" && "$data" != "$RUN_DIR/"* && "$data" == */kontract-postgres-"$PG_PORT"-*/data ]]; then
    rm -rf "$(dirname "$data")"
  fi
  info "postgres: stopped"
}

cmd_status() {
  local pid
  if pid="$(pid_of_server)"; then
    local state=starting
    [[ -f "$RUN_DIR/ready" ]] && state=ready
    printf 'postgres: %s, pid %s, %s:%s, RSS %s MB, log %s\n' "$state" "$pid" "$HOST" "$PG_PORT" "$(rss_mb "$pid")" "$LOG"
    return 0
  fi
  printf 'postgres: stopped (%s:%s)\n' "$HOST" "$PG_PORT"
  return 3
}

owner_prefix=()
if ((EUID == 0)); then owner_prefix=(setpriv "--reuid=$PG_OS_USER" "--regid=$PG_OS_USER" --init-groups --); fi

case "${1:-}" in
fetch) cmd_fetch >/dev/null ;;
start) cmd_start ;;
wait) cmd_wait ;;
stop) cmd_stop ;;
status) cmd_status ;;
url) printf '%s\n' "$URL" ;;
*)
  printf 'usage: %s {fetch|start|stop|status|wait|url}\n' "$0" >&2
  exit 2
  ;;
esac

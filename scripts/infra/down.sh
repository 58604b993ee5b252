#!/usr/bin/env bash
# Stops every Kafka and schema registry instance these scripts started under $KONTRACT_INFRA_DIR/run
# (whatever their ports), all at once, and waits until their ports are closed. Stale pid files are removed.

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mkdir -p "$INFRA_DIR"
# Never stop servers while up.sh is starting them.
exec 9>"$INFRA_DIR/.up.lock"
flock 9

jobs=()
for dir in "$RUN_ROOT"/kafka-* "$RUN_ROOT"/registry-*; do
  [[ -d "$dir" ]] || continue
  stop_instance "$dir" "$(basename "$dir")" &
  jobs+=("$!")
done

status=0
for job in "${jobs[@]}"; do wait "$job" || status=1; done
# Test runs' leases (see test/infra/servers.ts) refer to servers that no longer exist.
rm -rf "$RUN_ROOT/leases"
((${#jobs[@]} > 0)) || info "down: nothing to stop"
exit "$status"

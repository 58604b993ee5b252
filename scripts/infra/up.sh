#!/usr/bin/env bash
# Fetches, starts and waits for Kafka and the schema registry, both at once; a no-op for servers already up.
# Progress goes to stderr; stdout gets shell assignments, so `eval "$(scripts/infra/up.sh)"` works:
#   KONTRACT_KAFKA_BROKERS=127.0.0.1:19092
#   KONTRACT_REGISTRY_URL=http://127.0.0.1:18081/apis/ccompat/v7
#   KONTRACT_INFRA_STARTED=kafka,registry     (the servers this call started; empty if both were up)
# Honours the environment of kafka.sh and registry.sh (ports, versions, KONTRACT_INFRA_DIR). See docs/infra.md.

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

started="$(now_ms)"
mkdir -p "$RUN_ROOT"
# Concurrent callers (two test files, two terminals) queue here instead of racing to format and bind.
exec 9>"$INFRA_DIR/.up.lock"
flock 9

started_here=()
"$INFRA_SCRIPTS/kafka.sh" status >/dev/null || started_here+=(kafka)
"$INFRA_SCRIPTS/registry.sh" status >/dev/null || started_here+=(registry)

"$INFRA_SCRIPTS/kafka.sh" start >&2 && "$INFRA_SCRIPTS/kafka.sh" wait >&2 &
kafka_job=$!
"$INFRA_SCRIPTS/registry.sh" start >&2 && "$INFRA_SCRIPTS/registry.sh" wait >&2 &
registry_job=$!

failed=()
wait "$kafka_job" || failed+=(kafka)
wait "$registry_job" || failed+=(registry)
if ((${#failed[@]} > 0)); then
  die "up: ${failed[*]} did not come up (see above); scripts/infra/down.sh stops whatever did"
fi

info "up: Kafka and the schema registry are ready ($(elapsed_s "$started")s)"
printf 'KONTRACT_KAFKA_BROKERS=%s:%s\n' "$HOST" "${KONTRACT_KAFKA_PORT:-19092}"
printf 'KONTRACT_REGISTRY_URL=%s\n' "$("$INFRA_SCRIPTS/registry.sh" url)"
printf 'KONTRACT_INFRA_STARTED=%s\n' "$(IFS=,; printf '%s' "${started_here[*]}")"

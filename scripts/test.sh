#!/usr/bin/env bash
# `npm test`: sets up what the tests need when it is missing, then runs every Vitest project:
#   core (Node), unit (jsdom), readme              nothing to set up
#   dist, dev-server (Node; dist built when stale)  nothing to set up (npm run build, by their globalSetup)
#   browser, storybook (real Chromium)             Debian's chromium            scripts/ensure-chromium.sh
#   e2e (the demo in Chromium, dev server, RabbitMQ)   chromium + RabbitMQ      both of the above
#   broker (real RabbitMQ)                         RabbitMQ with Web-STOMP      scripts/rabbitmq.sh ensure
#   broker-activemq (real ActiveMQ 5.17)           ActiveMQ with STOMP over ws  scripts/activemq.sh ensure
#   broker-cluster (two clustered RabbitMQ nodes)  the cluster                  scripts/rabbitmq-cluster.sh ensure
# Each setup prints how long it took. Extra arguments go to Vitest (e.g. `npm test -- --project unit`); with
# `--project` arguments only the selected projects' setups run. Ends with one line: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."

# Which projects will run: every one, unless `--project X` / `--project=X` arguments pick some.
selected=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case ${args[i]} in
    --project) selected+=("${args[i + 1]:-}") ;;
    --project=*) selected+=("${args[i]#--project=}") ;;
  esac
done
wants() { # project-name-pattern...
  ((${#selected[@]} == 0)) && return 0
  local s p
  for s in "${selected[@]}"; do for p in "$@"; do [[ $p == $s ]] && return 0; done; done
  return 1
}

SETUP_T0=$EPOCHREALTIME
timings=()
setup() { # label command...
  local label=$1 t0=$EPOCHREALTIME rc
  shift
  echo "test: setup: $label"
  "$@"
  rc=$?
  timings+=("$(awk -v a="$t0" -v b="$EPOCHREALTIME" -v l="$label" -v rc="$rc" \
    'BEGIN { printf "  %-34s %6.1f s%s", l, b - a, (rc ? "  FAILED" : "") }')")
  return $rc
}
fail_setup() {
  echo "test: $1 could not be set up (see above); its tests cannot run." >&2
  echo "0 passed, 1 failed"
  exit 1
}

if wants browser storybook e2e; then setup "chromium" bash scripts/ensure-chromium.sh || fail_setup "Chromium"; fi
if wants broker e2e; then setup "rabbitmq (single node)" bash scripts/rabbitmq.sh ensure || fail_setup "RabbitMQ"; fi
if wants broker-activemq; then setup "activemq 5.17" bash scripts/activemq.sh ensure || fail_setup "ActiveMQ"; fi
if wants broker-cluster; then
  setup "rabbitmq cluster (2 nodes)" bash scripts/rabbitmq-cluster.sh ensure || fail_setup "the RabbitMQ cluster"
fi
if ((${#timings[@]})); then
  echo "test: setup times:"
  printf '%s\n' "${timings[@]}"
  awk -v a="$SETUP_T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "  %-34s %6.1f s\n", "total", b - a }'
fi

mkdir -p .reports
rm -f .reports/vitest.json
npx vitest run --reporter=default --reporter=json --outputFile.json=.reports/vitest.json "$@"
status=$?
node scripts/summary.mjs .reports/vitest.json "$status"

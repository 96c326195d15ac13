#!/usr/bin/env bash
# `npm test`: sets up what the tests need when it is missing (Debian's chromium, a RabbitMQ with
# Web-STOMP on 127.0.0.1), then runs every Vitest project: core (Node), unit (jsdom), browser and
# storybook (real Chromium), broker (real RabbitMQ). Extra arguments go to Vitest
# (e.g. `npm test -- --project unit`). Ends with one line: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-chromium.sh || exit 1
bash scripts/rabbitmq.sh ensure || {
  echo "test: the RabbitMQ broker could not be started (see above); the broker suite cannot run." >&2
  exit 1
}

mkdir -p .reports
rm -f .reports/vitest.json
npx vitest run --reporter=default --reporter=json --outputFile.json=.reports/vitest.json "$@"
status=$?
node scripts/summary.mjs .reports/vitest.json "$status"

#!/usr/bin/env bash
# `npm test`: type check, lint, unit tests, then the integration tests against the real local stack
# (reused when healthy, installed and started otherwise), then the browser tests (headless Chromium), then the
# chaos suite (each store taken away under traffic: test/chaos/run.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s globstar nullglob
bash scripts/ensure-deps.sh

t0=$(date +%s)
echo "== type check"
npx --no-install tsc -p tsconfig.json --noEmit
npx --no-install tsc -p tsconfig.browser.json   # the browser scripts (DOM, no Node)
echo "== lint"
npx --no-install eslint --max-warnings=0 .

echo "== unit tests"
unit=(test/unit/**/*.test.ts)
node --import tsx --test --test-reporter=spec "${unit[@]}"

echo "== local stack (reused when healthy)"
node --import tsx cli/main.ts stack up
# The tests' own namespace, topics, indexes and folders on the same servers (test/support/test-env.ts).
testenv=(bash scripts/with-test-env.sh node --import tsx)
"${testenv[@]}" cli/main.ts stack init

echo "== integration tests"
integration=(test/integration/**/*.test.ts)
"${testenv[@]}" --test --test-concurrency=1 --test-timeout=600000 --test-reporter=spec "${integration[@]}"

echo "== browser tests"
e2e=(test/e2e/**/*.test.ts)
"${testenv[@]}" --test --test-concurrency=1 --test-timeout=600000 --test-reporter=spec "${e2e[@]}"
echo "== chaos suite (each store away for 15 s under page traffic; its own Kafka and Temporal)"
npm run --silent test:chaos -- --outage 15
echo "== npm test done in $(( $(date +%s) - t0 ))s"

#!/usr/bin/env bash
# Runs a command in the tests' own data namespace on the local stack (test/support/test-env.ts): Temporal
# namespace ciao-test, Redis database 15, MongoDB database ciao_test, Kafka topics / HDFS root / indexes
# prefixed with "test". `npm test` runs the integration and browser tests through it.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(node --import tsx test/support/test-env.ts)"
exec "$@"

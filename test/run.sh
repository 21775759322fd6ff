#!/usr/bin/env bash
# The test command the README gives: builds the library, then runs every suite with node's test runner.
# Suites that need Jupyter, Deno or Chromium skip with a reason when those are missing, except when
# CI=true, where a missing tool fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
exec node --import tsx --test --test-concurrency=1 --test-reporter=spec "$@" test/*.test.ts

#!/usr/bin/env bash
# The test command the README gives: builds the library, then runs every suite with node's test runner.
# Suites are every test/**/*.test.ts (fixtures aside), in byte order of their paths, one file at a time.
# Suites that need Jupyter, Deno or Chromium skip with a reason when those are missing, except when
# CI=true, where a missing tool fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s globstar nullglob
mapfile -t suites < <(printf '%s\n' test/**/*.test.ts | grep -v '^test/fixtures/' | LC_ALL=C sort)
if [ -z "${suites[0]:-}" ]; then
  echo "no test/**/*.test.ts found" >&2
  exit 1
fi
npm run --silent build
exec node --import tsx --test --test-concurrency=1 --test-reporter=spec "$@" "${suites[@]}"

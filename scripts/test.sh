#!/usr/bin/env bash
# Sets up everything the tests need (system packages included), then runs the linters and
# the test suite. This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
.venv/bin/ruff check generator tests
.venv/bin/python -m pytest -q "$@"

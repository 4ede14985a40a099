#!/usr/bin/env bash
# The test command: installs system and test dependencies if needed, then runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# chromium, for the test that renders the sample report in a headless browser (not needed to build or run)
bash scripts/install-test-deps.sh
swift build --build-tests
# XCTest only: the suite has no Swift Testing tests, and its empty "0 tests" summary would otherwise be the last line
swift test --skip-build --disable-swift-testing

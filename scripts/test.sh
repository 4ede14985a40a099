#!/usr/bin/env bash
# The test command: installs system and test dependencies if needed, then runs the whole test suite,
# builds the outside package Examples/ against NeuroRep's library products, and runs the
# sample pipeline on a real one-node Slurm cluster (scripts/test-slurm.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# chromium, for the test that renders the sample report in a headless browser (not needed to build or run)
bash scripts/install-test-deps.sh
swift build --build-tests
# XCTest only: the suite has no Swift Testing tests, and its empty "0 tests" summary would otherwise be the last line
swift test --skip-build --disable-swift-testing 2>&1 | tee .build/xctest.log
xctests=$(grep -Eo 'Executed [0-9]+ tests?, with 0 failures' .build/xctest.log | tail -n 1 | grep -Eo '[0-9]+' | head -n 1)

# Examples/ depends on this package by path and imports every library product; its build
# folder sits inside ours (.build/examples), so reruns are incremental
# SwiftPM does not re-scan a path dependency's folders for new source files when its manifest is
# unchanged, so an incremental build would miss a file added to NeuroRep since the last run:
# removing the build plan (not the objects) makes it plan again, in a few seconds
rm -f .build/examples/debug.yaml .build/examples/debug/description.json
swift build --package-path Examples --scratch-path .build/examples
diff Examples/expected-output.txt <(.build/examples/debug/rdm-example) \
  || { echo "test: Examples/ printed other numbers than Examples/expected-output.txt" >&2; exit 1; }
echo "test: Examples/ built against every library product and printed the expected RDM"

# the just-built debug binary, so the Slurm test does not build again
NEUROREP_BIN=.build/debug/neurorep bash scripts/test-slurm.sh

# one closing line for the whole command: the XCTest cases plus the Examples and Slurm checks
echo "tests: $((xctests + 2)) passed, 0 failed"

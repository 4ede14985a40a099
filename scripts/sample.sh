#!/usr/bin/env bash
# The main job: installs system dependencies if needed, builds NeuroRep (release) and runs the
# sample pipeline (Pipelines/sample.yaml) on SampleData/. Outputs: out/sample/ (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product neurorep
bin=$(swift build -c release --show-bin-path)/neurorep
"$bin" run Pipelines/sample.yaml "$@"
echo "neurorep: outputs in out/sample/ — open out/sample/report.html in a browser (the run's report), or start with out/sample/group/atlas-sample_meas-spearman_desc-bestlayer_ranking.tsv (which layer is most like each ROI)"

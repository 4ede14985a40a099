#!/usr/bin/env bash
# Crossnobis ROI RDMs at whole-brain size: `neurorep run` of a copy of Pipelines/crossnobis.yaml
# (glm stage on one subject's two task runs, per-run condition maps and ROI residuals; rsa stage
# with crossnobis + shrinkage_diag noise, euclidean layer RDMs, Spearman) vs the Python peer
# recipe of Tests/PipelineTests/Fixtures/crossnobis/make_crossnobis_refs.py (nilearn 0.14.1
# FirstLevelModel per run + rsatoolbox 0.3.2 prec_from_residuals / calc_rdm crossnobis per ROI),
# whole processes. Inputs: 2 runs of 91x109x91x200 float32 .nii.gz, 228,483-voxel mask, 10
# conditions x 6 events per run, 100-ROI atlas (~2,285 voxels per ROI).
# Also two NeuroRep variants for the time split: `noise: none` (crossnobis without residuals:
# no second read of the runs, no noise estimate) and `method: correlation` (one combined GLM
# fit's betas, no per-run maps).
# Usage: bench.sh /path/to/release/neurorep   (prints a markdown section)
set -euo pipefail
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
unset OPENBLAS_NUM_THREADS OMP_NUM_THREADS MKL_NUM_THREADS GOTO_NUM_THREADS
work="$here/../work/crossnobis"; mkdir -p "$work"
fp="$work/study/derivatives/fmriprep"
[[ -f "$fp/sub-01/func/sub-01_task-objects_run-2_space-MNI152NLin2009cAsym_desc-preproc_bold.nii.gz" && -f "$work/net.npz" ]] \
  || python3 "$here/make_inputs.py" "$work"
cat "$fp"/sub-01/func/*_bold.nii.gz > /dev/null   # warm the page cache
LOG=$(mktemp)
measure_cpu() {
  /usr/bin/time -v "$@" >/dev/null 2>"$LOG" || { echo "benchmark command failed: $*" >&2; cat "$LOG" >&2; return 1; }
  WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$LOG")
  RSS=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$LOG")
  CPU=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$LOG")
}
# seconds of a step from the run's progress lines ("[n/m] sub-01 glm: ran (12.3 s)")
step_s() { sed -n "s/.* $1[^:]*: ran (\([0-9.]*\) s).*/\1/p" "$LOG" | head -1; }
config() {   # config NAME RSA-FLOW-MAPPING
  cat > "$work/$1.yaml" <<YAML
name: $1
output: $work/out_$1
inputs:
  fmriprep: $fp
  atlases: [{name: bench, image: $work/atlas.nii.gz, labels: $work/atlas.tsv}]
  activations: [{network: net, file: $work/net.npz}]
stages:
  glm: {task: [objects], conditions: $work/conditions.tsv, hrf: glover, drift: cosine, high_pass: 0.01, noise_model: ar1, signal_scaling: 0, mask: $work/mask.nii.gz}
  rsa: $2
YAML
}
config crossnobis "{method: crossnobis, noise: shrinkage_diag, layer_method: euclidean, compare: spearman}"
config nonoise "{method: crossnobis, noise: none, layer_method: euclidean, compare: spearman}"
config correlation "{method: correlation, layer_method: euclidean, compare: spearman}"
declare -A W R C G S
for v in crossnobis nonoise correlation; do
  rm -rf "$work/out_$v"
  measure_cpu "$bin" run "$work/$v.yaml" --jobs 1
  W[$v]=$WALL; R[$v]=$RSS; C[$v]=$CPU; G[$v]=$(step_s glm); S[$v]=$(step_s rsa)
done
rm -f "$work/peer.npz"
measure_cpu python3 "$here/peer_crossnobis.py" "$work" "$work/peer.npz"
W[py]=$WALL; R[py]=$RSS; C[py]=$CPU
rm -f "$LOG"
diff=$(python3 "$here/compare.py" "$work/out_crossnobis/sub-01/rsa/sub-01_atlas-bench_meas-crossnobis_rdms.npy" "$work/peer.npz")
load=$(awk '{print $1}' /proc/loadavg)
echo "## Crossnobis ROI RDMs (nilearn 0.14.1 + rsatoolbox 0.3.2)"
echo
echo "Inputs made by \`Benchmarks/crossnobis/make_inputs.py\` (seeded): one subject, two task runs of 91x109x91x200 float32 \`.nii.gz\` (fMRIPrep + BIDS layout, TR in the sidecars), 228,483-voxel mask, 10 conditions x 6 events per run, 100-ROI atlas parcellating the mask (2,284-2,285 voxels per ROI), one network of 2 layers. NeuroRep: \`neurorep run --jobs 1\` of a copy of \`Pipelines/crossnobis.yaml\` (without the group stage, one subject) with \`stages.glm.mask\`: glm unit (both runs fitted, combined maps, each run's condition maps, each run re-read for its whitened AR(1) residuals in every ROI) and rsa unit (crossnobis RDM per ROI with shrinkage_diag noise per run, euclidean layer RDMs, Spearman). Peer: \`Benchmarks/crossnobis/peer_crossnobis.py\`, the recipe of \`Tests/PipelineTests/Fixtures/crossnobis/make_crossnobis_refs.py\` (FirstLevelModel per run with the same settings and mask, whitened residuals, \`prec_from_residuals(..., method='shrinkage_diag')\` and \`calc_rdm(method='crossnobis', cv_descriptor='run')\` per ROI, then the layer RDMs and Spearman comparisons). Page cache warm; no BLAS thread variable set. Wall and CPU (user + system) in seconds, peak RSS in MB. Load average at the end: ${load} (on $(nproc) cores)."
echo
echo "| run | peer wall | NeuroRep wall | peer / NeuroRep (wall) | peer CPU | NeuroRep CPU | peer / NeuroRep (CPU) | peer RSS | NeuroRep RSS | max scaled diff |"
echo "|---|---|---|---|---|---|---|---|---|---|"
echo "| 2 runs x 228,483 voxels x 200, 10 conditions, AR(1); 100 ROIs: crossnobis, shrinkage_diag | ${W[py]} | ${W[crossnobis]} | $(ratio ${W[py]} ${W[crossnobis]}) | ${C[py]} | ${C[crossnobis]} | $(ratio ${C[py]} ${C[crossnobis]}) | ${R[py]} | ${R[crossnobis]} | ${diff} |"
echo
echo "Where NeuroRep's time goes (the steps' seconds from \`neurorep run\`'s progress lines; the same run with \`stages.rsa\` changed):"
echo
echo "| NeuroRep run | wall | CPU | peak RSS | glm unit (s) | rsa unit (s) |"
echo "|---|---|---|---|---|---|"
echo "| crossnobis, \`noise: shrinkage_diag\` (the row above) | ${W[crossnobis]} | ${C[crossnobis]} | ${R[crossnobis]} | ${G[crossnobis]} | ${S[crossnobis]} |"
echo "| crossnobis, \`noise: none\` (per-run maps, no ROI residuals: no re-read) | ${W[nonoise]} | ${C[nonoise]} | ${R[nonoise]} | ${G[nonoise]} | ${S[nonoise]} |"
echo "| \`method: correlation\` (combined fit only) | ${W[correlation]} | ${C[correlation]} | ${R[correlation]} | ${G[correlation]} | ${S[correlation]} |"
echo
echo "\"max scaled diff\" = max over the ROIs of max|ours - peer| / max|peer| over the ROI's RDM (NeuroRep's residuals are stored as float32)."
echo

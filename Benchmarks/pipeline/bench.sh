#!/usr/bin/env bash
# Pipelines (issue 7): the sample pipeline's wall time and peak memory, and a batch of 20
# synthetic subjects (91x109x91x200 float32 .nii.gz, fMRIPrep layout, 100-label atlas) through
# `neurorep run` (time series + correlation) against the equivalent nilearn script run subject
# after subject. Usage: bench.sh /path/to/release/neurorep   (prints a markdown section)
set -euo pipefail
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/../lib.sh"
# Both tools in the user's default environment: no BLAS thread variable (users do not set them;
# NeuroRep's own policy, LinearAlgebra/BLASThreads, decides its OpenBLAS threads).
unset OPENBLAS_NUM_THREADS OMP_NUM_THREADS MKL_NUM_THREADS GOTO_NUM_THREADS
work="$here/../work/pipeline"; mkdir -p "$work"

# 1. the sample pipeline
rm -rf "$work/sample"
measure "$bin" run "$root/Pipelines/sample.yaml" --out "$work/sample"
sample_wall=$WALL; sample_rss=$RSS
steps=$(find "$work/sample" -name '*.json' | wc -l)

# 2. a batch of 20 subjects: 5 distinct seeded runs (the fMRI benchmark's generator, seeds
#    1..5), each used by 4 subjects under its own name, so the page cache cannot hold them all
fmri="$here/../work/fmri"
[[ -f "$fmri/atlas.nii.gz" ]] || python3 "$here/../fmri/make_inputs.py" "$fmri"
study="$work/study/derivatives/fmriprep"
if [[ ! -f "$study/sub-20/func/sub-20_task-rest_space-MNI152NLin2009cAsym_desc-preproc_bold.nii.gz" ]]; then
  for s in 1 2 3 4 5; do
    mkdir -p "$work/seed$s"
    [[ -f "$work/seed$s/bold.nii.gz" ]] || python3 "$here/make_subject.py" "$fmri/atlas.nii.gz" "$s" "$work/seed$s/bold.nii.gz"
  done
  for n in $(seq 1 20); do
    sub=$(printf "%02d" "$n"); s=$(( (n - 1) % 5 + 1 ))
    d="$study/sub-$sub/func"; mkdir -p "$d"
    cp "$work/seed$s/bold.nii.gz" "$d/sub-${sub}_task-rest_space-MNI152NLin2009cAsym_desc-preproc_bold.nii.gz"
    echo '{"RepetitionTime": 2.0}' > "$d/sub-${sub}_task-rest_space-MNI152NLin2009cAsym_desc-preproc_bold.json"
  done
fi
cat > "$work/batch.yaml" <<YAML
name: batch20
output: $work/batch_out
inputs:
  fmriprep: $study
  atlases: [{name: bench, image: $fmri/atlas.nii.gz, labels: $fmri/atlas.tsv}]
stages:
  timeseries: {detrend: true, standardize: zscore_sample, high_pass: 0.01, low_pass: 0.1, t_r: 2.0}
  connectivity: {kinds: [correlation]}
YAML
rm -rf "$work/batch_out" "$work/nilearn_out"
measure "$bin" run "$work/batch.yaml"
nr_wall=$WALL; nr_rss=$RSS
measure python3 "$here/nilearn_batch.py" "$study" "$fmri/atlas.nii.gz" "$fmri/atlas.tsv" "$work/nilearn_out"
nl_wall=$WALL; nl_rss=$RSS
diff=$(python3 - "$work" <<'PY'
import sys, glob, numpy as np
w = sys.argv[1]; worst = 0.0
for n in range(1, 21):
    a = np.load(glob.glob(f"{w}/batch_out/sub-{n:02d}/func/*_meas-correlation_relmat.npy")[0])
    b = np.loadtxt(f"{w}/nilearn_out/sub-{n:02d}_correlation.tsv")
    worst = max(worst, abs(a - b).max())
print("%.1e" % worst)
PY
)
echo "## Pipelines"
echo
echo "Both tools in the user's default environment: the script unsets OPENBLAS_NUM_THREADS, OMP_NUM_THREADS, MKL_NUM_THREADS and GOTO_NUM_THREADS (NeuroRep keeps OpenBLAS on one thread itself and runs subjects in parallel; numpy's OpenBLAS in the nilearn script starts a thread per core)."
echo
echo "| run | wall (s) | peak RSS (MB) |"
echo "|---|---|---|"
echo "| \`neurorep run Pipelines/sample.yaml\` (3 subjects, every stage: $steps files with sidecars) | $sample_wall | $sample_rss |"
echo
echo "Batch of 20 subjects (91x109x91x200 float32 \`.nii.gz\` each, fMRIPrep layout, 100-label atlas; time series with detrend, z-score and 0.01-0.1 Hz band-pass, then correlation), \`neurorep run\` with its default jobs against the equivalent nilearn 0.14.1 script run subject after subject:"
echo
echo "| tool | wall (s) | peak RSS (MB) | nilearn / NeuroRep |"
echo "|---|---|---|---|"
echo "| nilearn script | $nl_wall | $nl_rss | |"
echo "| \`neurorep run\` ($(nproc) cores) | $nr_wall | $nr_rss | $(ratio $nl_wall $nr_wall) |"
echo
echo "Largest difference between the two tools' correlation matrices: $diff (nilearn's correlation is Ledoit-Wolf shrunk in both)."
echo

#!/usr/bin/env bash
# GLM stage (issue 13): `neurorep glm` vs nilearn 0.14.1's FirstLevelModel, whole processes.
#  1. 91x109x91x200 float32 .nii.gz, 228,483-voxel mask, 10 conditions, defaults (glover, cosine
#     0.01 Hz, AR(1), signal scaling 0): effect / variance / z per condition, the maps nilearn_glm.py
#     saves (NeuroRep: --stats effect,variance,z; 30 maps each).
#  2. LSS of 60 trials on a 4 mm run (32,810 voxels x 200): nilearn's beta-series recipe (one
#     FirstLevelModel per trial) with AR(1) (its default) and with OLS, vs `--beta-series lss`.
# Usage: bench.sh /path/to/release/neurorep [first-level]   (prints a markdown section; with
# `first-level`, only row 1: the LSS rows take minutes of nilearn time)
set -euo pipefail
bin=$1
only=${2:-all}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
work="$here/../work/glm"; mkdir -p "$work"
big=sub-01_task-bench_run-1; small=sub-02_task-lss_run-1
[[ -f "$work/${big}_bold.nii.gz" && -f "$work/${small}_bold.nii.gz" ]] || python3 "$here/make_inputs.py" "$work"
cat "$work"/*_bold.nii.gz > /dev/null   # warm the page cache
measure_cpu() {
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { echo "benchmark command failed: $*" >&2; cat "$log" >&2; rm -f "$log"; return 1; }
  WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
  RSS=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  CPU=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$log")
  rm -f "$log"
}
declare -A W R C D
rm -rf "$work/out_glm" "$work/nilearn_glm"
measure_cpu "$bin" glm --bold "$work/${big}_bold.nii.gz" --events "$work/${big}_events.tsv" --t-r 2 --mask "$work/${big}_mask.nii.gz" \
  --stats effect,variance,z --out "$work/out_glm"
W[nr]=$WALL; R[nr]=$RSS; C[nr]=$CPU
measure_cpu python3 "$here/nilearn_glm.py" "$work/${big}_bold.nii.gz" "$work/${big}_events.tsv" "$work/${big}_mask.nii.gz" "$work/nilearn_glm"
W[nl]=$WALL; R[nl]=$RSS; C[nl]=$CPU
D[glm]=$(python3 "$here/compare.py" glm "$work/out_glm" "$big" "$work/nilearn_glm" "$work/${big}_mask.nii.gz")
lss_models=(ar1 ols); [[ $only == first-level ]] && lss_models=()
for noise in "${lss_models[@]}"; do
  rm -rf "$work/out_lss_$noise"
  measure_cpu "$bin" glm --bold "$work/${small}_bold.nii.gz" --events "$work/${small}_events.tsv" --t-r 2 --mask "$work/${small}_mask.nii.gz" \
    --noise-model $noise --beta-series lss --out "$work/out_lss_$noise"
  W[nr_$noise]=$WALL; R[nr_$noise]=$RSS; C[nr_$noise]=$CPU
  measure_cpu python3 "$here/nilearn_lss.py" "$work/${small}_bold.nii.gz" "$work/${small}_events.tsv" "$work/${small}_mask.nii.gz" $noise "$work/nilearn_lss_$noise.npy"
  W[nl_$noise]=$WALL; R[nl_$noise]=$RSS; C[nl_$noise]=$CPU
  D[$noise]=$(python3 "$here/compare.py" lss "$work/out_lss_$noise/${small}_desc-lss_stat-effect_statmap.nii.gz" "$work/nilearn_lss_$noise.npy" "$work/${small}_mask.nii.gz")
done
load=$(awk '{print $1}' /proc/loadavg)
echo "## GLM: first-level maps and LSS beta series (nilearn 0.14.1 FirstLevelModel)"
echo
echo "Inputs made by \`Benchmarks/glm/make_inputs.py\` (seeded). NeuroRep: the whole \`neurorep glm\` command (read, design, fit, contrasts, write every map with its sidecar, SHA-256 of the inputs). nilearn: \`Benchmarks/glm/nilearn_glm.py\` (FirstLevelModel defaults with the mask, \`compute_contrast(output_type='all')\` per condition, effect / variance / z saved; NeuroRep writes the same three with \`--stats effect,variance,z\`) and \`Benchmarks/glm/nilearn_lss.py\` (its beta-series recipe, one FirstLevelModel per trial). Page cache warm; default environment. Wall and CPU (user + system) in seconds, peak RSS in MB. Load average at the end: ${load} (on $(nproc) cores)."
echo
echo "| run | nilearn wall | NeuroRep wall | nilearn / NeuroRep (wall) | nilearn CPU | NeuroRep CPU | nilearn / NeuroRep (CPU) | nilearn RSS | NeuroRep RSS | max scaled diff |"
echo "|---|---|---|---|---|---|---|---|---|---|"
echo "| 91x109x91x200 .nii.gz, 228,483 voxels, 10 conditions, AR(1): effect, variance, z | ${W[nl]} | ${W[nr]} | $(ratio ${W[nl]} ${W[nr]}) | ${C[nl]} | ${C[nr]} | $(ratio ${C[nl]} ${C[nr]}) | ${R[nl]} | ${R[nr]} | ${D[glm]} |"
for noise in "${lss_models[@]}"; do
  echo "| LSS, 60 trials, 32,810 voxels x 200, $noise | ${W[nl_$noise]} | ${W[nr_$noise]} | $(ratio ${W[nl_$noise]} ${W[nr_$noise]}) | ${C[nl_$noise]} | ${C[nr_$noise]} | $(ratio ${C[nl_$noise]} ${C[nr_$noise]}) | ${R[nl_$noise]} | ${R[nr_$noise]} | ${D[$noise]} |"
done
echo
echo "NeuroRep's LSS run also fits and writes the 4 condition maps x 5 statistics. Targets (issue 13): first-level at least 10x faster in under a quarter of nilearn's memory; LSS at least 50x faster than nilearn's recipe. \"max scaled diff\" = max|ours - nilearn| / max|nilearn| over the maps (NeuroRep's maps are float32)."
echo

#!/usr/bin/env bash
# BLAS threading (issue 12, finding 13): each parallel command run as a user runs it (no BLAS
# variable set: NeuroRep's own policy, LinearAlgebra/BLASThreads) against the same command with
# OPENBLAS_NUM_THREADS=1, alternately in one run, whole processes.
# Usage: bench.sh /path/to/release/neurorep   (prints a markdown section)
# The Gaussian 45-pair matrix (40 s or more a run) is left out with BLAS_BENCH_SKIP_GAUSS=1.
# Needs python3 with numpy and scipy for the shape inputs (Benchmarks/shape/make_inputs.py).
set -euo pipefail
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/../lib.sh"
shape="$here/../work/shape"; mkdir -p "$shape"
[[ -f "$shape/procrustes_layers.npz" ]] || python3 "$here/../shape/make_inputs.py" "$shape" >/dev/null
work="$here/../work/blas"; mkdir -p "$work"

# the user's default environment: none of the BLAS/OpenMP thread variables
default_env=(env -u OPENBLAS_NUM_THREADS -u OMP_NUM_THREADS -u MKL_NUM_THREADS -u GOTO_NUM_THREADS)
single_env=(env -u OMP_NUM_THREADS -u MKL_NUM_THREADS -u GOTO_NUM_THREADS OPENBLAS_NUM_THREADS=1)

# row NAME REPEATS CMD...: best wall of REPEATS alternating runs in each environment
row() {
  local name=$1 reps=$2; shift 2
  local best_d=999999 best_s=999999 i
  for ((i = 0; i < reps; i++)); do
    measure "${default_env[@]}" "$@"; best_d=$(awk -v a="$best_d" -v b="$WALL" 'BEGIN { print (b < a) ? b : a }')
    measure "${single_env[@]}" "$@"; best_s=$(awk -v a="$best_s" -v b="$WALL" 'BEGIN { print (b < a) ? b : a }')
  done
  echo "| $name | $reps | $best_d | $best_s | $(ratio "$best_d" "$best_s") |"
}

echo "## BLAS threads: default environment vs OPENBLAS_NUM_THREADS=1"
echo
echo "Each command run as a user runs it (no OPENBLAS_NUM_THREADS, OMP_NUM_THREADS or MKL_NUM_THREADS set: NeuroRep keeps OpenBLAS on one thread and runs its own parallel loops on the cores, \`LinearAlgebra/BLASThreads\`) and with OPENBLAS_NUM_THREADS=1, alternately, in one run; best wall time (s) of the runs. Goal (issue 12): default at most 1.3x the single-thread time. OpenBLAS kernels: NeuroRep's choice (\`OpenBLASCoreType\`: it restarts with OPENBLAS_CORETYPE when Debian's OpenBLAS falls back to Prescott)."
echo
echo "| command | runs each | default env (s) | OPENBLAS_NUM_THREADS=1 (s) | default / single |"
echo "|---|---|---|---|---|"
row "\`shape --inputs\` Procrustes, 20 networks 200 x 256 (190 pairs)" 5 \
  "$bin" shape --inputs "$shape/procrustes_layers.npz" --metric linear --alpha 1 --score angular --out "$work/procrustes.npy"
if [[ "${BLAS_BENCH_SKIP_GAUSS:-0}" != 1 ]]; then
  row "\`shape --inputs\` Gaussian, 10 networks 50 x 100 x 64 (45 pairs, 2 starts)" 1 \
    "$bin" shape --inputs "$shape/gauss_layers.npz" --metric gaussian --alpha 1 --ridge 1e-6 --out "$work/gauss.npy"
fi
rm -rf "$work/sample"
row "\`run Pipelines/sample.yaml --jobs 2 --force\` (3 subjects, every stage)" 5 \
  "$bin" run "$root/Pipelines/sample.yaml" --jobs 2 --force --out "$work/sample"
echo

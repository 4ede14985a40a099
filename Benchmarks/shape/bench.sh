#!/usr/bin/env bash
# Shape metrics benchmark: neurorep shape vs netrep @ 0186b8a on the same seeded inputs.
# usage: Benchmarks/shape/bench.sh /path/to/release/neurorep
# Needs python3 with numpy, scipy, scikit-learn and netrep installed from its git checkout.
# Builds nothing. Inputs and outputs go to Benchmarks/work/shape/ (git-ignored).
set -euo pipefail
BIN=${1:?usage: bench.sh /path/to/release/neurorep}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
W="$ROOT/Benchmarks/work/shape"
mkdir -p "$W"
python3 "$HERE/make_inputs.py" "$W" >/dev/null
# Both tools in the user's default environment: no BLAS thread variables (users do not set them;
# neurorep's own policy, LinearAlgebra/BLASThreads, decides its OpenBLAS threads). neurorep picks
# OpenBLAS kernels for this CPU itself; numpy's bundled OpenBLAS detects the CPU on its own.
unset OPENBLAS_NUM_THREADS OMP_NUM_THREADS MKL_NUM_THREADS GOTO_NUM_THREADS
T="/usr/bin/time -v"
# netrep's Gaussian and energy fits can run for tens of minutes in the default environment (numpy's
# OpenBLAS starts a thread per core on a shared machine): each is stopped after NETREP_LIMIT
# (default 8m) and report.py then says it did not finish within that time instead of a number.
LIMIT=${NETREP_LIMIT:-8m}
limited() {
  local name=$1 rc=0; shift
  rm -f "$W/netrep_$name.json" "$W/netrep_$name.timeout"
  timeout "$LIMIT" "$@" || rc=$?
  if ((rc == 124)); then echo "$LIMIT" > "$W/netrep_$name.timeout"; elif ((rc != 0)); then return "$rc"; fi
}

$T -o "$W/time_netrep_procrustes.txt" python3 "$HERE/netrep_bench.py" procrustes "$W" >/dev/null
$T -o "$W/time_ours_procrustes.txt" "$BIN" shape --inputs "$W/procrustes_layers.npz" --metric linear --alpha 1 --score angular --out "$W/ours_procrustes.npy" >/dev/null

limited gauss $T -o "$W/time_netrep_gauss.txt" python3 "$HERE/netrep_bench.py" gauss "$W" >/dev/null
$T -o "$W/time_ours_gauss.txt" "$BIN" shape --inputs "$W/gauss_layers.npz" --metric gaussian --alpha 1 --ridge 1e-6 --out "$W/ours_gauss.npy" >/dev/null
# the same with the previous search (L-BFGS), for the optimiser comparison in Sources/ShapeMetrics/README.md
$T -o "$W/time_ours_gauss_lbfgs.txt" "$BIN" shape --inputs "$W/gauss_layers.npz" --metric gaussian --alpha 1 --ridge 1e-6 --optimizer lbfgs --out "$W/ours_gauss_lbfgs.npy" >/dev/null
# the same with 6 seeded random starts more (8 starts a pair): what reaching netrep's basin on every pair costs
$T -o "$W/time_ours_gauss_restarts.txt" "$BIN" shape --inputs "$W/gauss_layers.npz" --metric gaussian --alpha 1 --ridge 1e-6 --restarts 7 --out "$W/ours_gauss_restarts.npy" >/dev/null

limited energy $T -o "$W/time_netrep_energy.txt" python3 "$HERE/netrep_bench.py" energy "$W" >/dev/null
$T -o "$W/time_ours_energy.txt" "$BIN" shape --x "$W/energy_pair.npz" --x-layer x --y "$W/energy_pair.npz" --y-layer y --metric energy --json > "$W/ours_energy.json"

python3 "$HERE/report.py" "$W"

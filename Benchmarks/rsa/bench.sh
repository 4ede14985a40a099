#!/usr/bin/env bash
# RSA stage (issue 5): `neurorep rdm` / `neurorep compare` vs rsatoolbox 0.3.2 on seeded inputs:
# crossnobis RDM (8 runs x 92 conditions x 5000 channels), correlation RDM (2000 x 10000),
# 1000 bootstrap Spearman comparisons of 92-condition RDMs, and a 10,000-condition RDM.
# Runs in the user's default environment (no BLAS thread variables set, as users run both
# tools). Usage: bench.sh /path/to/release/neurorep (prints markdown)
set -euo pipefail
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
work="$here/../work/rsa"; mkdir -p "$work"
[[ -f "$work/patterns_10000x1000.npy" ]] || python3 "$here/make_inputs.py" "$work"
# the user's default environment: no BLAS/OpenMP thread variables for either tool
unset OPENBLAS_NUM_THREADS OMP_NUM_THREADS MKL_NUM_THREADS GOTO_NUM_THREADS
# neurorep picks OpenBLAS kernels for this CPU itself (it restarts with OPENBLAS_CORETYPE when
# Debian's OpenBLAS falls back to Prescott); numpy's bundled OpenBLAS detects the CPU on its own.
diff() { python3 -c "import numpy as np, sys; a=np.load(sys.argv[1]); b=np.load(sys.argv[2]); print('%.1e' % (abs(a-b).max() / max(1, abs(b).max())))" "$1" "$2"; }
declare -A W R D C

measure "$bin" rdm --patterns "$work/runs8_92x5000.npy" --method crossnobis --noise none --out "$work/ours_crossnobis.npy"
W[nr_cn]=$WALL; R[nr_cn]=$RSS
measure python3 "$here/rsatoolbox_peer.py" crossnobis "$work/runs8_92x5000.npy" "$work/peer_crossnobis.npy"
W[py_cn]=$WALL; R[py_cn]=$RSS; C[cn]=$(cat "$work/peer_crossnobis.npy.seconds")
D[cn]=$(diff "$work/ours_crossnobis.npy" "$work/peer_crossnobis.npy")

measure "$bin" rdm --patterns "$work/patterns_2000x10000.npy" --method correlation --out "$work/ours_corr.npy"
W[nr_corr]=$WALL; R[nr_corr]=$RSS
measure python3 "$here/rsatoolbox_peer.py" correlation "$work/patterns_2000x10000.npy" "$work/peer_corr.npy"
W[py_corr]=$WALL; R[py_corr]=$RSS; C[corr]=$(cat "$work/peer_corr.npy.seconds")
D[corr]=$(diff "$work/ours_corr.npy" "$work/peer_corr.npy")

measure "$bin" compare "$work/model92.npy" "$work/data92.npy" --method spearman --bootstrap 1000 --bootstrap-over conditions --seed 1
W[nr_boot]=$WALL; R[nr_boot]=$RSS
measure python3 "$here/rsatoolbox_peer.py" bootstrap "$work/model92.npy" "$work/data92.npy" "$work/peer_boot.npy"
W[py_boot]=$WALL; R[py_boot]=$RSS; C[boot]=$(cat "$work/peer_boot.npy.seconds")

measure "$bin" rdm --patterns "$work/patterns_10000x1000.npy" --method correlation --out "$work/ours_corr10k.npy"
W[nr_10k]=$WALL; R[nr_10k]=$RSS
C[10k]="not run"; W[py_10k]=""; R[py_10k]=""; D[10k]=""
if [[ "${RSA_BENCH_SKIP_PEER_10K:-0}" != 1 ]]; then
  if measure timeout 1800 python3 "$here/rsatoolbox_peer.py" correlation "$work/patterns_10000x1000.npy" "$work/peer_corr10k.npy"; then
    W[py_10k]=$WALL; R[py_10k]=$RSS; C[10k]=$(cat "$work/peer_corr10k.npy.seconds")
    D[10k]=$(python3 -c "import numpy as np, sys; a=np.load(sys.argv[1], mmap_mode='r'); b=np.load(sys.argv[2], mmap_mode='r'); print('%.1e' % max(float(abs(a[i:i+500]-b[i:i+500]).max()) for i in range(0, a.shape[0], 500)))" "$work/ours_corr10k.npy" "$work/peer_corr10k.npy")
  else
    C[10k]="failed (out of memory or over 1800 s)"
  fi
fi
rm -f "$work/ours_corr10k.npy" "$work/peer_corr10k.npy"

echo "## RSA: RDMs and bootstrap comparisons (rsatoolbox 0.3.2)"
echo
echo "Inputs made by \`Benchmarks/rsa/make_inputs.py\` (seeded). NeuroRep: the whole \`neurorep rdm\` / \`neurorep compare\` command (read NPY, compute, write NPY + sidecar). rsatoolbox: \`calc_rdm\` on a \`Dataset\` (crossnobis with \`cv_descriptor=\"run\"\`, no noise precision), and 1000 x (\`bootstrap_sample_pattern\` + \`compare(..., \"spearman\")\`) (\`Benchmarks/rsa/rsatoolbox_peer.py\`). \"rsatoolbox call\" is the in-process time of the rsatoolbox calls alone (no Python start-up, imports or file I/O); \"rsatoolbox process\" is the whole script. The ratio divides the call time by NeuroRep's whole command (conservative). Both tools in the user's default environment (no BLAS thread variable set: each uses its own BLAS threading). Wall time in seconds, peak RSS in MB."
echo
echo "| task | rsatoolbox call (s) | rsatoolbox process (s) | NeuroRep (s) | rsatoolbox call / NeuroRep | rsatoolbox process / NeuroRep | rsatoolbox RSS (MB) | NeuroRep RSS (MB) | max scaled diff |"
echo "|---|---|---|---|---|---|---|---|---|"
echo "| crossnobis, 8 runs x 92 conditions x 5000 channels | ${C[cn]} | ${W[py_cn]} | ${W[nr_cn]} | $(ratio ${C[cn]} ${W[nr_cn]}) | $(ratio ${W[py_cn]} ${W[nr_cn]}) | ${R[py_cn]} | ${R[nr_cn]} | ${D[cn]} |"
echo "| correlation, 2000 x 10000 | ${C[corr]} | ${W[py_corr]} | ${W[nr_corr]} | $(ratio ${C[corr]} ${W[nr_corr]}) | $(ratio ${W[py_corr]} ${W[nr_corr]}) | ${R[py_corr]} | ${R[nr_corr]} | ${D[corr]} |"
echo "| 1000 bootstrap Spearman comparisons, 92 conditions | ${C[boot]} | ${W[py_boot]} | ${W[nr_boot]} | $(ratio ${C[boot]} ${W[nr_boot]}) | $(ratio ${W[py_boot]} ${W[nr_boot]}) | ${R[py_boot]} | ${R[nr_boot]} | (different resamples) |"
echo "| correlation, 10,000 x 1000 (800 MB .npy written) | ${C[10k]} | ${W[py_10k]} | ${W[nr_10k]} | $([[ -n "${W[py_10k]}" ]] && ratio ${C[10k]} ${W[nr_10k]}) | $([[ -n "${W[py_10k]}" ]] && ratio ${W[py_10k]} ${W[nr_10k]}) | ${R[py_10k]} | ${R[nr_10k]} | ${D[10k]} |"
echo
echo "Goal (issue 5): at least 10x faster each, and the 10,000-condition RDM. NeuroRep keeps RDMs condensed (upper triangle) and computes them in blocks of rows through BLAS, writing the square .npy row by row, so its memory stays near the condensed RDM (400 MB at 10,000 conditions) where rsatoolbox holds several full K x K arrays. NeuroRep chooses its OpenBLAS kernels for the CPU itself (Debian's OpenBLAS would fall back to Prescott on this VM). Crossnobis is computed without a noise precision on both sides (identity); at this size NeuroRep's time is mostly reading the 29 MB .npy (about 0.13 s of CPU, half of it page faults of the reader's copies), so the call-only ratio depends on the machine's load."
echo

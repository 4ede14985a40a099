"""netrep @ 0186b8a side of Benchmarks/shape/bench.sh (benchmarks only; never part of the product).

usage: python3 netrep_bench.py TASK WORKDIR
  procrustes: LinearMetric(alpha=1).pairwise_distances over the 20 networks (2 processes)
  gauss:      GaussianStochasticMetric(alpha=1) on 3 of the 45 pairs, exactly as its
              pairwise_distances does one pair (eps = 1e-6 ridge); the full matrix would take
              45 x that, i.e. 45/2 x with its 2-process pool (stated, not run)
  energy:     EnergyStochasticMetric() on one pair with the samples
Writes WORKDIR/netrep_TASK.json.
"""
import json, sys, time
import numpy as np

task, work = sys.argv[1], sys.argv[2]
out = {"task": task}
if task == "procrustes":
    from netrep.metrics import LinearMetric
    d = np.load(f"{work}/procrustes_layers.npz")
    nets = [d[k] for k in sorted(d.files)]
    t = time.time()
    D, _ = LinearMetric(alpha=1.0, score_method="angular").pairwise_distances(nets, processes=2, verbose=False)
    out["seconds"] = time.time() - t
    np.save(f"{work}/netrep_procrustes.npy", D)
elif task == "gauss":
    from netrep.metrics import GaussianStochasticMetric
    d = np.load(f"{work}/gauss_layers.npz")
    keys = sorted(d.files)
    def moments(X):
        return X.mean(1), np.stack([np.cov(x.T) for x in X])
    pairs = [(0, 1), (0, 2), (1, 2)]
    out["pairs"] = []
    for i, j in pairs:
        g = GaussianStochasticMetric(alpha=1.0)
        t = time.time()
        _, _, dist, _ = g._compute_distance(i, j, moments(d[keys[i]]), moments(d[keys[j]]), None, None, 1e-6)
        out["pairs"].append({"i": i, "j": j, "seconds": time.time() - t, "distance": float(dist), "iterations": len(g.loss_hist)})
        # written after every pair, so a run stopped by bench.sh's time limit still shows the pairs it finished
        json.dump(out, open(f"{work}/netrep_{task}.json", "w"), indent=1)
    per_pair = float(np.mean([p["seconds"] for p in out["pairs"]]))
    n = len(keys)
    out["seconds_per_pair"] = per_pair
    out["pairs_total"] = n * (n - 1) // 2
    out["extrapolated_seconds_sequential"] = per_pair * out["pairs_total"]
    out["extrapolated_seconds_2_processes"] = per_pair * out["pairs_total"] / 2
elif task == "energy":
    from netrep.metrics import EnergyStochasticMetric
    d = np.load(f"{work}/energy_pair.npz")
    t = time.time()
    m = EnergyStochasticMetric().fit(d["x"], d["y"])
    dist = m.score(d["x"], d["y"])
    out.update({"seconds": time.time() - t, "distance": float(dist), "iterations": len(m.loss_hist) - 1, "fit_loss": float(m.loss_hist[-1])})
json.dump(out, open(f"{work}/netrep_{task}.json", "w"), indent=1)
print(json.dumps(out))

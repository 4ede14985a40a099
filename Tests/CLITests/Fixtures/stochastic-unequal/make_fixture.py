"""Reference values for the stochastic shape stage with unequal trial counts
(StochasticShapePipelineTests.testUnequalTrialCounts*).

Computed with netrep 0.0.2 (git 0186b8a), numpy and nibabel, independently of NeuroRep's code:

1. `events` : writes `bids/sub-01/func/sub-01_task-objects_run-{1,2}_events.tsv`: SampleData's
   sub-01 events, run 1 unchanged, run 2 without its first two `face3` trials, its first
   `house4` trial and its last `tool1` trial (as if missed or excluded). The trials left are
   fitted by the glm stage's LSS as usual; the dropped ones are no longer modelled. Counts per
   condition: face3 6, house4 7, tool1 7, the other 9 conditions 8.
2. `expected OUT` : reads the single-trial patterns a pipeline run wrote to OUT
   (`sub-01/glm/sub-01_task-objects_run-{1,2}_desc-lss_stat-effect_statmap.nii.gz` and
   `_trials.tsv`), groups each ROI's voxels (the small atlas of ../stochastic) by condition
   (conditions.tsv order; trials in run order, then events order), each condition keeping its
   own number of trials, and computes for every ROI x layer of activations/netAdropout.npz
   (conditions x 8 dropout passes x units) and activations/netA.npz (deterministic: zero
   covariances) netrep's GaussianStochasticMetric (alpha 1) on (means, covariances): each ROI
   condition's mean and np.cov (ddof 1, i.e. 1/(n_i - 1)) over its own n_i trials, the
   narrower side zero-padded to the wider width, 1e-6 I added to every covariance
   (`pairwise_distances(eps=1e-6)`); group "identity" = netrep's `score` at T = I, "orth" = the
   minimum of `_compute_distance` over its "means" start and 10 random starts (niter 3000,
   tol 1e-13), as ../stochastic/make_fixture.py; for every dropout pair also
   `gaussian_orth_means_start`: netrep's fit from its "means" start alone (an upper bound for
   a fit over more starts). Writes `expected.json` (with the counts). Slow: the orth fits of
   the dropout layers took ~12 CPU minutes (11 starts each).

Run with the venv that has netrep 0.0.2 (+ numpy, nibabel):
  python make_fixture.py events
  neurorep run <test config> --out OUT    (what the test does)
  python make_fixture.py expected OUT
"""
import json
import sys
from pathlib import Path

import nibabel as nib
import numpy as np
from netrep.metrics import GaussianStochasticMetric

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[3]
SAMPLE = REPO / "SampleData"
ATLAS = HERE.parent / "stochastic" / "atlas-small_dseg.nii.gz"
ROIS = ["V1", "IT"]
DROP = {"face3": [0, 1], "house4": [0], "tool1": [-1]}  # run 2: which occurrences of each condition go


def write_events():
    out = HERE / "bids" / "sub-01" / "func"
    out.mkdir(parents=True, exist_ok=True)
    for run in (1, 2):
        name = f"sub-01_task-objects_run-{run}_events.tsv"
        lines = (SAMPLE / "sub-01" / "func" / name).read_text().splitlines()
        header, rows = lines[0], lines[1:]
        if run == 2:
            col = header.split("\t").index("trial_type")
            drop = set()
            for cond, which in DROP.items():
                idx = [i for i, r in enumerate(rows) if r.split("\t")[col] == cond]
                drop.update(idx[w] for w in which)
            rows = [r for i, r in enumerate(rows) if i not in drop]
        (out / name).write_text("\n".join([header] + rows) + "\n")


def roi_samples(out):
    conditions = [l.split("\t")[0] for l in (SAMPLE / "activations" / "conditions.tsv").read_text().splitlines()[1:]]
    atlas = np.asarray(nib.load(ATLAS).dataobj).ravel(order="F")
    per_condition = {c: [] for c in conditions}
    for run in (1, 2):
        stem = Path(out) / "sub-01" / "glm" / f"sub-01_task-objects_run-{run}_desc-lss"
        maps = np.asarray(nib.load(str(stem) + "_stat-effect_statmap.nii.gz").dataobj, dtype=np.float64)
        rows = [l.split("\t") for l in Path(str(stem) + "_trials.tsv").read_text().splitlines()]
        col = rows[0].index("trial_type")
        for v, row in enumerate(rows[1:]):
            per_condition[row[col]].append(maps[..., v].ravel(order="F"))
    counts = {c: len(per_condition[c]) for c in conditions}
    # ragged: one trials x voxels array per condition
    rois = {name: [np.stack(per_condition[c])[:, atlas == k] for c in conditions] for k, name in enumerate(ROIS, start=1)}
    return rois, counts


def pad(a, width):
    p = np.zeros((a.ndim, 2), dtype=int)
    p[-1, -1] = width - a.shape[-1]
    return np.pad(a, p)


def moments(x):
    if isinstance(x, list):  # ROI: each condition from its own trials
        return np.stack([s.mean(axis=0) for s in x]), np.stack([np.cov(s, rowvar=False, ddof=1) for s in x])
    if x.ndim == 2:  # deterministic layer: one point per condition
        return x, np.zeros((x.shape[0], x.shape[1], x.shape[1]))
    return x.mean(axis=1), np.stack([np.cov(s, rowvar=False, ddof=1) for s in x])


def gaussian(x, y, group):
    mx, cx = moments(x)
    my, cy = moments(y)
    w = max(mx.shape[-1], my.shape[-1])
    X = (pad(mx, w), np.pad(cx, ((0, 0), (0, w - cx.shape[1]), (0, w - cx.shape[1]))))
    Y = (pad(my, w), np.pad(cy, ((0, 0), (0, w - cy.shape[1]), (0, w - cy.shape[1]))))
    if group == "identity":  # netrep's align returns a scipy.sparse eye, which its transform cannot use: score at T = I
        m = GaussianStochasticMetric(alpha=1.0)
        m.T = np.eye(w)
        eps = 1e-6 * np.eye(w)
        return float(m.score((X[0], X[1] + eps), (Y[0], Y[1] + eps)))
    best = np.inf
    metrics = [GaussianStochasticMetric(alpha=1.0, init="means", niter=3000, tol=1e-13)]
    if group == "orth":
        metrics += [GaussianStochasticMetric(alpha=1.0, init="rand", niter=3000, tol=1e-13, random_state=s) for s in range(10)]
    for m in metrics:
        _, _, d, _ = m._compute_distance(0, 1, X, Y, None, None, 1e-6)
        best = min(best, d)
    return float(best)


def expected(out):
    rois, counts = roi_samples(out)
    layers = {}
    for net in ("netAdropout", "netA"):
        with np.load(SAMPLE / "activations" / f"{net}.npz") as z:
            for name in z.files:
                a = z[name].astype(np.float64)
                layers[f"{net}:{name}"] = a.reshape(a.shape[0], a.shape[1], -1) if net == "netAdropout" else a.reshape(a.shape[0], -1)
    result = {"rois": list(rois), "layers": list(layers), "trials_per_condition": counts}
    for group in ("identity", "orth"):
        g = {}
        for r, x in rois.items():
            g[r] = {l: gaussian(x, y, group) for l, y in layers.items()}
            print(group, r, g[r], flush=True)
        result[f"gaussian_{group}"] = g
    # dropout layers over rotations: netrep's "means" start alone (seconds per pair), an upper
    # bound for the best fit over more starts
    result["gaussian_orth_means_start"] = {
        r: {l: gaussian(x, y, "means") for l, y in layers.items() if y.ndim == 3} for r, x in rois.items()}
    print("means start", result["gaussian_orth_means_start"], flush=True)
    result["roi_voxels"] = {r: int(x[0].shape[1]) for r, x in rois.items()}
    (HERE / "expected.json").write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    if sys.argv[1] == "events":
        write_events()
    else:
        expected(sys.argv[2])

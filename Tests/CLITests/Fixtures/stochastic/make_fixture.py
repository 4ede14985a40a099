"""Reference values for the pipeline's stochastic shape stage (StochasticShapePipelineTests).

Computed with netrep 0.0.2 (git 0186b8a), numpy and nibabel, independently of NeuroRep's code:

1. `atlas` : writes `atlas-small_dseg.nii.gz` (+ `atlas-small_dseg.tsv`): SampleData's atlas
   cut to two small ROIs, the first 14 voxels of V1 (label 1) and the first 10 of IT (label 4)
   in NIfTI (Fortran) order, so a test pipeline run is quick and netrep's fits are cheap.
2. `expected OUT` : reads the single-trial patterns a pipeline run wrote to OUT
   (`sub-01/glm/sub-01_task-objects_run-{1,2}_desc-lss_stat-effect_statmap.nii.gz` and
   `_trials.tsv`: our LSS, itself tested against nilearn's beta-series recipe), groups each
   ROI's voxels by condition (conditions.tsv order; trials in run order, then events order),
   and computes for every ROI x layer of activations/netAdropout.npz (conditions x 8 dropout
   passes x units) and of activations/netA.npz (deterministic: zero covariances, Gaussian only):
   * Gaussian (alpha 1): netrep's GaussianStochasticMetric on (means, np.cov ddof 1), the
     narrower side zero-padded to the wider width (np.pad, as netrep's check_equal_shapes), then
     `_compute_distance(..., eps=1e-6)` = pairwise_distances' fit + score with 1e-6 I added to
     every covariance. Group "identity" (no alignment: netrep's `score` at T = I, since its
     `align(group="identity")` returns a scipy.sparse eye that its `transform` cannot use) and "orth"; netrep's alternation
     is a local search, so for "orth" the minimum over its "means" start and 10 random starts,
     each run to niter=3000, tol=1e-13.
   * Energy: EnergyStochasticMetric(group, niter=5000, tol=1e-13).fit_score on the padded samples
     (netrep's IRLS from its uniform-weight start), and `score` at Q = I for "identity".
   Writes `expected.json`.

Run with the venv that has netrep 0.0.2 (+ numpy, nibabel):
  python make_fixture.py atlas
  neurorep run <test config> --out OUT    (what the test does)
  python make_fixture.py expected OUT
"""
import json
import sys
from pathlib import Path

import nibabel as nib
import numpy as np
from netrep.metrics import EnergyStochasticMetric, GaussianStochasticMetric

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[3]
SAMPLE = REPO / "SampleData"
ROIS = {"V1": (1, 14), "IT": (4, 10)}


def write_atlas():
    img = nib.load(SAMPLE / "atlas" / "atlas-sample_space-MNI152NLin2009cAsym_dseg.nii.gz")
    labels = np.asarray(img.dataobj).astype(np.int16)
    flat = labels.ravel(order="F")
    out = np.zeros_like(flat)
    for new, (name, (label, n)) in enumerate(ROIS.items(), start=1):
        idx = np.flatnonzero(flat == label)[:n]
        out[idx] = new
    small = nib.Nifti1Image(out.reshape(labels.shape, order="F"), img.affine, img.header)
    small.set_data_dtype(np.int16)
    nib.save(small, HERE / "atlas-small_dseg.nii.gz")
    with open(HERE / "atlas-small_dseg.tsv", "w") as f:
        f.write("index\tname\n")
        for new, name in enumerate(ROIS, start=1):
            f.write(f"{new}\t{name}\n")


def roi_samples(out):
    conditions = [l.split("\t")[0] for l in (SAMPLE / "activations" / "conditions.tsv").read_text().splitlines()[1:]]
    atlas = np.asarray(nib.load(HERE / "atlas-small_dseg.nii.gz").dataobj).ravel(order="F")
    per_condition = {c: [] for c in conditions}
    for run in (1, 2):
        stem = Path(out) / "sub-01" / "glm" / f"sub-01_task-objects_run-{run}_desc-lss"
        maps = np.asarray(nib.load(str(stem) + "_stat-effect_statmap.nii.gz").dataobj, dtype=np.float64)
        rows = [l.split("\t") for l in Path(str(stem) + "_trials.tsv").read_text().splitlines()]
        col = rows[0].index("trial_type")
        for v, row in enumerate(rows[1:]):
            per_condition[row[col]].append(maps[..., v].ravel(order="F"))
    samples = np.stack([np.stack(per_condition[c]) for c in conditions])  # conditions x trials x all voxels
    return {name: samples[:, :, atlas == k] for k, name in enumerate(ROIS, start=1)}


def pad(a, width):
    p = np.zeros((a.ndim, 2), dtype=int)
    p[-1, -1] = width - a.shape[-1]
    return np.pad(a, p)


def moments(x):
    if x.ndim == 2:  # deterministic: one point per condition
        return x, np.zeros((x.shape[0], x.shape[1], x.shape[1]))
    return x.mean(axis=1), np.stack([np.cov(s, rowvar=False, ddof=1) for s in x])


def gaussian(x, y, group):
    w = max(x.shape[-1], y.shape[-1])
    mx, cx = moments(x)
    my, cy = moments(y)
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


def energy(x, y, group):
    w = max(x.shape[-1], y.shape[-1])
    if group == "identity":  # as for the Gaussian metric: netrep's score at Q = I
        m = EnergyStochasticMetric()
        m.Q = np.eye(w)
        return float(m.score(pad(x, w), pad(y, w)))
    return float(EnergyStochasticMetric(niter=5000, tol=1e-13).fit_score(pad(x, w), pad(y, w)))


def expected(out):
    rois = roi_samples(out)
    layers = {}
    for net in ("netAdropout", "netA"):
        with np.load(SAMPLE / "activations" / f"{net}.npz") as z:
            for name in z.files:
                a = z[name].astype(np.float64)
                layers[f"{net}:{name}"] = a.reshape(a.shape[0], a.shape[1], -1) if net == "netAdropout" else a.reshape(a.shape[0], -1)
    result = {"rois": list(rois), "layers": list(layers)}
    for group in ("identity", "orth"):
        g, e = {}, {}
        for r, x in rois.items():
            g[r] = {l: gaussian(x, y, group) for l, y in layers.items()}
            e[r] = {l: energy(x, y, group) for l, y in layers.items() if y.ndim == 3}
            print(group, r, g[r], e[r], flush=True)
        result[f"gaussian_{group}"] = g
        result[f"energy_{group}"] = e
    result["roi_samples_shape"] = {r: list(x.shape) for r, x in rois.items()}
    (HERE / "expected.json").write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    if sys.argv[1] == "atlas":
        write_atlas()
    else:
        expected(sys.argv[2])

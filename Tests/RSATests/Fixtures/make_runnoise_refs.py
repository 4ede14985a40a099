"""Reference RDMs with one noise precision per run (rsatoolbox 0.3.2) for RSATests: the first
20 channels of patterns_A (4 runs x 12 conditions), and per run 30 x 20 residuals drawn here
(seed 7; each run with its own scale and channel mixing) with dof 25 (as if 5 regressors):

    noise = prec_from_residuals([res_0, ..., res_3], dof=25, method=m)      # a list: one per run
    crossnobis  = calc_rdm(ds, method="crossnobis", descriptor="cond", cv_descriptor="run", noise=noise)
    mahalanobis = calc_rdm(ds, method="mahalanobis", descriptor="cond", noise=inv(mean_r inv(noise[r])))

Run from Tests/RSATests/Fixtures: python make_runnoise_refs.py -> runnoise_refs.json"""
import json
from importlib.metadata import version
import numpy as np
import rsatoolbox
from rsatoolbox.data.noise import prec_from_residuals
from rsatoolbox.rdm import calc_rdm

X = np.load("rsa/patterns_A.npy")[:, :, :20].copy()
ds = rsatoolbox.data.Dataset(X.reshape(48, 20), obs_descriptors={"cond": np.tile(np.arange(12), 4), "run": np.repeat(np.arange(4), 12)})
rng = np.random.default_rng(7)
residuals = []
for r in range(4):
    mix = np.eye(20) + 0.3 * rng.standard_normal((20, 20))
    residuals.append((1 + r) * rng.standard_normal((30, 20)) @ mix)
out = {"rsatoolbox_version": version("rsatoolbox"), "dof": 25, "residuals": [r.ravel().tolist() for r in residuals]}
for m in ["shrinkage_diag", "shrinkage_eye", "diag", "full"]:
    precs = prec_from_residuals([r.copy() for r in residuals], dof=25, method=m)
    assert isinstance(precs, list) and len(precs) == 4  # one precision per run, not pooled
    out["crossnobis_" + m] = calc_rdm(ds, method="crossnobis", descriptor="cond", cv_descriptor="run", noise=list(precs)).dissimilarities.ravel().tolist()
    pooled = np.linalg.inv(np.mean([np.linalg.inv(p) for p in precs], axis=0))
    out["mahalanobis_" + m] = calc_rdm(ds, method="mahalanobis", descriptor="cond", noise=pooled).dissimilarities.ravel().tolist()
json.dump(out, open("runnoise_refs.json", "w"))

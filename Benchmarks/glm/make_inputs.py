"""Seeded inputs for Benchmarks/glm: a 91x109x91x200 float32 .nii.gz run with a ~228k-voxel
brain-shaped mask and 10 conditions, and a 4 mm run (32,810 voxels x 200) with 60 trials.
Usage: make_inputs.py WORKDIR"""
import os
import sys

import nibabel as nib
import numpy as np
import pandas as pd
from nilearn.glm.first_level import make_first_level_design_matrix

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from brain_masks import ellipsoid  # noqa: E402

work = sys.argv[1]
rng = np.random.default_rng(2026)
TR, T = 2.0, 200


def events(n_cond, per_cond, seed):
    r = np.random.default_rng(seed)
    names = np.array([f"cond{c:02d}" for c in range(n_cond)] * per_cond)
    r.shuffle(names)
    n = len(names)
    onsets = np.round(4 + np.arange(n) * (T * TR - 30) / n + r.uniform(0, 1, n), 2)
    return pd.DataFrame({"onset": onsets, "duration": np.full(n, 2.0), "trial_type": names})


def run(shape, affine, mask, ev, name):
    ft = np.linspace(0, (T - 1) * TR, T)
    X = make_first_level_design_matrix(ft, ev).to_numpy()
    idx = np.flatnonzero(mask.ravel())
    data = np.zeros((int(np.prod(shape)), T), np.float32)
    chunk = 20000
    for s in range(0, len(idx), chunk):
        k = idx[s:s + chunk]
        b = rng.normal(0, 2, (X.shape[1], len(k)))
        b[-1] = rng.uniform(300, 900, len(k))
        y = X @ b
        e = rng.normal(0, 5, (T, len(k)))
        phi = rng.uniform(0, 0.5, len(k))
        for t in range(1, T):
            e[t] += phi * e[t - 1]
        data[k] = (y + e).T.astype(np.float32)
    img = nib.Nifti1Image(data.reshape(shape + (T,)), affine)
    img.header.set_xyzt_units("mm", "sec")
    img.header["pixdim"][4] = TR
    nib.save(img, f"{work}/{name}_bold.nii.gz")
    nib.save(nib.Nifti1Image(mask, affine), f"{work}/{name}_mask.nii.gz")
    ev.to_csv(f"{work}/{name}_events.tsv", sep="\t", index=False)


aff2 = np.array([[-2, 0, 0, 90], [0, 2, 0, -126], [0, 0, 2, -72], [0, 0, 0, 1.0]])
shape2 = (91, 109, 91)
run(shape2, aff2, ellipsoid(shape2, (36, 46, 38), 228483), events(10, 6, 1), "sub-01_task-bench_run-1")
aff4 = np.array([[-4, 0, 0, 90], [0, 4, 0, -126], [0, 0, 4, -72], [0, 0, 0, 1.0]])
shape4 = (45, 54, 45)
run(shape4, aff4, ellipsoid(shape4, (18, 23, 19), 32810), events(4, 15, 2), "sub-02_task-lss_run-1")

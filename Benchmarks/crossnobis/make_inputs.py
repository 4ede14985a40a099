"""Seeded inputs for Benchmarks/crossnobis: one subject, two task runs in an fMRIPrep + BIDS
layout (91x109x91x200 float32 .nii.gz each, the 228,483-voxel brain-shaped mask of
Benchmarks/glm/make_inputs.py, 10 conditions x 6 events per run, TR 2 in the JSON sidecars),
a 100-label atlas parcellating the mask (x slabs, then y slabs, then z slabs, by quantiles:
~2,285 voxels each), the mask, a conditions table and a network's activations (.npz, 10 rows).
Each voxel's condition effects are the same in both runs (the noise and the events differ), so
the crossnobis RDMs carry signal. Usage: make_inputs.py WORKDIR"""
import json
import os
import sys

import nibabel as nib
import numpy as np
import pandas as pd
from nilearn.glm.first_level import make_first_level_design_matrix

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from brain_masks import ellipsoid  # noqa: E402

work = sys.argv[1]
TR, T, N_COND = 2.0, 200, 10
shape = (91, 109, 91)
affine = np.array([[-2, 0, 0, 90], [0, 2, 0, -126], [0, 0, 2, -72], [0, 0, 0, 1.0]])
conditions = [f"cond{c:02d}" for c in range(N_COND)]


def events(per_cond, seed):
    r = np.random.default_rng(seed)
    names = np.array(conditions * per_cond)
    r.shuffle(names)
    n = len(names)
    onsets = np.round(4 + np.arange(n) * (T * TR - 30) / n + r.uniform(0, 1, n), 2)
    return pd.DataFrame({"onset": onsets, "duration": np.full(n, 2.0), "trial_type": names})


def parcellate(mask, splits=(5, 5, 4)):
    """Labels 1..prod(splits): quantile slabs along x, within each along y, within each along z."""
    ijk = np.array(np.nonzero(mask))
    lab = np.zeros(ijk.shape[1], np.int64)
    groups = [np.arange(ijk.shape[1])]
    for axis, k in enumerate(splits):
        nxt = []
        for g in groups:
            order = g[np.argsort(ijk[axis, g], kind="stable")]
            nxt.extend(np.array_split(order, k))
        groups = nxt
    for n, g in enumerate(groups):
        lab[g] = n + 1
    atlas = np.zeros(shape, np.int16)
    atlas[tuple(ijk)] = lab
    return atlas


mask = ellipsoid(shape, (36, 46, 38), 228483)
idx = np.flatnonzero(mask.ravel())
rng = np.random.default_rng(2027)
# per-voxel truths shared by the runs: condition effects (smooth across the conditions' order,
# so the RDMs have structure), baseline, AR(1) coefficient
effects = rng.normal(0, 2, (N_COND, len(idx))) + np.linspace(-1, 1, N_COND)[:, None] * rng.normal(0, 2, len(idx))
baseline = rng.uniform(300, 900, len(idx))
phi = rng.uniform(0, 0.5, len(idx))

bids = f"{work}/study"
fp = f"{bids}/derivatives/fmriprep"
os.makedirs(f"{bids}/sub-01/func", exist_ok=True)
os.makedirs(f"{fp}/sub-01/func", exist_ok=True)
json.dump({"Name": "crossnobis benchmark", "BIDSVersion": "1.9.0", "DatasetType": "raw"}, open(f"{bids}/dataset_description.json", "w"))
json.dump({"Name": "crossnobis benchmark (fMRIPrep-like)", "BIDSVersion": "1.9.0", "DatasetType": "derivative",
           "GeneratedBy": [{"Name": "Benchmarks/crossnobis/make_inputs.py"}]}, open(f"{fp}/dataset_description.json", "w"))
open(f"{bids}/participants.tsv", "w").write("participant_id\nsub-01\n")
for run in (1, 2):
    ev = events(6, 10 + run)
    ft = np.linspace(0, (T - 1) * TR, T)
    dm = make_first_level_design_matrix(ft, ev)
    X = dm.to_numpy()
    cols = list(dm.columns)
    data = np.zeros((int(np.prod(shape)), T), np.float32)
    chunk = 20000
    for s in range(0, len(idx), chunk):
        k = slice(s, s + chunk)
        b = rng.normal(0, 0.5, (X.shape[1], len(idx[k])))   # drifts
        for c, name in enumerate(conditions):
            b[cols.index(name)] = effects[c, k]
        b[cols.index("constant")] = baseline[k]
        y = X @ b
        e = rng.normal(0, 5, (T, len(idx[k])))
        for t in range(1, T):
            e[t] += phi[k] * e[t - 1]
        data[idx[k]] = (y + e).T.astype(np.float32)
    img = nib.Nifti1Image(data.reshape(shape + (T,)), affine)
    img.header.set_xyzt_units("mm", "sec")
    img.header["pixdim"][4] = TR
    stem = f"sub-01_task-objects_run-{run}"
    nib.save(img, f"{fp}/sub-01/func/{stem}_space-MNI152NLin2009cAsym_desc-preproc_bold.nii.gz")
    json.dump({"RepetitionTime": TR, "TaskName": "objects"}, open(f"{fp}/sub-01/func/{stem}_space-MNI152NLin2009cAsym_desc-preproc_bold.json", "w"))
    ev.to_csv(f"{bids}/sub-01/func/{stem}_events.tsv", sep="\t", index=False)
    del data, img

nib.save(nib.Nifti1Image(mask, affine), f"{work}/mask.nii.gz")
atlas = parcellate(mask)
nib.save(nib.Nifti1Image(atlas, affine), f"{work}/atlas.nii.gz")
pd.DataFrame({"index": np.arange(1, atlas.max() + 1), "name": [f"roi{n:03d}" for n in range(1, atlas.max() + 1)]}).to_csv(f"{work}/atlas.tsv", sep="\t", index=False)
pd.DataFrame({"condition": conditions, "category": ["a"] * 5 + ["b"] * 5}).to_csv(f"{work}/conditions.tsv", sep="\t", index=False)
net = np.random.default_rng(7)
np.savez(f"{work}/net.npz", layer1=net.normal(0, 1, (N_COND, 256)).astype(np.float32),
         layer2=net.normal(0, 1, (N_COND, 64)).astype(np.float32))

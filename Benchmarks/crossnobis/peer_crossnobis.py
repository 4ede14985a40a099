"""Python side of Benchmarks/crossnobis: the recipe of
Tests/PipelineTests/Fixtures/crossnobis/make_crossnobis_refs.py at whole-brain size, with
nilearn 0.14.1 and rsatoolbox 0.3.2. Per run, FirstLevelModel (glover, cosine 0.01 Hz, AR(1),
signal_scaling 0, t_r from the sidecar, the mask) fitted to the run alone; each run's condition
effect sizes and its whitened AR(1) residuals (RegressionResults.whitened_residuals) within each
ROI (voxels inside the mask, ascending flat NIfTI index); per ROI
    noise = prec_from_residuals([residuals run 1, residuals run 2], dof=T - rank(X), method="shrinkage_diag")
    calc_rdm(Dataset(cond, run), method="crossnobis", descriptor="cond", cv_descriptor="run", noise=noise)
then, as the pipeline's rsa stage, each layer's euclidean RDM and the Spearman correlation of
every ROI RDM with every layer RDM. The residuals stay in masked (T x voxels) form instead of
being put back on the 4D grid as the fixture does (same values, 2 x 1.4 GB less).
Usage: peer_crossnobis.py WORKDIR OUT.npz"""
import json
import sys

import nibabel as nib
import numpy as np
import pandas as pd
from nilearn.glm.first_level import FirstLevelModel
from rsatoolbox.data import Dataset
from rsatoolbox.data.noise import prec_from_residuals
from rsatoolbox.rdm import calc_rdm, compare

work, out = sys.argv[1:3]
fp = f"{work}/study/derivatives/fmriprep/sub-01/func"
stems = [f"sub-01_task-objects_run-{r}" for r in (1, 2)]
bolds = [f"{fp}/{s}_space-MNI152NLin2009cAsym_desc-preproc_bold" for s in stems]
events = [pd.read_csv(f"{work}/study/sub-01/func/{s}_events.tsv", sep="\t") for s in stems]
conditions = list(pd.read_csv(f"{work}/conditions.tsv", sep="\t")["condition"])
mask_img = nib.load(f"{work}/mask.nii.gz")
mask = np.asarray(mask_img.dataobj) > 0
atlas = np.asarray(nib.load(f"{work}/atlas.nii.gz").dataobj).astype(int)
labels = sorted(int(v) for v in np.unique(atlas) if v > 0)


def whitened_residuals(flm):
    """T x masked voxels (nilearn's masker order): the AR(1) refit's wY - wX beta."""
    lab, results = flm.labels_[0], flm.results_[0]
    values = np.zeros((flm.design_matrices_[0].shape[0], len(lab)))
    for label in results:
        values[:, lab == label] = results[label].whitened_residuals
    return values


effects, residuals, dofs = [], [], []
for bold, ev in zip(bolds, events):
    t_r = json.load(open(bold + ".json"))["RepetitionTime"]
    flm = FirstLevelModel(t_r=t_r, hrf_model="glover", drift_model="cosine", high_pass=0.01, noise_model="ar1",
                          signal_scaling=0, mask_img=mask_img, minimize_memory=False, smoothing_fwhm=None)
    flm.fit(bold + ".nii.gz", events=ev)
    x = flm.design_matrices_[0].to_numpy()
    dofs.append(x.shape[0] - np.linalg.matrix_rank(x))
    effects.append(np.stack([np.asarray(flm.compute_contrast(c, output_type="effect_size").get_fdata())[mask] for c in conditions]))
    residuals.append(whitened_residuals(flm))
    del flm
assert dofs[0] == dofs[1]
ijk_all = np.nonzero(mask)                       # masked order (C order), as the masker's
flat_all = np.ravel_multi_index(ijk_all, mask.shape, order="F")
atlas_m = atlas[mask]
rdms = []
for lab in labels:
    cols = np.flatnonzero(atlas_m == lab)
    cols = cols[np.argsort(flat_all[cols])]      # ascending flat NIfTI index
    patterns = [e[:, cols] for e in effects]
    res = [r[:, cols] for r in residuals]
    noise = prec_from_residuals(res, dof=int(dofs[0]), method="shrinkage_diag")
    ds = Dataset(np.concatenate(patterns),
                 obs_descriptors={"cond": np.tile(np.arange(len(conditions)), 2), "run": np.repeat([0, 1], len(conditions))})
    rdms.append(calc_rdm(ds, method="crossnobis", descriptor="cond", cv_descriptor="run", noise=noise))
net = np.load(f"{work}/net.npz")
layer_rdms = [calc_rdm(Dataset(net[k].reshape(len(conditions), -1).astype(np.float64)), method="euclidean") for k in net.files]
sims = np.array([[compare(r, l, method="spearman")[0, 0] for l in layer_rdms] for r in rdms])
np.savez(out, rdms=np.stack([r.get_matrices()[0] for r in rdms]), labels=np.array(labels), dof=np.array(dofs), spearman=sims)

"""Reference crossnobis ROI RDMs of Pipelines/crossnobis.yaml on SampleData, computed without
NeuroRep: nilearn 0.14.1 FirstLevelModel fitted to each run alone (the config's settings:
glover, cosine drift 0.01 Hz, AR(1), signal_scaling 0, t_r 2 from the sidecars), each run's
condition effect sizes and (whitened, see below) residuals within each ROI of the sample atlas, and rsatoolbox 0.3.2:

    noise = prec_from_residuals([residuals run 1, residuals run 2], dof=T - rank(X), method="shrinkage_diag")
    calc_rdm(Dataset(cond, run), method="crossnobis", descriptor="cond", cv_descriptor="run", noise=noise)

The GLM mask is NeuroRep's default without `stages.glm.mask`: every voxel whose series varies
in some run. An ROI's channels are its voxels inside that mask, in ascending flat NIfTI index
(i + nx*(j + ny*k)). Output: crossnobis_rdms.npz, one `sub-XX` array each
(ROIs in label order x 12 x 12, conditions in activations/conditions.tsv order), and
`sub-XX_mahalanobis`: calc_rdm(method="mahalanobis") on the same dataset (condition means over
runs) with the precision inv(mean_r inv(noise[r])).

Run from the repository root:  python Tests/PipelineTests/Fixtures/crossnobis/make_crossnobis_refs.py
(nilearn==0.14.1, rsatoolbox==0.3.2, numpy, pandas, nibabel)
"""
import os
import numpy as np
import pandas as pd
import nibabel as nib
from nilearn.glm.first_level import FirstLevelModel
from rsatoolbox.data import Dataset
from rsatoolbox.data.noise import prec_from_residuals
from rsatoolbox.rdm import calc_rdm



def whitened_residuals(flm):
    """The AR(1) refit's whitened residuals wY - wX beta (RegressionResults.whitened_residuals),
    put back on the grid as FirstLevelModel._get_element_wise_model_attribute does.
    FirstLevelModel.residuals_ is Y - wX beta under AR(1) (raw data minus the *whitened* design's
    prediction: nilearn issue #2964, open), neither the raw nor the whitened residuals; NeuroRep
    uses the whitened ones."""
    labels, results = flm.labels_[0], flm.results_[0]
    values = np.zeros((flm.design_matrices_[0].shape[0], len(labels)))
    for label in results:
        values[:, labels == label] = results[label].whitened_residuals
    return flm.masker_.inverse_transform(values)


ROOT = "SampleData"
HERE = os.path.dirname(os.path.abspath(__file__))
conditions = list(pd.read_csv(f"{ROOT}/activations/conditions.tsv", sep="\t")["condition"])
atlas_img = nib.load(f"{ROOT}/atlas/atlas-sample_space-MNI152NLin2009cAsym_dseg.nii.gz")
atlas = np.asarray(atlas_img.get_fdata())
labels = sorted(int(v) for v in np.unique(atlas) if v > 0)
out = {}
for sub in ["01", "02", "03"]:
    bolds = [f"{ROOT}/derivatives/fmriprep/sub-{sub}/func/sub-{sub}_task-objects_run-{r}_space-MNI152NLin2009cAsym_desc-preproc_bold.nii.gz" for r in (1, 2)]
    events = [pd.read_csv(f"{ROOT}/sub-{sub}/func/sub-{sub}_task-objects_run-{r}_events.tsv", sep="\t") for r in (1, 2)]
    imgs = [nib.load(b) for b in bolds]
    data = [np.asarray(i.get_fdata(dtype=np.float32)) for i in imgs]
    varies = np.zeros(atlas.shape, bool)
    for d in data:
        varies |= np.any(d != d[..., :1], axis=3)
    mask_img = nib.Nifti1Image(varies.astype(np.uint8), imgs[0].affine)
    effects, residuals, dofs = [], [], []
    for img, ev in zip(imgs, events):
        flm = FirstLevelModel(t_r=2.0, hrf_model="glover", drift_model="cosine", high_pass=0.01, noise_model="ar1",
                              signal_scaling=0, mask_img=mask_img, minimize_memory=False, smoothing_fwhm=None)
        flm.fit(img, events=ev)
        x = flm.design_matrices_[0].to_numpy()
        dofs.append(x.shape[0] - np.linalg.matrix_rank(x))
        effects.append(np.stack([np.asarray(flm.compute_contrast(c, output_type="effect_size").get_fdata()) for c in conditions]))
        residuals.append(np.asarray(whitened_residuals(flm).get_fdata()))
    assert dofs[0] == dofs[1]
    rdms, maha = [], []
    for lab in labels:
        inside = (atlas == lab) & varies
        ijk = np.nonzero(inside)
        flat = np.ravel_multi_index(ijk, atlas.shape, order="F")
        order = np.argsort(flat)
        ijk = tuple(a[order] for a in ijk)
        patterns = [e[(slice(None),) + ijk] for e in effects]            # run: conditions x P
        res = [r[ijk + (slice(None),)].T for r in residuals]              # run: T x P
        noise = prec_from_residuals(res, dof=int(dofs[0]), method="shrinkage_diag")
        ds = Dataset(np.concatenate(patterns),
                     obs_descriptors={"cond": np.tile(np.arange(len(conditions)), 2), "run": np.repeat([0, 1], len(conditions))})
        rdm = calc_rdm(ds, method="crossnobis", descriptor="cond", cv_descriptor="run", noise=noise)
        rdms.append(rdm.get_matrices()[0])
        # mahalanobis takes one precision: the inverse of the runs' mean covariance (NeuroRep's choice)
        pooled = np.linalg.inv(np.mean([np.linalg.inv(p) for p in noise], axis=0))
        maha.append(calc_rdm(ds, method="mahalanobis", descriptor="cond", noise=pooled).get_matrices()[0])
    out[f"sub-{sub}"] = np.stack(rdms)
    out[f"sub-{sub}_mahalanobis"] = np.stack(maha)
    print(sub, "dof", dofs, "channels", [int(((atlas == l) & varies).sum()) for l in labels])
np.savez(os.path.join(HERE, "crossnobis_rdms.npz"), **out)

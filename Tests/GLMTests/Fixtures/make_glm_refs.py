"""Reference values for Tests/GLMTests from nilearn 0.14.1 and rsatoolbox 0.3.2.

Run with a venv holding nilearn==0.14.1 and rsatoolbox==0.3.2:
    python make_glm_refs.py        (in this folder)
Writes: run-1/run-2 BOLD (float32 .nii.gz), mask, ROI labels, events, confounds, and
refs_*.npz / refs.json with nilearn's design matrices, contrast maps, LSA/LSS betas
(nilearn's beta-series recipe: one FirstLevelModel per trial), OLS residuals, and
rsatoolbox noise precisions of those residuals.
"""
import json
import warnings

import nibabel as nib
import numpy as np
import pandas as pd
import nilearn
import rsatoolbox
from nilearn.glm.first_level import FirstLevelModel, make_first_level_design_matrix
from nilearn.glm._utils import z_score
from nilearn.maskers import NiftiMasker
from rsatoolbox.data.noise import prec_from_residuals
from scipy import stats

warnings.filterwarnings("ignore")
assert nilearn.__version__ == "0.14.1", nilearn.__version__
from importlib.metadata import version
assert version("rsatoolbox") == "0.3.2", version("rsatoolbox")

rng = np.random.default_rng(13)
shape = (8, 7, 6)
T = 100
TR = 2.0
affine = np.diag([3.0, 3.0, 3.0, 1.0])
affine[:3, 3] = [-10.0, -12.0, -8.0]
conditions = ["face", "house", "chair", "shoe"]

mask = np.zeros(shape, np.uint8)
mask[1:7, 1:6, 1:5] = 1  # 120 voxels
nib.save(nib.Nifti1Image(mask, affine), "mask.nii.gz")
rois = np.zeros(shape, np.int16)
rois[1:4, 1:6, 1:5] = 1
rois[4:7, 1:4, 1:5] = 2
nib.save(nib.Nifti1Image(rois, affine), "rois.nii.gz")


def make_events(seed):
    r = np.random.default_rng(seed)
    order = np.array(conditions * 4)
    r.shuffle(order)
    onsets = 6.0 + np.arange(16) * 11.0 + r.uniform(-2, 2, 16)
    durations = r.choice([0.0, 1.0, 2.0, 3.5], 16)
    modulation = np.round(r.uniform(0.5, 1.5, 16), 3)
    return pd.DataFrame({"onset": np.round(onsets, 3), "duration": durations,
                         "trial_type": order, "modulation": modulation})


events = [make_events(1), make_events(2)]
for i, ev in enumerate(events):
    ev.to_csv(f"sub-01_task-objects_run-{i + 1}_events.tsv", sep="\t", index=False)

frame_times = np.linspace(0, (T - 1) * TR, T)
for i, ev in enumerate(events):
    dm = make_first_level_design_matrix(frame_times, ev, hrf_model="glover", drift_model="cosine")
    X = dm.to_numpy()
    n_vox = int(mask.sum())
    betas = rng.normal(0, 1.0, (X.shape[1], n_vox))
    betas[-1] = rng.uniform(200, 900, n_vox)  # baseline
    noise = np.zeros((T, n_vox))
    phi = rng.uniform(-0.2, 0.6, n_vox)
    e = rng.normal(0, 2.0, (T, n_vox))
    noise[0] = e[0]
    for t in range(1, T):
        noise[t] = phi * noise[t - 1] + e[t]
    Y = X @ (betas * np.r_[np.full(X.shape[1] - 1, 4.0), 1.0][:, None]) + noise
    data = np.zeros(shape + (T,), np.float32)
    data[mask.astype(bool)] = Y.T.astype(np.float32)
    img = nib.Nifti1Image(data, affine)
    img.header.set_xyzt_units("mm", "sec")
    img.header["pixdim"][4] = TR
    nib.save(img, f"sub-01_task-objects_run-{i + 1}_bold.nii.gz")

confounds = pd.DataFrame({
    "trans_x": rng.normal(0, 0.1, T), "trans_y": rng.normal(0, 0.1, T), "rot_z": rng.normal(0, 0.01, T),
    "csf": rng.normal(0, 1, T), "white_matter": rng.normal(0, 1, T),
})
fd = np.round(rng.uniform(0, 0.3, T), 4)
fd[[12, 13, 47, 80]] = [0.8, 0.6, 1.2, 0.9]  # censored with --fd-threshold 0.5
confounds["framewise_displacement"] = fd
confounds.to_csv("sub-01_task-objects_run-1_desc-confounds_timeseries.tsv", sep="\t", index=False)

refs = {"nilearn": nilearn.__version__, "rsatoolbox": version("rsatoolbox"), "T": T, "TR": TR}
arrays = {}

# 1. Design matrices for every HRF and drift option (run 1 events).
hrfs = ["glover", "spm", "glover + derivative", "spm + derivative", "glover + derivative + dispersion",
        "spm + derivative + dispersion", "fir"]
drifts = [("cosine", {"high_pass": 0.01}), ("polynomial", {"drift_order": 2}), (None, {})]
designs = []
for h in hrfs:
    for d, kw in drifts:
        dm = make_first_level_design_matrix(frame_times, events[0], hrf_model=h, drift_model=d,
                                            fir_delays=[0, 1, 2] if h == "fir" else None, **kw)
        key = f"design_{len(designs)}"
        arrays[key] = dm.to_numpy()
        designs.append({"key": key, "hrf": h, "drift": d or "none", "high_pass": kw.get("high_pass", 0.01),
                        "order": kw.get("drift_order", 1), "fir_delays": [0, 1, 2] if h == "fir" else [],
                        "columns": list(dm.columns)})
dm = make_first_level_design_matrix(frame_times, events[0], hrf_model="glover", drift_model="cosine",
                                    high_pass=0.02, add_regs=confounds[["trans_x", "csf"]])
arrays["design_confounds"] = dm.to_numpy()
refs["design_confounds"] = {"columns": list(dm.columns), "high_pass": 0.02, "confounds": ["trans_x", "csf"]}
refs["designs"] = designs

masker = NiftiMasker(mask_img="mask.nii.gz").fit()
refs["masked_dtype"] = str(masker.transform("sub-01_task-objects_run-1_bold.nii.gz").dtype)
bolds = [f"sub-01_task-objects_run-{i + 1}_bold.nii.gz" for i in range(2)]
contrasts = conditions + ["face - house", "0.5*chair + 0.5*shoe - face"]
refs["contrasts"] = contrasts


def masked(img):
    return masker.transform(img).ravel()


# 2. Contrasts: OLS / AR(1), one run / two runs (fixed effects), signal_scaling 0.
cases = []
for noise in ["ols", "ar1"]:
    for nruns in [1, 2]:
        for scaling in [0, 1, False]:
            if scaling != 0 and nruns == 2:
                continue
            if scaling is not False and scaling == 1:
                # nilearn 0.14.1's mean_scaling(Y, axis=1) fails to broadcast (T, V) / (T,) unless
                # T == V; its intent (each time point over its mean across voxels) is applied here
                # in float32 as numpy would, and the scaled run fitted with signal_scaling=False.
                Y = masker.transform(bolds[0])
                mean = np.maximum(Y.mean(axis=1), 1)
                Ys = (100 * (Y / mean[:, None] - 1)).astype(np.float32)
                imgs = [masker.inverse_transform(Ys)]
                m = FirstLevelModel(t_r=TR, mask_img="mask.nii.gz", noise_model=noise, signal_scaling=False)
                m.fit(imgs, events[:1])
            else:
                m = FirstLevelModel(t_r=TR, mask_img="mask.nii.gz", noise_model=noise, signal_scaling=scaling)
                m.fit(bolds[:nruns], events[:nruns])
            key = f"glm_{noise}_{nruns}_{scaling}"
            for ci, c in enumerate(contrasts):
                out = m.compute_contrast(c, output_type="all")
                for stat in ["effect_size", "effect_variance", "stat", "z_score", "p_value"]:
                    arrays[f"{key}_{ci}_{stat}"] = masked(out[stat])
            cases.append({"key": key, "noise": noise, "runs": nruns,
                          "scaling": "none" if scaling is False else str(scaling)})
refs["glm_cases"] = cases

# 2b. Confounds (two columns) and censoring (FD > 0.5 -> sample_masks), run 1, OLS and AR(1).
kept = [t for t in range(T) if fd[t] <= 0.5]
refs["censoring"] = {"kept": kept, "confounds": ["trans_x", "csf"], "fd_threshold": 0.5}
for noise in ["ols", "ar1"]:
    m = FirstLevelModel(t_r=TR, mask_img="mask.nii.gz", noise_model=noise)
    m.fit(bolds[0], events[0], confounds=confounds[["trans_x", "csf"]], sample_masks=[np.array(kept)])
    for ci, c in enumerate(contrasts):
        out = m.compute_contrast(c, output_type="all")
        for stat in ["effect_size", "effect_variance", "stat", "z_score", "p_value"]:
            arrays[f"glm_conf_{noise}_{ci}_{stat}"] = masked(out[stat])

# 3. Beta series: nilearn's recipe (examples/07_advanced/plot_beta_series.py), run 1.
ev = events[0]
for noise in ["ols", "ar1"]:
    params = dict(t_r=TR, mask_img="mask.nii.gz", noise_model=noise)
    lsa_ev = ev.copy()
    counter = dict.fromkeys(conditions, 0)
    names = []
    for i, row in lsa_ev.iterrows():
        counter[row["trial_type"]] += 1
        names.append(f"{row['trial_type']}__{counter[row['trial_type']]:03d}")
    lsa_ev["trial_type"] = names
    lsa = FirstLevelModel(**params).fit(bolds[0], lsa_ev)
    arrays[f"lsa_{noise}"] = np.array([masked(lsa.compute_contrast(n, output_type="effect_size")) for n in names])
    lss = []
    for i in range(len(ev)):
        e2 = ev.copy()
        cond = e2.loc[i, "trial_type"]
        idx = e2.index[e2["trial_type"] == cond].tolist().index(i)
        name = f"{cond}__{idx:03d}"
        e2.loc[i, "trial_type"] = name
        g = FirstLevelModel(**params).fit(bolds[0], e2)
        lss.append(masked(g.compute_contrast(name, output_type="effect_size")))
    arrays[f"lss_{noise}"] = np.array(lss)

# 4. OLS residuals per ROI -> rsatoolbox noise precision (dof corrected for the regressors).
g = FirstLevelModel(t_r=TR, mask_img="mask.nii.gz", noise_model="ols", minimize_memory=False).fit(bolds[0], ev)
res = masker.transform(g.residuals[0])
X = g.design_matrices_[0].to_numpy()
dof = T - np.linalg.matrix_rank(X)
roi_vec = NiftiMasker(mask_img="mask.nii.gz").fit().transform(nib.Nifti1Image(rois.astype(np.float32), affine)).ravel()
refs["precision"] = {"dof": int(dof), "methods": ["diag", "full", "shrinkage_eye", "shrinkage_diag"], "rois": [1, 2]}
for r in [1, 2]:
    rr = res[:, roi_vec == r]
    arrays[f"residuals_roi{r}"] = rr
    for meth in refs["precision"]["methods"]:
        arrays[f"precision_roi{r}_{meth}"] = prec_from_residuals(rr, dof=dof, method=meth)

# 5. t -> p -> z as nilearn computes it (contrasts.Contrast.p_value / z_score), extreme values included.
ts = np.array([-1e4, -60.0, -40.0, -9.0, -2.5, -0.3, 0.0, 1e-8, 0.7, 3.3, 8.0, 12.0, 38.0, 45.0, 70.0, 1e5])
dofs = np.array([3.0, 17.0, 91.0, 180.0, 1e10])
arrays["dist_t"] = ts
arrays["dist_dof"] = dofs
arrays["dist_p"] = np.array([[stats.t.sf(t, d) for t in ts] for d in dofs])
arrays["dist_z"] = np.array([z_score(stats.t.sf(ts, d), one_minus_pvalue=stats.t.cdf(ts, d)) for d in dofs])

np.savez_compressed("refs.npz", **arrays)
with open("refs.json", "w") as f:
    json.dump(refs, f, indent=1)
print("masked dtype", refs["masked_dtype"])

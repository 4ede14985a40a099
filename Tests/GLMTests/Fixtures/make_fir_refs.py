"""FIR reference values for Tests/GLMTests/FIRContrastTests.swift from nilearn 0.14.1.

Run with a venv holding nilearn==0.14.1, in this folder, after make_glm_refs.py:
    python make_fir_refs.py
Fits run 1 with FirstLevelModel(hrf_model="fir", fir_delays=[0, 1, 2]) (AR(1), the default
noise model, cosine drift, signal scaling 0, the mask) and writes fir_refs.npz: for every
design column of every condition (`<condition>_delay_<d>`, the maps `neurorep glm --hrf fir`
writes per condition) nilearn's effect size and z score over the mask's voxels.
"""
import warnings

import nibabel as nib
import numpy as np
import pandas as pd
import nilearn
from nilearn.glm.first_level import FirstLevelModel
from nilearn.maskers import NiftiMasker

warnings.filterwarnings("ignore")
assert nilearn.__version__ == "0.14.1", nilearn.__version__

mask = nib.load("mask.nii.gz")
masker = NiftiMasker(mask_img=mask).fit()
ev = pd.read_csv("sub-01_task-objects_run-1_events.tsv", sep="\t")
model = FirstLevelModel(t_r=2.0, hrf_model="fir", fir_delays=[0, 1, 2], mask_img=mask, minimize_memory=False)
model.fit("sub-01_task-objects_run-1_bold.nii.gz", events=ev)
columns = [c for c in model.design_matrices_[0].columns if "_delay_" in c]
out = {}
for c in columns:
    maps = model.compute_contrast(c, output_type="all")
    out[f"{c}_effect_size"] = np.ravel(masker.transform(maps["effect_size"]))
    out[f"{c}_z_score"] = np.ravel(masker.transform(maps["z_score"]))
np.savez("fir_refs.npz", **out)
print(len(columns), "columns")

"""nilearn 0.14.1's beta-series recipe (examples/07_advanced/plot_beta_series.py): LSS, one
FirstLevelModel per trial (trial of interest relabelled, the others keep their condition).
Usage: nilearn_lss.py BOLD EVENTS MASK NOISE_MODEL OUT.npy"""
import sys

import numpy as np
import pandas as pd
from nilearn.glm.first_level import FirstLevelModel
from nilearn.maskers import NiftiMasker

bold, events, mask, noise, out = sys.argv[1:6]
ev = pd.read_csv(events, sep="\t")
masker = NiftiMasker(mask_img=mask).fit()
betas = []
for i in range(len(ev)):
    e2 = ev.copy()
    cond = e2.loc[i, "trial_type"]
    idx = e2.index[e2["trial_type"] == cond].tolist().index(i)
    name = f"{cond}__{idx:03d}"
    e2.loc[i, "trial_type"] = name
    g = FirstLevelModel(t_r=2.0, mask_img=mask, noise_model=noise).fit(bold, e2)
    betas.append(masker.transform(g.compute_contrast(name, output_type="effect_size")).ravel())
np.save(out, np.array(betas))

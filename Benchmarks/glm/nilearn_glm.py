"""nilearn 0.14.1 side of Benchmarks/glm: FirstLevelModel defaults (glover, cosine 0.01 Hz, AR(1),
signal_scaling 0) with a mask; effect / variance / z maps per condition saved as .nii.gz.
Usage: nilearn_glm.py BOLD EVENTS MASK OUTDIR"""
import os
import sys

import pandas as pd
from nilearn.glm.first_level import FirstLevelModel

bold, events, mask, out = sys.argv[1:5]
os.makedirs(out, exist_ok=True)
ev = pd.read_csv(events, sep="\t")
m = FirstLevelModel(t_r=2.0, mask_img=mask).fit(bold, ev)
for c in sorted(ev["trial_type"].unique()):
    maps = m.compute_contrast(c, output_type="all")
    for stat, key in [("effect", "effect_size"), ("variance", "effect_variance"), ("z", "z_score")]:
        maps[key].to_filename(f"{out}/{c}_{stat}.nii.gz")

"""Max scaled difference between NeuroRep's and nilearn's maps (Benchmarks/glm).
Usage: compare.py glm OURS_DIR PREFIX NILEARN_DIR MASK  |  compare.py lss OURS.nii.gz NILEARN.npy MASK"""
import glob
import os
import sys

import numpy as np
from nilearn.maskers import NiftiMasker


def scaled(a, b):
    return np.abs(a - b).max() / max(1e-300, np.abs(b).max())


if sys.argv[1] == "glm":
    ours, prefix, ref, mask = sys.argv[2:6]
    masker = NiftiMasker(mask_img=mask).fit()
    worst = {}
    for f in sorted(glob.glob(f"{ref}/*_z.nii.gz")):
        cond = os.path.basename(f)[: -len("_z.nii.gz")]
        for stat in ["effect", "variance", "z"]:
            a = masker.transform(f"{ours}/{prefix}_contrast-{cond}_stat-{stat}_statmap.nii.gz").ravel()
            b = masker.transform(f"{ref}/{cond}_{stat}.nii.gz").ravel()
            worst[stat] = max(worst.get(stat, 0), scaled(a, b))
    print(", ".join(f"{k} {v:.1e}" for k, v in worst.items()))
else:
    ours, ref, mask = sys.argv[2:5]
    masker = NiftiMasker(mask_img=mask).fit()
    a = masker.transform(ours)
    print(f"{scaled(a, np.load(ref)):.1e}")

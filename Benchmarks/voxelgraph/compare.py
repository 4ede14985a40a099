"""Agreement of `neurorep voxelgraph` maps with the NumPy + igraph peer's (numpy_igraph.py).

The peer decides edges on float32 products, NeuroRep on float64, so a few pairs within about
1e-6 of the threshold can differ; this prints how many voxels' degrees differ and the largest
differences of every map. Usage: compare.py OURS_DIR PEER_DIR
"""
import glob
import sys

import nibabel as nib
import numpy as np

ours, peer = sys.argv[1], sys.argv[2]
parts = []
for stat in ["degree", "strength", "triangles", "clustering", "eigenvector", "ecm"]:
    a = nib.load(glob.glob(f"{ours}/*_stat-{stat}_boldmap.nii.gz")[0]).get_fdata()
    b = nib.load(f"{peer}/{stat}.nii.gz").get_fdata()
    d = np.abs(a - b)
    if stat == "degree":
        same = d == 0
        parts.append(f"degree differs at {int((~same).sum())} of {int((b != 0).sum())} voxels (by at most {d.max():.0f})")
    elif stat == "ecm":
        parts.append(f"ecm max |diff| {d.max():.1e}")
    else:
        parts.append(f"{stat} max |diff| {d.max():.1e} ({d[same].max():.1e} where the degree agrees)")
print("; ".join(parts))

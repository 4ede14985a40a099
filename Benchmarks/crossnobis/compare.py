"""Max scaled difference between NeuroRep's crossnobis ROI RDMs and the peer's (Benchmarks/crossnobis):
max over ROIs of max|ours - peer| / max|peer| (ROI by ROI), and the same for the Spearman
ROI-layer similarities (absolute). Usage: compare.py OURS_RDMS.npy PEER.npz [OURS_SIMILARITIES.tsv]"""
import sys

import numpy as np

ours = np.load(sys.argv[1])
peer = np.load(sys.argv[2])
ref = peer["rdms"]
assert ours.shape == ref.shape, (ours.shape, ref.shape)
per_roi = np.abs(ours - ref).reshape(len(ref), -1).max(1) / np.abs(ref).reshape(len(ref), -1).max(1)
print(f"{per_roi.max():.1e}")

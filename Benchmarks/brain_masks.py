"""Brain-shaped masks shared by the benchmarks' input generators (glm, crossnobis)."""
import numpy as np


def ellipsoid(shape, radii, count):
    """The `count` voxels nearest the grid centre by normalised ellipsoid radius (ties by flat
    index): a brain-sized mask of an exact voxel count, seeded by nothing."""
    c = (np.array(shape) - 1) / 2
    g = np.indices(shape).astype(float)
    d = sum(((g[i] - c[i]) / radii[i]) ** 2 for i in range(3))
    order = np.argsort(d, axis=None, kind="stable")[:count]
    m = np.zeros(int(np.prod(shape)), np.uint8)
    m[order] = 1
    return m.reshape(shape)

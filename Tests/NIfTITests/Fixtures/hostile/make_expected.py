"""What nibabel 5.4.2 does with each patched copy of functional.nii listed in cases.json.

Run: python3 make_expected.py (nibabel 5.4.2, numpy) in this folder; writes expected.json with,
per case, either nibabel's error (type) or what `nib.load(f)` gives: affine, qform/sform codes,
pixdim after nibabel's repairs, the repairs nibabel logs (level >= 30, its warnings), and the
mean/min/max of get_fdata() (float64). NIfTIHardeningTests applies the same patches in Swift.
"""
import json, logging, math, os, struct, tempfile
import numpy as np, nibabel as nib

here = os.path.dirname(os.path.abspath(__file__))
spec = json.load(open(os.path.join(here, "cases.json")))
base = open(os.path.join(here, "..", spec["source"]), "rb").read()

class Collect(logging.Handler):
    def __init__(self): super().__init__(); self.messages = []
    def emit(self, record):
        if record.levelno >= 30: self.messages.append(record.getMessage())

def value(fmt, v):
    if fmt == "4s": return v.encode()
    if isinstance(v, str): return float(v)
    return v

out = {"nibabel": nib.__version__, "cases": {}}
tmp = tempfile.mkdtemp()
for case in spec["cases"]:
    b = bytearray(base)
    for off, fmt, v in case["patches"]:
        packed = struct.pack("<" + fmt, value(fmt, v))
        b[off:off + len(packed)] = packed
    b += bytes(case.get("append", 0))
    path = os.path.join(tmp, case["name"] + ".nii")
    open(path, "wb").write(b)
    logger = logging.getLogger("nibabel.global")
    h = Collect(); logger.addHandler(h)
    try:
        img = nib.load(path)
        d = np.asarray(img.get_fdata(dtype=np.float64))
        aff = img.affine
        r = {"outcome": "read",
             "affine": [[x if math.isfinite(x) else str(x) for x in row] for row in aff.tolist()],
             "qform_code": int(img.header["qform_code"]), "sform_code": int(img.header["sform_code"]),
             "pixdim": [x if math.isfinite(x) else str(x) for x in img.header["pixdim"].astype(float).tolist()],
             "warnings": h.messages,
             "mean": float(d.mean()) if d.size else None, "min": float(d.min()) if d.size else None,
             "max": float(d.max()) if d.size else None, "shape": list(img.shape)}
    except Exception as e:
        r = {"outcome": "error", "error": type(e).__name__, "message": str(e)[:200], "warnings": h.messages}
    logger.removeHandler(h)
    out["cases"][case["name"]] = r
json.dump(out, open(os.path.join(here, "expected.json"), "w"), indent=1)
print(json.dumps({k: v["outcome"] for k, v in out["cases"].items()}, indent=0))

#!/usr/bin/env python3
"""Hostile-input probe of `neurorep glm`, `voxelgraph` and `seedmap`.

Mutates the sample data (NIfTI headers and bytes, gzip streams, events and confounds TSVs,
masks, flags) case by case, runs the command, and classifies the outcome:

  ok          the command succeeded and the case is a valid input
  refused     non-zero exit, a message naming the file (or option), no signal, no trap,
              nothing left in --out
  CRASH       killed by a signal, or a Swift runtime trap ("Fatal error", "Illegal instruction")
  HANG        did not finish within the timeout
  UNCLEAR     refused, but the message does not name the file or option that is wrong
  PARTIAL     refused, but files were left in --out
  ACCEPTED    exit 0 on input that is nonsense (a silently wrong or meaningless result)

    python3 scripts/probe-readers.py [--bin .build/debug/neurorep] [--only SUBSTRING] [--keep]

Writes a table on stdout and exits 1 if any case is in an upper-case class.
Needs Python 3 with numpy; run from the repository root (it reads SampleData/).
"""
import argparse, gzip, os, shutil, struct, subprocess, sys, tempfile, zlib
import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
FUNC = os.path.join(ROOT, "SampleData/derivatives/fmriprep/sub-01/func")
RUN1 = os.path.join(FUNC, "sub-01_task-objects_run-1_space-MNI152NLin2009cAsym_desc-preproc_bold.nii.gz")
RUN2 = os.path.join(FUNC, "sub-01_task-objects_run-2_space-MNI152NLin2009cAsym_desc-preproc_bold.nii.gz")
REST = os.path.join(FUNC, "sub-01_task-rest_space-MNI152NLin2009cAsym_desc-preproc_bold.nii.gz")
CONF = os.path.join(FUNC, "sub-01_task-rest_desc-confounds_timeseries.tsv")
EV1 = os.path.join(ROOT, "SampleData/sub-01/func/sub-01_task-objects_run-1_events.tsv")
ATLAS = os.path.join(ROOT, "SampleData/atlas/atlas-sample_space-MNI152NLin2009cAsym_dseg.nii.gz")

# ---------------------------------------------------------------- NIfTI-1 helpers

def nii_bytes(path):
    return gzip.open(path).read()

FIELDS = {  # name: (offset, struct format)
    "sizeof_hdr": (0, "<i"), "dim": (40, "<8h"), "intent_code": (68, "<h"), "datatype": (70, "<h"),
    "bitpix": (72, "<h"), "pixdim": (76, "<8f"), "vox_offset": (108, "<f"), "scl_slope": (112, "<f"),
    "scl_inter": (116, "<f"), "xyzt_units": (123, "<B"), "qform_code": (252, "<h"), "sform_code": (254, "<h"),
    "srow_x": (280, "<4f"), "magic": (344, "4s"),
}

def patch(b, name, value):
    off, fmt = FIELDS[name]
    b = bytearray(b)
    vals = list(struct.unpack_from(fmt, b, off))
    if isinstance(value, dict):
        for i, v in value.items():
            vals[i] = v
    else:
        vals = [value] if len(vals) == 1 else list(value)
    struct.pack_into(fmt, b, off, *vals)
    return bytes(b)

def header(b):
    dim = struct.unpack_from("<8h", b, 40)
    dt, = struct.unpack_from("<h", b, 70)
    vo, = struct.unpack_from("<f", b, 108)
    return dim, dt, int(vo)

def data_array(b):
    dim, dt, vo = header(b)
    assert dt == 4
    shape = [d for d in dim[1:dim[0] + 1]]
    return np.frombuffer(b, dtype="<i2", count=int(np.prod(shape)), offset=vo).reshape(shape[::-1])  # (t, z, y, x)

def with_data(b, arr, datatype, bitpix):
    """Header of b with new data (array in (t, z, y, x) order), datatype and bitpix."""
    dim, _, vo = header(b)
    h = patch(patch(b[:vo], "datatype", datatype), "bitpix", bitpix)
    return h + np.ascontiguousarray(arr).tobytes()

def to_float(b):
    a = data_array(b).astype("<f4")
    return a, lambda arr: with_data(b, arr.astype("<f4"), 16, 32)

def gz(raw):
    return gzip.compress(raw, compresslevel=1, mtime=0)

# ---------------------------------------------------------------- cases

class Case:
    def __init__(self, group, name, command, files=None, args=None, expect="error", names=None, setup=None):
        self.group, self.name, self.command = group, name, command
        self.files = files or {}      # role -> bytes | ("symlink", target) | ("dir",) | ("fifo",)
        self.args = args or {}        # overrides of flags (None removes one)
        self.expect = expect          # "error" | "ok" | "either"
        self.names = names            # strings of which one must appear in stderr (default: the mutated files' names)
        self.setup = setup

def base_args(command):
    if command == "glm":
        return {"--bold": "$bold", "--events": "$events", "--t-r": "2", "--mask": "$mask"}
    if command == "voxelgraph":
        return {"--bold": "$bold", "--mask": "$mask", "--density": "0.05"}
    if command == "seedmap":
        return {"--bold": "$bold", "--seed-coords": "-2,0,2", "--radius": "6", "--mask": "$mask"}

DEFAULT_FILES = {"glm": {"bold": RUN1, "events": EV1, "mask": ATLAS},
                 "voxelgraph": {"bold": REST, "mask": ATLAS},
                 "seedmap": {"bold": REST, "mask": ATLAS}}
EXT = {"bold": "_bold.nii.gz", "mask": "_mask.nii.gz", "events": "_events.tsv", "confounds": "_desc-confounds_timeseries.tsv",
       "seedmask": "_seedmask.nii.gz", "seedatlas": "_dseg.nii.gz", "bold2": "_bold.nii.gz", "events2": "_events.tsv"}

def nifti_mutations(src):
    """(name, bytes to write as .nii.gz, expect) for one NIfTI source."""
    raw = nii_bytes(src)
    g = open(src, "rb").read()
    dim, dt, vo = header(raw)
    out = []
    # container damage
    out += [("empty file", b"", "error"), ("gzip header only", g[:10], "error"), ("gzip cut at 100 bytes", g[:100], "error"),
            ("gzip cut at half", g[:len(g) // 2], "error"), ("gzip cut 4 bytes short", g[:-4], "error"),
            ("gzip CRC flipped", g[:-8] + bytes(x ^ 0xFF for x in g[-8:-4]) + g[-4:], "error"),
            ("gzip ISIZE wrong", g[:-4] + struct.pack("<I", 12345), "either"),
            ("deflate byte flipped mid-stream", g[:len(g) // 2] + bytes([g[len(g) // 2] ^ 0x55]) + g[len(g) // 2 + 1:], "error"),
            ("random bytes", os.urandom(5000), "error"),
            ("raw .nii bytes under .nii.gz", raw, "either"),
            ("trailing garbage after gzip", g + b"garbage!" * 10, "either"),
            ("two gzip members (data doubled)", g + g, "either"),
            ("header only (gzipped)", gz(raw[:352]), "error"),
            ("data cut one byte short", gz(raw[:-1]), "error"),
            ("data cut one volume short", gz(raw[:len(raw) - dim[1] * dim[2] * dim[3] * 2]), "error"),
            ("extra bytes after data", gz(raw + b"\0" * 1000), "either")]
    # header lies
    out += [("sizeof_hdr 0", gz(patch(raw, "sizeof_hdr", 0)), "error"),
            ("sizeof_hdr byte-swapped only", gz(patch(raw, "sizeof_hdr", 0x5C010000)), "error"),
            ("magic garbage", gz(patch(raw, "magic", b"xyz\0")), "error"),
            ("magic ni1 (two-file) in .nii.gz", gz(patch(raw, "magic", b"ni1\0")), "either")]
    for v in [0, -1, 8, 9, 3 if dim[0] == 4 else 4, 2]:
        out.append((f"dim[0] {v}", gz(patch(raw, "dim", {0: v})), "either"))
    for i, v in [(1, 0), (1, -16), (1, 32767), (2, 1), (3, 40), (4, 0), (4, -3), (4, 32767), (4, 2 * dim[4] if dim[0] == 4 else 2), (5, 2), (5, 0), (5, -1)]:
        out.append((f"dim[{i}] {v}", gz(patch(raw, "dim", {i: v})), "error" if i != 5 else "either"))
    for d, bp in [(0, 16), (1, 1), (2, 16), (2, 8), (16, 32), (16, 16), (64, 64), (32, 64), (128, 24), (1792, 128), (2304, 32), (999, 16), (512, 16), (-4, 16)]:
        out.append((f"datatype {d} bitpix {bp}", gz(patch(patch(raw, "datatype", d), "bitpix", bp)), "either" if (d, bp) in [(512, 16), (2, 16), (2, 8)] else "error"))
    for v in [0.0, 100.0, 348.0, 353.0, 1e9, -1.0, float("nan"), float("inf"), 368.0]:
        out.append((f"vox_offset {v}", gz(patch(raw, "vox_offset", v)), "either" if v in (368.0, 0.0) else "error"))
    for s, i in [(0.0, 0.0), (float("nan"), 0.0), (float("inf"), 0.0), (-1.0, 0.0), (1.0, float("nan")), (1.0, float("inf")), (3e38, 0.0), (1e-45, 0.0)]:
        out.append((f"scl_slope {s} scl_inter {i}", gz(patch(patch(raw, "scl_slope", s), "scl_inter", i)), "either"))
    for i, v in [(1, 0.0), (1, -4.0), (1, float("nan")), (2, float("inf")), (3, 1e38), (4, 0.0), (4, -2.0), (4, float("nan")), (4, float("inf")), (4, 1e-30), (0, 0.0), (0, float("nan"))]:
        out.append((f"pixdim[{i}] {v}", gz(patch(raw, "pixdim", {i: v})), "either"))
    for u in [0, 1 | 16, 2 | 16, 3 | 16, 2 | 24, 2 | 32, 2 | 40, 255]:
        out.append((f"xyzt_units {u}", gz(patch(raw, "xyzt_units", u)), "either"))
    out += [("qform/sform codes 0", gz(patch(patch(raw, "qform_code", 0), "sform_code", 0)), "either"),
            ("sform code 99", gz(patch(raw, "sform_code", 99)), "either"),
            ("srow_x NaN", gz(patch(raw, "srow_x", {0: float("nan")})), "error"),
            ("srow_x all 0 (singular sform)", gz(patch(raw, "srow_x", [0.0, 0.0, 0.0, 0.0])), "either"),
            ("intent_code 1007 (vector)", gz(patch(raw, "intent_code", 1007)), "either")]
    return out

def data_mutations(src, volumes_axis=True):
    """Value-level mutations of a 4D BOLD run (float32 data so NaN/inf are representable)."""
    raw = nii_bytes(src)
    a, rebuild = to_float(raw)
    a = a.copy()
    out = []
    m = a.copy(); m[5, 8, 10, 8] = np.nan; out.append(("one NaN in a brain voxel", gz(rebuild(m)), "either"))
    m = a.copy(); m[:, 8, 10, 8] = np.inf; out.append(("one voxel +inf throughout", gz(rebuild(m)), "either"))
    m = a.copy(); m[:] = np.nan; out.append(("every value NaN", gz(rebuild(m)), "error"))
    m = a.copy(); m[:] = a[0]; out.append(("every voxel constant over time", gz(rebuild(m)), "error"))
    m = a.copy(); m[:] = 0; out.append(("every value 0", gz(rebuild(m)), "error"))
    m = a.copy(); m[3] = np.nan; out.append(("one whole volume NaN", gz(rebuild(m)), "either"))
    m = a.copy() * np.float32(1e34); out.append(("values near float32 max", gz(rebuild(m)), "either"))
    m = a.copy() * np.float32(1e-40); out.append(("subnormal values", gz(rebuild(m)), "either"))
    out.append(("float32 copy (valid)", gz(rebuild(a)), "ok"))
    one = with_data(patch(raw, "dim", {4: 1}), a[:1], 16, 32)
    out.append(("one volume (4D, t=1)", gz(one), "error"))
    two = with_data(patch(raw, "dim", {4: 2}), a[:2], 16, 32)
    out.append(("two volumes", gz(two), "error"))
    three = with_data(patch(raw, "dim", {0: 3, 4: 1}), a[:1], 16, 32)
    out.append(("3D image as BOLD", gz(three), "error"))
    return out

def mask_mutations(grid_src):
    raw = nii_bytes(grid_src)
    dim, dt, vo = header(raw)
    vol = np.frombuffer(raw, dtype="<i2", count=dim[1] * dim[2] * dim[3], offset=vo).reshape(dim[3], dim[2], dim[1]).copy()
    h3 = patch(patch(raw[:vo], "dim", {0: 3, 4: 1}), "pixdim", {4: 1.0})
    def mk(arr, dtc=4, bp=16, hdr=h3, np_dtype="<i2"):
        return gz(patch(patch(hdr, "datatype", dtc), "bitpix", bp) + np.ascontiguousarray(arr).astype(np_dtype).tobytes())
    out = []
    out.append(("mask all zero", mk(np.zeros_like(vol)), "error"))
    f = (vol != 0).astype("<f4"); f[f == 0] = np.nan
    out.append(("mask NaN outside, 1 inside", mk(f, 16, 32, np_dtype="<f4"), "either"))
    out.append(("mask all NaN", mk(np.full(vol.shape, np.nan, "<f4"), 16, 32, np_dtype="<f4"), "error"))
    one = np.zeros_like(vol); one[8, 10, 8] = 1
    out.append(("mask of one voxel", mk(one), "either"))
    out.append(("mask shifted affine", gz(patch(raw, "srow_x", {3: struct.unpack_from("<4f", raw, 280)[3] + 4.0})), "error"))
    big = np.zeros((dim[3], dim[2], dim[1] * 2), "<i2"); big[:, :, :dim[1]] = vol
    out.append(("mask on a larger grid", mk(big, hdr=patch(h3, "dim", {1: dim[1] * 2})), "error"))
    m4 = np.stack([vol, vol])
    out.append(("4D mask (2 volumes)", mk(m4, hdr=patch(patch(h3, "dim", {0: 4, 4: 2}), "pixdim", {4: 2.0})), "error"))
    return out

def tsv(text, bom=False, crlf=False):
    if crlf:
        text = text.replace("\n", "\r\n")
    b = text.encode()
    return (b"\xef\xbb\xbf" + b) if bom else b

def events_mutations():
    good = open(EV1).read()
    lines = good.strip("\n").split("\n")
    body = "\n".join(lines[1:]) + "\n"
    out = [("valid copy", tsv(good), "ok"),
           ("BOM", tsv(good, bom=True), "ok"), ("CRLF", tsv(good, crlf=True), "ok"), ("BOM + CRLF", tsv(good, True, True), "ok"),
           ("empty file", b"", "error"), ("header only", tsv(lines[0] + "\n"), "error"), ("no trailing newline", tsv(good.rstrip("\n")), "ok"),
           ("no onset column", tsv("start\tduration\ttrial_type\n" + body), "error"),
           ("no duration column", tsv("onset\tlength\ttrial_type\n" + body), "error"),
           ("no trial_type column", tsv("\n".join(l.rsplit("\t", 1)[0] for l in lines) + "\n"), "either"),
           ("duplicate onset column", tsv("onset\tonset\ttrial_type\n" + body), "error"),
           ("duplicate trial_type column", tsv("onset\tduration\ttrial_type\ttrial_type\n" + "".join(l + "\t" + l.split("\t")[2] + "\n" for l in lines[1:])), "error"),
           ("comma separated as .tsv", tsv(good.replace("\t", ",")), "error"),
           ("space separated", tsv(good.replace("\t", " ")), "error"),
           ("header in upper case", tsv(good.replace("onset", "ONSET", 1)), "error"),
           ("blank line in the middle", tsv(lines[0] + "\n" + lines[1] + "\n\n" + "\n".join(lines[2:]) + "\n"), "either"),
           ("row with a missing field", tsv(lines[0] + "\n" + "6.0\t2.0\n" + "\n".join(lines[2:]) + "\n"), "error"),
           ("row with an extra field", tsv(lines[0] + "\n" + lines[1] + "\textra\n" + "\n".join(lines[2:]) + "\n"), "error"),
           ("quoted fields", tsv(lines[0] + "\n" + "\n".join('"%s"\t"%s"\t"%s"' % tuple(l.split("\t")) for l in lines[1:]) + "\n"), "either"),
           ("binary garbage", os.urandom(3000), "error"),
           ("NUL bytes in a row", tsv(lines[0] + "\n6.0\t2.0\tho\0use3\n" + "\n".join(lines[2:]) + "\n"), "either"),
           ("invalid UTF-8", lines[0].encode() + b"\n6.0\t2.0\t\xff\xfe\n" + "\n".join(lines[2:]).encode() + b"\n", "error"),
           ("huge line (20 MB)", tsv(lines[0] + "\n" + "6.0\t2.0\t" + "x" * 20_000_000 + "\n"), "either"),
           ("100k rows", tsv(lines[0] + "\n" + "".join(f"{6 + (i % 200)}.0\t0.5\tc{i % 3}\n" for i in range(100000))), "either")]
    def one(field, value, expect="error"):
        cols = lines[1].split("\t"); cols[field] = value
        return tsv(lines[0] + "\n" + "\t".join(cols) + "\n" + "\n".join(lines[2:]) + "\n")
    for v, e in [("abc", "error"), ("nan", "error"), ("NaN", "error"), ("inf", "error"), ("-inf", "error"), ("n/a", "error"), ("", "error"),
                 ("1e400", "error"), ("0x10", "either"), (" 6.0 ", "ok"), ("6,0", "error"), ("-100", "error"), ("1e6", "error"),
                 ("264", "error"), ("263.9", "ok"), ("-24", "ok"), ("-24.0001", "error")]:
        out.append((f"onset '{v}'", one(0, v), e))
    for v, e in [("-2", "error"), ("nan", "error"), ("inf", "error"), ("1e308", "either"), ("0", "ok"), ("1e6", "either"), ("n/a", "error"), ("-0", "ok")]:
        out.append((f"duration '{v}'", one(1, v), e))
    for v, e in [("", "error"), ("n/a", "error"), ("../../etc", "either"), ("+++", "either"), ("house3 ", "ok"), ("a/b", "either"), ("中文", "either")]:
        out.append((f"trial_type '{v}'", one(2, v), e))
    mod = lines[0] + "\tmodulation\n" + "".join(l + "\t1\n" for l in lines[1:])
    out.append(("modulation column valid", tsv(mod), "ok"))
    out.append(("modulation nan", tsv(mod.replace("\t1\n", "\tnan\n", 1)), "error"))
    out.append(("modulation 0 everywhere", tsv(mod.replace("\t1\n", "\t0\n")), "error"))
    out.append(("modulation 1e308", tsv(mod.replace("\t1\n", "\t1e308\n", 1)), "either"))
    out.append(("every event at the same onset", tsv(lines[0] + "\n" + "".join(f"6.0\t2.0\t{l.split(chr(9))[2]}\n" for l in lines[1:])), "either"))
    return out

def confounds_text(rows, cols=("trans_x", "trans_y", "framewise_displacement"), seed=0):
    r = np.random.default_rng(seed)
    lines = ["\t".join(cols)]
    for i in range(rows):
        lines.append("\t".join("n/a" if (c == "framewise_displacement" and i == 0) else f"{r.normal():.6f}" for c in cols))
    return "\n".join(lines) + "\n"

def confound_mutations(rows):
    good = confounds_text(rows)
    L = good.strip("\n").split("\n")
    def at(i, j, v):
        M = [l.split("\t") for l in L]; M[i][j] = v
        return tsv("\n".join("\t".join(r) for r in M) + "\n")
    return [("valid", tsv(good), "ok"),
            ("one row short", tsv("\n".join(L[:-1]) + "\n"), "error"), ("one row extra", tsv(good + L[-1] + "\n"), "error"),
            ("empty", b"", "error"), ("header only", tsv(L[0] + "\n"), "error"),
            ("NaN in trans_x", at(5, 0, "nan"), "error"), ("n/a in trans_x row 5", at(5, 0, "n/a"), "either"),
            ("inf in trans_x", at(5, 0, "inf"), "error"), ("text in trans_x", at(5, 0, "abc"), "error"),
            ("1e308 in trans_x", at(5, 0, "1e308"), "either"),
            ("trans_x constant", tsv("\n".join([L[0]] + ["0\t" + "\t".join(l.split("\t")[1:]) for l in L[1:]]) + "\n"), "either"),
            ("duplicate trans_x column", tsv("\n".join(l + "\t" + l.split("\t")[0] for l in [L[0]] + L[1:]) + "\n"), "error"),
            ("BOM + CRLF", tsv(good, True, True), "ok"),
            ("row with a missing field", tsv("\n".join(L[:4] + ["\t".join(L[4].split("\t")[:-1])] + L[5:]) + "\n"), "error")]

# ---------------------------------------------------------------- the case list

def build_cases():
    cases = []
    for cmd in ["glm", "voxelgraph", "seedmap"]:
        src = DEFAULT_FILES[cmd]["bold"]
        for name, b, e in nifti_mutations(src):
            cases.append(Case("bold nifti", name, cmd, files={"bold": b}, expect=e))
        for name, b, e in data_mutations(src):
            if cmd == "glm" and name in ("one NaN in a brain voxel", "one voxel +inf throughout", "one whole volume NaN"):
                e = "error"   # the GLM refuses non-finite data inside the mask
            # the GLM names the events file and the run's length for a run shorter than its events
            names = ["volume"] if cmd == "glm" and name in ("one volume (4D, t=1)", "two volumes") else None
            cases.append(Case("bold data", name, cmd, files={"bold": b}, expect=e, names=names))
        for name, b, e in mask_mutations(ATLAS):
            cases.append(Case("mask", name, cmd, files={"mask": b}, expect=e))
        for name, b, e in nifti_mutations(ATLAS)[:20]:
            cases.append(Case("mask nifti", name, cmd, files={"mask": b}, expect=e))
        cases += [Case("paths", "bold is a folder", cmd, files={"bold": ("dir",)}),
                  Case("paths", "bold is a dangling symlink", cmd, files={"bold": ("symlink", "/nonexistent/x.nii.gz")}),
                  Case("paths", "bold is a symlink to the real run (valid)", cmd, files={"bold": ("symlink", src)}, expect="ok"),
                  Case("paths", "bold is a symlink loop", cmd, files={"bold": ("loop",)}),
                  Case("paths", "bold is a FIFO", cmd, files={"bold": ("fifo",)}),
                  Case("paths", "bold is /dev/zero", cmd, args={"--bold": "/dev/zero"}, names=["/dev/zero"]),
                  Case("paths", "mask is /dev/null", cmd, args={"--mask": "/dev/null"}, names=["/dev/null"]),
                  Case("paths", "bold does not exist", cmd, args={"--bold": "/nonexistent/sub-01_bold.nii.gz"}, names=["/nonexistent"]),
                  Case("paths", "unreadable bold (mode 000)", cmd, files={"bold": ("mode000", src)}, expect="either"),
                  Case("out", "out is an existing file", cmd, args={"--out": "$file"}, names=["out", "--out", "file"]),
                  Case("out", "out with ../ inside the inputs", cmd, args={"--out": "$inputs/../inputs/out"}, expect="either", names=["out"]),
                  Case("out", "out under a file", cmd, args={"--out": "$file/sub"}, names=["file"])]

    # GLM-specific
    for name, b, e in events_mutations():
        # a 20 MB trial_type: refused by the output's name length (255 bytes), named as such
        cases.append(Case("events", name, "glm", files={"events": b}, expect=e, names=["255"] if name.startswith("huge line") else None))
    for name, b, e in confound_mutations(132):
        cases.append(Case("glm confounds", name, "glm", files={"confounds": b}, args={"--confounds": "$confounds", "--confound-columns": "trans_x,trans_y"}, expect=e))
    cases.append(Case("glm confounds", "fd-threshold with n/a FD everywhere", "glm",
                      files={"confounds": tsv("trans_x\tframewise_displacement\n" + "".join(f"{i * 0.01}\tn/a\n" for i in range(132)))},
                      args={"--confounds": "$confounds", "--confound-columns": "trans_x", "--fd-threshold": "0.5"}, expect="either"))
    cases.append(Case("glm confounds", "fd-threshold censors every volume", "glm",
                      files={"confounds": tsv("trans_x\tframewise_displacement\n" + "".join(f"{i * 0.01}\t9\n" for i in range(132)))},
                      args={"--confounds": "$confounds", "--confound-columns": "trans_x", "--fd-threshold": "0.5"}))
    cases.append(Case("glm confounds", "confounds column equal to an event regressor? (collinear with intercept)", "glm",
                      files={"confounds": tsv("ones\n" + "1\n" * 132)}, args={"--confounds": "$confounds", "--confound-columns": "ones"}, expect="either"))
    for v, e in [("0", "error"), ("-2", "error"), ("nan", "error"), ("inf", "error"), ("1e-300", "error"), ("1e300", "error"), ("abc", "error"), ("3", "error"), ("2.001", "ok")]:
        cases.append(Case("glm flags", f"--t-r {v}", "glm", args={"--t-r": v}, expect=e, names=["--t-r", "TR", "t-r"]))
    for c, e in [("x=", "error"), ("=face1", "error"), ("x=face1 -", "error"), ("x=nosuch", "error"), ("x=face1 - nosuch", "error"),
                 ("x=((face1)", "error"), ("x=face1 * house1", "error"), ("x=face1 - face1", "error"), ("x=0*face1", "error"),
                 ("x=1e400*face1", "error"), ("x=nan*face1", "error"), ("x=inf*face1", "error"), ("x=face1 face2", "error"),
                 ("../x=face1", "error"), ("x=face1 + + face2", "either"), ("x=2*face1 - house1/3", "either"), ("x=face1 - house1", "ok"),
                 ("x=constant", "either"), ("x=" + "face1 + " * 5000 + "face2", "either"), ("face1=face2", "error"), ("x=face1--face2", "either"),
                 ("x=.5face1", "either"), ("x=face1 -1e-320*face2", "either")]:
        cases.append(Case("glm contrast", f"--contrast '{c[:40]}'", "glm", args={"--contrast": c}, expect=e, names=["contrast", "--contrast"]))
    for flag, v, e in [("--high-pass", "0", "error"), ("--high-pass", "nan", "error"), ("--high-pass", "inf", "error"), ("--high-pass", "10", "error"),
                       ("--high-pass", "0.2", "either"),
                       ("--drift-order", "-1", "error"), ("--drift-order", "1000", "error"), ("--drift-order", "200", "error"),
                       ("--fir-delays", "-1", "error"), ("--fir-delays", "1,,2", "error"), ("--fir-delays", "100000", "error"), ("--fir-delays", "0,0", "error"),
                       ("--fir-delays", "1000", "error"),
                       ("--hrf", "nope", "error"), ("--stats", "", "error"), ("--stats", "t,t", "either"), ("--stats", "q", "error"),
                       ("--beta-series", "xyz", "error"), ("--noise-model", "ar2", "error"), ("--signal-scaling", "2", "error")]:
        a = {flag: v}
        if flag == "--fir-delays": a["--hrf"] = "fir"
        if flag == "--drift-order": a["--drift"] = "polynomial"
        cases.append(Case("glm flags", f"{' '.join(f'{k} {x}' for k, x in a.items())}", "glm", args=a, expect=e,
                          names=[flag, flag.lstrip("-"), flag.lstrip("-").replace("-", " "), flag.lstrip("-").replace("-", " ").upper().replace("DELAYS", "delay")]))
    cases.append(Case("glm flags", "no --mask (valid)", "glm", args={"--mask": None}, expect="ok"))
    cases.append(Case("glm runs", "run 2 on another grid", "glm", files={"bold2": ("mutate", RUN2, "dim[1] -> grid change")},
                      args={"--bold": ["$bold", "$bold2"], "--events": ["$events", "$events"], "--mask": None}))
    cases.append(Case("glm runs", "run 2 with shifted affine, no mask", "glm", files={"bold2": ("shift", RUN2)},
                      args={"--bold": ["$bold", "$bold2"], "--events": ["$events", "$events"], "--mask": None}))
    cases.append(Case("glm runs", "same run twice (valid)", "glm", args={"--bold": ["$bold", "$bold"], "--events": ["$events", "$events"]}, expect="either"))
    cases.append(Case("glm runs", "two events files for one run", "glm", args={"--events": ["$events", "$events"]}, names=["--events"]))

    # voxelgraph flags
    for flag, v, e in [("--density", "0", "error"), ("--density", "1.5", "error"), ("--density", "nan", "error"), ("--density", "-0.1", "error"),
                       ("--density", "1e-300", "either"), ("--density", "1", "ok"), ("--density", "inf", "error"),
                       ("--threshold", "nan", "error"), ("--threshold", "1", "error"), ("--threshold", "-1.5", "error"), ("--threshold", "0.99999999", "either"),
                       ("--threshold", "inf", "error"),
                       ("--exclude-radius", "-1", "error"), ("--exclude-radius", "nan", "error"), ("--exclude-radius", "inf", "either"), ("--exclude-radius", "1e9", "either"),
                       ("--sign", "both", "error"), ("--t-r", "0", "error"), ("--t-r", "-2", "error"), ("--t-r", "nan", "error"), ("--t-r", "inf", "error"),
                       ("--t-r", "1e-300", "either"), ("--t-r", "1e300", "either"), ("--high-pass", "nan", "error"), ("--high-pass", "inf", "error"),
                       ("--high-pass", "0.5", "error"), ("--low-pass", "0.5", "either"), ("--low-pass", "1e300", "either"), ("--dummy-scans", "120", "error"),
                       ("--dummy-scans", "119", "error"), ("--dummy-scans", "-1", "error"), ("--dummy-scans", "100000000000", "error"),
                       ("--fd-threshold", "nan", "error"), ("--standardize", "bogus", "error")]:
        a = {flag: v}
        if flag == "--threshold": a["--density"] = None
        if flag == "--fd-threshold": a["--confounds"] = CONF
        # as nilearn: a cutoff at or above Nyquist is lowered below it (a warning); a high-pass there
        # leaves every voxel constant, which the error says; dummy scans are named dummyScans
        cases.append(Case("voxelgraph flags", " ".join(f"{k} {x}" for k, x in a.items() if x), "voxelgraph", args=a, expect=e,
                          names=[flag, flag.lstrip("-"), "TR", "constant", "dummyScans", "dummy scans"]))
    cases.append(Case("voxelgraph flags", "--high-pass 0.05 --low-pass 0.01 (band inverted)", "voxelgraph", args={"--high-pass": "0.05", "--low-pass": "0.01"}, names=["--high-pass", "--low-pass", "high", "low"]))
    cases.append(Case("voxelgraph flags", "both --threshold and --density", "voxelgraph", args={"--threshold": "0.5"}, names=["--threshold"]))
    for name, b, e in confound_mutations(120):
        cases.append(Case("voxelgraph confounds", name, "voxelgraph", files={"confounds": b}, args={"--confounds": "$confounds", "--confound-columns": "trans_x,trans_y"}, expect=e))
    # seedmap seeds
    for coords, r, e in [("1000,1000,1000", "0", "error"), ("1000,1000,1000", "6", "error"), ("-2,0,2", "-1", "error"), ("-2,0,2", "nan", "error"),
                         ("-2,0,2", "inf", "either"), ("-2,0,2", "1e308", "either"), ("1,2", "6", "error"), ("a,b,c", "6", "error"), ("nan,0,0", "6", "error"),
                         ("1e308,0,0", "6", "error"), ("-2,0,2", "0", "ok"), ("-2, 0, 2", "6", "ok"), ("-2,0,2,", "6", "error"), ("inf,0,0", "6", "error")]:
        cases.append(Case("seedmap seeds", f"--seed-coords {coords} --radius {r}", "seedmap", args={"--seed-coords": coords, "--radius": r}, expect=e,
                          names=["--seed-coords", "--radius", "seed"]))
    for lab, e in [("999", "error"), ("nan", "error"), ("-1", "error"), ("1.5", "error"), ("0", "either"), ("7", "ok"), ("inf", "error")]:
        cases.append(Case("seedmap seeds", f"--seed-atlas atlas --seed-label {lab}", "seedmap",
                          args={"--seed-coords": None, "--radius": None, "--seed-atlas": ATLAS, "--seed-label": lab}, expect=e, names=["label", "--seed-label", "atlas", "seed"]))
    for name, b, e in mask_mutations(ATLAS):
        cases.append(Case("seedmap seed mask", name, "seedmap", files={"seedmask": b}, args={"--seed-coords": None, "--radius": None, "--seed-mask": "$seedmask"},
                          expect="either" if name in ("mask shifted affine", "mask on a larger grid", "mask NaN outside, 1 inside") else e))
    for name, b, e in nifti_mutations(ATLAS)[:25]:
        cases.append(Case("seedmap seed atlas nifti", name, "seedmap", files={"seedatlas": b},
                          args={"--seed-coords": None, "--radius": None, "--seed-atlas": "$seedatlas", "--seed-label": "7"}, expect=e))
    for n, e in [("../x", "either"), ("", "either"), ("/", "either"), ("..", "either"), ("a" * 300, "either"), ("ok-name_1", "either")]:
        cases.append(Case("seedmap seed name", f"--seed-name '{n[:20]}'", "seedmap", args={"--seed-name": n}, expect=e, names=["seed-name", "--seed-name", "seed"]))
    cases.append(Case("seedmap seeds", "seed in the constant background", "seedmap", args={"--seed-coords": "-30,-40,30", "--radius": "0"}, names=["seed"]))
    return cases

# ---------------------------------------------------------------- running

def materialize(case, work):
    paths = dict(DEFAULT_FILES[case.command])
    paths["confounds"] = CONF
    paths["events2"] = EV1
    mutated = []
    for role, content in case.files.items():
        p = os.path.join(work, "inputs", "sub-01_task-probe" + EXT[role])
        if isinstance(content, bytes):
            open(p, "wb").write(content)
        elif content[0] == "dir":
            os.makedirs(p)
        elif content[0] == "symlink":
            os.symlink(content[1], p)
        elif content[0] == "loop":
            os.symlink(p, p)
        elif content[0] == "fifo":
            os.mkfifo(p)
        elif content[0] == "mode000":
            shutil.copy(content[1], p); os.chmod(p, 0)
        elif content[0] == "mutate":
            raw = nii_bytes(content[1])
            a = data_array(raw)
            sub = np.ascontiguousarray(a[:, :, :, :-1])
            open(p, "wb").write(gz(patch(raw[:header(raw)[2]], "dim", {1: raw and header(raw)[0][1] - 1}) + sub.tobytes()))
        elif content[0] == "shift":
            raw = nii_bytes(content[1])
            open(p, "wb").write(gz(patch(raw, "srow_x", {3: struct.unpack_from("<4f", raw, 280)[3] + 4.0})))
        paths[role] = p
        mutated.append(os.path.basename(p))
    return paths, mutated

def command_line(case, work, paths):
    args = base_args(case.command)
    out = os.path.join(work, "out")
    args["--out"] = out
    for k, v in case.args.items():
        args[k] = v
    argv = [case.command]
    for k, v in args.items():
        if v is None:
            continue
        for x in (v if isinstance(v, list) else [v]):
            if isinstance(x, str) and x.startswith("$"):
                key = x[1:].split("/")[0]
                rest = x[1 + len(key):]
                if key == "file":
                    f = os.path.join(work, "afile"); open(f, "w").write("x"); x = f + rest
                elif key == "inputs":
                    x = os.path.join(work, "inputs") + rest
                else:
                    x = paths[key] + rest
            argv += [k, x]
    return argv, args["--out"]

def files_under(folder):
    if not os.path.isdir(folder):
        return []
    return [os.path.relpath(os.path.join(d, f), folder) for d, _, fs in os.walk(folder) for f in fs]

def classify(case, rc, err, left, mutated, timed_out):
    if timed_out:
        return "HANG"
    if rc < 0 or "Fatal error" in err or "Illegal instruction" in err or "Segmentation" in err or "Trace/breakpoint" in err:
        return "CRASH"
    if rc == 0:
        if case.expect == "error":
            return "ACCEPTED"
        return "ok"
    if case.expect == "ok":
        return "REFUSED-VALID"
    if left:
        return "PARTIAL"
    names = case.names or mutated
    if names and not any(n in err for n in names):
        return "UNCLEAR"
    return "refused"

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build/debug/neurorep"))
    ap.add_argument("--only", default=None)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    o = ap.parse_args()
    cases = build_cases()
    if o.only:
        cases = [c for c in cases if o.only in f"{c.command} {c.group} {c.name}"]
    bad = 0
    counts = {}
    for i, c in enumerate(cases):
        work = tempfile.mkdtemp(prefix="probe-")
        os.makedirs(os.path.join(work, "inputs"))
        paths, mutated = materialize(c, work)
        argv, out = command_line(c, work, paths)
        timed_out = False
        try:
            p = subprocess.run([o.bin] + argv, capture_output=True, timeout=o.timeout, stdin=subprocess.DEVNULL)
            rc, err = p.returncode, p.stderr.decode("utf-8", "replace")
        except subprocess.TimeoutExpired as e:
            rc, err, timed_out = 0, (e.stderr or b"").decode("utf-8", "replace"), True
        left = files_under(out) if rc != 0 else []
        verdict = classify(c, rc, err, left, mutated, timed_out)
        counts[(c.command, c.group, verdict)] = counts.get((c.command, c.group, verdict), 0) + 1
        msg = " ".join(err.strip().splitlines()[-1:])[:300] if err.strip() else ""
        if verdict.isupper() or o.verbose:
            bad += verdict.isupper()
            print(f"{verdict:13} {c.command:10} {c.group:22} {c.name[:60]:60} rc={rc} left={len(left)} | {msg}", flush=True)
        if o.keep and verdict.isupper():
            print(f"   kept {work}: {' '.join(argv)}", flush=True)
        else:
            for root, dirs, fs in os.walk(work):
                for d in dirs:
                    try: os.chmod(os.path.join(root, d), 0o755)
                    except OSError: pass
                for f in fs:
                    fp = os.path.join(root, f)
                    if not os.path.islink(fp):
                        try: os.chmod(fp, 0o644)
                        except OSError: pass
            shutil.rmtree(work, ignore_errors=True)
    print("\nsummary (command, group, verdict: count)")
    for k in sorted(counts):
        print(f"  {k[0]:10} {k[1]:26} {k[2]:14} {counts[k]}")
    print(f"{len(cases)} cases, {bad} defects")
    sys.exit(1 if bad else 0)

if __name__ == "__main__":
    main()

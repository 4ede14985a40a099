"""Minimal hostile array files for issue 12, finding 8 (run: python3 make_hostile.py; stdlib only).

Each file is the smallest input that reproduced a failure of the readers:
- overflow_shape.npy: a .npy whose shape (2**62, 4) of float64 overflows the element/byte count
  (the reader trapped on an arithmetic overflow).
- overflow_shape.safetensors: the same shape in a safetensors header.
- lying_entry.npz: a member whose NPY header declares (2, 2) float64 (160 bytes in all) but whose
  deflate stream holds 64 MiB of zeros, with the ZIP entry's sizes and CRC patched to claim 160
  bytes: inflation must stop at the declared size (the reader inflated everything first).
- oversized_entry.npz: a member whose NPY header declares (2, 2) float64 while its ZIP entry
  (honestly) holds 64 MiB: refused from the header before inflating the rest.
- ragged_layers.npz: two layers with 4 and 5 conditions (rows); readable, but no RDM stack.
"""
import struct
import zipfile
import zlib
import json


def npy(descr, shape, payload=b""):
    h = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape)
    h += " " * ((64 - (10 + len(h) + 1) % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h.encode() + payload


open("overflow_shape.npy", "wb").write(npy("<f8", "(4611686018427387904, 4)", b"\0" * 64))
hdr = json.dumps({"w": {"dtype": "F64", "shape": [4611686018427387904, 4], "data_offsets": [0, 0]}}).encode()
open("overflow_shape.safetensors", "wb").write(struct.pack("<Q", len(hdr)) + hdr)

member = npy("<f8", "(2, 2)", struct.pack("<4d", 1, 2, 3, 4))
big = member + b"\0" * (64 << 20)
with zipfile.ZipFile("oversized_entry.npz", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("a.npy", big)

# lying_entry: same stream, entry sizes and CRC patched to the declared 160 bytes
with zipfile.ZipFile("lying_entry.npz", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("a.npy", big)
raw = bytearray(open("lying_entry.npz", "rb").read())
crc = zlib.crc32(member) & 0xFFFFFFFF
true_size = struct.pack("<I", len(big))
# local header: signature PK\3\4, crc at 14, compressed size at 18, uncompressed size at 22
assert raw[0:4] == b"PK\x03\x04" and raw[22:26] == true_size
raw[14:18] = struct.pack("<I", crc)
raw[22:26] = struct.pack("<I", len(member))
cd = raw.rindex(b"PK\x01\x02")  # central directory: crc at 16, uncompressed size at 24
assert raw[cd + 24:cd + 28] == true_size
raw[cd + 16:cd + 20] = struct.pack("<I", crc)
raw[cd + 24:cd + 28] = struct.pack("<I", len(member))
open("lying_entry.npz", "wb").write(bytes(raw))

with zipfile.ZipFile("ragged_layers.npz", "w") as z:
    z.writestr("l1.npy", npy("<f8", "(4, 3)", struct.pack("<12d", *range(12))))
    z.writestr("l2.npy", npy("<f8", "(5, 3)", struct.pack("<15d", *[x * x % 7 for x in range(15)])))

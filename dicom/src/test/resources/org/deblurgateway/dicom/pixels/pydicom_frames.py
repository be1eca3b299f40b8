"""Reference frames for PixelDecoderCorpusTest, decoded by pydicom (Debian python3-pydicom 2.3).

Usage: pydicom_frames.py ROOT LIST OUT_DIR

LIST holds paths relative to ROOT, one per line. For each, one line goes to OUT_DIR/frames.tsv:

    path  status  oracle  frames  rows  columns  channels  converted  sha256-of-frame-0,sha256-of-frame-1,...

status is "ok" or "error: ...". oracle says what decoded the pixels: "pydicom", or "pydicom+dcmdjpeg" (and
dcmdjpls, dcmdrle) when this pydicom has no handler for the syntax (it lacks pylibjpeg / GDCM / CharLS here) and
reads dcmtk's decompressed copy instead. Each frame's samples are normalised the way the gateway's frames are
defined: YBR_FULL / YBR_FULL_422 converted to RGB with pydicom's convert_color_space (converted = "1"; the samples
are then also written as int32 little endian to OUT_DIR/<line number>.i32, because colour conversion of a
differently decoded YCbCr source may round differently), and otherwise the stored value: shifted down by
(High Bit + 1 - Bits Stored), masked to Bits Stored, sign-extended when Pixel Representation is 1 (pydicom 2.3
leaves unused high bits as they are in the file). The hash is over the frame's samples as int32 little endian in
row, column, channel order.
"""
import hashlib
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import convert_color_space

DCMTK = {
    "1.2.840.10008.1.2.4.50": "dcmdjpeg",
    "1.2.840.10008.1.2.4.51": "dcmdjpeg",
    "1.2.840.10008.1.2.4.57": "dcmdjpeg",
    "1.2.840.10008.1.2.4.70": "dcmdjpeg",
    "1.2.840.10008.1.2.4.80": "dcmdjpls",
    "1.2.840.10008.1.2.4.81": "dcmdjpls",
    "1.2.840.10008.1.2.5": "dcmdrle",
}


def read(path, scratch):
    ds = pydicom.dcmread(path, force=True)
    try:
        return ds, ds.pixel_array, "pydicom"
    except Exception as first:
        ts = str(ds.file_meta.get("TransferSyntaxUID", "")) if hasattr(ds, "file_meta") else ""
        tool = DCMTK.get(ts)
        if tool is None:
            raise
        out = os.path.join(scratch, "dcmtk.dcm")
        done = subprocess.run([tool, path, out], capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise RuntimeError(f"{first}; {tool} failed: {done.stdout} {done.stderr}".strip())
        decompressed = pydicom.dcmread(out, force=True)
        return decompressed, decompressed.pixel_array, "pydicom+" + tool


def normalise(ds, arr):
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    rows, columns, channels = int(ds.Rows), int(ds.Columns), int(ds.SamplesPerPixel)
    photometric = str(ds.PhotometricInterpretation).strip()
    converted = photometric in ("YBR_FULL", "YBR_FULL_422")
    if converted:
        arr = convert_color_space(arr, "YBR_FULL", "RGB")
    arr = arr.reshape(frames, rows, columns, channels).astype(np.int64)
    if not converted:
        allocated, stored = int(ds.BitsAllocated), int(ds.BitsStored)
        high = int(ds.get("HighBit", stored - 1))
        cells = arr & ((1 << allocated) - 1)
        arr = (cells >> (high + 1 - stored)) & ((1 << stored) - 1)
        if int(ds.get("PixelRepresentation", 0)) == 1:
            arr = np.where(arr >= (1 << (stored - 1)), arr - (1 << stored), arr)
    return arr.astype("<i4"), converted


def main():
    root, listing, out_dir = sys.argv[1:4]
    warnings.simplefilter("ignore")
    with open(listing) as f:
        paths = [line.rstrip("\n") for line in f if line.strip()]
    with open(os.path.join(out_dir, "frames.tsv"), "w") as out, tempfile.TemporaryDirectory() as scratch:
        for number, path in enumerate(paths):
            try:
                ds, arr, oracle = read(os.path.join(root, path), scratch)
                frames, converted = normalise(ds, arr)
                hashes = [hashlib.sha256(frame.tobytes()).hexdigest() for frame in frames]
                if converted:
                    frames.tofile(os.path.join(out_dir, f"{number}.i32"))
                shape = frames.shape
                out.write(f"{path}\tok\t{oracle}\t{shape[0]}\t{shape[1]}\t{shape[2]}\t{shape[3]}"
                          f"\t{int(converted)}\t{','.join(hashes)}\n")
            except Exception as e:  # one object's failure must not hide the others
                message = " ".join(f"{type(e).__name__}: {e}".split())[:300]
                out.write(f"{path}\terror: {message}\t\t\t\t\t\t\t\n")


if __name__ == "__main__":
    main()

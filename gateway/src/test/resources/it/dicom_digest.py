#!/usr/bin/python3
"""Prints one tab-separated line per DICOM file: path, SOP Class UID, SOP Instance UID, transfer syntax UID,
sha256 of the raw Pixel Data element value (encapsulated bytes when compressed; "-" when absent), "meta" or "nometa".

Raw bytes on purpose: the gateway must not transcode, so a forwarded object must carry identical bytes.
A file pydicom cannot read gets "ERROR <reason>" in the second column instead of failing the whole run.
Usage: dicom_digest.py FILE... (or file names on stdin, one per line, when no arguments are given)
"""
import hashlib
import sys

import pydicom


def describe(path):
    ds = pydicom.dcmread(path, force=True, defer_size=None)
    meta = getattr(ds, "file_meta", None)
    has_meta = meta is not None and "TransferSyntaxUID" in meta
    ts = str(meta.TransferSyntaxUID) if has_meta else "-"
    sop_class = str(ds.get("SOPClassUID", "") or (meta.get("MediaStorageSOPClassUID", "") if meta else "")) or "-"
    sop_instance = str(ds.get("SOPInstanceUID", "") or (meta.get("MediaStorageSOPInstanceUID", "") if meta else "")) or "-"
    digest = "-"
    for tag in (0x7FE00010, 0x7FE00008, 0x7FE00009):  # Pixel Data, Float / Double Float Pixel Data
        if tag in ds:
            value = ds[tag].value
            digest = hashlib.sha256(value if value is not None else b"").hexdigest()
            break
    return [sop_class, sop_instance, ts, digest, "meta" if has_meta else "nometa"]


def main():
    paths = sys.argv[1:] or [line.strip() for line in sys.stdin if line.strip()]
    for path in paths:
        try:
            fields = describe(path)
        except Exception as exc:  # report and go on: one bad file must not hide the others
            fields = ["ERROR " + type(exc).__name__ + ": " + str(exc).replace("\t", " ").replace("\n", " ")]
        print("\t".join([path] + fields), flush=True)


if __name__ == "__main__":
    main()

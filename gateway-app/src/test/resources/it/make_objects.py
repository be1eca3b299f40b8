#!/usr/bin/python3
"""Writes test objects derived from a shared DICOM file, so no generated object is ever committed.

  make_objects.py copies TEMPLATE OUTDIR COUNT
      COUNT copies of TEMPLATE, each with a new SOP Instance UID (2.25.<uuid>, also in the File Meta), all in one new
      series of one new study. Prints "<file>\t<SOP Instance UID>" per copy.
  make_objects.py uid TEMPLATE OUTFILE UID
      One copy whose SOP Instance UID (data set and File Meta) is UID verbatim, even when UID is not a valid UID
      (crafted path-traversal names on purpose).
"""
import os
import sys
import uuid

import pydicom


def new_uid():
    return "2.25." + str(uuid.uuid4().int)


def copies(template, outdir, count):
    ds = pydicom.dcmread(template)
    ds.StudyInstanceUID = new_uid()
    ds.SeriesInstanceUID = new_uid()
    os.makedirs(outdir, exist_ok=True)
    for i in range(count):
        uid = new_uid()
        ds.SOPInstanceUID = uid
        ds.file_meta.MediaStorageSOPInstanceUID = uid
        if "InstanceNumber" in ds:
            ds.InstanceNumber = i + 1
        path = os.path.join(outdir, "obj%05d.dcm" % i)
        ds.save_as(path, write_like_original=True)
        print(path + "\t" + uid, flush=True)


def with_uid(template, outfile, uid):
    ds = pydicom.dcmread(template)
    ds.SOPInstanceUID = uid
    ds.file_meta.MediaStorageSOPInstanceUID = uid
    ds.save_as(outfile, write_like_original=True)
    print(outfile + "\t" + uid, flush=True)


def main():
    mode = sys.argv[1]
    if mode == "copies":
        copies(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif mode == "uid":
        with_uid(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()

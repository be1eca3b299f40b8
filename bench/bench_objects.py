#!/usr/bin/env python3
"""The benchmarks' objects: COUNT copies of one 512x512 16-bit MONOCHROME2 Secondary Capture (525 KB, explicit VR
little endian, fixed pixels), each with its own SOP Instance UID, one study and series, written to OUT/obj%05d.dcm.

    python3 bench/bench_objects.py OUT COUNT PATIENT_NAME      (bench/ingest.sh, bench/forward.sh)
"""
import os, sys, uuid
import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

out, count, patient = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(out)
uid = lambda: "2.25." + str(uuid.uuid4().int)
meta = FileMetaDataset()
meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"  # Secondary Capture
meta.TransferSyntaxUID = ExplicitVRLittleEndian
ds = Dataset()
ds.file_meta = meta
ds.is_little_endian, ds.is_implicit_VR = True, False
ds.SOPClassUID = meta.MediaStorageSOPClassUID
ds.PatientName, ds.PatientID, ds.Modality = patient, "BENCH", "OT"
ds.StudyInstanceUID, ds.SeriesInstanceUID = uid(), uid()
ds.Rows = ds.Columns = 512
ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
rng = np.random.default_rng(7)
ds.PixelData = rng.integers(0, 4096, size=(512, 512), dtype=np.uint16).tobytes()
for i in range(count):
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID = uid()
    ds.InstanceNumber = i + 1
    ds.save_as(os.path.join(out, "obj%05d.dcm" % i), write_like_original=False)

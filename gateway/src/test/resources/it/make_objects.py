#!/usr/bin/python3
"""Writes test objects derived from a shared DICOM file, so no generated object is ever committed.

  make_objects.py copies TEMPLATE OUTDIR COUNT
      COUNT copies of TEMPLATE, each with a new SOP Instance UID (2.25.<uuid>, also in the File Meta), all in one new
      series of one new study. Prints "<file>\t<SOP Instance UID>" per copy.
  make_objects.py uid TEMPLATE OUTFILE UID
      One copy whose SOP Instance UID (data set and File Meta) is UID verbatim, even when UID is not a valid UID
      (crafted path-traversal names on purpose).
  make_objects.py reuid OUTDIR FILE...
      A copy of each FILE with a new SOP Instance UID (data set and File Meta) and everything else as it was, the
      pixel data bytes included (for corpus files that share a SOP Instance UID with another file).
  make_objects.py multiframe OUTFILE FRAMES ROWS COLUMNS SEED
      One uncompressed Multi-frame Grayscale Word Secondary Capture object (16 bits allocated, 12 stored,
      MONOCHROME2) whose frames each show their own scene (smooth background, discs, bars, a little motion blur),
      so that any two frames are nearly uncorrelated and a frame can be told from all others by correlation.
  make_objects.py radiograph OUTFILE SIZE SEED
      One uncompressed Computed Radiography object, SIZE x SIZE, 16 bits allocated, 12 stored, MONOCHROME2, that
      looks like a motion-blurred chest radiograph: a body outline with smooth gradients, darker lung fields, ribs,
      a spine, sharp collimator edges, then a 15-pixel line blur at 20 degrees and a little sensor noise.
  Both print "<file>\t<SOP Instance UID>".
"""
import os
import sys
import uuid

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian
from scipy import ndimage


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


def reuid(outdir, files):
    os.makedirs(outdir, exist_ok=True)
    for i, path in enumerate(files):
        ds = pydicom.dcmread(path)
        uid = new_uid()
        ds.SOPInstanceUID = uid
        ds.file_meta.MediaStorageSOPInstanceUID = uid
        out = os.path.join(outdir, "%04d-%s" % (i, os.path.basename(path)))
        ds.save_as(out, write_like_original=True)
        print(out + "\t" + uid, flush=True)


def _image_dataset(sop_class, modality, rows, columns, seed):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID = new_uid()
    ds.StudyInstanceUID, ds.SeriesInstanceUID = new_uid(), new_uid()
    ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = "IT^DEBLUR", "IT-%d" % seed, "", ""
    ds.StudyDate, ds.StudyTime, ds.AccessionNumber, ds.ReferringPhysicianName, ds.StudyID = "20261121", "120000", "", "", "1"
    ds.Modality, ds.SeriesNumber, ds.InstanceNumber, ds.PatientOrientation = modality, 1, 1, ""
    ds.Laterality, ds.Manufacturer, ds.BurnedInAnnotation = "", "", "NO"
    ds.SeriesDescription = "IT generated " + modality
    ds.Rows, ds.Columns = rows, columns
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    return ds


def _line_kernel(length, degrees):
    """A normalised motion-blur line kernel (as BLUR.md's Algorithm 1 draws them)."""
    size = length if length % 2 else length + 1
    kernel = np.zeros((size, size))
    c = size // 2
    t = np.radians(degrees)
    for s in np.linspace(-(length - 1) / 2, (length - 1) / 2, 4 * length):
        kernel[int(round(c - s * np.sin(t))), int(round(c + s * np.cos(t)))] = 1
    return kernel / kernel.sum()


def _scene(rng, rows, columns):
    """Smooth background, bright discs and dark bars at random places: a distinct picture per seed."""
    y, x = np.mgrid[0:rows, 0:columns].astype(np.float64)
    image = ndimage.gaussian_filter(rng.normal(size=(rows, columns)), sigma=max(rows, columns) / 16)
    image = (image - image.min()) / (np.ptp(image) + 1e-12) * 0.5
    for _ in range(6):
        cy, cx, r = rng.uniform(0, rows), rng.uniform(0, columns), rng.uniform(0.04, 0.12) * min(rows, columns)
        image[(y - cy) ** 2 + (x - cx) ** 2 < r * r] += rng.uniform(0.3, 0.5)
    for _ in range(4):
        y0, x0 = int(rng.uniform(0, rows * 0.8)), int(rng.uniform(0, columns * 0.8))
        image[y0:y0 + int(rows * 0.15), x0:x0 + max(2, int(columns * 0.03))] -= rng.uniform(0.2, 0.4)
    image = ndimage.convolve(image, _line_kernel(7, rng.uniform(-45, 45)), mode="reflect")
    image = (image - image.min()) / (np.ptp(image) + 1e-12)
    return np.round(100 + image * 3800).astype(np.uint16)


def multiframe(outfile, frames, rows, columns, seed):
    ds = _image_dataset("1.2.840.10008.5.1.4.1.1.7.3", "OT", rows, columns, seed)  # MF Grayscale Word SC
    ds.ConversionType = "WSD"
    ds.NumberOfFrames = frames
    ds.FrameIncrementPointer = 0x00181063  # Frame Time
    ds.FrameTime = 100
    ds.RescaleIntercept, ds.RescaleSlope, ds.RescaleType = 0, 1, "US"
    ds.PresentationLUTShape = "IDENTITY"
    rng = np.random.default_rng(seed)
    ds.PixelData = np.stack([_scene(rng, rows, columns) for _ in range(frames)]).tobytes()
    ds.save_as(outfile, write_like_original=False)
    print(outfile + "\t" + ds.SOPInstanceUID, flush=True)


def radiograph(outfile, size, seed):
    ds = _image_dataset("1.2.840.10008.5.1.4.1.1.1", "CR", size, size, seed)  # Computed Radiography
    ds.BodyPartExamined, ds.ViewPosition, ds.PatientOrientation = "CHEST", "PA", ["L", "F"]
    del ds.Laterality  # not for an unpaired body part
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    ds.PixelSpacing = [0.15, 0.15]
    rng = np.random.default_rng(seed)
    n = size
    y, x = (np.mgrid[0:n, 0:n].astype(np.float64) / n)
    body = ((x - 0.5) / 0.42) ** 2 + ((y - 0.55) / 0.5) ** 2 < 1
    image = 0.15 + 0.55 * body * (1 - 0.3 * y)  # soft tissue, thinner towards the feet
    for cx in (0.32, 0.68):  # lung fields: darker, smooth edges
        lung = ((x - cx) / 0.15) ** 2 + ((y - 0.45) / 0.28) ** 2
        image -= 0.35 * np.clip(1.2 - lung, 0, 1)
    for k in range(9):  # ribs: thin bright arcs
        yc = 0.22 + 0.06 * k
        for side in (-1, 1):
            arc = np.abs(y - (yc + 0.12 * ((x - 0.5) * side * 2) ** 2)) < 0.008
            image += 0.12 * (arc & body & (np.abs(x - 0.5) > 0.06))
    image += 0.35 * (np.abs(x - 0.5) < 0.035) * body  # spine
    image = np.where((x < 0.04) | (x > 0.96) | (y < 0.03), 0.02, image)  # collimator: sharp edges
    image = ndimage.convolve(image, _line_kernel(15, 20), mode="reflect")  # motion blur
    image += rng.normal(scale=0.005, size=image.shape)
    image = np.clip(image, 0, 1)
    ds.PixelData = np.round(image * 4095).astype(np.uint16).tobytes()
    ds.save_as(outfile, write_like_original=False)
    print(outfile + "\t" + ds.SOPInstanceUID, flush=True)


def main():
    mode = sys.argv[1]
    if mode == "copies":
        copies(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif mode == "uid":
        with_uid(sys.argv[2], sys.argv[3], sys.argv[4])
    elif mode == "reuid":
        reuid(sys.argv[2], sys.argv[3:])
    elif mode == "multiframe":
        multiframe(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    elif mode == "radiograph":
        radiograph(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()

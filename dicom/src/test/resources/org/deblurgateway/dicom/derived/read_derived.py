"""Reads a derived DICOM file with pydicom for DerivedInstanceWriterTest.

Usage: python3 read_derived.py FILE PIXELS_OUT
Prints key=value lines (header facts and the private quality block) and writes the decoded pixel values as
little-endian int32 to PIXELS_OUT, in frame, row, column, sample order.
"""
import sys

import numpy as np
import pydicom


def main(path, pixels_out):
    ds = pydicom.dcmread(path)
    meta = ds.file_meta
    facts = {
        "transfer_syntax": meta.TransferSyntaxUID,
        "media_sop_instance": meta.MediaStorageSOPInstanceUID,
        "media_sop_class": meta.MediaStorageSOPClassUID,
        "implementation_class": meta.ImplementationClassUID,
        "sop_instance": ds.SOPInstanceUID,
        "series_instance": ds.SeriesInstanceUID,
        "rows": ds.Rows,
        "columns": ds.Columns,
        "frames": int(ds.get("NumberOfFrames", 1)),
        "photometric": ds.PhotometricInterpretation,
        "samples_per_pixel": ds.SamplesPerPixel,
        "bits_allocated": ds.BitsAllocated,
        "bits_stored": ds.BitsStored,
        "high_bit": ds.HighBit,
        "pixel_representation": ds.PixelRepresentation,
        "planar_configuration": ds.get("PlanarConfiguration", "absent"),
        "image_type": "\\".join(ds.ImageType),
        "derivation_code": ds.DerivationCodeSequence[0].CodeValue if "DerivationCodeSequence" in ds else "absent",
    }
    block = ds.private_block(0x0073, "DEBLUR GATEWAY")
    facts["private_model_id"] = block[0x01].value
    facts["private_model_version"] = block[0x02].value
    facts["private_weights_sha256"] = block[0x03].value
    facts["private_input_blur"] = repr(float(block[0x04].value))
    facts["private_output_blur"] = repr(float(block[0x05].value))
    facts["private_measure"] = block[0x06].value
    facts["private_millis"] = repr(float(block[0x07].value))
    facts["private_device"] = block[0x08].value
    facts["private_device_vr"] = block[0x08].VR
    facts["private_tiling"] = block[0x09].value
    pixels = ds.pixel_array.astype(np.int32)
    facts["pixel_shape"] = "x".join(str(n) for n in pixels.shape)
    pixels.astype("<i4").tofile(pixels_out)
    for key, value in facts.items():
        print(f"{key}={value}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

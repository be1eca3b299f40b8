#!/usr/bin/python3
"""Reference values of the CAD-agreement metrics from scikit-image, for CadMetricsSkimageTest.

    /usr/bin/python3 model/tools/cad_reference.py CASES_DIR SIGMA LOW_QUANTILE HIGH_QUANTILE

CASES_DIR/cases.json lists cases {name, width, height, channels}; CASES_DIR/<name>.ref.f64 and <name>.test.f64 hold
the two images as little-endian float64, (y, x, c) order. Per case, on the grey level of each image (RGB through
skimage.color.rgb2gray):
  skimage.filters.threshold_otsu(grey, nbins=256), the masks grey > threshold and their Dice;
  skimage.feature.canny(grey, sigma, low, high, use_quantiles=True) (mode='constant', the 0.19 default) and the
  edge F1 with a 1 px tolerance (an edge counts as found when the other map has one in its 3x3 neighbourhood,
  scipy.ndimage.binary_dilation with a 3x3 structure).
Prints one JSON object: {"skimage": version, "cases": {name: {...}}}, edge maps as packed bits (numpy.packbits of
the row-major map, hex).
"""
import json
import os
import sys

import numpy as np
import scipy.ndimage as ndi
import skimage
from skimage.color import rgb2gray
from skimage.feature import canny
from skimage.filters import threshold_otsu


def grey(path, case):
    a = np.fromfile(path, dtype="<f8")
    if case["channels"] == 3:
        return rgb2gray(a.reshape(case["height"], case["width"], 3))
    return a.reshape(case["height"], case["width"])


def dice(a, b):
    sizes = int(a.sum()) + int(b.sum())
    return 1.0 if sizes == 0 else 2.0 * int((a & b).sum()) / sizes


def edge_f1(ref, test):
    if not ref.any() and not test.any():
        return 1.0
    if not ref.any() or not test.any():
        return 0.0
    box = np.ones((3, 3), bool)
    precision = (test & ndi.binary_dilation(ref, box)).sum() / test.sum()
    recall = (ref & ndi.binary_dilation(test, box)).sum() / ref.sum()
    return 0.0 if precision + recall == 0 else float(2 * precision * recall / (precision + recall))


def main(folder, sigma, low, high):
    with open(os.path.join(folder, "cases.json")) as f:
        cases = json.load(f)
    out = {}
    for case in cases:
        ref = grey(os.path.join(folder, case["name"] + ".ref.f64"), case)
        test = grey(os.path.join(folder, case["name"] + ".test.f64"), case)
        t_ref = float(threshold_otsu(ref, nbins=256))
        t_test = float(threshold_otsu(test, nbins=256))
        e_ref = canny(ref, sigma=sigma, low_threshold=low, high_threshold=high, use_quantiles=True)
        e_test = canny(test, sigma=sigma, low_threshold=low, high_threshold=high, use_quantiles=True)
        out[case["name"]] = {
            "otsuReference": t_ref,
            "otsuTest": t_test,
            "otsuBinWidthReference": float((ref.max() - ref.min()) / 256),
            "otsuBinWidthTest": float((test.max() - test.min()) / 256),
            "dice": dice(ref > t_ref, test > t_test),
            "cannyReference": np.packbits(e_ref.ravel()).tobytes().hex(),
            "cannyTest": np.packbits(e_test.ravel()).tobytes().hex(),
            "edgeF1": edge_f1(e_ref, e_test),
        }
    json.dump({"skimage": skimage.__version__, "cases": out}, sys.stdout)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]))

"""The common frame of the committed test-vector files: generator, seed, library versions, encoding, cases."""
import json

import numpy as np
import scipy
import skimage


def write(out, generator, seed, encoding, cases):
    """Writes the vector document to ``out`` (compact JSON, newline at the end) and returns it."""
    doc = {
        "generator": generator,
        "seed": seed,
        "versions": {"skimage": skimage.__version__, "numpy": np.__version__, "scipy": scipy.__version__},
        "encoding": encoding,
        "cases": cases,
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    return doc

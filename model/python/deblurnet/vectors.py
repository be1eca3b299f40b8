"""``python3 -m deblurnet.vectors [--out PATH]``: write the blur test vectors read by the Java test.

Shape of the JSON: see model/python/README.md.
"""
import argparse
import os

import json

import numpy as np

from . import blur

DEFAULT_OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "test", "resources", "blur",
                           "kernel-vectors.json")

# (protocol, seed, name); chosen so that odd and even motion lengths, both angle signs and small
# and large gaussian sigmas occur (checked by the tests).
CASES = [
    ("motion", 1, "IM-0001-0001.jpeg"),
    ("motion", 1, "person1_virus_6.jpeg"),
    ("motion", 1, "ISIC_0012086.jpg"),
    ("motion", 2, "IM-0001-0001.jpeg"),
    ("motion", 7, "colin27_ch2_z042.png"),
    ("motion", 1, "TCGA-17-Z011_000000.png"),
    ("motion", 3, "a.png"),
    ("motion", 4, "b.png"),
    ("gaussian", 1, "IM-0001-0001.jpeg"),
    ("gaussian", 2, "ISIC_0012086.jpg"),
    ("gaussian", 5, "colin27_ch2_z042.png"),
    ("gaussian", 1, "c.png"),
]
# Image cases: kernels small enough that the reflection padding of a 5 x 7 image needs one mirror
# (motion L <= 9, gaussian sigma <= 4/3); found by search over names "tiny-<n>.png".
IMAGE_CASES = [("motion", 1, 3), ("gaussian", 1, 1)]  # (protocol, seed, channels)


def case_dict(protocol, seed, name):
    kernel, params, g = blur.protocol_draw(protocol, seed, name)
    return {"protocol": protocol, "seed": seed, "name": name,
            "state0": str(blur.seeded_generator(protocol, seed, name).state),
            **params, "kernel": kernel.tolist()}, kernel, g


def find_tiny_name(protocol, seed):
    for n in range(10000):
        name = f"tiny-{n}.png"
        k, _, _ = blur.protocol_draw(protocol, seed, name)
        if k.shape[0] - 1 - (k.shape[0] - 1) // 2 <= 4:
            return name
    raise RuntimeError("no tiny case found")


def build_vectors():
    cases = []
    for protocol, seed, name in CASES:
        d, _, g = case_dict(protocol, seed, name)
        d["first_uniforms"] = [g.uniform() for _ in range(3)]
        cases.append(d)
    rng = np.random.RandomState(1234)
    for protocol, seed, channels in IMAGE_CASES:
        name = find_tiny_name(protocol, seed)
        d, kernel, g = case_dict(protocol, seed, name)
        shape = (5, 7) if channels == 1 else (5, 7, channels)
        img = np.round(rng.rand(*shape), 4)
        blurred = blur.convolve(img, kernel)
        noise = blur.noise_field(g, blurred.shape)
        d.update({"image": img.tolist(), "blurred": blurred.tolist(),
                  "noise_first10": noise.reshape(-1)[:10].tolist(),
                  "blurred_noisy": np.clip(blurred + noise, 0.0, 1.0).tolist()})
        cases.append(d)
    return cases


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    cases = build_vectors()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(cases, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.abspath(args.out)}")
    for c in cases:
        p = {k: c[k] for k in ("L", "angle", "sigma") if k in c}
        print(c["protocol"], c["seed"], c["name"], p, len(c["kernel"]), "image" if "image" in c else "")


if __name__ == "__main__":
    main()

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


# How closely a regenerated file must agree with the committed one, per field. The seeded draws are
# exact on any IEEE-754 machine: SplitMix64 is integer arithmetic, and uniforms, L, angle and sigma are
# one integer-to-double scaling plus at most one multiply and one add, each correctly rounded. The
# float fields go through exp / cos / sin / log, whose last bit depends on the SIMD path numpy and
# libm pick for the CPU, and through sums whose order numpy may vectorise: kernel weights and blurred
# samples are sums of at most 81 terms <= 1 (kernels sum to 1), so 1e-12 is ~4,000 ulp of headroom yet
# far below any real change; the noise samples are |n| < 0.05 (sigma 0.005), one ulp ~7e-18, so 1e-15.
EXACT_FIELDS = ("protocol", "seed", "name", "state0", "L", "angle", "sigma", "first_uniforms", "image")
FIELD_TOLERANCE = {"kernel": 1e-12, "blurred": 1e-12, "blurred_noisy": 1e-12, "noise_first10": 1e-15}


def differences(expected, actual):
    """Where two vector lists disagree beyond FIELD_TOLERANCE (exact for EXACT_FIELDS): a list of messages."""
    if len(expected) != len(actual):
        return [f"{len(actual)} cases, expected {len(expected)}"]
    out = []
    for i, (e, a) in enumerate(zip(expected, actual)):
        label = f"case {i} ({e.get('protocol')}|{e.get('seed')}|{e.get('name')})"
        if set(e) != set(a):
            out.append(f"{label}: fields {sorted(a)}, expected {sorted(e)}")
            continue
        for key in sorted(e):
            if key in FIELD_TOLERANCE:
                ev, av = np.asarray(e[key], dtype=np.float64), np.asarray(a[key], dtype=np.float64)
                if ev.shape != av.shape:
                    out.append(f"{label}: {key} has shape {av.shape}, expected {ev.shape}")
                elif ev.size and np.abs(ev - av).max() > FIELD_TOLERANCE[key]:
                    out.append(f"{label}: {key} differs by {np.abs(ev - av).max():.3g} > {FIELD_TOLERANCE[key]:g}")
            elif key in EXACT_FIELDS:
                if e[key] != a[key]:
                    out.append(f"{label}: {key} is {a[key]!r}, expected {e[key]!r}")
            else:
                out.append(f"{label}: field {key!r} has no comparison rule")
    return out


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

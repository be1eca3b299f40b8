#!/usr/bin/env python3
"""Puts re-measured methods of a partial bin/deblur eval report into a full one (same protocol, seed and data).

    python3 model/tools/merge_eval_reports.py FULL.json PARTIAL.json [OUT.json]

Used when only the networks changed (their weights, or the Java inference path they share): `bin/deblur eval ...
--methods blurry,<model>[,<model>...]` re-measures them, and their rows replace the old ones in FULL (written to OUT,
default FULL). The classical methods (unsharp, wiener-oracle, rl-oracle) depend on neither. `blurry` must be in PARTIAL and equal FULL's to 1e-9 on every modality: proof that both runs saw the same
images, kernels and noise. The report keeps exactly the shape bin/deblur eval writes.
"""
import json
import sys


def differs(a, b):
    """Two metric values; null (the sharp protocol's infinite PSNR) only equals null."""
    if a is None or b is None:
        return a is not b
    return abs(a - b) > 1e-9


def main(full_path, partial_path, out_path):
    with open(full_path) as f:
        full = json.load(f)
    with open(partial_path) as f:
        partial = json.load(f)
    for key in ("protocol", "seed"):
        if full[key] != partial[key]:
            sys.exit(f"{key} differs: {full[key]} vs {partial[key]}")
    if set(full["modalities"]) != set(partial["modalities"]):
        sys.exit("the reports cover different modalities")
    for modality, methods in partial["modalities"].items():
        old, new = full["modalities"][modality]["blurry"], methods["blurry"]
        if old["n"] != new["n"] or any(differs(old[m], new[m]) for m in ("psnr", "ssim", "deltaE")):
            sys.exit(f"blurry differs on {modality}: {old} vs {new} -- not the same data/protocol")
    replaced = [m for m in partial["average"] if m != "blurry"]
    for method in replaced:
        for modality, methods in partial["modalities"].items():
            full["modalities"][modality][method] = methods[method]
        full["average"][method] = partial["average"][method]
        full["timing"][method] = partial["timing"][method]
    with open(out_path, "w") as f:
        json.dump(full, f, indent=2)
        f.write("\n")
    print(f"{out_path}: replaced {', '.join(replaced)} (blurry identical on every modality)")


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) == 4 else sys.argv[1])

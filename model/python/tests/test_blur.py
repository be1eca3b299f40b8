"""The blur spec (model/BLUR.md): vectors reproduce, kernels are normalised, training blur agrees."""
import json
import os
import random

import numpy as np
import pytest
import torch

from deblurnet import blur, data, vectors

VECTORS = os.path.abspath(vectors.DEFAULT_OUT)


def load_cases():
    with open(VECTORS) as f:
        return json.load(f)


def test_vectors_fileMatchesGenerator():
    # Draws exactly, float fields to the tolerance the arithmetic justifies (vectors.FIELD_TOLERANCE):
    # the last bits of exp/cos differ between CPUs, so a file written on one must pass on every other.
    assert vectors.differences(load_cases(), json.loads(json.dumps(vectors.build_vectors()))) == []


def test_vectors_comparison_seesRealChanges():
    cases = load_cases()
    assert vectors.differences(cases, cases) == []
    ulp_noise = json.loads(json.dumps(cases))
    ulp_noise[8]["kernel"][3][4] = float(np.nextafter(ulp_noise[8]["kernel"][3][4], 1.0))
    assert vectors.differences(cases, ulp_noise) == [], "a last-bit difference is accepted"
    for key in ("kernel", "angle", "L", "state0", "noise_first10"):
        changed = json.loads(json.dumps(cases))
        c = changed[0] if key != "noise_first10" else changed[-1]
        if key == "kernel":
            c["kernel"][12][12] += 1e-10
        elif key == "angle":  # one ulp: a seeded draw must be exact
            c["angle"] = float(np.nextafter(c["angle"], 0.0))
        elif key == "noise_first10":
            c["noise_first10"][0] += 1e-13
        elif key == "state0":
            c["state0"] += "1"
        else:
            c[key] += 1
        assert vectors.differences(cases, changed), f"a change of {key} must be reported"


def test_vectors_coverOddAndEvenLengthsAndBothProtocols():
    cases = load_cases()
    lengths = [c["L"] for c in cases if c["protocol"] == "motion"]
    assert any(n % 2 for n in lengths) and any(n % 2 == 0 for n in lengths)
    assert {c["protocol"] for c in cases} == {"motion", "gaussian"}
    assert sum("image" in c for c in cases) == 2


@pytest.mark.parametrize("case", load_cases(), ids=lambda c: f"{c['protocol']}-{c['seed']}-{c['name']}")
def test_vectors_reproduce(case):
    kernel, params, g = blur.protocol_draw(case["protocol"], case["seed"], case["name"])
    assert np.abs(kernel - np.array(case["kernel"])).max() <= 1e-12
    for k, v in params.items():
        assert v == case[k]
    assert abs(kernel.sum() - 1.0) < 1e-12
    if "image" in case:
        img = np.array(case["image"])
        out = blur.convolve(img, kernel)
        assert np.abs(out - np.array(case["blurred"])).max() <= 1e-12
        noise = blur.noise_field(g, out.shape)
        assert np.abs(noise.reshape(-1)[:10] - np.array(case["noise_first10"])).max() <= 1e-15


def test_splitmix64_knownValue():
    # reference: SplitMix64 seeded with 0 yields 0xE220A8397B1DCDAF first
    assert blur.SplitMix64(0).next() == 0xE220A8397B1DCDAF


def test_motionKernel_horizontalWhenAngleZero_isDiagonalIdentity():
    k = blur.motion_kernel(7, 0.0)
    assert np.allclose(k, np.eye(7) / 7)


@pytest.mark.parametrize("seed", range(20))
def test_trainingKernels_sumToOne_andFit25(seed):
    k = blur.random_training_kernel(random.Random(seed))
    assert abs(k.sum() - 1.0) < 1e-12
    assert k.shape[0] <= 25 and (k >= 0).all()


def test_convolve_isTrueConvolution_withReflectPadding():
    img = np.zeros((9, 9))
    img[4, 4] = 1.0
    k = np.arange(1, 10, dtype=np.float64).reshape(3, 3)
    assert np.allclose(blur.convolve(img, k)[3:6, 3:6], k)  # impulse response is the kernel itself


@pytest.mark.parametrize("length,angle", [(8, 30.0), (25, -40.0), (7, 12.0)])
def test_trainingBlur_matchesSpecConvolution(length, angle):
    rng = np.random.RandomState(0)
    img = rng.rand(60, 60)
    k = blur.motion_kernel(length, angle)
    ref = blur.convolve(img, k)
    got = data.blur_interior(torch.from_numpy(img)[None], k, 12, 36)[0].numpy()
    assert np.abs(got - ref[12:48, 12:48]).max() < 1e-12

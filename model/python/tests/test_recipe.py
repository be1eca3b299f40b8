"""Training that matches inference (issue #14): 16-bit frames scaled as the gateway scales them, quantised
inputs, unblurred and barely blurred samples, augmentation, and a validation split held out of train/."""
import os
import random

import numpy as np
import pytest
import torch

from deblurnet import blur, data, frames

DATA = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../../../shared/data"))


def synthetic_frame(seed=0, size=160, span=3000):
    """A 16-bit-like frame (uint16 sample - min, as load_image caches it) with one small bright spot, so a
    blurred copy's maximum falls well below the sharp maximum, as it does on CT."""
    g = np.random.default_rng(seed)
    a = g.integers(0, span // 3, size=(size, size)).astype(np.float64)
    a = np.round(a + 200 * np.sin(np.arange(size) / 7.0)[None, :]).clip(0, span)
    a[80:83, 80:83] = span
    a -= a.min()
    return a.astype(np.uint16)


def synthetic_8bit(seed=0, size=96):
    g = np.random.default_rng(seed)
    return g.integers(0, 256, size=(size, size)).astype(np.uint8)


def test_convolveFft_equalsSpecConvolution():
    img = np.random.default_rng(1).random((40, 52))
    for kernel in (blur.motion_kernel(9, 23.0), blur.motion_kernel(8, -40.0), blur.gaussian_kernel(1.7)):
        assert np.abs(frames.convolve_fft(img, kernel) - blur.convolve(img, kernel)).max() < 1e-12
    rgb = np.random.default_rng(2).random((30, 20, 3))
    k = blur.motion_kernel(6, 10.0)
    assert np.abs(frames.convolve_fft(rgb, k) - blur.convolve(rgb, k)).max() < 1e-12


def test_gatewayMap_roundTripsAndClampsToTheFrameRange():
    lo, hi = frames.frame_range(np.array([[0.1, 0.6], [0.3, 0.2]]), deep=True)
    assert (lo, hi) == (0.1, 0.6)
    assert frames.frame_range(np.array([[0.1, 0.6]]), deep=False) == (0.0, 1.0)
    x = np.array([0.1, 0.35, 0.6])
    assert np.allclose(frames.to_network(x, lo, hi), [0.0, 0.5, 1.0])
    assert np.allclose(frames.from_network(np.array([-0.2, 0.5, 1.3]), lo, hi), [0.1, 0.35, 0.6])
    assert np.all(frames.to_network(np.full(3, 0.4), 0.4, 0.4) == 0.0)  # a constant frame maps to 0


def test_deepSample_isScaledByTheBlurryFramesOwnRange():
    frame = synthetic_frame()
    recipe = data.Recipe(sharp_share=0.0, barely_share=0.0, frame_norm=True, augment=False)
    batcher = data.BlurBatcher({"ct": [frame]}, crop=frame.shape[0], seed=3, recipe=recipe)
    blurry, sharp = batcher.sample()
    b, s = blurry[0].numpy().astype(np.float64), sharp[0].numpy().astype(np.float64)
    # the whole frame is the crop: its own min-max spans exactly [0, 1], as at inference
    assert b.min() == 0.0 and b.max() == 1.0
    # the bright spot stands above the blurred frame's maximum: the target is clamped there, as the gateway
    # clamps its output to the received frame's range
    assert s.max() == 1.0 and np.count_nonzero(s == 1.0) >= 9
    # the old recipe (sharp image's range) would have put the blurry maximum well below 1
    old = data.BlurBatcher({"ct": [frame]}, crop=frame.shape[0] - 2 * data.MARGIN, seed=3,
                           recipe=data.Recipe.first())
    ob, _ = old.sample()
    assert float(ob.max()) < 0.9


def test_deepSample_valuesAreStoredLevels():
    frame = synthetic_frame(seed=4)
    recipe = data.Recipe(sharp_share=0.0, barely_share=0.0, frame_norm=True, augment=False)
    batcher = data.BlurBatcher({"mri": [frame]}, crop=frame.shape[0], seed=5, recipe=recipe)
    b, s = batcher._frame(frame, blur.motion_kernel(11, 30.0))
    b = b.astype(np.float64)
    # received samples are integers q; stretched by the frame's own range they are (q - qlo) / (qhi - qlo)
    steps = np.unique(b)
    n = round(1.0 / np.diff(steps).min())
    assert n > 255 and np.abs(b * n - np.round(b * n)).max() < 2e-3 * n / 1000 + 1e-3
    assert b.min() == 0.0 and b.max() == 1.0 and s.shape == b.shape


def test_sharpShare_givesIdentityPairs_forBothDepths():
    recipe = data.Recipe(sharp_share=1.0, barely_share=0.0, frame_norm=True, augment=True)
    batcher = data.BlurBatcher({"ct": [synthetic_frame()], "chest_xray": [synthetic_8bit()]}, crop=48, seed=7,
                               recipe=recipe)
    for _ in range(12):
        blurry, sharp = batcher.sample()
        assert torch.equal(blurry, sharp)  # no blur, no noise: the network must learn to leave it alone


def test_shares_andQuantisation_ofEightBitSamples():
    recipe = data.Recipe(sharp_share=0.15, barely_share=0.10, frame_norm=True, augment=True)
    batcher = data.BlurBatcher({"chest_xray": [synthetic_8bit(s) for s in range(3)]}, crop=48, seed=11,
                               recipe=recipe)
    kinds = {"sharp": 0, "barely": 0, "blur": 0}
    rng = random.Random(0)
    batcher.rng = rng
    for _ in range(4000):
        k = batcher._kernel()
        kinds["sharp" if k is None else "barely" if k.shape[0] <= 5 else "blur"] += 1
    assert 0.12 < kinds["sharp"] / 4000 < 0.18 and 0.07 < kinds["barely"] / 4000 < 0.13
    batcher.rng = random.Random(1)
    for _ in range(10):
        blurry, sharp = batcher.sample()
        for t in (blurry, sharp):
            v = t.numpy().astype(np.float64) * 255
            assert np.abs(v - np.round(v)).max() < 1e-3  # 8-bit frames arrive as multiples of 1/255
            assert float(t.min()) >= 0.0 and float(t.max()) <= 1.0


def test_augmentation_changesIntensityAndGeometry_withinRange():
    img = np.linspace(0, 1, 64 * 64).reshape(64, 64)
    rng = random.Random(3)
    outs = [data.augment_intensity(img, rng) for _ in range(30)]
    assert all(o.min() >= 0.0 and o.max() <= 1.0 and o.shape == img.shape for o in outs)
    assert sum(not np.allclose(o, img) for o in outs) >= 25
    assert data._resample(img, 0.5).shape == (32, 32)
    assert data._resample(img, 1.25).shape == (80, 80)


def test_validationSplit_isStable_andKeepsPatientsOnOneSide():
    names = [f"person{p}_bacteria_{i}.jpeg" for p in range(200) for i in range(3)]
    held = {n for n in names if frames.is_validation("chest_xray", n)}
    assert 0.05 < len(held) / len(names) < 0.15
    for p in range(200):
        sides = {frames.is_validation("chest_xray", f"person{p}_bacteria_{i}.jpeg") for i in range(3)}
        assert len(sides) == 1
    mri = [f"VS-SEG-001_t1_mpr_tra_gk_v4_{i:03d}.png" for i in range(1, 121)]
    assert [int(n[-7:-4]) for n in mri if frames.is_validation("mri", n)] == list(range(61, 73))
    assert frames.group_of("ct", "TCGA-17-Z058_ID_0001_AGE_0060_CONTRAST_1_CT.png") == "TCGA-17-Z058"
    paths = [f"/x/{n}" for n in names]
    fit, val = frames.split_paths(paths, "chest_xray", "fit"), frames.split_paths(paths, "chest_xray", "val")
    assert not set(fit) & set(val) and len(fit) + len(val) == len(paths)


@pytest.mark.skipif(not os.path.isdir(os.path.join(DATA, "train")),
                    reason=f"shared data absent: {DATA}/train (the held-out validation set reads it)")
def test_heldoutValidation_identityScores99OnSharp_andReadsNoTestImage():
    val = data.heldout_validation_set(DATA, per_modality=1, size=64)
    assert {v.modality for v in val} == set(data.MODALITIES)
    test_names = {n for m in data.MODALITIES for n in os.listdir(os.path.join(DATA, "test", m))}
    assert not {v.name for v in val} & test_names
    for v in val:
        assert frames.is_validation(v.modality, v.name)
    summary = data.evaluate_heldout(torch.nn.Identity(), val)
    assert summary["sharp"][0] == 99.0
    out_db, in_db, _ = summary["motion"]
    assert abs(out_db - in_db) < 1e-6  # identity: the output is the received frame

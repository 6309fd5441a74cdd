"""The not-a-lesion detectors: the appearance descriptor, the combined decision, old manifests."""

from __future__ import annotations

import numpy as np

from inference.imaging import srgb_to_lab
from inference.ood import OodResult, appearance, appearance_score, check, combined_ratio
from training.ood_fit import choose_threshold, fit_appearance, fit_mahalanobis


def test_lab_conversion_matches_opencv():
    import cv2

    rgb = np.random.default_rng(0).integers(0, 256, (500, 3), dtype=np.uint8)
    ref = cv2.cvtColor(rgb[None].astype(np.float32) / 255, cv2.COLOR_RGB2LAB)[0]
    assert np.abs(srgb_to_lab(rgb) - ref).max() < 0.5


def test_appearance_is_finite_on_flat_and_odd_images():
    flat = [np.zeros((224, 224, 3), np.uint8), np.full((224, 224, 3), 255, np.uint8), np.zeros((3, 3, 3), np.uint8)]
    for img in flat:
        d = appearance(img)
        assert d.shape == (19,) and np.isfinite(d).all()


def test_lit_field_descriptor_ignores_a_dermatoscope_rim(ham_root):
    """Real lesions with a drawn scope circle: over the lit field the descriptor stays near the
    photo's own; over the whole square it moves several times as far. Photos without a rim, and
    a photo that is mostly dark, get the same descriptor either way."""
    from inference.imageio import load_image
    from inference.ood import lit_field
    from inference.preprocess import PreprocessSpec, resize_to_model

    spec = PreprocessSpec(input_size=224)
    yy, xx = np.mgrid[:224, :224]
    rim = (yy - 112) ** 2 + (xx - 112) ** 2 > 105**2
    near, far = [], []
    for f in sorted((ham_root / "images").glob("*.jpg"))[:20]:
        img = resize_to_model(load_image(f).rgb, spec)
        if lit_field(img) is None:  # no rim of its own: the same descriptor either way
            np.testing.assert_array_equal(appearance(img, True), appearance(img))
            ringed = img.copy()
            ringed[rim] = 8
            base = appearance(img)
            near.append(np.abs(appearance(ringed, True) - base).sum())
            far.append(np.abs(appearance(ringed) - base).sum())
    assert len(near) >= 10
    assert np.median(far) > 3 * np.median(near)
    dark = np.full((224, 224, 3), 5, np.uint8)
    dark[100:120, 100:120] = 180  # lit part under a quarter: the whole image is described
    np.testing.assert_array_equal(appearance(dark, True), appearance(dark))


def test_ratio_rejects_when_either_detector_fires():
    assert not OodResult(10, 20, 1, 5).rejected
    assert OodResult(30, 20, 1, 5).rejected  # features
    assert OodResult(10, 20, 6, 5).rejected  # appearance
    assert OodResult(30, 20).ratio == 1.5  # a model exported before the appearance check


def test_appearance_needs_the_features_above_f0():
    """Round 8 (docs/experiments/ood-balance.md): with f0 the appearance counts only where the feature ratio
    is above f0; the features alone still refuse; f0 = 0 is the check as before."""
    from training.ood_fit import choose_appearance_gate

    assert not OodResult(10, 20, 6, 5, 0.5).rejected  # feature ratio 0.5: a strange look alone
    assert OodResult(12, 20, 6, 5, 0.5).rejected  # 0.6 > f0: the look counts
    assert OodResult(30, 20, 1, 5, 0.5).rejected  # the features alone
    assert OodResult(10, 20, 6, 5, 0.0).rejected
    np.testing.assert_allclose(combined_ratio(np.array([10, 12, 30]), 20, np.array([6, 6, 1]), 5, 0.5), [0.5, 1.2, 1.5])
    rf, ra = np.array([1.2, 0.45, 0.7]), np.array([0.3, 1.5, 1.4])  # development photos
    assert choose_appearance_gate(rf, ra) == 0.4  # the largest grid value keeping all refused
    assert choose_appearance_gate(np.array([0.2]), np.array([2.0])) == 0.0  # none: both always count


def test_appearance_separates_lesions_from_other_photos(ham_root):
    """Fit on real HAM10000 lesions; held-out lesions pass, scikit-image photos do not."""
    from inference.imageio import load_image
    from training.nonskin import skimage_images

    files = sorted((ham_root / "images").glob("*.jpg"))[:400]
    desc = np.stack([appearance(load_image(f).rgb) for f in files])
    arrays = fit_appearance(desc[:300])
    thr = choose_threshold(appearance_score(desc[300:350], arrays), 0.02)
    held_out = appearance_score(desc[350:], arrays)
    others = appearance_score(np.stack([appearance(img[:224, :224]) for _, img in skimage_images()]), arrays)
    assert (held_out > thr).mean() <= 0.1
    assert (others > thr).mean() >= 0.8


def test_check_falls_back_to_features_without_appearance_arrays():
    rng = np.random.default_rng(0)
    feats = rng.normal(size=(200, 16)).astype(np.float32)
    arrays = fit_mahalanobis(feats, rng.integers(0, 3, 200), dims=8)
    fmap = feats[0][:, None, None] * np.ones((1, 2, 2), np.float32)
    r = check(fmap, appearance(np.zeros((8, 8, 3), np.uint8)), arrays, {"threshold": 1e6, "appearance_threshold": 1})
    assert r.appearance_score is None and not r.rejected


def test_per_class_appearance_and_balanced_limits_are_fair_to_a_rare_class():
    """A rare class far from the common one: one Gaussian over all refuses most of it; one per
    class and a class-balanced limit do not, and a point far from both classes is still refused."""
    from inference.ood import appearance_score
    from training.ood_fit import choose_threshold, fit_appearance, fit_class_appearance

    rng = np.random.default_rng(0)
    common = rng.normal(0, 1, (2000, 4))
    rare = rng.normal(6, 1, (60, 4))
    x, y = np.r_[common, rare], np.r_[np.zeros(2000, int), np.ones(60, int)]
    vx, vy = np.r_[rng.normal(0, 1, (500, 4)), rng.normal(6, 1, (30, 4))], np.r_[np.zeros(500, int), np.ones(30, int)]
    one = fit_appearance(x)
    per = {**one, **fit_class_appearance(x, y)}
    s_one, s_per = appearance_score(vx, one), appearance_score(vx, per)
    t_one, t_bal = choose_threshold(s_one, 0.02), choose_threshold(s_per, 0.02, vy)
    refused_rare_one = (s_one[vy == 1] > t_one).mean()
    refused_rare_per = (s_per[vy == 1] > t_bal).mean()
    assert refused_rare_per < refused_rare_one and refused_rare_per <= 0.1
    far = np.full((1, 4), 20.0)
    assert appearance_score(far, per)[0] > t_bal  # not a lesion of either class

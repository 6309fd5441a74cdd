"""inference/imaging.py (NumPy + Pillow) against OpenCV, which the app no longer ships, on real photos."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from inference import imaging
from inference.imageio import load_image


@pytest.fixture(scope="module")
def photos(fullres_images):
    return [load_image(p).rgb for p in fullres_images[:6]]


@pytest.mark.parametrize("size", [(448, 336), (300, 225), (224, 168), (160, 120)])  # factors < 4: exact
def test_area_resize_matches_opencv(photos, size):
    for rgb in photos:
        ours = imaging.resize(rgb, size).astype(int)
        ref = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
        assert ours.shape == ref.shape
        assert np.abs(ours - ref).max() <= 1 and np.abs(ours - ref).mean() < 0.2


def test_large_factor_area_resize_stays_close(photos):
    big = cv2.resize(photos[0], (4096, 3072), interpolation=cv2.INTER_CUBIC)
    for src, size in ((big, (224, 224)), (photos[1], (97, 61))):
        ours = imaging.resize(src, size).astype(int)
        ref = cv2.resize(src, size, interpolation=cv2.INTER_AREA)
        assert np.abs(ours - ref).mean() < 1.0  # integer block average first, then exact area


def test_colour_conversions_match_opencv(photos):
    for rgb in photos:
        assert np.array_equal(imaging.to_gray(rgb), cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
        ours, ref = imaging.to_hsv(rgb).astype(int), cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV).astype(int)
        hue = np.abs(ours[..., 0] - ref[..., 0])
        assert np.minimum(hue, 180 - hue).max() <= 1 and np.abs(ours[..., 1:] - ref[..., 1:]).max() <= 1
        lab = imaging.srgb_to_lab(rgb[::7, ::7])
        ref_lab = cv2.cvtColor(rgb[::7, ::7].astype(np.float32) / 255, cv2.COLOR_RGB2LAB)
        assert np.abs(lab - ref_lab).max() < 0.5


def test_filters_match_opencv(photos):
    for rgb in photos:
        gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        for sigma in (2, 3):
            diff = np.abs(imaging.gaussian_blur(gray, sigma).astype(int) - cv2.GaussianBlur(gray, (0, 0), sigma))
            assert diff.max() <= 1
        assert imaging.laplacian(gray).var() == pytest.approx(cv2.Laplacian(gray, cv2.CV_64F).var(), rel=1e-9)
        vals = gray[gray > 20]
        t, _ = cv2.threshold(vals.reshape(-1, 1), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        assert imaging.otsu_threshold(vals) == int(t)


def test_morphology_matches_opencv(photos):
    k = imaging.ellipse_kernel(9)
    assert np.array_equal(k, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9)).astype(bool))
    for rgb in photos:
        gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        ref = cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, k.astype(np.uint8))
        assert np.array_equal(imaging.black_hat(gray, k), ref)
        mask = gray < imaging.otsu_threshold(gray)
        ref = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
        assert np.array_equal(imaging.opening(mask, 5).astype(bool), ref.astype(bool))


@pytest.mark.parametrize("seed", range(5))
def test_connected_components_match_opencv(seed):
    rng = np.random.default_rng(seed)
    mask = cv2.GaussianBlur(rng.random((120, 160)).astype(np.float32), (0, 0), 2) > 0.5 + 0.02 * seed
    labels, area, centroid = imaging.connected_components(mask)
    n, ref, stats, ref_centroid = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    assert len(area) == n > 2
    pairs = np.unique(np.stack([labels.ravel(), ref.ravel()], 1), axis=0)
    assert len(pairs) == n  # the same partition (labels may be numbered in another order)
    ours, theirs = pairs[:, 0], pairs[:, 1]
    assert np.array_equal(area[ours[1:]], stats[theirs[1:], cv2.CC_STAT_AREA])
    assert np.allclose(centroid[ours[1:]], ref_centroid[theirs[1:]])


def test_connected_components_of_an_empty_mask():
    labels, area, _ = imaging.connected_components(np.zeros((8, 8), bool))
    assert len(area) == 1 and not labels.any()


def test_enclosing_circle_matches_opencv():
    rng = np.random.default_rng(1)
    for _ in range(20):
        pts = rng.normal(size=(int(rng.integers(3, 400)), 2)) * rng.uniform(1, 100, 2)
        (cx, cy), r = imaging.min_enclosing_circle(pts)
        (rx, ry), rr = cv2.minEnclosingCircle(pts.astype(np.float32))
        assert r == pytest.approx(rr, rel=1e-4, abs=1e-3)
        assert np.hypot(cx - rx, cy - ry) < 1e-2 * max(rr, 1)


def test_jet_colours_and_png_round_trip(photos):
    ramp = np.linspace(0, 1, 256, dtype=np.float32)[None]
    ref = cv2.cvtColor(cv2.applyColorMap(np.uint8(ramp * 255), cv2.COLORMAP_JET), cv2.COLOR_BGR2RGB)
    assert np.abs(imaging.jet(ramp).astype(int) - ref).mean() < 3
    rgb = photos[0]
    assert np.array_equal(imaging.decode_png(imaging.encode_png(rgb)), rgb)
    gray = rgb[..., 1]
    assert np.array_equal(imaging.decode_png(imaging.encode_png(gray), "L"), gray)
    # PNGs written by the earlier OpenCV-based store still read back identically.
    ok, buf = cv2.imencode(".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    assert ok and np.array_equal(imaging.decode_png(buf.tobytes()), rgb)

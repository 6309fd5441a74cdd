from __future__ import annotations

import cv2
import numpy as np
import pytest

from inference.adjust import apply_gamma, auto_gamma, detect_fov, lesion_centered_box
from inference.imageio import load_image
from inference.quality import assess
from inference.skin_tone import ita_band, ita_degrees
from inference.triage import CANNOT_ASSESS, MONITOR, REFERRAL, URGENT, decide


@pytest.fixture(scope="module")
def photos(fullres_images):
    return [load_image(f).rgb for f in fullres_images[::7]]


def test_real_photos_pass_the_gate(photos):
    assert all(assess(p).ok for p in photos)


@pytest.mark.parametrize(
    "degrade,needle",
    [
        (lambda p: cv2.GaussianBlur(p, (0, 0), 4), "blurred"),
        (lambda p: (p * 0.12).astype(np.uint8), "dark"),
        (lambda p: np.clip(p.astype(int) * 2.6, 0, 255).astype(np.uint8), "over-exposed"),
        (lambda p: cv2.resize(p, (80, 60)), "too small"),
        (lambda p: cv2.cvtColor(cv2.cvtColor(p, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB), "no colour"),
    ],
)
def test_degraded_copies_are_refused(photos, degrade, needle):
    for p in photos:
        rep = assess(degrade(p))
        assert not rep.ok and any(needle in s for s in rep.severe), rep.severe


def test_mild_degradations_warn(photos):
    p = photos[0]
    assert any("dark" in w for w in assess((p * 0.3).astype(np.uint8)).warnings)


def _vignette(p):
    h, w = p.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    out = p.copy()
    out[np.hypot(xx - w / 2, yy - h / 2) > 0.45 * min(h, w) * 1.15] = 0
    return out


def test_scope_circle_is_found_and_warned(photos):
    v = _vignette(photos[1])
    assert any("Dark corners" in w for w in assess(v).warnings)
    x, y, w, h = detect_fov(v)
    H, W = v.shape[:2]
    assert abs((x + w / 2) - W / 2) < 10 and abs((y + h / 2) - H / 2) < 10
    assert (v[y : y + h, x : x + w].min(axis=2) > 0).mean() > 0.97  # the square lies inside the lit circle
    assert detect_fov(photos[1]) is None  # no vignette: nothing to crop


def test_hair_and_ink_warnings(photos):
    p = photos[2].copy()
    rng = np.random.default_rng(0)
    for _ in range(60):
        x0, y0 = rng.integers(0, p.shape[1]), rng.integers(0, p.shape[0])
        cv2.line(
            p,
            (int(x0), int(y0)),
            (int(x0 + rng.integers(-200, 200)), int(y0 + rng.integers(-200, 200))),
            (20, 15, 10),
            2,
        )
    assert any("Hair" in w for w in assess(p).warnings)
    q = photos[2].copy()
    cv2.circle(q, (70, 70), 45, (90, 30, 200), -1)  # a gentian-violet marker dot
    assert any("Ink" in w for w in assess(q).warnings)


def test_lesion_centre_box_contains_the_lesion():
    img = np.full((450, 600, 3), 210, np.uint8)
    cv2.circle(img, (450, 300), 40, (90, 50, 40), -1)
    x, y, w, h = lesion_centered_box(img)
    assert x < 450 < x + w and y < 300 < y + h and w == h


def test_gamma():
    img = np.full((10, 10, 3), 64, np.uint8)
    assert apply_gamma(img, 1.5)[0, 0, 0] > 64 and apply_gamma(img, 1.0) is img
    assert auto_gamma(img) > 1.2  # a dark photo is brightened
    assert auto_gamma(np.full((10, 10, 3), 128, np.uint8)) == pytest.approx(1.0, abs=0.02)
    assert auto_gamma(np.full((10, 10, 3), 200, np.uint8)) == 1.0  # a bright photo is never darkened


def test_ita_orders_skin_tones():
    def patch(rgb):
        img = np.zeros((200, 200, 3), np.uint8)
        img[:] = rgb
        cv2.circle(img, (100, 100), 30, (60, 40, 30), -1)
        return img

    light, dark = ita_degrees(patch((235, 200, 185))), ita_degrees(patch((110, 70, 50)))
    assert light > 41 > dark
    assert ita_band(light) in ("very light", "light") and ita_band(dark) in ("brown", "dark", "tan")
    assert ita_band(None) == "unknown"


def test_triage_rule_order():
    assert decide(0.9, 0.1, 0.6, severe_quality=("blurred",))[0] == CANNOT_ASSESS
    assert decide(0.9, 0.1, 0.6, out_of_distribution=True)[0] == CANNOT_ASSESS
    assert decide(0.7, 0.1, 0.6)[0] == URGENT
    assert decide(0.2, 0.1, 0.6)[0] == REFERRAL
    assert decide(0.05, 0.1, 0.6)[0] == MONITOR
    assert decide(0.05, 0.1, 0.6, malignant_spread=0.4)[0] == REFERRAL

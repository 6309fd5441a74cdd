"""Issue 31.8: a 12-megapixel phone photo is decoded at reduced size (the JPEG decoder's own
scaling), says so, and the results panel shows the time the user really waited (decode, analysis
and drawing), not only the network's share. The speed target is measured in scripts/benchmark.py."""

from __future__ import annotations

import re

import numpy as np
from PIL import Image

from inference.imageio import MAX_SIDE, jpeg_scale, load_image


def _phone_photo(path, src, size=(4000, 3000)):
    base = np.asarray(Image.open(src).convert("RGB").resize(size, Image.BILINEAR), dtype=np.int16)
    noise = np.random.default_rng(0).normal(0, 3, base.shape).astype(np.int16)
    Image.fromarray(np.clip(base + noise, 0, 255).astype(np.uint8)).save(path, "JPEG", quality=90)
    return path


def test_a_12_megapixel_jpeg_is_decoded_at_half_size_and_says_so(tmp_path, fullres_images):
    img = load_image(_phone_photo(tmp_path / "phone.jpg", fullres_images[0]))
    assert img.rgb.shape == (1500, 2000, 3)  # 1/2 by the decoder: no full-size pass at all
    assert img.original_size == (4000, 3000)
    assert any("4000 x 3000" in w and "downscaled" in w for w in img.warnings)
    assert [jpeg_scale(s) for s in (1000, 2048, 2100, 4000, 6000, 16000)] == [1, 1, 1, 2, 2, 8]
    small = load_image(fullres_images[0])
    assert max(small.rgb.shape) <= MAX_SIDE and not small.warnings


def test_the_panel_shows_the_time_waited_from_opening_the_photo(qtbot, window, tmp_path, fullres_images):
    photo = _phone_photo(tmp_path / "phone.jpg", fullres_images[1])
    window.open_path(str(photo))
    qtbot.waitUntil(
        lambda: window.ctrl.analysis is not None and "Analysed in" in window.results.model.text(), timeout=60_000
    )
    text = window.results.model.text()
    m = re.search(r"Analysed in ([\d.]+) (ms|s)", text)
    assert m, text
    waited = float(m.group(1)) / (1000 if m.group(2) == "ms" else 1)
    assert waited >= window.ctrl.analysis.seconds * 0.999  # the decode and the drawing are counted too
    assert "downscaled" in window.banner.label.text()
    window.ctrl.set_gamma(1.3)  # a change of brightness: timed from the request, not from the opening
    qtbot.waitUntil(lambda: window.ctrl.analysis.settings.gamma > 1.2, timeout=60_000)
    assert "Analysed in" in window.results.model.text()

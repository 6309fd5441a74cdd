from __future__ import annotations

import numpy as np
import pytest

from inference.analysis import Analyzer, Settings
from inference.cam import overlay
from inference.classifier import OnnxClassifier, available_devices, choose_providers
from inference.imageio import load_image
from inference.probs import ensemble, softmax
from inference.registry import find_model, verify


def test_prediction_shapes_and_calibration(tiny_models, fullres_images):
    vm = verify(find_model("tiny-a", tiny_models))
    clf = OnnxClassifier(vm, "cpu", threads=1)
    rgb = load_image(fullres_images[0]).rgb
    p = clf.predict(rgb)
    assert p.probabilities.shape == (7,) and abs(p.probabilities.sum() - 1) < 1e-9
    np.testing.assert_allclose(p.probabilities, softmax(p.logits, 1.5), atol=1e-9)
    hm = p.heatmap()
    assert hm.shape == rgb.shape[:2] and 0 <= hm.min() and hm.max() <= 1
    x, y, w, h = p.model_box  # 600x450: the network saw the centre 450x450 square
    assert (x, y, w, h) == (75, 0, 450, 450)
    assert hm[:, :75].max() == 0 and hm[:, 525:].max() == 0


def test_gpu_request_falls_back_to_cpu_with_a_message(tiny_models):
    providers, note = choose_providers("gpu")
    if "gpu" in available_devices():
        pytest.skip("a GPU provider is present")
    assert providers == ["CPUExecutionProvider"] and "No GPU" in note
    clf = OnnxClassifier(verify(find_model("tiny-a", tiny_models)), "gpu")
    assert clf.device == "CPU" and clf.note


def test_ensemble_averages_and_reports_disagreement():
    a = np.array([0.9, 0.1, 0, 0, 0, 0, 0])
    b = np.array([0.1, 0.9, 0, 0, 0, 0, 0])
    e = ensemble([a, b])
    np.testing.assert_allclose(e.probabilities, [0.5, 0.5, 0, 0, 0, 0, 0])
    assert e.disagreement == pytest.approx(0.4) and not e.top1_agree
    same = ensemble([a, a])
    assert same.disagreement == 0 and same.top1_agree


def test_analyzer_crop_and_gamma_change_the_model_input(models_env, fullres_images):
    an = Analyzer.load("tiny-a", "cpu")
    rgb = load_image(fullres_images[3]).rgb
    base = an.analyze(rgb)
    cropped = an.analyze(rgb, Settings(crop_box=(100, 50, 300, 300)))
    bright = an.analyze(rgb, Settings(gamma=1.4))
    assert not np.allclose(base.probabilities, cropped.probabilities)
    assert not np.allclose(base.probabilities, bright.probabilities)
    d = base.to_dict()
    assert d["triage"] in ("urgent_referral", "referral", "monitor", "cannot_assess")
    assert set(d["probabilities"]) == {"akiec", "bcc", "bkl", "df", "mel", "nv", "vasc"}
    assert "not a diagnosis" in d["notice"]


def test_ensemble_analyzer_uses_every_model(models_env, fullres_images):
    an = Analyzer.load("ensemble", "cpu")
    a = an.analyze(load_image(fullres_images[5]).rgb)
    assert len(a.predictions) == 2 and a.disagreement is not None
    assert a.heatmap().shape == (450, 600)


def test_overlay_opacity():
    rgb = np.full((20, 30, 3), 100, np.uint8)
    hm = np.zeros((20, 30), np.float32)
    hm[5:10, 5:10] = 1
    assert (overlay(rgb, hm, 0.0) == rgb).all()
    out = overlay(rgb, hm, 0.8)
    assert (out[0, 0] == rgb[0, 0]).all() and not (out[7, 7] == rgb[7, 7]).all()


def _same(a, b) -> None:
    da, db = a.to_dict(), b.to_dict()
    for d in (da, db):
        d.pop("seconds")
        for m in d["models"]:
            m.pop("seconds")
    assert da == db


def test_checks_beside_the_network_give_the_same_answer(models_env, fullres_images):
    """The photo's checks run on a helper thread while the network runs: same answer, every field,
    as one after the other; an ensemble too."""
    for model in (None, "ensemble"):
        side = Analyzer.load(model, "cpu", threads=1)
        plain = Analyzer.load(model, "cpu", threads=1, overlap=False)
        assert side._checks is not None and plain._checks is None
        for f in fullres_images[:3]:
            rgb = load_image(f).rgb
            _same(side.analyze(rgb), plain.analyze(rgb))
        rgb = load_image(fullres_images[0]).rgb
        s = Settings(crop_box=(50, 40, 300, 300), gamma=1.4)
        _same(side.analyze(rgb, s), plain.analyze(rgb, s))


def test_a_network_failure_is_raised_after_the_checks_finish(models_env, fullres_images, monkeypatch):
    import threading

    from inference import analysis

    an = Analyzer.load(None, "cpu")
    rgb = load_image(fullres_images[0]).rgb
    started, finished = threading.Event(), threading.Event()
    real = analysis.photo_checks

    def slow_checks(img):
        started.set()
        out = real(img)
        finished.set()
        return out

    def broken(*a, **k):
        started.wait(5)
        raise RuntimeError("network failed")

    monkeypatch.setattr(analysis, "photo_checks", slow_checks)
    monkeypatch.setattr(an.classifiers[0], "predict", broken)
    with pytest.raises(RuntimeError, match="network failed"):
        an.analyze(rgb)
    assert finished.is_set()  # the helper was waited for, not left working on a photo given up

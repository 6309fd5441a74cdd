"""Every real bundled model: integrity, shapes, and a stable prediction on a real image."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from inference.analysis import Analyzer
from inference.classifier import OnnxClassifier
from inference.imageio import load_image
from inference.registry import default_model_id, find_model, verify
from tests.conftest import BUNDLED, HAM, bundled_model_ids

IDS = bundled_model_ids()
pytestmark = pytest.mark.skipif(not IDS, reason="no bundled model yet")


@pytest.mark.parametrize("model_id", IDS)
def test_bundled_model_integrity_and_reference_prediction(model_id):
    vm = verify(find_model(model_id, BUNDLED))
    m = vm.manifest
    assert m.onnx_sha256 and vm.cam_weights.shape[0] == 7 and vm.ood_arrays
    clf = OnnxClassifier(vm, "cpu")
    s = m.preprocess.input_size
    logits, feats = clf.run(np.zeros((2, 3, s, s), np.float32))
    assert logits.shape == (2, 7) and feats.shape[0] == 2 and feats.shape[1] == vm.cam_weights.shape[1]
    ref = m.raw["reference_prediction"]
    path = HAM / "images" / ref["file"]
    if not path.exists():
        pytest.skip("../shared/data not present")
    p = clf.predict(load_image(path).rgb)
    np.testing.assert_allclose(p.probabilities, ref["probabilities"], atol=1e-4)
    for split in ("val", "test"):
        met = m.metrics[split]
        assert 0 <= met["balanced_accuracy"] <= 1 and met["n"] > 100


def test_default_model_is_bundled_and_documented():
    did = default_model_id(BUNDLED)
    entry = find_model(did, BUNDLED)
    card = (entry.folder / "card.md").read_text()
    assert "not a diagnosis" in card and "Triage rule" in card and "ITA" in card
    assert json.loads((entry.folder / "manifest.json").read_text())["thresholds"]["chosen_on"] == "val"


def test_isic_csv_for_the_70_fullres_photos(fullres_images, tmp_path, monkeypatch, capsys):
    from cli.main import main

    monkeypatch.setenv("DERMATRIAGE_MODELS", str(BUNDLED))
    out = tmp_path / "sub.csv"
    assert main(["predict", str(fullres_images[0].parent), "--format", "isic-csv", "--output", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert len(rows) == 71 and rows[0] == ["image", "MEL", "NV", "BCC", "AKIEC", "BKL", "DF", "VASC"]
    assert all(abs(sum(map(float, r[1:])) - 1) < 1e-9 for r in rows[1:])


def test_real_model_flags_degraded_and_nonskin_photos(fullres_images):
    import cv2

    from training.nonskin import skimage_images

    an = Analyzer.load(None, "cpu", root=BUNDLED)
    rgb = load_image(fullres_images[10]).rgb
    assert an.analyze(rgb).quality.ok
    assert an.analyze(cv2.GaussianBlur(rgb, (0, 0), 4)).triage == "cannot_assess"
    assert an.analyze((rgb * 0.1).astype(np.uint8)).triage == "cannot_assess"
    rejected = [an.analyze(img).triage == "cannot_assess" for _, img in skimage_images()]
    assert np.mean(rejected) >= 0.9


def test_default_model_uses_both_not_a_lesion_detectors(fullres_images):
    """Real photos from the ISIC 2018 test set mostly pass; a fundus photo and a page do not.

    14 of these 70 photos (other centres, 10 per class) are refused today, mostly df, vasc and bcc:
    a documented limit (README, model card); this guards against it getting worse."""
    import skimage.data as data

    vm = verify(find_model(default_model_id(BUNDLED), BUNDLED))
    assert "appearance_threshold" in vm.manifest.ood and "appearance_precision" in vm.ood_arrays
    an = Analyzer.load(None, "cpu", root=BUNDLED)
    refused = [an.analyze(load_image(f).rgb).out_of_distribution for f in fullres_images]
    assert np.mean(refused) <= 0.25
    for img in (data.retina(), np.repeat(data.page()[..., None], 3, axis=2)):
        a = an.analyze(np.ascontiguousarray(img))
        assert a.triage == "cannot_assess" and a.to_dict()["out_of_distribution"]["appearance_scores"][0] > 0

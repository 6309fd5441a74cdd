"""Issue 18: local validation. One numpy implementation of the metrics (inference.metrics), equal to
scikit-learn's; `dermatriage-cli validate` on labelled photos and on the store's confirmed cases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from inference import metrics as M
from inference.classes import CLASS_KEYS

REPO = Path(__file__).resolve().parent.parent


def test_metrics_equal_scikit_learn_on_random_data():
    from sklearn import metrics as skm

    rng = np.random.default_rng(3)
    for _ in range(20):
        n = int(rng.integers(20, 400))
        y = rng.integers(0, 7, n)
        y[:7] = np.arange(7)
        logits = rng.normal(size=(n, 7)) + np.eye(7)[y] * rng.uniform(0, 3)
        p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
        pred = p.argmax(1)
        assert M.balanced_accuracy(y, pred) == pytest.approx(skm.balanced_accuracy_score(y, pred))
        assert (M.confusion_matrix(y, pred, 7) == skm.confusion_matrix(y, pred, labels=range(7))).all()
        mal = M.is_malignant_label(y)
        assert M.malignant_auc(y, p) == pytest.approx(skm.roc_auc_score(mal, M.malignant_scores(p)))
        st = M.per_class_stats(M.confusion_matrix(y, pred, 7))
        assert st["recall"] == pytest.approx(skm.recall_score(y, pred, average=None, labels=range(7), zero_division=0))
        assert st["precision"] == pytest.approx(
            skm.precision_score(y, pred, average=None, labels=range(7), zero_division=0)
        )
        ties = np.round(M.malignant_scores(p), 1)  # ties handled as scikit-learn does
        assert M.roc_auc(mal, ties) == pytest.approx(skm.roc_auc_score(mal, ties))


def test_metrics_module_is_free_of_torch_and_qt():
    code = (
        "import sys, inference.metrics, inference.validation\n"
        "print(sorted(m for m in ('torch', 'PySide6') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.real_model
def test_validate_on_fullres_samples_matches_the_evaluation_code(fullres_images, tmp_path):
    from inference.analysis import Analyzer
    from inference.imageio import load_image

    labels = REPO.parent / "shared" / "data" / "fullres-samples" / "labels.csv"
    out = tmp_path / "v.json"
    env = {k: v for k, v in os.environ.items() if k != "DERMATRIAGE_MODELS"}
    r = subprocess.run(
        [sys.executable, "-m", "cli", "validate", str(labels.parent / "images"), "--truth", str(labels)]
        + ["--format", "json", "--output", str(out), "--boot", "200"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    doc = json.loads(out.read_text())
    assert doc["n"] == 70
    for key in ("n", "balanced_accuracy", "malignant_auc", "per_class", "referral", "urgent", "cannot_assess", "ece"):
        assert key in doc
    lo, hi = doc["balanced_accuracy"]["ci95"]
    assert lo <= doc["balanced_accuracy"]["value"] <= hi
    # The training evaluation code on the same predictions:
    import csv

    truth = {row["image_id"]: CLASS_KEYS.index(row["dx"]) for row in csv.DictReader(open(labels))}
    from tests.conftest import BUNDLED

    an = Analyzer.load(None, "cpu", root=BUNDLED)
    probs, y = [], []
    for f in fullres_images:
        probs.append(an.analyze(load_image(f).rgb).probabilities)
        y.append(truth[f.stem])
    # the label the app shows: the decision rule of the model (issue 31.13)
    rep = M.classification_report(np.stack(probs), np.array(y), decision_weights=an.decision_weights)
    assert abs(doc["balanced_accuracy"]["value"] - rep["balanced_accuracy"]) < 1e-3
    assert abs(doc["malignant_auc"]["value"] - rep["malignant_auc"]) < 1e-3


def test_validate_from_store_with_50_confirmed_cases(tmp_path, models_env, fullres_images):
    """50 confirmed cases imported as bundles from another clinic, then validated: JSON and PDF."""
    from cases.export import export_bundle, import_bundle
    from cases.store import CaseStore
    from inference.imageio import load_image

    labels = {
        r.split(",")[0]: r.split(",")[2]
        for r in (REPO.parent / "shared" / "data" / "fullres-samples" / "labels.csv").read_text().splitlines()[1:]
    }
    src = CaseStore(tmp_path / "other-clinic")
    bundles = []
    for f in fullres_images[:50]:
        cid = src.create_case(f.stem, "back")
        src.add_image(cid, load_image(f).rgb[::2, ::2].copy(), "file", f.name)
        src.set_annotation(cid, diagnosis=labels[f.stem], confirm_type="histopathology", author="path lab")
        bundles.append(export_bundle(src, cid, tmp_path / "bundles", with_pdf=False))
    src.close()
    home = tmp_path / "home"
    store = CaseStore(home)
    for b in bundles:
        import_bundle(store, b)
    store.close()
    env = {**os.environ, "DERMATRIAGE_HOME": str(home), "DERMATRIAGE_MODELS": str(models_env)}
    base = [sys.executable, "-m", "cli", "validate", "--from-store", "--boot", "100"]
    r = subprocess.run(base + ["--format", "json"], capture_output=True, text=True, cwd=REPO, env=env, timeout=600)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["n"] == 50 and doc["lesions"] == 50
    assert sum(v["support"] for v in doc["per_class"].values()) == 50
    pdf = tmp_path / "validation.pdf"
    r = subprocess.run(
        base + ["--format", "pdf", "--output", str(pdf)], capture_output=True, text=True, cwd=REPO, env=env, timeout=600
    )
    assert r.returncode == 0, r.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    r = subprocess.run(
        base + ["--confirm-types", "consensus"], capture_output=True, text=True, cwd=REPO, env=env, timeout=600
    )
    assert r.returncode == 2 and "No confirmed" in r.stderr  # none confirmed that way


def test_app_validation_dialog_with_50_cases(qtbot, tmp_path, models_env, fullres_images, monkeypatch):
    """The app's `Validate on our cases` on a store of 50 confirmed cases: two models side by side,
    progress on a thread, then the PDF."""
    pytest.importorskip("pytestqt")
    from cases.store import CaseStore
    from desktop.validation import ValidationDialog
    from inference.imageio import load_image

    labels = {
        r.split(",")[0]: r.split(",")[2]
        for r in (REPO.parent / "shared" / "data" / "fullres-samples" / "labels.csv").read_text().splitlines()[1:]
    }
    store = CaseStore(tmp_path / "home")
    for f in fullres_images[:50]:
        cid = store.create_case(f.stem, "back")
        store.add_image(cid, load_image(f).rgb[::3, ::3].copy(), "file", f.name)
        store.set_annotation(cid, diagnosis=labels[f.stem], confirm_type="histopathology")
    dlg = ValidationDialog(store, ["tiny-a", "tiny-b"])
    qtbot.addWidget(dlg)
    assert dlg.worker is None and "50 confirmed case(s)" in dlg.status.text()  # nothing runs before Start
    dlg.start_btn.click()
    with qtbot.waitSignal(dlg.worker.finished_ok, timeout=120_000):
        pass
    assert dlg.table.rowCount() >= 9 and dlg.table.columnCount() == 3
    assert dlg.table.item(0, 0).text() == "Balanced accuracy"
    assert "(" in dlg.table.item(0, 1).text()  # with its interval
    out = dlg.export_pdf(str(tmp_path / "v.pdf"))
    assert open(out, "rb").read(4) == b"%PDF"
    assert "tiny-b" in dlg.text()
    dlg.close()
    store.close()


def test_threshold_with_a_margin_is_more_sensitive():
    rng = np.random.default_rng(0)
    mal = np.r_[np.ones(300, bool), np.zeros(2000, bool)]
    score = np.r_[rng.beta(5, 2, 300), rng.beta(2, 5, 2000)]
    plain = M.threshold_for_sensitivity(mal, score, 0.95)
    bound = M.threshold_for_sensitivity_bound(mal, score, 0.95)
    sens = lambda t: (score[mal] >= t).mean()  # noqa: E731
    assert bound <= plain and sens(bound) >= sens(plain)
    assert M.wilson_lower(int(round(sens(bound) * 300)), 300) >= 0.95
    assert M.wilson_lower(300, 300) > 0.95 > M.wilson_lower(285, 300)

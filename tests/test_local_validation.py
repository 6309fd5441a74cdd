"""Issue 31.13: local validation compares a clinic with the shipped model measured the same way
(the label the app shows, its views, its triage) on its own test split, not with the export's
figures for the network alone; the dialog offers the models and the confirmation types before
anything runs, and a clinical-only confirmation is counted only when chosen, with a warning."""

from __future__ import annotations

import numpy as np
import pytest

from inference.classes import CLASS_KEYS
from inference.validation import Item, compare_with_card, report


def test_the_card_reference_is_the_shipped_models_own_figures():
    from inference.registry import default_model_id, find_model, verify

    m = verify(find_model(default_model_id()))
    rows = {r["figure"]: r for r in compare_with_card({}, m.manifest.raw)}
    # The card's and README's figures (0.745 / 0.894 / 0.029), not the export's (0.714 / 0.889 / 0.042).
    assert round(rows["balanced accuracy"]["card"], 3) == 0.745
    assert round(rows["malignant AUC"]["card"], 3) == 0.894
    assert round(rows["calibration error (ECE)"]["card"], 3) == 0.029
    assert "test split" in rows["balanced accuracy"]["card_source"]
    assert all(r["card_ci95"][0] is not None for r in rows.values())
    old = {k: v for k, v in m.manifest.raw.items() if k != "reference_validation"}
    assert "not measured like these" in compare_with_card({}, old)[0]["card_source"]  # said, not hidden


def test_the_label_scored_is_the_one_the_app_shows():
    probs = np.tile(np.eye(7)[CLASS_KEYS.index("nv")] * 0.6 + 0.4 / 7, (40, 1))
    truth = [CLASS_KEYS.index("mel")] * 20 + [CLASS_KEYS.index("nv")] * 20
    shown = [CLASS_KEYS.index("mel")] * 20 + [CLASS_KEYS.index("nv")] * 20  # rare-class correction
    items = [Item(f"p{i}", truth[i], probs[i], "referral", f"l{i}", predicted=shown[i]) for i in range(40)]
    assert report(items, n_boot=20)["balanced_accuracy"]["value"] == 1.0
    plain = [Item(f"p{i}", truth[i], probs[i], "referral", f"l{i}") for i in range(40)]
    assert report(plain, n_boot=20)["balanced_accuracy"]["value"] == 0.5


def test_dialog_offers_models_and_confirmations_before_it_runs(qtbot, tmp_path, models_env, fullres_images):
    pytest.importorskip("pytestqt")
    from cases.store import CaseStore
    from desktop.validation import ValidationDialog
    from inference.imageio import load_image

    store = CaseStore(tmp_path / "home")
    kinds = ["histopathology"] * 6 + ["clinical"] * 4
    for f, kind in zip(fullres_images[:10], kinds, strict=True):
        cid = store.create_case(f.stem, "back")
        store.add_image(cid, load_image(f).rgb[::4, ::4].copy(), "file", f.name)
        store.set_annotation(cid, diagnosis="nv" if kind == "clinical" else "mel", confirm_type=kind)
    dlg = ValidationDialog(store, ["tiny-a"], available=[("tiny-a", "Tiny A"), ("tiny-b", "Tiny B")])
    qtbot.addWidget(dlg)
    assert dlg.worker is None  # nothing is analysed before Start
    assert dlg.model_boxes["tiny-a"].isChecked() and not dlg.model_boxes["tiny-b"].isChecked()
    assert not dlg.type_boxes["clinical"].isChecked()  # photo-only confirmations are opt-in
    assert "6 confirmed case(s)" in dlg.status.text() and "clinical" in dlg.status.text()
    dlg.type_boxes["histopathology"].setChecked(False)
    assert not dlg.start_btn.isEnabled()  # nothing would be scored
    dlg.type_boxes["histopathology"].setChecked(True)
    dlg.type_boxes["clinical"].setChecked(True)
    dlg.model_boxes["tiny-b"].setChecked(True)
    assert "10 confirmed case(s)" in dlg.status.text()
    dlg.start_btn.click()
    with qtbot.waitSignal(dlg.worker.finished_ok, timeout=120_000):
        pass
    assert dlg.table.columnCount() == 3 and dlg.table.horizontalHeaderItem(2).text() == "Tiny B"
    rep = dlg.results["tiny-a"][0]
    assert rep["n"] == 10 and set(rep["by_confirmation"]) == {"histopathology", "clinical"}
    assert any("4 photo(s) have a clinical confirmation only" in w for w in rep["warnings"])
    assert "clinical confirmation only" in dlg.warnings.text()
    dlg.close()
    store.close()

"""Fit to this clinic (issue 29): the real bundled default model, real photos of a clinic it never
trained on (isic2017-256), the real non-skin references; the CLI in a child process, the dialog on
the real widgets."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import REPO, SHARED

ISIC = SHARED / "isic2017-256"


def _isic_rows(n_mel: int, n_benign: int) -> list[dict]:
    if not (ISIC / "labels.csv").exists():
        pytest.skip("../shared/data/isic2017-256 not present")
    with open(ISIC / "labels.csv", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: r["image_id"])
    mel = [r for r in rows if r["dx"] == "mel"][:n_mel]
    ben = [r for r in rows if r["dx"] != "mel"][:n_benign]
    return mel + ben


def _clinic_folder(tmp: Path, rows: list[dict]) -> tuple[Path, Path]:
    folder = tmp / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    truth = tmp / "truth.csv"
    with open(truth, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["image", "dx"])
        for r in rows:
            src = ISIC / r["file"]
            (folder / src.name).symlink_to(src)
            w.writerow([src.stem, r["dx"]])
    return folder, truth


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    """130 photos of the new clinic (40 melanomas), analysed once with the bundled default, and one fit."""
    from cases.clinic_fit import bundled_analyzer, from_folder
    from cases.validation import read_truth
    from inference import adapt as A

    tmp = tmp_path_factory.mktemp("clinic")
    folder, truth = _clinic_folder(tmp, _isic_rows(40, 90))
    an = bundled_analyzer()
    cases = from_folder(an, [str(folder)], read_truth(truth), [])
    c = an.classifiers[0]
    result = A.fit(cases, c, A.load_nonskin(c.manifest.id, c.manifest.onnx_sha256), n_boot=100)
    return {"folder": folder, "truth": truth, "cases": cases, "result": result, "analyzer": an}


def _cli(args, home: Path, timeout=600):
    env = {**os.environ, "DERMATRIAGE_HOME": str(home)}
    env.pop("DERMATRIAGE_MODELS", None)
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=timeout)  # fmt: skip


def _same(a, b) -> bool:
    da, db = a.to_dict(), b.to_dict()
    for d in (da, db):
        d.pop("seconds")
        for m in d["models"]:
            m.pop("seconds")
    return json.dumps(da, sort_keys=True, default=str) == json.dumps(db, sort_keys=True, default=str)


def test_the_fit_is_judged_cross_validated_and_keeps_non_skin_refused(clinic):
    r = clinic["result"]
    assert r.before["n"] == r.after["n"] == len(clinic["cases"]) == 130
    assert r.nonskin["after"] >= r.nonskin["before"] >= 0.99
    assert r.profile.head is not None and r.profile.n_cases == 130 and r.profile.n_malignant == 40
    b, a = r.before["referral"]["sensitivity"]["value"], r.after["referral"]["sensitivity"]["value"]
    assert r.applied == (a >= b and any("Applied" in x for x in r.reasons))
    assert r.profile.label.startswith("fitted to this clinic on 130 cases (")


def test_off_gives_the_bundled_model_exactly(clinic, tmp_path, monkeypatch):
    """A profile saved, then `adapt --off`: every result identical to a store that never fitted."""
    from inference import profile as P
    from inference.analysis import Analyzer
    from inference.imageio import load_image

    photos = [load_image(p).rgb for p in sorted(clinic["folder"].iterdir())[:4]]
    monkeypatch.setenv("DERMATRIAGE_HOME", str(tmp_path / "never"))
    never = [Analyzer.load(None, "cpu").analyze(x) for x in photos]
    home = tmp_path / "fitted"
    monkeypatch.setenv("DERMATRIAGE_HOME", str(home))
    P.save(clinic["result"].profile)
    fitted = [Analyzer.load(None, "cpu").analyze(x) for x in photos]
    assert all(f.profile and f.profile_label for f in fitted)
    assert any(not np.allclose(f.probabilities, n.probabilities) for f, n in zip(fitted, never, strict=True))
    r = _cli(["adapt", "--off"], home)
    assert r.returncode == 0 and "removed" in r.stdout, r.stderr
    after = [Analyzer.load(None, "cpu").analyze(x) for x in photos]
    assert all(_same(x, n) for x, n in zip(after, never, strict=True))
    from cases.store import CaseStore

    store = CaseStore(home)
    rows = store.db.execute("SELECT field, before FROM audit WHERE entity='clinic_profile'").fetchall()
    store.close()
    assert rows and rows[-1][0] == "removed" and "130 cases" in rows[-1][1]


def test_non_skin_photos_stay_refused_and_the_quality_gate_is_untouched(clinic, tmp_path, monkeypatch):
    import cv2

    from inference import profile as P
    from inference.analysis import Analyzer
    from inference.imageio import load_image
    from training.nonskin import generated_images

    monkeypatch.setenv("DERMATRIAGE_HOME", str(tmp_path))
    plain = Analyzer.load(None, "cpu")
    P.save(clinic["result"].profile)
    fitted = Analyzer.load(None, "cpu")
    assert fitted.profile is not None
    photos = [img for _, img in generated_images(np.random.default_rng(5), n_each=3)]
    refused = [plain.analyze(x).triage == "cannot_assess" for x in photos]
    refused_fit = [fitted.analyze(x).triage == "cannot_assess" for x in photos]
    assert sum(refused_fit) >= sum(refused)
    blurred = cv2.GaussianBlur(load_image(next(clinic["folder"].iterdir())).rgb, (0, 0), 12)
    a, b = plain.analyze(blurred), fitted.analyze(blurred)
    assert a.quality.severe and b.triage == a.triage == "cannot_assess" and b.quality.values == a.quality.values


def test_too_few_cases_or_one_class_are_refused_and_change_nothing(tmp_path):
    rows = _isic_rows(5, 25)
    folder, truth = _clinic_folder(tmp_path / "few", rows)
    home = tmp_path / "home"
    r = _cli(["adapt", str(folder), "--truth", str(truth)], home)
    assert r.returncode == 2 and "at least 100" in r.stderr, r.stderr
    one = tmp_path / "one.csv"
    one.write_text("image,dx\n" + "".join(f"{Path(x['file']).stem},nv\n" for x in rows))
    r = _cli(["adapt", str(folder), "--truth", str(one)], home)
    assert r.returncode == 2 and "all of one kind" in r.stderr, r.stderr
    assert not (home / "profiles").exists() or not any((home / "profiles").iterdir())


def test_a_fit_that_would_lower_sensitivity_is_not_applied():
    from inference.adapt import judge

    def rep(sens, spec, cannot):
        return {"n": 200, "malignant_auc": {"value": 0.8}, "referral": {"sensitivity": {"value": sens},
                "specificity": {"value": spec}}, "cannot_assess": {"value": cannot}}  # fmt: skip

    ok, why = judge(rep(0.96, 0.4, 0.1), rep(0.94, 0.7, 0.02), True, {"before": 0.99, "after": 0.99})
    assert not ok and "would drop" in why[0]
    ok, why = judge(rep(0.96, 0.4, 0.1), rep(0.97, 0.5, 0.1), True, {"before": 0.99, "after": 0.98})
    assert not ok and "non-skin" in why[0]
    ok, why = judge(rep(0.96, 0.4, 0.1), rep(0.96, 0.4, 0.1), True, {"before": 0.99, "after": 0.99})
    assert not ok and "neither" in why[0]
    assert judge(rep(0.96, 0.4, 0.1), rep(0.96, 0.45, 0.1), True, {"before": 0.99, "after": 0.99})[0]


def test_a_profile_of_another_model_version_or_unreadable_is_not_used(clinic, tmp_path, monkeypatch):
    from dataclasses import replace

    from inference import profile as P
    from inference.analysis import Analyzer
    from inference.imageio import load_image

    monkeypatch.setenv("DERMATRIAGE_HOME", str(tmp_path))
    rgb = load_image(next(clinic["folder"].iterdir())).rgb
    bundled = Analyzer.load(None, "cpu", profile=False).analyze(rgb)
    P.save(replace(clinic["result"].profile, model_sha256="0" * 64))
    an = Analyzer.load(None, "cpu")
    assert an.profile is None and any("another version" in n for n in an.notes)
    assert np.allclose(an.analyze(rgb).probabilities, bundled.probabilities)
    r = _cli(["adapt", "--show"], tmp_path)
    assert r.returncode == 2 and "another version" in r.stdout
    for bad in ("{not json", json.dumps({"format": 1}), json.dumps({**clinic["result"].profile.to_json(), "head":
                {"mean": [1.0], "scale": [1.0], "w": [1.0], "a": 1.0, "b": 0.0}})):  # fmt: skip
        P.profile_path(an.classifiers[0].manifest.id).write_text(bad)
        an = Analyzer.load(None, "cpu")
        assert an.profile is None and any("clinic profile is not used" in n for n in an.notes)


def test_cli_fit_applies_audits_and_every_output_says_fitted(clinic, tmp_path):
    """The whole path: adapt on the photos and truth, --show, predict JSON, the store's audit."""
    home = tmp_path / "home"
    r = _cli(["adapt", str(clinic["folder"]), "--truth", str(clinic["truth"]), "--boot", "100"], home)
    assert "bundled" in r.stdout and "fitted to this clinic" in r.stdout and "non-skin photos refused" in r.stdout
    if not clinic["result"].applied:
        assert r.returncode == 2 and "Nothing was changed" in r.stderr
        return
    assert r.returncode == 0, r.stderr
    show = _cli(["adapt", "--show"], home)
    assert "fitted to this clinic on 130 cases" in show.stdout
    photo = next(clinic["folder"].iterdir())
    p = _cli(["predict", str(photo), "--format", "json"], home)
    doc = json.loads(p.stdout)
    entry = doc[0] if isinstance(doc, list) else doc
    assert "clinic_profile" in json.dumps(entry) and '"n_cases": 130' in json.dumps(entry)
    from cases.store import CaseStore

    store = CaseStore(home)
    rows = store.db.execute("SELECT field, after FROM audit WHERE entity='clinic_profile'").fetchall()
    store.close()
    assert rows[-1][0] == "fitted" and "130 cases" in rows[-1][1]


def test_the_pdf_and_the_review_sr_say_fitted(clinic, tmp_path, monkeypatch):
    import shutil

    from cases.pdf import render_case_pdf
    from cases.store import CaseStore
    from exchange.sr import review_sr
    from inference import profile as P
    from inference.analysis import Analyzer
    from inference.imageio import load_image

    monkeypatch.setenv("DERMATRIAGE_HOME", str(tmp_path))
    P.save(clinic["result"].profile)
    store = CaseStore(tmp_path / "store")
    cid = store.create_case("P-29", "back", author="nurse")
    rgb = load_image(next(clinic["folder"].iterdir())).rgb
    iid = store.add_image(cid, rgb, "file", "a.jpg")
    store.add_analysis(iid, Analyzer.load(None, "cpu").analyze(rgb), author="nurse")
    case = store.get_case(cid)
    sr = review_sr(case)
    texts = [str(getattr(it, "TextValue", "")) for g in sr.ContentSequence for it in getattr(g, "ContentSequence", [])]
    assert any("fitted to this clinic on 130 cases" in t for t in texts)
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render_case_pdf(store, case))
    store.close()
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed (Debian poppler-utils)")
    text = unicodedata.normalize(
        "NFKC", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    )
    assert "fitted to this clinic on 130 cases" in " ".join(text.split())


def test_the_dialog_fits_with_progress_and_applies_only_what_helps(clinic, qtbot, tmp_path, monkeypatch):
    from cases.store import CaseStore
    from desktop.clinic_fit import ClinicFitDialog
    from inference import profile as P

    monkeypatch.setenv("DERMATRIAGE_HOME", str(tmp_path))
    store = CaseStore(tmp_path / "store")
    dlg = ClinicFitDialog(store)
    qtbot.addWidget(dlg)
    assert "as bundled" in dlg.current.text() and not dlg.remove_btn.isEnabled()
    dlg.src_folder.setChecked(True)
    assert dlg.start(str(clinic["folder"]), str(clinic["truth"]))
    qtbot.waitUntil(lambda: dlg.start_btn.isEnabled(), timeout=300_000)
    assert dlg.result is not None, dlg.status.text()
    assert dlg.table.rowCount() == 7 and dlg.table.item(0, 0).text() == "malignant AUC"
    assert dlg.apply_btn.isEnabled() == dlg.result.applied
    if dlg.result.applied:
        with qtbot.waitSignal(dlg.changed, timeout=5000):
            dlg.apply_btn.click()
        assert P.profile_path(dlg.result.profile.model_id).exists() and "fitted to this clinic" in dlg.current.text()
        with qtbot.waitSignal(dlg.changed, timeout=5000):
            dlg.remove_btn.click()
        assert not P.profile_path(dlg.result.profile.model_id).exists()
    dlg.close()
    store.close()


def test_the_dialog_says_why_when_a_model_cannot_be_fitted(qtbot, models_env, tmp_path, monkeypatch):
    """The tiny test model has no non-skin references: refused with its reason, nothing saved."""
    from cases.store import CaseStore
    from desktop.clinic_fit import ClinicFitDialog

    monkeypatch.setenv("DERMATRIAGE_HOME", str(tmp_path))
    folder, truth = _clinic_folder(tmp_path / "c", _isic_rows(25, 80))
    store = CaseStore(tmp_path / "store")
    dlg = ClinicFitDialog(store)
    qtbot.addWidget(dlg)
    dlg.src_folder.setChecked(True)
    assert dlg.start(str(folder), str(truth))
    qtbot.waitUntil(lambda: dlg.start_btn.isEnabled(), timeout=300_000)
    assert "Nothing was changed" in dlg.status.text() and "non-skin reference" in dlg.status.text()
    assert not dlg.apply_btn.isEnabled() and not (tmp_path / "profiles").exists()
    store.close()


def test_settings_show_the_profile_in_use(clinic, qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from desktop.settings_dialog import SettingsDialog
    from inference import profile as P

    monkeypatch.setenv("DERMATRIAGE_HOME", str(tmp_path))
    calls = []
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    dlg = SettingsDialog(settings, None, fit_to_clinic=lambda: calls.append(P.save(clinic["result"].profile)))
    qtbot.addWidget(dlg)
    assert "none; the bundled model is used as shipped" in dlg.profile.text()
    from PySide6.QtWidgets import QPushButton

    for b in dlg.findChildren(QPushButton):
        if b.text().startswith("Fit to this clinic"):
            b.click()
    assert calls and "fitted to this clinic on 130 cases" in dlg.profile.text()

"""Issue 31.14: words a clinician reads. The photo checks are a sentence, with the measurements
in the tooltip; Model info starts with what the model was trained on, how good it is (one table
with intervals, its test split beside photos from other clinics) and where it is weak; dates
follow the app's language."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("pytestqt")


def test_checks_are_a_sentence_and_the_numbers_a_tooltip(qtbot, window, fullres_images):
    window.open_path(str(fullres_images[0]))
    qtbot.waitUntil(lambda: window.ctrl.analysis is not None, timeout=60_000)
    text, tip = window.results.gate.text(), window.results.gate.toolTip()
    assert text.startswith(("Photo checks passed", "Photo checks: this photo could not be assessed"))
    assert not re.search(r"look \d|sharpness \d", text)
    assert re.search(r"sharpness \d+", tip) and "(limit)" in tip


def test_model_info_for_a_clinician():
    from desktop.model_info import clinician_summary
    from inference.registry import default_model_id, find_model, verify

    raw = verify(find_model(default_model_id())).manifest.raw
    md = clinician_summary(raw, is_default=True)
    assert "(default)" in md and "**Trained on:** HAM10000" in md
    table = [line for line in md.splitlines() if line.startswith("| ") and not line.startswith("| photos |")]
    sources = [row.split("|")[1].strip() for row in table]
    assert any(s.startswith("HAM10000 test split") for s in sources)
    assert any("another clinic" in s for s in sources) and any("other centres" in s for s in sources)
    assert all(re.search(r"0\.\d\d \(0\.\d\d-0\.\d\d\)", row) for row in table)  # every figure with its interval
    weak = md.split("Where it is weak")[1]
    assert "recognised in" in weak and "malignant AUC falls to" in weak and "without a dermatoscope" in weak


def test_dates_follow_the_language():
    from PySide6.QtCore import QLocale

    from desktop.qt_utils import readable_date

    kept = QLocale()
    try:
        QLocale.setDefault(QLocale("es"))
        assert readable_date("2026-12-04T10:00:00Z") == "4 dic 2026"
        QLocale.setDefault(QLocale("en"))
        assert readable_date("2026-12-04T10:00:00Z") == "4 Dec 2026"
    finally:
        QLocale.setDefault(kept)


def test_the_user_guide_follows_the_language():
    from PySide6.QtCore import QLocale

    from desktop.help import user_guide_text

    kept = QLocale()
    try:
        QLocale.setDefault(QLocale("es"))
        assert user_guide_text().startswith("# Guía de DermaTriage")
        QLocale.setDefault(QLocale("en"))
        assert user_guide_text().startswith("# DermaTriage user guide")
    finally:
        QLocale.setDefault(kept)


def test_model_info_and_menus_in_spanish(qtbot, models_env, tmp_path, monkeypatch):
    """The summary and the window's mixin modules find their Spanish (lupdate files them under the
    context the app looks up at run time)."""
    from PySide6.QtCore import QLocale, QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.i18n import install_translation
    from desktop.model_info import clinician_summary
    from inference.registry import default_model_id, find_model, verify

    app = QApplication.instance()
    kept = QLocale()
    assert install_translation(app, "es")
    try:
        raw = verify(find_model(default_model_id())).manifest.raw
        md = clinician_summary(raw, is_default=True)
        assert "**Entrenado con:**" in md and "Dónde falla" in md  # (models_env: the tiny test models)
        from desktop.i18n import body_site

        assert body_site("Left forearm, 3 cm below the elbow") == "Antebrazo (izquierdo), 3 cm below the elbow"
        assert body_site("Chest") == "Tórax" and body_site("somewhere odd") == "somewhere odd"
        monkeypatch.setenv("DERMATRIAGE_HOME", str(tmp_path / "home"))
        from desktop.window import MainWindow

        w = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(w)
        with qtbot.waitSignal(w.ctrl.models_ready, timeout=30_000):  # never close it while models load
            w.show()
        assert w.acts["open"].text() == "Abrir foto..." and w.acts["validate"].text().startswith("Validar")
        w.close()
    finally:
        for t in getattr(app, "_dermatriage_translators", ()):
            app.removeTranslator(t)
        QLocale.setDefault(kept)

"""Translations: Qt's .qm files made by pyside6-lupdate / pyside6-lrelease from
assets/i18n/dermatriage_<lang>.ts (scripts/translations.py), plus Qt's own for standard buttons."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator


def i18n_dir() -> Path:
    root = getattr(sys, "_MEIPASS", None) or Path(__file__).resolve().parents[1]
    return Path(root) / "assets" / "i18n"


def install_translation(app, language: str) -> bool:
    """Install `language` ('es'); English needs nothing. False when its file is missing."""
    if language in ("", "en"):
        return True
    ours = QTranslator(app)
    if not ours.load(str(i18n_dir() / f"dermatriage_{language}.qm")):
        return False
    app.installTranslator(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
    QLocale.setDefault(QLocale(language))
    app._dermatriage_translators = (ours, qt)  # keep them alive
    return True


def core(text: str) -> str:
    """A text from inference/ (listed in desktop/i18n_catalog.py) in the installed language."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("core", text)


def label(outcome: str) -> str:
    from inference.triage import LABELS

    return core(LABELS[outcome]) if outcome in LABELS else outcome


def class_name(key: str) -> str:
    from inference.classes import DISPLAY_NAMES

    return core(DISPLAY_NAMES[key]) if key in DISPLAY_NAMES else key


def reason(analysis) -> str:
    """The triage reason in the installed language (quality messages with numbers stay English)."""
    from inference.triage import OOD_REASONS, REASONS

    for template in REASONS.values():
        if template.format(analysis.malignant_probability) == analysis.reason:
            return core(template).format(analysis.malignant_probability)
    if analysis.reason in OOD_REASONS.values():
        return core(analysis.reason)
    return analysis.reason

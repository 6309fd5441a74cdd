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
    """The triage reason in the installed language."""
    return reason_text(analysis.reason, analysis.malignant_probability)


def reason_text(text: str, malignant_probability: float | None = None) -> str:
    from inference.triage import REASONS, RETAKE

    if malignant_probability is not None:
        for template in REASONS.values():
            if template.format(malignant_probability) == text:
                return core(template).format(malignant_probability)
    if text.endswith(" " + RETAKE):  # a quality gate's refusal
        return f"{message(text[: -len(RETAKE) - 1])} {core(RETAKE)}"
    from inference.triage import OOD_REASONS

    for ood in OOD_REASONS.values():  # not a lesion, and a quality finding after it
        if text.startswith(ood + " "):
            return f"{core(ood)} {message(text[len(ood) + 1 :])}"
    return message(text)


def message(text: str) -> str:
    """A warning or reason from inference/ in the installed language: a catalog text as it is, or a
    quality message with numbers in it; anything else (a device note) unchanged."""
    import re

    from inference.analysis import GATE_MISSING
    from inference.quality import TEXT
    from inference.triage import OOD_REASONS, REASONS

    if text in TEXT.values() or text in OOD_REASONS.values() or text in (REASONS["disagree"], GATE_MISSING):
        return core(text)
    for template in TEXT.values():
        if "{0}" in template:
            pattern = re.escape(template).replace(r"\{0\}", "(.+?)").replace(r"\{1\}", "(.+?)")
            m = re.fullmatch(pattern, text)
            if m:
                return core(template).format(*m.groups())
    return text


def body_site(text: str | None) -> str:
    """A stored body site ('Left forearm, 3 cm below the elbow', kept in English for exchange) as
    the app's language shows it: the site and side from the fixed list translated, the free-text
    detail as it was typed. English shows the stored text as it is."""
    from cases.body_sites import parse

    text = text or ""
    if QLocale().language() in (QLocale.Language.English, QLocale.Language.C) or not text:
        return text
    site, side = parse(text)
    if site is None:
        return text
    shown = core(site.label)
    if side:
        shown += f" ({core('Left' if side == 'L' else 'Right').lower()})"
    detail = text.split(",", 1)[1].strip() if "," in text else ""
    return f"{shown}, {detail}" if detail else shown

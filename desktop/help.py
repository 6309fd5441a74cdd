"""Help menu dialogs: About (intended use, version, third-party notices) and the keyboard shortcuts,
listed from the window's own actions so the list cannot drift from what the keys do."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from inference import __version__

INTENDED_USE = (
    "DermaTriage helps decide which skin lesions should be seen by a dermatologist first. "
    "It is **triage support, not a diagnosis**: a clinician must confirm every result. "
    "The models were trained on dermoscopic photos from two centres (HAM10000) and are less "
    "reliable on other cameras, other clinics and darker skin types, which are under-represented "
    "in that data."
)


def notices_path() -> Path:
    """assets/NOTICES.md in the installer (sys._MEIPASS) or the repository."""
    root = getattr(sys, "_MEIPASS", None) or Path(__file__).resolve().parents[1]
    return Path(root) / "assets" / "NOTICES.md"


def user_guide_text() -> str:
    """The guide in the app's language where there is one (user-guide.es.md), else English."""
    from PySide6.QtCore import QLocale

    folder = notices_path().parent / "help"
    lang = QLocale().name().split("_")[0]
    path = folder / f"user-guide.{lang}.md"
    if not path.exists():
        path = folder / "user-guide.md"
    return path.read_text(encoding="utf-8") if path.exists() else "The user guide is missing from this installation."


def notices_text() -> str:
    path = notices_path()
    return (
        path.read_text(encoding="utf-8") if path.exists() else "Third-party notices are missing from this installation."
    )


# Keys that belong to a panel's button or a dialog rather than to a window action.
PANEL_KEYS = [("Undo annotation (Cases tab)", "Ctrl+Z"), ("Take photo (capture window)", "Space")]


def shortcuts_markdown(actions: list[QAction]) -> str:
    native = QKeySequence.SequenceFormat.NativeText
    rows = [(a.text().replace("&", "").rstrip("."), a.shortcut().toString(native)) for a in actions]
    rows = [r for r in rows if r[1]] + PANEL_KEYS
    return "| action | keys |\n|---|---|\n" + "\n".join(f"| {name} | {keys} |" for name, keys in rows)


class _MarkdownDialog(QDialog):
    def __init__(self, markdown: str, parent=None, size=(640, 560)):
        super().__init__(parent)
        self.resize(*size)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setMarkdown(markdown)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.text)
        lay.addWidget(buttons)

    def set_title(self, title: str) -> None:
        self.setWindowTitle(title)
        self.text.setAccessibleName(title)


class AboutDialog(_MarkdownDialog):
    def __init__(self, parent=None):
        text = f"# DermaTriage {__version__}\n\n{INTENDED_USE}\n\n" + notices_text().replace("# ", "## ", 1)
        super().__init__(text, parent, (760, 640))
        self.set_title(self.tr("About DermaTriage"))


class ShortcutsDialog(_MarkdownDialog):
    def __init__(self, actions: list[QAction], parent=None):
        super().__init__(shortcuts_markdown(actions), parent, (420, 460))
        self.set_title(self.tr("Keyboard shortcuts"))


class HelpDialog(_MarkdownDialog):
    """The user guide, shipped with the app: works offline."""

    def __init__(self, parent=None):
        super().__init__(user_guide_text(), parent, (720, 640))
        self.set_title(self.tr("DermaTriage help"))


class FirstRunDialog(QDialog):
    """Shown once: what the app is for, three steps, and the sample photos one click away."""

    def __init__(self, parent=None):
        from PySide6.QtWidgets import QPushButton

        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to DermaTriage"))
        self.choice = None
        text = QTextBrowser()
        text.setMarkdown(
            self.tr(
                "# Welcome\n\n**Triage support, not a diagnosis**: DermaTriage suggests how urgently a "
                "skin lesion should be seen by a dermatologist. A clinician confirms every result.\n\n"
                "1. **Capture** a photo through the dermatoscope, or **open** a photo or a folder.\n"
                "2. Read the **coloured triage line** and the **next step** under it. *Cannot assess* "
                "means retake the photo, or refer.\n"
                "3. **Save case** (Ctrl+S) with a pseudonym, never a name.\n\n"
                "Everything stays on this computer. The full guide is under *Help > User guide* (F1)."
            )
        )
        text.setAccessibleName(self.tr("Welcome"))
        sample = QPushButton(self.tr("Open a sample photo"))
        folder = QPushButton(self.tr("Open the sample folder"))
        close = QPushButton(self.tr("Start"))
        sample.clicked.connect(lambda: self._done("photo"))
        folder.clicked.connect(lambda: self._done("folder"))
        close.clicked.connect(self.accept)
        buttons = QDialogButtonBox()
        for b in (sample, folder):
            buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.AcceptRole)
        lay = QVBoxLayout(self)
        lay.addWidget(text)
        lay.addWidget(buttons)
        self.resize(560, 420)

    def _done(self, choice: str) -> None:
        self.choice = choice
        self.accept()


def samples_dir() -> Path:
    return notices_path().parent / "samples"

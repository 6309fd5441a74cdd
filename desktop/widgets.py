"""Small widgets: the error banner, the thumbnail strip, the model information dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.qt_utils import to_pixmap


class Banner(QWidget):
    """A readable message across the top of the window; never a crash dialog."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("Message"))
        close = QPushButton("\u2715")
        close.setFlat(True)
        close.setAccessibleName(self.tr("Dismiss message"))
        close.clicked.connect(self.hide)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 6, 6)
        lay.addWidget(self.label, 1)
        lay.addWidget(close)
        self.setAutoFillBackground(True)
        self.hide()

    def show_message(self, text: str, kind: str = "error") -> None:
        colour = {"error": "#fce8e6", "info": "#e8f0fe", "warning": "#fef7e0"}[kind]
        self.setStyleSheet(f"background: {colour}; color: #202124;")
        self.label.setText(text)
        self.show()


class ThumbnailStrip(QListWidget):
    """Photos of an opened folder; arrow keys step through them."""

    file_chosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(False)
        self.setIconSize(QSize(72, 72))
        self.setFixedHeight(112)
        self.setAccessibleName(self.tr("Photos in folder"))
        self.currentItemChanged.connect(self._changed)
        self.hide()

    def set_files(self, files: list[Path], thumbs: dict) -> None:
        self.blockSignals(True)
        self.clear()
        for f in files:
            item = QListWidgetItem(f.name[:18])
            item.setData(Qt.ItemDataRole.UserRole, str(f))
            item.setToolTip(str(f))
            if f in thumbs:
                item.setIcon(QIcon(to_pixmap(thumbs[f])))
            self.addItem(item)
        self.blockSignals(False)
        self.setVisible(bool(files))

    def _changed(self, cur, _prev) -> None:
        if cur is not None:
            self.file_chosen.emit(cur.data(Qt.ItemDataRole.UserRole))

    def step(self, delta: int) -> None:
        if self.count():
            self.setCurrentRow(max(0, min(self.count() - 1, self.currentRow() + delta)))


class ModelInfoDialog(QDialog):
    def __init__(self, entries, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("About the models"))
        self.resize(760, 640)
        text = QTextBrowser()
        text.setOpenExternalLinks(False)
        parts = []
        from inference.registry import read_card

        for e in entries:
            card = read_card(e)
            parts.append(card if card is not None else f"# {e.manifest.display_name}\n\n(no signed model card)")
        text.setMarkdown("\n\n---\n\n".join(parts) or self.tr("No model installed."))
        text.setAccessibleName(self.tr("Model card"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(text)
        lay.addWidget(buttons)

"""Small widgets: the error banner, the thumbnail strip, the model information dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon
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

NOTICE_STYLE = "background:#fff4e5;color:#8a4b00;padding:4px;font-weight:bold"


def notice_label() -> QLabel:
    """The standing not-a-diagnosis notice at the top of a tab or dialog (one style everywhere)."""
    from desktop.i18n import core
    from inference.analysis import NOTICE

    label = QLabel(core(NOTICE))
    label.setWordWrap(True)
    label.setStyleSheet(NOTICE_STYLE)
    label.setAccessibleName(label.tr("Notice"))
    return label


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
        self.setGridSize(QSize(118, 112))  # icon, then the triage badge and the name
        self.setWordWrap(True)
        self.setFixedHeight(132)
        self.setAccessibleName(self.tr("Photos in folder"))
        self.currentItemChanged.connect(self._changed)
        self.hide()

    def set_files(self, files: list[Path], thumbs: dict) -> None:
        self.set_entries([(str(f), f.name, str(f), thumbs.get(f)) for f in files])

    def set_entries(self, entries: list[tuple[str, str, str, object]]) -> None:
        """(key, label, tooltip, thumbnail RGB or None); file_chosen emits the key."""
        self.blockSignals(True)
        self.clear()
        for key, label, tip, thumb in entries:
            item = QListWidgetItem(label[:18])
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(tip)
            if thumb is not None:
                item.setIcon(QIcon(to_pixmap(thumb)))
            self.addItem(item)
        self.blockSignals(False)
        self.setVisible(bool(entries))

    def select_key(self, key: str) -> None:
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == key:
                self.setCurrentRow(i)

    def set_badge(self, key: str, text: str, colour: str) -> None:
        """A triage badge under a thumbnail (the folder's results)."""
        for i in range(self.count()):
            item = self.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                item.setText(f"{text}\n{item.toolTip().rsplit('/', 1)[-1][:16]}")
                item.setForeground(QColor(colour))

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
        from desktop.model_info import clinician_summary
        from inference.registry import default_model_id, read_card

        default = default_model_id()
        for e in entries:
            card = read_card(e)
            parts.append(clinician_summary(e.manifest.raw, e.id == default))
            full = self.tr("The full model card, for technicians")
            parts.append(f"### {full}\n\n" + (card if card is not None else "(no signed model card)"))
        text.setMarkdown("\n\n---\n\n".join(parts) or self.tr("No model installed."))
        text.setAccessibleName(self.tr("Model card"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(text)
        lay.addWidget(buttons)


class HeatLegend(QWidget):
    """Under the photo: which class the heatmap explains, with its probability, and the colour scale."""

    def __init__(self, parent=None):
        super().__init__(parent)
        import numpy as np

        from inference.imaging import jet

        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("Heatmap legend"))
        bar = QLabel()
        ramp = jet(np.linspace(0, 1, 160, dtype=np.float32))[None].repeat(12, axis=0)
        bar.setPixmap(to_pixmap(np.ascontiguousarray(ramp)))
        bar.setToolTip(self.tr("Colour scale: blue = used a little, red = used most"))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 2, 6, 2)
        lay.addWidget(self.label, 1)
        lay.addWidget(QLabel(self.tr("little")))
        lay.addWidget(bar)
        lay.addWidget(QLabel(self.tr("most")))
        self.hide()

    def set_class(self, name: str | None, probability: float = 0.0, predicted: bool = True) -> None:
        if name is None:
            self.hide()
            return
        self.label.setText(
            self.tr("Heatmap: regions the model used for <b>{0}</b> ({1:.0%}){2}").format(
                name,
                probability,
                "" if predicted else self.tr("; drawn fainter in proportion to its probability"),
            )
        )
        self.show()

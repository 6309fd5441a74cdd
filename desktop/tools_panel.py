"""Field-of-view crop, gamma and heatmap controls. Public API: past-tense signals."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import class_name
from desktop.widgets import notice_label
from inference.classes import CLASS_KEYS


class ToolsPanel(QWidget):
    auto_fov_requested = Signal()
    lesion_centre_requested = Signal()
    manual_crop_toggled = Signal(bool)
    crop_reset = Signal()
    gamma_changed = Signal(float)
    auto_gamma_requested = Signal()
    heatmap_toggled = Signal(bool)
    opacity_changed = Signal(float)
    heatmap_class_changed = Signal(object)  # int class index, or None for the predicted class
    side_by_side_toggled = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        notice = notice_label()
        lay.addWidget(notice)
        # Field of view
        fov = QGroupBox(self.tr("Field of view"))
        f = QVBoxLayout(fov)
        self.auto_fov = QPushButton(self.tr("Detect dermatoscope circle"))
        self.centre = QPushButton(self.tr("Centre on lesion"))
        self.manual = QPushButton(self.tr("Manual crop"))
        self.manual.setCheckable(True)
        # While the rectangle is edited the button reads "Apply crop"; Cancel leaves the crop as it was
        # (issue 31.5: the manual crop had no Apply). Nothing is analysed until it is applied.
        self.cancel_crop = QPushButton(self.tr("Cancel crop"))
        self.cancel_crop.hide()
        self._cancelled = False
        self.reset_crop = QPushButton(self.tr("Reset crop"))
        for b, name in (
            (self.auto_fov, "Detect field of view"),
            (self.centre, "Centre on lesion"),
            (self.manual, "Manual crop rectangle"),
            (self.cancel_crop, "Cancel crop"),
            (self.reset_crop, "Reset crop"),
        ):
            b.setAccessibleName(self.tr(name))
            f.addWidget(b)
        self.crop_label = QLabel(self.tr("Whole photo"))
        f.addWidget(self.crop_label)
        lay.addWidget(fov)
        # Gamma
        gam = QGroupBox(self.tr("Brightness (gamma)"))
        g = QVBoxLayout(gam)
        row = QHBoxLayout()
        self.gamma = QSlider(Qt.Orientation.Horizontal)
        self.gamma.setRange(50, 250)
        self.gamma.setValue(100)
        self.gamma.setAccessibleName(self.tr("Gamma"))
        self.gamma_value = QLabel("1.00")
        row.addWidget(self.gamma, 1)
        row.addWidget(self.gamma_value)
        g.addLayout(row)
        hint = QLabel(
            self.tr("1.2-1.5 often helps dark phone photos. The model analyses the dashed square on the photo.")
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5f6368;")
        g.addWidget(hint)
        row2 = QHBoxLayout()
        self.auto_gamma = QPushButton(self.tr("Automatic"))
        self.reset_gamma = QPushButton(self.tr("Reset"))
        self.auto_gamma.setAccessibleName(self.tr("Automatic gamma"))
        self.reset_gamma.setAccessibleName(self.tr("Reset gamma"))
        row2.addWidget(self.auto_gamma)
        row2.addWidget(self.reset_gamma)
        g.addLayout(row2)
        lay.addWidget(gam)
        # Heatmap
        heat = QGroupBox(self.tr("Heatmap"))
        h = QVBoxLayout(heat)
        self.show_heat = QCheckBox(self.tr("Show heatmap (H)"))
        self.show_heat.setChecked(True)
        self.side = QCheckBox(self.tr("Side by side with the original"))
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(45)
        self.opacity.setAccessibleName(self.tr("Heatmap opacity"))
        self.heat_class = QComboBox()
        self.heat_class.setAccessibleName(self.tr("Heatmap class"))
        self.heat_class.addItem(self.tr("Predicted class"), None)
        for i, k in enumerate(CLASS_KEYS):
            self.heat_class.addItem(class_name(k), i)
        h.addWidget(self.show_heat)
        h.addWidget(self.side)
        h.addWidget(QLabel(self.tr("Opacity")))
        h.addWidget(self.opacity)
        h.addWidget(QLabel(self.tr("Show regions used for")))
        h.addWidget(self.heat_class)
        lay.addWidget(heat)
        lay.addStretch(1)

        self.auto_fov.clicked.connect(self.auto_fov_requested)
        self.centre.clicked.connect(self.lesion_centre_requested)
        self.manual.toggled.connect(self._manual_toggled)
        self.cancel_crop.clicked.connect(self.cancel_editing)
        self.reset_crop.clicked.connect(self.crop_reset)
        self.gamma.valueChanged.connect(self._gamma_moved)
        self.auto_gamma.clicked.connect(self.auto_gamma_requested)
        self.reset_gamma.clicked.connect(lambda: self.set_gamma(1.0))
        self.show_heat.toggled.connect(self.heatmap_toggled)
        self.side.toggled.connect(self.side_by_side_toggled)
        self.opacity.valueChanged.connect(lambda v: self.opacity_changed.emit(v / 100))
        self.heat_class.currentIndexChanged.connect(
            lambda _: self.heatmap_class_changed.emit(self.heat_class.currentData())
        )

    def _manual_toggled(self, on: bool) -> None:
        self.manual.setText(self.tr("Apply crop") if on else self.tr("Manual crop"))
        self.cancel_crop.setVisible(on)
        self.manual_crop_toggled.emit(on)

    def cancel_editing(self) -> None:
        """Leave the manual crop without applying what was drawn."""
        if self.manual.isChecked():
            self._cancelled = True
            self.manual.setChecked(False)

    def take_cancelled(self) -> bool:
        """True once after cancel_editing (the window asks when the editing ends)."""
        was, self._cancelled = self._cancelled, False
        return was

    def _gamma_moved(self, v: int) -> None:
        self.gamma_value.setText(f"{v / 100:.2f}")
        self.gamma_changed.emit(v / 100)

    def set_gamma(self, g: float) -> None:
        self.gamma.setValue(round(g * 100))

    def set_crop_text(self, box, pending: bool = False) -> None:
        text = (
            self.tr("Whole photo")
            if box is None
            else self.tr("Crop {0} x {1} at ({2}, {3})").format(box[2], box[3], box[0], box[1])
        )
        self.crop_label.setText(text + (self.tr(" (not applied yet)") if pending else ""))

"""Follow-up comparison: two visits of one lesion side by side, large, with synced zoom and pan,
each visit's stored heatmap, triage and malignant probability, and the change between them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
)

from desktop.i18n import label
from desktop.image_view import ImageView
from desktop.qt_utils import readable_date
from desktop.widgets import notice_label
from inference.adjust import apply_gamma, crop
from inference.cam import overlay


def model_names(model_ids: str) -> str:
    """Display names of the stored model ids ('a+b' for an ensemble); the id where unknown."""
    from inference.registry import list_models

    names = {e.id: e.manifest.display_name for e in list_models()[0]}
    return " + ".join(names.get(m, m) for m in model_ids.split("+"))


def visit_text(im: dict, a: dict | None) -> str:
    when = readable_date(im.get("captured_at") or im.get("created_at"), with_time=True)
    if a is None:
        return when + "\n" + QCoreApplication.translate("FollowUpDialog", "Not analysed")
    return QCoreApplication.translate("FollowUpDialog", "{0}\n{1} · malignant probability {2:.0%}\nModel: {3}").format(
        when, label(a["triage"]), a["malignant_probability"], model_names(a["model_id"])
    )


def change_text(a: dict | None, b: dict | None) -> str:
    if a is None or b is None:
        return QCoreApplication.translate("FollowUpDialog", "Change: one of the visits has no analysis.")
    d = b["malignant_probability"] - a["malignant_probability"]
    trend = (
        QCoreApplication.translate("FollowUpDialog", "higher")
        if d > 0.05
        else QCoreApplication.translate("FollowUpDialog", "lower")
        if d < -0.05
        else QCoreApplication.translate("FollowUpDialog", "about the same")
    )
    triage = (
        QCoreApplication.translate("FollowUpDialog", "triage {0} -> {1}").format(label(a["triage"]), label(b["triage"]))
        if a["triage"] != b["triage"]
        else QCoreApplication.translate("FollowUpDialog", "triage unchanged ({0})").format(label(a["triage"]))
    )
    same = (
        ""
        if a["model_id"] == b["model_id"]
        else QCoreApplication.translate("FollowUpDialog", " Different models: compare with care.")
    )
    # Percentage points, with both values: 19 % -> 38 % is +19 points, not "+19 %" (issue 31.11).
    return QCoreApplication.translate(
        "FollowUpDialog", "Change: malignant probability {0:.0%} -> {1:.0%} ({2:+.0f} percentage points, {3}); {4}.{5}"
    ).format(a["malignant_probability"], b["malignant_probability"], round(d * 100), trend, triage, same)


class FollowUpDialog(QDialog):
    def __init__(self, store, case: dict, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Follow-up: {0}").format(case["pseudonym"]))
        self.store, self.images = store, case["images"]
        grid = QGridLayout()
        self.pickers, self.views, self.texts = [], [], []
        for col in range(2):
            pick = QComboBox()
            pick.setAccessibleName(self.tr("Visit {0}").format(col + 1))
            for im in self.images:
                pick.addItem(
                    readable_date(im.get("captured_at") or im["created_at"], True) + f"  {im['original_name']}"
                )
            pick.setCurrentIndex(0 if col == 0 else len(self.images) - 1)
            view, text = ImageView(), QLabel()
            view.setMinimumSize(360, 320)
            text.setWordWrap(True)
            grid.addWidget(pick, 0, col)
            grid.addWidget(view, 1, col)
            grid.addWidget(text, 2, col)
            self.pickers.append(pick)
            self.views.append(view)
            self.texts.append(text)
        grid.setRowStretch(1, 1)
        self.views[0].link(self.views[1])
        self.heat = QCheckBox(self.tr("Show each visit's heatmap"))
        self.heat.setChecked(True)
        self.change = QLabel()
        self.change.setWordWrap(True)
        self.change.setStyleSheet("font-weight: bold;")
        notice = notice_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(grid, 1)
        lay.addWidget(self.heat)
        lay.addWidget(self.change)
        lay.addWidget(notice)
        lay.addWidget(buttons)
        for pick in self.pickers:
            pick.currentIndexChanged.connect(lambda _i: self.refresh())
        self.heat.toggled.connect(lambda _on: self.refresh())
        screen = self.screen().availableGeometry() if self.screen() else None
        self.resize(
            min(1200, screen.width() - 40) if screen else 1200, min(820, screen.height() - 60) if screen else 820
        )
        self.refresh()

    def latest(self, i: int) -> dict | None:
        analyses = self.images[i]["analyses"]
        return analyses[-1] if analyses else None

    def refresh(self) -> None:
        for col, pick in enumerate(self.pickers):
            i = pick.currentIndex()
            im, a = self.images[i], self.latest(i)
            rgb = apply_gamma(crop(self.store.image_rgb(im["sha256"]), im["crop_box"]), im["gamma"] or 1.0)
            if self.heat.isChecked() and a and a.get("heatmap_sha256") and a["triage"] != "cannot_assess":
                rgb = overlay(rgb, self.store.heatmap(a["heatmap_sha256"]))
            self.views[col].set_image(rgb, keep_view=False)
            self.texts[col].setText(visit_text(im, a))
        a, b = (self.latest(p.currentIndex()) for p in self.pickers)
        self.change.setText(change_text(a, b))

"""What the model says: triage line, malignant probability vs threshold, bars per class,
warnings, model name and the standing not-a-diagnosis notice."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from desktop.i18n import class_name, core, label, message, reason
from desktop.qt_utils import readable_date
from inference.analysis import NOTICE, Analysis
from inference.classes import CLASS_KEYS, MALIGNANT
from inference.guidance import NEXT_STEPS, condition_markdown
from inference.triage import CANNOT_ASSESS, OOD_REASONS

# A refusal means refer: it is coloured as a referral, never a reassuring grey.
TRIAGE_COLOURS = {"urgent_referral": "#b3261e", "referral": "#c26a00", "monitor": "#1e7b34", "cannot_assess": "#c26a00"}


class ProbabilityBars(QWidget):
    """One horizontal bar per class, largest first; malignant classes in red."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.probs: list[tuple[str, float]] = []
        self.setMinimumHeight(7 * 26 + 8)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Probability per diagnosis"))

    def set_probabilities(self, probs) -> None:
        self.probs = (
            sorted(((k, float(p)) for k, p in zip(CLASS_KEYS, probs, strict=True)), key=lambda kv: -kv[1])
            if probs is not None
            else []
        )
        self.setAccessibleDescription("; ".join(f"{class_name(k)} {p:.0%}" for k, p in self.probs))
        self.update()

    def paintEvent(self, _):
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w = self.width()
        fm = p.fontMetrics()
        label_w = min(max((fm.horizontalAdvance(class_name(k)) for k, _ in self.probs), default=0) + 10, int(w * 0.6))
        for i, (k, prob) in enumerate(self.probs):
            y = 4 + i * 26
            p.setPen(self.palette().windowText().color())
            name = fm.elidedText(class_name(k), Qt.TextElideMode.ElideRight, label_w - 8)
            p.drawText(QRectF(0, y, label_w - 6, 22), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, name)
            bar_w = max(1.0, (w - label_w - 52) * prob)
            colour = QColor("#c5221f") if k in MALIGNANT else QColor("#1a73e8")
            p.fillRect(QRectF(label_w, y + 4, bar_w, 14), colour)
            p.drawText(QRectF(label_w + bar_w + 4, y, 48, 22), Qt.AlignmentFlag.AlignVCenter, f"{prob:.0%}")
        p.end()


class MalignantGauge(QWidget):
    """Malignant probability on a 0-100 % track with the model's referral and urgent thresholds."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.value = None
        self.threshold = self.urgent = None
        self.setMinimumHeight(44)
        self.setAccessibleName(self.tr("Malignant probability"))

    def set_values(self, value, threshold, urgent) -> None:
        self.value, self.threshold, self.urgent = value, threshold, urgent
        if value is not None:
            self.setAccessibleDescription(f"{value:.0%}; referral threshold {threshold:.0%}")
        self.update()

    def paintEvent(self, _):
        if self.value is None:
            return
        p = QPainter(self)
        w = self.width() - 8
        track = QRectF(4, 8, w, 12)
        p.fillRect(track, QColor("#e8eaed"))
        p.fillRect(QRectF(4, 8, w * self.value, 12), QColor("#c5221f"))
        for t, name in ((self.threshold, self.tr("refer")), (self.urgent, self.tr("urgent"))):
            x = 4 + w * t
            p.setPen(QPen(QColor("#202124"), 2))
            p.drawLine(int(x), 4, int(x), 24)
            p.setFont(QFont(p.font().family(), 8))
            left = min(max(0.0, x - 30), self.width() - 60.0)  # a threshold near 0 % keeps its label whole
            p.drawText(QRectF(left, 24, 60, 16), Qt.AlignmentFlag.AlignHCenter, name)
        p.end()


class ResultsPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.next_steps = dict(NEXT_STEPS)  # the clinic's own, set from the window's settings
        lay = QVBoxLayout(self)
        self.stored = QLabel()
        self.stored.setWordWrap(True)
        self.stored.setStyleSheet("background: #e8f0fe; padding: 6px;")
        self.stored.setAccessibleName(self.tr("Saved result"))
        self.stored.hide()
        lay.addWidget(self.stored)
        self.save_analysis = QPushButton(self.tr("Save analysis to case"))
        self.save_analysis.setToolTip(self.tr("Add this new analysis to the saved case (the old one is kept)"))
        self.save_analysis.hide()
        lay.addWidget(self.save_analysis)
        self.triage = QLabel(self.tr("Open or capture a photo to start."))
        self.triage.setWordWrap(True)
        self.triage.setAccessibleName(self.tr("Triage result"))
        f = self.triage.font()
        f.setPointSize(f.pointSize() + 4)
        f.setBold(True)
        self.triage.setFont(f)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.next_step = QLabel()
        self.next_step.setWordWrap(True)
        self.next_step.setAccessibleName(self.tr("Next step"))
        # Shown when the refusal is a dermatoscope's dark rim: the crop that lets it be assessed.
        self.crop_rim = QPushButton(self.tr("Crop to dermatoscope circle"))
        self.crop_rim.setToolTip(self.tr("Crop the photo to the lit circle of the dermatoscope and analyse again"))
        self.crop_rim.hide()
        self.condition = QLabel()
        self.condition.setWordWrap(True)
        self.condition.setTextFormat(Qt.TextFormat.MarkdownText)
        self.condition.setAccessibleName(self.tr("About the most likely class"))
        self.malignant = QLabel()
        self.malignant.setWordWrap(True)
        self.gauge = MalignantGauge()
        self.bars = ProbabilityBars()
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a4b00;")
        self.gate = QLabel()
        self.gate.setWordWrap(True)
        self.gate.setStyleSheet("color: #5f6368;")
        self.gate.setAccessibleName(self.tr("Quality measurements"))
        self.model = QLabel()
        self.model.setWordWrap(True)
        self.model.setStyleSheet("color: #5f6368;")
        self.notice = QLabel(core(NOTICE))
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("background: #fff4e5; border: 1px solid #f29900; padding: 6px;")
        self.notice.setAccessibleName(self.tr("Notice"))
        for w in (
            self.triage,
            self.reason,
            self.crop_rim,
            self.next_step,
            self.malignant,
            self.gauge,
            self.bars,
            self.condition,
            self.warnings,
            self.gate,
            self.model,
        ):
            lay.addWidget(w)
        lay.addStretch(1)
        lay.addWidget(self.notice)

    def show_busy(self) -> None:
        self.triage.setText(self.tr("Analysing..."))
        self.triage.setStyleSheet("color: #5f6368;")

    def clear(self, message: str = "") -> None:
        self.triage.setText(message or self.tr("Open or capture a photo to start."))
        self.triage.setStyleSheet("")
        for w in (self.reason, self.next_step, self.condition, self.malignant, self.warnings, self.gate, self.model):
            w.clear()
        self.next_step.setStyleSheet("")
        self.crop_rim.hide()
        self.bars.set_probabilities(None)
        self.gauge.set_values(None, None, None)

    def show_analysis(self, a: Analysis) -> None:
        self.triage.setText(label(a.triage))
        self.triage.setStyleSheet(f"color: {TRIAGE_COLOURS[a.triage]};")
        self.reason.setText(reason(a))
        self.crop_rim.setVisible(a.triage == "cannot_assess" and a.reason == OOD_REASONS["rim"])
        colour = TRIAGE_COLOURS[a.triage]
        self.next_step.setText(self.tr("Next step: {0}").format(core(self.next_steps.get(a.triage, ""))))
        self.next_step.setStyleSheet(f"border-left: 4px solid {colour}; padding: 4px 8px; font-weight: bold;")
        assessable = a.triage != "cannot_assess"
        self.condition.setText(self.condition_text(a) if assessable else "")
        self.malignant.setText(
            self.tr("Malignant probability (melanoma + basal cell carcinoma + actinic keratosis): {0:.0%}").format(
                a.malignant_probability
            )
            if assessable
            else ""
        )
        self.gauge.set_values(a.malignant_probability if assessable else None, a.referral_threshold, a.urgent_threshold)
        self.bars.set_probabilities(a.probabilities if assessable else None)
        self.warnings.setText("\n".join(f"\u26a0 {message(w)}" for w in a.warnings))
        q = a.quality.values
        classified = {p.model_id for p in a.predictions}
        ood = "; ".join(
            f"{o.feature_score:.0f} / {o.feature_threshold:.0f}"
            + ("" if o.appearance_score is None else f", look {o.appearance_score:.1f} / {o.appearance_threshold:.1f}")
            + ("" if o.model_id in classified else self.tr(" (the default model's check)"))
            for o in a.ood
        )
        gated = [  # round 8: the look counts only where the network's distance is above a share of its limit
            self.tr("the look counts only with a distance above {0:.0f}").format(
                o.appearance_needs_features * o.feature_threshold
            )
            for o in a.ood
            if o.appearance_score is not None and o.appearance_needs_features
        ]
        self.gate.setText(self.checks_text(a))
        self.gate.setToolTip(
            self.tr(
                "Measurements: sharpness {0:.0f}, brightness {1:.0f}, glare {2:.1%}, colour {3:.0f}, "
                "lesion area {4:.0%}, hair {5:.1%}; not-a-lesion distance {6} (limit)"
            ).format(
                q["sharpness"],
                q["centre_luminance"],
                q["clipped_fraction"],
                q["colourfulness"],
                q["lesion_area"],
                q["hair"],
                ood,
            )
            + "".join(f"; {t}" for t in dict.fromkeys(gated))
        )
        versions = ", ".join(
            self.tr("{0} v{1} on {2}").format(p.model_name, p.model_version, p.device) for p in a.predictions
        )
        ita = (
            self.tr("; skin tone ITA {0:.0f}\u00b0 ({1})").format(a.ita, core(a.ita_band)) if a.ita is not None else ""
        )
        if a.profile_label:  # inference/profile.py: the model as fitted to this clinic, said on every result
            versions += self.tr(", fitted to this clinic on {0} cases ({1})").format(
                a.profile["n_cases"], a.profile["created_at"][:10]
            )
        self._model_line = (versions, ita)
        self.show_elapsed(a, a.seconds)

    def show_elapsed(self, a: Analysis, seconds: float) -> None:
        """The model line with the time the user waited for this result (the window measures it from
        opening the photo or changing the crop; the analysis alone is a.seconds)."""
        versions, ita = self._model_line
        self.model.setText(self.tr("Model: {0}. Analysed in {1}{2}.").format(versions, duration(seconds), ita))

    def checks_text(self, a: Analysis) -> str:
        """The photo checks in words a nurse reads at a glance; the measurements are in the tooltip."""
        if a.triage == CANNOT_ASSESS:
            return self.tr("Photo checks: this photo could not be assessed (the reason is above).")
        ratio = max((o.ratio for o in a.ood), default=0.0)
        how = (
            self.tr("clearly like the skin lesions the model was trained on")
            if ratio < 0.5
            else self.tr("like the skin lesions the model was trained on, though less typical")
        )
        return self.tr(
            "Photo checks passed: sharp enough, lit well enough, little glare. It looks {0} "
            "({1:.0%} of the way to the not-a-lesion limit). Hover for the measurements."
        ).format(how, ratio)

    def condition_text(self, a: Analysis) -> str:
        """What the most likely class is, with its probability; when rare classes' correction picks
        another class than the tallest bar, both are named, so the bars and the words tell one story.
        What to do is only the next step above (one outcome, one next step)."""
        top = int(a.probabilities.argmax())
        p = a.probabilities
        if a.predicted_index == top:
            return self.tr("Most likely ({0:.0%}): ").format(p[top]) + condition_markdown(a.predicted, core)
        return self.tr(
            "Most likely once the rarity of each class is allowed for ({0:.0%}; the tallest bar, "
            "{1} at {2:.0%}, is the plain probability): "
        ).format(p[a.predicted_index], class_name(CLASS_KEYS[top]), p[top]) + condition_markdown(a.predicted, core)

    def show_stored(self, stored: dict | None, model_name: str = "") -> None:
        """The result saved with a case's photo, shown above the fresh analysis of the same photo."""
        a = (stored or {}).get("analysis")
        self.save_analysis.setVisible(bool(stored))
        if not stored:
            self.stored.hide()
            return
        if a is None:
            self.stored.setText(self.tr("Saved case photo; it was saved without an analysis."))
        else:
            self.stored.setText(
                self.tr(
                    "Saved result ({0}, {1}): <b>{2}</b>, malignant probability {3:.0%}. Below: this "
                    "photo analysed again now with the chosen model (not saved unless you press "
                    "'Save analysis to case')."
                ).format(
                    readable_date(a["created_at"], True),
                    model_name or a["model_id"],
                    label(a["triage"]),
                    a["malignant_probability"],
                )
            )
        self.stored.show()


def duration(seconds: float) -> str:
    """'220 ms' under a second, '6.1 s' above."""
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"

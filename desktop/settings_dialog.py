"""Settings: the clinic's own next step for each outcome, the language, and whether photos are
cropped to the dermatoscope's lit circle."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop.i18n import core, label
from inference.guidance import NEXT_STEPS
from inference.triage import OUTCOMES

LANGUAGES = (("en", "English"), ("es", "Español"))


def next_steps(settings) -> dict[str, str]:
    """The defaults, replaced by what the clinic set (blank = the default)."""
    return {o: (str(settings.value(f"next_steps/{o}", "") or "").strip() or NEXT_STEPS[o]) for o in OUTCOMES}


def crop_fov_on(settings) -> bool:
    """Whether every new photo is cropped to the dermatoscope's lit circle when one is found."""
    return str(settings.value("crop_fov", "false")).lower() in ("true", "1")


def profile_text() -> str:
    """The default model's clinic profile in a line (inference/profile.py)."""
    from PySide6.QtCore import QCoreApplication

    from inference import profile as P
    from inference.errors import DermaTriageError
    from inference.registry import default_model_id, find_model, verify

    try:
        m = verify(find_model(default_model_id() or ""))
        prof = P.load(m.manifest.id, m.manifest.onnx_sha256, m.ood_arrays)
    except P.ProfileError as e:
        return QCoreApplication.translate("SettingsDialog", "Clinic profile: not used ({0}).").format(e)
    except DermaTriageError:
        return QCoreApplication.translate("SettingsDialog", "Clinic profile: no default model.")
    if prof is None:
        return QCoreApplication.translate(
            "SettingsDialog", "Clinic profile: none; the bundled model is used as shipped."
        )
    return QCoreApplication.translate("SettingsDialog", "Clinic profile: the default model is {0}.").format(prof.label)


class SettingsDialog(QDialog):
    def __init__(self, settings, parent=None, fit_to_clinic=None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Settings"))
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.value("language", "en"))))
        form.addRow(self.tr("Language"), self.language)
        lay.addLayout(form)
        hint = QLabel(self.tr("The language changes the next time DermaTriage starts."))
        hint.setStyleSheet("color: #5f6368;")
        lay.addWidget(hint)
        self.crop_fov = QCheckBox(self.tr("Our dermatoscope shows a dark circle: crop every photo to its lit circle"))
        self.crop_fov.setToolTip(
            self.tr("The models learnt from photos without the dark rim; photos without one are not changed")
        )
        self.crop_fov.setChecked(crop_fov_on(settings))
        lay.addWidget(self.crop_fov)
        if fit_to_clinic is not None:  # the clinic profile in use, and the way to fit or remove it
            row = QHBoxLayout()
            self.profile = QLabel(profile_text())
            self.profile.setWordWrap(True)
            button = QPushButton(self.tr("Fit to this clinic / remove..."))
            button.clicked.connect(lambda: (fit_to_clinic(), self.profile.setText(profile_text())))
            row.addWidget(self.profile, 1)
            row.addWidget(button)
            lay.addLayout(row)
        lay.addWidget(QLabel(self.tr("<b>Next steps</b>: what your clinic does after each result (who, how soon).")))
        steps = QFormLayout()
        self.steps = {}
        current = {o: core(t) for o, t in next_steps(settings).items()}
        for o in OUTCOMES:
            edit = QPlainTextEdit(current[o])
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(64)
            edit.setAccessibleName(self.tr("Next step for {0}").format(label(o)))
            self.steps[o] = edit
            steps.addRow(label(o), edit)
        lay.addLayout(steps)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.defaults)
        lay.addWidget(buttons)
        self.resize(620, 520)

    def defaults(self) -> None:
        for o, edit in self.steps.items():
            edit.setPlainText(NEXT_STEPS[o])

    def save(self) -> None:
        for o, edit in self.steps.items():
            text = " ".join(edit.toPlainText().split())[:400]
            self.settings.setValue(f"next_steps/{o}", "" if text == NEXT_STEPS[o] else text)
        self.settings.setValue("language", self.language.currentData())
        self.settings.setValue("crop_fov", self.crop_fov.isChecked())
        self.accept()

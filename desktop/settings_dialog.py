"""Settings: the clinic's own next step for each outcome, and the language."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
)

from desktop.i18n import core, label
from inference.guidance import NEXT_STEPS
from inference.triage import OUTCOMES

LANGUAGES = (("en", "English"), ("es", "Español"))


def next_steps(settings) -> dict[str, str]:
    """The defaults, replaced by what the clinic set (blank = the default)."""
    return {o: (str(settings.value(f"next_steps/{o}", "") or "").strip() or NEXT_STEPS[o]) for o in OUTCOMES}


class SettingsDialog(QDialog):
    def __init__(self, settings, parent=None):
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
        self.accept()

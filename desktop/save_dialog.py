"""Save case: pseudonym and body site (a fixed list that maps to ISIC anatom_site_general and
SNOMED CT, left / right for paired sites, plus free text). Also used to edit a saved case."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cases.body_sites import BY_KEY, SITES, parse
from desktop.i18n import core

SIDES = (("", "Not paired / midline"), ("left", "Left"), ("right", "Right"))


def site_text(key: str | None, side: str, detail: str) -> str:
    """'Left forearm, dorsal side': what is stored (cases.body_sites.parse reads it back)."""
    if not key:
        return detail.strip()
    site = BY_KEY[key]
    label = site.label.split(" /")[0].replace(" (other)", "")
    text = f"{side.capitalize()} {label.lower()}" if side and site.paired else label
    return f"{text}, {detail.strip()}" if detail.strip() else text


class SaveCaseDialog(QDialog):
    def __init__(self, parent=None, title: str = "", pseudonym: str = "", body_site: str = "", author: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("Save case"))
        lay = QVBoxLayout(self)
        notice = QLabel(self.tr("Use a pseudonym such as the clinic number. Never a name."))
        notice.setWordWrap(True)
        lay.addWidget(notice)
        form = QFormLayout()
        self.pseudonym = QLineEdit(pseudonym)
        self.pseudonym.setPlaceholderText(self.tr("e.g. clinic number 2026-0142"))
        self.pseudonym.setAccessibleName(self.tr("Patient pseudonym"))
        self.pseudonym.setMaxLength(200)
        form.addRow(self.tr("Patient"), self.pseudonym)
        self.name_warning = QLabel(
            self.tr("This looks like a person's name. Use the clinic number instead; press Save again to keep it.")
        )
        self.name_warning.setWordWrap(True)
        self.name_warning.setStyleSheet("color:#b3261e;font-weight:bold")
        self.name_warning.setVisible(False)
        form.addRow("", self.name_warning)
        self._name_confirmed = ""
        self.site = QComboBox()
        self.site.setAccessibleName(self.tr("Body site"))
        self.site.addItem(self.tr("(choose)"), None)
        for s in SITES:
            self.site.addItem(core(s.label), s.key)
        form.addRow(self.tr("Body site"), self.site)
        sides = QWidget()
        srow = QHBoxLayout(sides)
        srow.setContentsMargins(0, 0, 0, 0)
        self.side_group = QButtonGroup(self)
        self.side_buttons = {}
        for value, label in SIDES:
            b = QRadioButton(core(label))
            b.setProperty("side", value)
            self.side_group.addButton(b)
            self.side_buttons[value] = b
            srow.addWidget(b)
        self.side_buttons[""].setChecked(True)
        form.addRow(self.tr("Side"), sides)
        self.detail = QLineEdit()
        self.detail.setPlaceholderText(self.tr("more detail, e.g. 3 cm below the elbow"))
        self.detail.setAccessibleName(self.tr("Body site detail"))
        self.detail.setMaxLength(120)
        form.addRow(self.tr("Detail"), self.detail)
        self.author = QLineEdit(author)
        self.author.setAccessibleName(self.tr("Saved by"))
        self.author.setPlaceholderText(self.tr("your initials"))
        form.addRow(self.tr("Saved by"), self.author)
        lay.addLayout(form)
        self.preview = QLabel()
        self.preview.setStyleSheet("color: #5f6368;")
        lay.addWidget(self.preview)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._prefill(body_site)
        self.site.currentIndexChanged.connect(self._update)
        self.side_group.buttonToggled.connect(lambda *_: self._update())
        self.detail.textChanged.connect(self._update)
        self.pseudonym.textChanged.connect(self._check_name)
        self._update()
        self._check_name()
        self.pseudonym.setFocus()

    def _check_name(self) -> None:
        from cases.pseudonyms import looks_like_name

        self.name_warning.setVisible(looks_like_name(self.pseudonym.text()))

    def _save(self) -> None:
        """A pseudonym that looks like a name is kept only when Save is pressed a second time for it."""
        from cases.pseudonyms import looks_like_name

        text = self.pseudonym.text().strip()
        if looks_like_name(text) and self._name_confirmed != text:
            self._name_confirmed = text
            self.name_warning.setVisible(True)
            self.pseudonym.setFocus()
            return
        self.accept()

    def _prefill(self, body_site: str) -> None:
        site, side = parse(body_site)
        if site is None:
            self.detail.setText(body_site)
            return
        self.site.setCurrentIndex(self.site.findData(site.key))
        self.side_buttons[{"L": "left", "R": "right"}.get(side, "")].setChecked(True)
        rest = body_site.split(",", 1)
        self.detail.setText(rest[1].strip() if len(rest) == 2 else "")

    def _side(self) -> str:
        b = self.side_group.checkedButton()
        return b.property("side") if b else ""

    def _update(self) -> None:
        key = self.site.currentData()
        paired = bool(key) and BY_KEY[key].paired
        for value, b in self.side_buttons.items():
            b.setEnabled(paired or value == "")
        if not paired:
            self.side_buttons[""].setChecked(True)
        text = self.body_site()
        self.preview.setText(self.tr("Stored as: {0}").format(text) if text else self.tr("No body site"))

    def body_site(self) -> str:
        return site_text(self.site.currentData(), self._side(), self.detail.text())

    def values(self) -> dict:
        return {"pseudonym": self.pseudonym.text().strip(), "body_site": self.body_site(), "author": self.author.text()}

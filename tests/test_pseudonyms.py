"""Issue 31, item 4: a pseudonym that looks like a person's name is warned about before it is
saved, never used in a file name or a PDF title, and DICOM's de-identification flag is true."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

from cases.pseudonyms import looks_like_name


@pytest.mark.parametrize(
    "text", ["Maria Lopez", "LOPEZ, Maria", "José María García-Pérez", "Juan de la Cruz", "Mr. Smith"]
)
def test_names_are_recognised(text):
    assert looks_like_name(text)


@pytest.mark.parametrize("text", ["2026-0142", "P-12", "anonymous", "Patient A", "ISIC_0034525", "case 7", ""])
def test_clinic_numbers_and_codes_are_not_names(text):
    assert not looks_like_name(text)


def test_the_save_dialog_warns_and_needs_a_second_save_for_a_name(qtbot):
    from PySide6.QtWidgets import QDialog, QDialogButtonBox

    from desktop.save_dialog import SaveCaseDialog

    dlg = SaveCaseDialog()
    qtbot.addWidget(dlg)
    dlg.show()
    save = dlg.buttons.button(QDialogButtonBox.StandardButton.Save)
    dlg.pseudonym.setText("2026-0142")
    assert not dlg.name_warning.isVisible()
    dlg.pseudonym.setText("Maria Lopez")
    assert dlg.name_warning.isVisible() and "person's name" in dlg.name_warning.text()
    save.click()
    assert dlg.isVisible() and dlg.result() != QDialog.DialogCode.Accepted  # first Save: only the warning
    save.click()
    assert dlg.result() == QDialog.DialogCode.Accepted and dlg.values()["pseudonym"] == "Maria Lopez"


def _case(tmp_path, pseudonym):
    from cases.store import CaseStore

    store = CaseStore(tmp_path / "store")
    cid = store.create_case(pseudonym, "", author="nurse")
    rgb = np.full((64, 64, 3), 150, np.uint8)
    store.add_image(cid, rgb, "file", "a.jpg")
    return store, cid


def test_no_file_name_or_pdf_title_carries_the_pseudonym(tmp_path, monkeypatch):
    from cases.export import export_bundle, export_pdf

    store, cid = _case(tmp_path, "Maria Lopez")
    out = tmp_path / "out"
    out.mkdir()
    bundle, pdf = export_bundle(store, cid, out), export_pdf(store, cid, out)
    store.close()
    for f in (bundle, pdf):
        assert "Maria" not in f.name and "Lopez" not in f.name and f.name.startswith("case-")
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo not installed (Debian poppler-utils)")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    title = next(line for line in info.splitlines() if line.startswith("Title:"))
    assert "Maria" not in title and "Lopez" not in title


def test_dicom_says_identity_not_removed_when_the_pseudonym_looks_like_a_name(tmp_path):
    from cases.dicom import photo_dataset

    for pseudonym, removed in (("Maria Lopez", "NO"), ("2026-0142", "YES")):
        store, cid = _case(tmp_path / pseudonym[:4], pseudonym)
        case = store.get_case(cid)
        ds = photo_dataset(store, case, case["images"][0], 1)
        store.close()
        assert ds.PatientIdentityRemoved == removed
        assert ("DeidentificationMethod" in ds) == (removed == "YES")

from __future__ import annotations

import csv
import shutil
import subprocess
import zipfile

import numpy as np
import pytest

from cases.export import export_bundle, export_dicom, export_isic_csv, export_pdf, import_bundle
from cases.store import CaseStore, StoreError
from inference.analysis import Analyzer
from inference.imageio import load_image


@pytest.fixture()
def filled_store(tmp_path, models_env, fullres_images):
    store = CaseStore(tmp_path / "clinic")
    an = Analyzer.load("tiny-a", "cpu")
    cid = store.create_case("P-7", "left shoulder", author="nurse")
    for f in fullres_images[:2]:  # a lesion photographed twice (follow-up)
        img = load_image(f)
        iid = store.add_image(cid, img.rgb, "file", f.name, gamma=1.2)
        store.add_analysis(iid, an.analyze(img.rgb), author="nurse")
    store.set_annotation(
        cid, diagnosis="mel", confirm_type="histopathology", notes="Ø 6 mm, irregular", author="dr derm"
    )
    yield store, cid
    store.close()


def test_bundle_round_trip_is_identical(filled_store, tmp_path):
    store, cid = filled_store
    bundle = export_bundle(store, cid, tmp_path / "out")
    with zipfile.ZipFile(bundle) as z:
        names = z.namelist()
    assert "case.json" in names and "report.pdf" in names
    other = CaseStore(tmp_path / "dermatologist")
    assert import_bundle(other, bundle).case_id == cid
    a, b = store.get_case(cid), other.get_case(cid)
    assert a["annotation"] == b["annotation"] and a["pseudonym"] == b["pseudonym"]
    for ia, ib in zip(a["images"], b["images"], strict=True):
        assert (store.image_rgb(ia["sha256"]) == other.image_rgb(ib["sha256"])).all()
        assert ia["analyses"] == ib["analyses"]
    assert [e["after"] for e in b["audit"]][:-1] == [e["after"] for e in a["audit"]]
    assert import_bundle(other, bundle).status == "unchanged"  # importing twice changes nothing
    assert len(other.list_cases()) == 1
    other.close()


def test_damaged_bundle_is_refused(filled_store, tmp_path):
    store, cid = filled_store
    bundle = export_bundle(store, cid, tmp_path, with_pdf=False)
    bad = tmp_path / "bad.dtcase.zip"
    with zipfile.ZipFile(bundle) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("files/"):
                data = data[:-10] + b"0123456789"
            zout.writestr(info, data)
    other = CaseStore(tmp_path / "x")
    with pytest.raises(StoreError, match="fingerprint"):
        import_bundle(other, bad)
    (tmp_path / "junk.zip").write_bytes(b"PK not a zip")
    with pytest.raises(StoreError, match="damaged"):
        import_bundle(other, tmp_path / "junk.zip")
    assert other.list_cases() == []
    other.close()


def test_dicom_reads_back_with_right_pixels(filled_store, tmp_path):
    """Issue 17: Dermoscopic Photography objects (one per photo) plus the report as Encapsulated
    PDF, one study; UTF-8 pseudonyms; coded anatomic region; UIDs stable across exports; every
    object passes dicom3tools' dciodvfy with 0 errors."""
    import shutil
    import subprocess

    import pydicom

    store, cid = filled_store
    with store.transaction():
        store.db.execute("UPDATE patient SET pseudonym=? WHERE id=?", ("José 李", store.get_case(cid)["patient_id"]))
    files = export_dicom(store, cid, tmp_path / "dcm")
    assert len(files) == 3  # two photos and the report
    case = store.get_case(cid)
    for f, im in zip(files, case["images"], strict=False):
        ds = pydicom.dcmread(f)
        assert str(ds.PatientName).rstrip("^") == "José 李" and ds.Modality == "DMS"
        assert ds.SOPClassUID == "1.2.840.10008.5.1.4.1.1.77.1.7"
        assert (ds.pixel_array == store.image_rgb(im["sha256"])).all()
        region = ds.AnatomicRegionSequence[0]
        assert (region.CodeValue, region.CodingSchemeDesignator) == ("16982005", "SCT")  # shoulder
        assert ds.ImageLaterality == "L"  # "left shoulder"
    pdf = pydicom.dcmread(files[-1])
    assert pdf.SOPClassUID == "1.2.840.10008.5.1.4.1.1.104.1" and pdf.EncapsulatedDocument[:4] == b"%PDF"
    uids = {pydicom.dcmread(f).StudyInstanceUID for f in files}
    assert len(uids) == 1  # one study per case
    again = export_dicom(store, cid, tmp_path / "dcm2")
    assert [pydicom.dcmread(f).SOPInstanceUID for f in again[:2]] == [
        pydicom.dcmread(f).SOPInstanceUID for f in files[:2]
    ]
    if shutil.which("dciodvfy") is None:
        pytest.skip("dciodvfy (Debian dicom3tools) not installed; .ci/run installs it")
    for f in files:
        r = subprocess.run(["dciodvfy", str(f)], capture_output=True, text=True)
        errors = [line for line in r.stderr.splitlines() if line.startswith("Error")]
        assert errors == [], f"{f.name}: {errors}"


def test_isic_csv_validates(filled_store, tmp_path):
    from isic_metadata.metadata import MetadataRow

    store, cid = filled_store
    out = export_isic_csv(store, tmp_path / "isic")
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 2 and all((tmp_path / "isic" / "images" / r["filename"]).exists() for r in rows)
    for r in rows:
        MetadataRow.model_validate(
            {k: r[k] for k in ("diagnosis", "diagnosis_confirm_type", "image_type", "patient_id", "lesion_id")}
        )


def test_pdf_report_renders(filled_store, tmp_path):
    store, cid = filled_store
    pdf = export_pdf(store, cid, tmp_path)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and b"pdfaid" in data.replace(b" ", b"").lower()
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm not installed")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=60)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 2  # one page per photo
    from PIL import Image

    for p in pages:  # the orange not-a-diagnosis band is on every page, at the top
        page = np.asarray(Image.open(p).convert("RGB")).astype(int)
        top = page[: page.shape[0] // 8]
        band_rows = (np.abs(top - [255, 244, 229]).sum(2) < 30).mean(1)
        assert band_rows.max() > 0.5


def test_cli_predict_save_export_import(models_env, fullres_images, tmp_path, monkeypatch, capsys):
    from cli.main import main

    monkeypatch.setenv("DERMATRIAGE_HOME", str(tmp_path / "a"))
    assert main(["predict", str(fullres_images[0]), str(fullres_images[1]), "--save", "--model", "tiny-a"]) == 0
    store = CaseStore(tmp_path / "a")
    ids = [c.id for c in store.list_cases()]
    store.close()
    assert len(ids) == 2
    for fmt in ("bundle", "pdf", "dicom", "isic-csv"):
        assert main(["export", "--format", fmt, "--output", str(tmp_path / fmt)]) == 0
    bundles = sorted((tmp_path / "bundle").glob("*.dtcase.zip"))
    assert len(bundles) == 2
    monkeypatch.setenv("DERMATRIAGE_HOME", str(tmp_path / "b"))
    assert main(["import", *map(str, bundles)]) == 0
    store = CaseStore(tmp_path / "b")
    assert sorted(c.id for c in store.list_cases()) == sorted(ids)
    store.close()

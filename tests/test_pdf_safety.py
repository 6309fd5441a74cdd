"""Issue 15 items 4 and 5: a failed render never crashes the process, and many thousand painter
calls do not drain Python's reference count of None (PySide6 6.12.0 did; 6.11.3 is pinned)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from cases.pdf import ReportError, clean, render_case_pdf
from cases.store import CaseStore, StoreError


@pytest.fixture()
def store(tmp_path):
    s = CaseStore(tmp_path / "s")
    yield s
    s.close()


def _case_with_photo(store, **analysis):
    cid = store.create_case("P\u202e1", "arm")
    rgb = np.full((60, 80, 3), 120, np.uint8)
    store.add_image(cid, rgb, "file", "x.jpg")
    case = store.get_case(cid)
    if analysis:
        base = {
            "probabilities": {k: 1 / 7 for k in ("akiec", "bcc", "bkl", "df", "mel", "nv", "vasc")},
            "malignant_probability": 0.4,
            "triage": "referral",
            "reason": "r",
            "heatmap_sha256": None,
            "warnings": [],
            "detail": {},
            "created_at": "2026-12-01T00:00",
            "app_version": "t",
        }
        base.update(analysis)
        case["images"][0]["analyses"] = [base]
    return case


@pytest.mark.parametrize(
    "odd",
    [
        {"probabilities": {"mel": 0.5}},
        {"probabilities": {k: "x" for k in ("akiec", "bcc", "bkl", "df", "mel", "nv", "vasc")}},
        {"malignant_probability": None},
        {"detail": {"models": [None]}},
    ],
)
def test_odd_analysis_gives_a_clean_error_not_a_crash(store, odd):
    case = _case_with_photo(store, **odd)
    with pytest.raises(ReportError, match="could not be drawn"):
        render_case_pdf(store, case)
    assert isinstance(ReportError("x"), StoreError)
    assert render_case_pdf(store, _case_with_photo(store)).startswith(b"%PDF")  # still works after


def test_photo_that_is_not_an_image_gives_a_clean_error(store):
    case = _case_with_photo(store)
    path = store.blobs.path(case["images"][0]["sha256"])
    path.write_bytes(b"not a png at all")
    with pytest.raises(ReportError):
        render_case_pdf(store, case)


def test_long_notes_and_unsafe_characters(store):
    case = _case_with_photo(store)
    store.set_annotation(case["id"], notes=("very long note " * 600) + "\u202eevil\x07")
    pdf = render_case_pdf(store, store.get_case(case["id"]))
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type/Page") >= 1
    assert "\u202e" not in clean("a\u202eb\x07c") and clean("José ok") == "José ok"


def test_painter_calls_do_not_drain_none():
    from cases.pdf import _app

    _app()
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPen

    img = QImage(64, 64, QImage.Format.Format_RGB32)
    p = QPainter(img)
    font, colour = QFont("DejaVu Sans", 9), QColor("#123456")
    pen, brush = QPen(colour), QBrush(colour)
    before = sys.getrefcount(None)
    for _ in range(5000):
        p.setFont(font)
        p.setPen(colour)
        p.setPen(pen)
        p.setBrush(brush)
        p.fillRect(QRectF(0, 0, 4, 4), colour)
    p.end()
    assert sys.getrefcount(None) >= before - 50  # 25,000 calls; 6.12.0 lost one per call


def test_the_report_prints_one_next_step_and_one_row_per_class(store, fullres_images, tmp_path):
    """Issue 31, item 12: the next step is printed; '(malignant)' never spills into the next row."""
    import shutil
    import subprocess

    from cases.pdf import render_case_pdf
    from inference.analysis import Analyzer
    from inference.guidance import NEXT_STEPS
    from inference.imageio import load_image

    cid = store.create_case("P-12", "back", author="nurse")
    rgb = load_image(fullres_images[0]).rgb
    iid = store.add_image(cid, rgb, "file", "a.jpg")
    a = Analyzer.load(None, "cpu").analyze(rgb)
    store.add_analysis(iid, a, author="nurse")
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render_case_pdf(store, store.get_case(cid)))
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed (Debian poppler-utils)")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert f"Next step: {NEXT_STEPS[a.triage][:40]}" in " ".join(text.split())
    for line in text.splitlines():
        if "(malignant)" in line:
            assert "%" in line, line  # the marker, the bar and the value on one row

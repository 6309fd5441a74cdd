"""Export and import of cases: bundle (zip), PDF/A report, ISIC-metadata CSV, DICOM.

A bundle carries case.json, every image and heatmap (PNG, under their sha256) and the PDF report;
importing it on another machine gives identical pixels, labels, notes and analyses."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

from cases.files import atomic_write
from cases.ids import check_id, inside
from cases.store import CaseStore
from inference.textsafe import spreadsheet_safe

BUNDLE_SUFFIX = ".dtcase.zip"

ISIC_DIAGNOSIS = {
    "mel": "Malignant:Malignant melanocytic proliferations (Melanoma)",
    "nv": "Benign:Benign melanocytic proliferations:Nevus",
    "bcc": "Malignant:Malignant adnexal epithelial proliferations - Follicular:Basal cell carcinoma",
    "akiec": "Indeterminate:Indeterminate epidermal proliferations:Solar or actinic keratosis",
    "bkl": "Benign:Benign epidermal proliferations:Pigmented benign keratosis",
    "df": "Benign:Benign soft tissue proliferations - Fibro-histiocytic:Dermatofibroma",
    "vasc": "Benign:Benign soft tissue proliferations - Vascular",
}
ISIC_CONFIRM = {
    "histopathology": "histopathology",
    "follow-up": "serial imaging showing no change",
    "consensus": "single image expert consensus",
    "clinical": "single contributor clinical assessment",
}


def _safe_name(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", s)[:40] or "case"


def bundle_name(case: dict) -> str:
    """case-<date>-<id>: never the pseudonym, which may be a name typed by mistake (issue 31.4)."""
    day = re.sub(r"[^0-9]", "", str(case.get("created_at") or ""))[:8] or "undated"
    return f"case-{day}-{_safe_name(check_id(case['id']))[:8]}{BUNDLE_SUFFIX}"


def export_bundle(store: CaseStore, case_id: str, folder: str | Path, with_pdf: bool = True) -> Path:
    case = store.get_case(case_id)
    digests = {im["sha256"] for im in case["images"]}
    digests |= {a["heatmap_sha256"] for im in case["images"] for a in im["analyses"] if a["heatmap_sha256"]}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("case.json", json.dumps(case, indent=1, ensure_ascii=False))
        files = {}
        for d in sorted(digests):
            data = store.blobs.get(d)
            z.writestr(f"files/{d}.png", data)
            files[d] = len(data)
        if with_pdf:
            from cases.pdf import render_case_pdf

            z.writestr("report.pdf", render_case_pdf(store, case))
        z.writestr("bundle.json", json.dumps({"format": "dermatriage-case-bundle", "version": 1, "files": files}))
    out = inside(Path(folder), bundle_name(case))
    atomic_write(out, buf.getvalue())
    return out


def import_bundle(store: CaseStore, path: str | Path):
    """Validate and import (or merge) a bundle; returns an ImportResult (see cases.importer)."""
    from cases.importer import import_bundle as _import

    return _import(store, path)


def export_pdf(store: CaseStore, case_id: str, folder: str | Path) -> Path:
    from cases.pdf import render_case_pdf

    case = store.get_case(case_id)
    out = inside(Path(folder), bundle_name(case).replace(BUNDLE_SUFFIX, ".pdf"))
    atomic_write(out, render_case_pdf(store, case))
    return out


def isic_rows(store: CaseStore, case_ids: list[str]) -> list[dict]:
    rows = []
    for cid in case_ids:
        case = store.get_case(cid)
        ann = case["annotation"] or {}
        if not ann.get("diagnosis") or ann["diagnosis"] not in ISIC_DIAGNOSIS:
            continue  # only annotated cases with a class the ISIC vocabulary has
        for im in case["images"]:
            rows.append(
                {
                    "filename": f"{im['sha256']}.png",
                    "patient_id": case["pseudonym"],
                    "lesion_id": case["id"],
                    "diagnosis": ISIC_DIAGNOSIS[ann["diagnosis"]],
                    "diagnosis_confirm_type": ISIC_CONFIRM.get(ann.get("confirm_type") or "", ""),
                    "image_type": "dermoscopic",
                    "anatom_site_general": "",
                    "body_site_text": case["body_site"] or "",
                }
            )
    return rows


def export_isic_csv(store: CaseStore, folder: str | Path, case_ids: list[str] | None = None) -> Path:
    """ISIC-metadata CSV of annotated cases, with the PNGs beside it, for research and retraining."""
    folder = Path(folder)
    ids = case_ids or [c.id for c in store.list_cases()]
    rows = isic_rows(store, ids)
    buf = io.StringIO()
    fields = [
        "filename",
        "patient_id",
        "lesion_id",
        "diagnosis",
        "diagnosis_confirm_type",
        "image_type",
        "anatom_site_general",
        "body_site_text",
    ]
    w = csv.DictWriter(buf, fieldnames=fields)
    w.writeheader()
    w.writerows({k: spreadsheet_safe(v) for k, v in r.items()} for r in rows)
    for r in rows:
        atomic_write(folder / "images" / r["filename"], store.blobs.get(r["filename"][:-4]))
    out = folder / "isic_metadata.csv"
    atomic_write(out, buf.getvalue().encode())
    return out


def export_dicom(store: CaseStore, case_id: str, folder: str | Path) -> list[Path]:
    from cases.dicom import case_to_dicom

    return case_to_dicom(store, store.get_case(case_id), Path(folder))

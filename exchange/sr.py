"""The case's structured content as a DICOM Comprehensive SR: the dermatologist's annotation
(diagnosis as a code, confirmation, notes, author, time) and every analysis (model id, version,
sha256, triage, thresholds, malignant probability and the seven class probabilities as numbers),
plus the case document itself as one TEXT item, so that the receiving store can merge it with
the same rules as a bundle. Concepts use the private coding scheme 99DMTR; diagnoses also carry
their SNOMED CT code where one is defined."""

from __future__ import annotations

import datetime as dt
import json

from pydicom.dataset import Dataset

from cases.dicom import base_dataset, case_version, code_item, uid
from inference.profile import stamp_label as profile_text

COMPREHENSIVE_SR = "1.2.840.10008.5.1.4.1.1.88.33"
SCHEME = "99DMTR"
CASE_JSON = ("case-json", "DermaTriage case document (JSON)")
REVIEW_SIGNATURE = ("review-signature", "DermaTriage signed review (JSON)")
MAX_SIGNATURE_TEXT = 64_000
DX_CODES = {  # SNOMED CT, from pydicom's DICOM code dictionary where available
    "mel": ("372244006", "SCT", "Malignant melanoma"),
    "bcc": ("254701007", "SCT", "Basal cell carcinoma of skin"),
    "akiec": ("201101007", "SCT", "Actinic keratosis"),
    "nv": ("400010006", "SCT", "Melanocytic naevus"),
    "bkl": ("254657004", "SCT", "Benign keratosis"),
    "df": ("92546004", "SCT", "Dermatofibroma"),
    "vasc": ("400210000", "SCT", "Vascular lesion of skin"),
}


def _c(key: str, meaning: str) -> Dataset:
    return code_item(key, SCHEME, meaning)


def _item(value_type: str, concept: Dataset, relationship: str = "CONTAINS", **values) -> Dataset:
    it = Dataset()
    it.RelationshipType = relationship
    it.ValueType = value_type
    it.ConceptNameCodeSequence = [concept]
    for k, v in values.items():
        setattr(it, k, v)
    return it


def _text(key: str, meaning: str, value: str) -> Dataset:
    return _item("TEXT", _c(key, meaning), TextValue=value)


def _num(key: str, meaning: str, value: float) -> Dataset:
    mv = Dataset()
    mv.NumericValue = f"{value:.6g}"[:16]
    mv.MeasurementUnitsCodeSequence = [code_item("1", "UCUM", "no units")]
    return _item("NUM", _c(key, meaning), MeasuredValueSequence=[mv])


def review_sr(case: dict, instance: int = 1, signed_review: dict | None = None) -> Dataset:
    """One SR per version of the case: its UID changes when the annotation or analyses change,
    and the same version sent twice is one object on the server. signed_review: the reviewer's
    signature over the annotation (exchange/reviews.py), carried as one TEXT item."""
    ann = case.get("annotation") or {}
    body = json.dumps(case, sort_keys=True, ensure_ascii=False)
    version = uid("sr", case["id"], case_version(case))
    when = dt.datetime.fromisoformat(ann.get("updated_at") or case["created_at"])
    ds = base_dataset(case, COMPREHENSIVE_SR, version, when, "SR", "review")
    ds.SeriesDescription = "DermaTriage review (triage support, not a diagnosis)"
    ds.InstanceNumber = instance
    ds.ValueType = "CONTAINER"
    ds.ConceptNameCodeSequence = [_c("case-review", "DermaTriage case review")]
    ds.ContinuityOfContent = "SEPARATE"
    ds.CompletionFlag = "COMPLETE" if ann.get("diagnosis") else "PARTIAL"
    ds.VerificationFlag = "UNVERIFIED"
    ds.PreliminaryFlag = "FINAL" if ann.get("confirm_type") == "histopathology" else "PRELIMINARY"
    ds.PerformedProcedureCodeSequence = []
    ds.ReferencedPerformedProcedureStepSequence = []
    ds.InstanceCreationDate = dt.datetime.now(dt.UTC).strftime("%Y%m%d")
    content = []
    if ann.get("diagnosis"):
        code = DX_CODES.get(ann["diagnosis"], (ann["diagnosis"], SCHEME, ann["diagnosis"]))
        content.append(_item("CODE", _c("diagnosis", "Diagnosis"), ConceptCodeSequence=[code_item(*code)]))
    for key, meaning, value in (
        ("confirmation", "Confirmation type", ann.get("confirm_type")),
        ("notes", "Notes", ann.get("notes")),
        ("author", "Annotated by", ann.get("author")),
        ("annotated-at", "Annotated at", ann.get("updated_at")),
    ):
        if value:
            content.append(_text(key, meaning, str(value)[:10_000]))
    for im in case["images"]:
        for a in im["analyses"]:
            thr = (a.get("detail") or {}).get("thresholds") or {}
            group = _item("CONTAINER", _c("analysis", "Analysis"), ContinuityOfContent="SEPARATE")
            group.ContentSequence = [
                _text("model", "Model", f"{a['model_id']} sha256 {a['model_sha256']}"),
                _text("photo", "Photo", im["id"]),
                _text("triage", "Triage", a["triage"]),
                _num("p-malignant", "Malignant probability", float(a["malignant_probability"])),
                *[_num(f"p-{k}", f"Probability {k}", float(v)) for k, v in sorted(a["probabilities"].items())],
                *[_num(f"thr-{k}"[:16], f"Threshold {k}", float(v)) for k, v in sorted(thr.items())],
            ]
            fitted = profile_text((a.get("detail") or {}).get("clinic_profile"))
            if fitted:  # the model as fitted to this clinic (inference/profile.py), said wherever it goes
                group.ContentSequence.append(_text("clinic-profile", "Clinic profile", f"Model {fitted}"))
            content.append(group)
    content.append(_text(*CASE_JSON, body))
    if signed_review is not None:
        content.append(_text(*REVIEW_SIGNATURE, json.dumps(signed_review, sort_keys=True, ensure_ascii=False)))
    ds.ContentSequence = content
    return ds


def _text_item(ds: Dataset, key: str) -> str | None:
    for it in getattr(ds, "ContentSequence", []):
        try:
            c = it.ConceptNameCodeSequence[0]
            if it.ValueType == "TEXT" and c.CodeValue == key and c.CodingSchemeDesignator == SCHEME:
                return str(it.TextValue)
        except (AttributeError, IndexError):  # an item of another shape: not ours
            continue
    return None


def case_text_from_sr(ds: Dataset) -> str | None:
    """The case document (JSON text) carried by a review SR; the inbox parses it through the
    importer's gate (strict JSON, schema)."""
    return _text_item(ds, CASE_JSON[0])


def signed_review_from_sr(ds: Dataset) -> object | None:
    """The signed review carried by an SR (parsed JSON, unverified: exchange.reviews.verify decides)."""
    text = _text_item(ds, REVIEW_SIGNATURE[0])
    if text is None or len(text) > MAX_SIGNATURE_TEXT:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None

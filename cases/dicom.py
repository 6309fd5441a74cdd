"""DICOM export (issue 17): one Dermoscopic Photography Image object per photo, the PDF report as an
Encapsulated PDF, all in one study per case. UIDs are derived from the case's own ids, so sending
again replaces nothing and duplicates nothing. Pseudonyms are UTF-8 (Specific Character Set
ISO_IR 192); the anatomic region is a SNOMED CT coded entry with laterality where the site is
paired. Checked with dicom3tools' dciodvfy in the tests (0 errors)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from pathlib import Path

from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.uid import PYDICOM_IMPLEMENTATION_UID, ExplicitVRLittleEndian, generate_uid

from cases import body_sites
from cases.files import atomic_write
from cases.ids import check_id, inside
from cases.pseudonyms import looks_like_name

DERMOSCOPIC_PHOTOGRAPHY = "1.2.840.10008.5.1.4.1.1.77.1.7"
ENCAPSULATED_PDF = "1.2.840.10008.5.1.4.1.1.104.1"
DEID_METHOD = "Pseudonym only; no name or birth date recorded"  # LO: at most 64 characters


def uid(*parts: str) -> str:
    """A stable UID from our own ids (same case, same photo -> same UID, on any machine)."""
    return generate_uid(entropy_srcs=list(parts))


def code_item(value: str, scheme: str, meaning: str) -> Dataset:
    c = Dataset()
    c.CodeValue, c.CodingSchemeDesignator, c.CodeMeaning = value, scheme, meaning
    return c


PN_COMPONENT_BYTES = 64  # one component group of a PN value


def patient_name(pseudonym: str) -> str:
    """The pseudonym as the family-name component of one PN value: the PN delimiters (^ = \\) and
    control characters become spaces, and it is cut to 64 bytes of UTF-8 (the app allows 200
    characters; the whole pseudonym travels in the report's case document)."""
    clean = "".join(" " if c in "^=\\" or ord(c) < 32 or ord(c) == 127 else c for c in pseudonym).strip()
    raw = clean.encode("utf-8")[: PN_COMPONENT_BYTES - 1]
    return raw.decode("utf-8", errors="ignore").rstrip() + "^"


def base_dataset(
    case: dict, sop_class: str, sop_uid: str, when: dt.datetime, modality: str, series: str
) -> FileDataset:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = sop_uid
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SpecificCharacterSet = "ISO_IR 192"  # UTF-8: "José", "李" stay what they are
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, sop_uid
    ds.StudyInstanceUID = uid("study", case["id"])
    ds.SeriesInstanceUID = uid("series", case["id"], series)
    ds.PatientName = patient_name(case["pseudonym"])
    ds.PatientID = hashlib.sha256((case.get("patient_id") or case["pseudonym"]).encode()).hexdigest()[:16]
    ds.PatientBirthDate = ""
    ds.PatientSex = ""
    if looks_like_name(case["pseudonym"]):  # the flag must be true of what is written (issue 31.4)
        ds.PatientIdentityRemoved = "NO"
    else:
        ds.PatientIdentityRemoved = "YES"
        ds.DeidentificationMethod = DEID_METHOD
    created = dt.datetime.fromisoformat(case["created_at"])
    ds.StudyDate, ds.StudyTime = created.strftime("%Y%m%d"), created.strftime("%H%M%S")
    ds.ContentDate, ds.ContentTime = when.strftime("%Y%m%d"), when.strftime("%H%M%S")
    ds.StudyID = check_id(case["id"])[:16]
    ds.StudyDescription = "Skin lesion triage (DermaTriage)"
    ds.AccessionNumber = ""
    ds.ReferringPhysicianName = ""
    ds.Modality = modality
    ds.SeriesNumber = 1 if series == "photos" else 2
    ds.Manufacturer = "DermaTriage"
    ds.ManufacturerModelName = "DermaTriage desktop"
    ds.DeviceSerialNumber = "not recorded"  # the clinic's dermatoscope is not known to the app
    from inference import __version__

    ds.SoftwareVersions = f"DermaTriage {__version__}"
    return ds


def photo_dataset(store, case: dict, im: dict, n: int) -> FileDataset:
    rgb = store.image_rgb(im["sha256"])
    when = dt.datetime.fromisoformat(im["captured_at"])
    ds = base_dataset(case, DERMOSCOPIC_PHOTOGRAPHY, uid("image", im["id"]), when, "DMS", "photos")
    ds.SeriesDescription = "Dermoscopy"
    ds.InstanceNumber = n
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    ds.AcquisitionDateTime = when.strftime("%Y%m%d%H%M%S")
    ds.PatientOrientation = ""
    ds.FrameOfReferenceUID = uid("frame", im["id"])
    ds.PositionReferenceIndicator = ""
    # Dermoscopic Image module, Type 2: the app does not know the dermatoscope's optics.
    ds.LightSourcePolarization = ""
    ds.EmitterColorTemperature = None
    ds.ContactMethod = ""
    ds.OpticalMagnificationFactor = None
    site, side = body_sites.parse(case.get("body_site"))
    region, meaning = (site.sct, site.meaning) if site else body_sites.SKIN
    ds.AnatomicRegionSequence = [code_item(region, "SCT", meaning)]
    if site is not None and site.paired:
        ds.ImageLaterality = side or "U"
    else:  # General Series, Type 2C: present (empty: not known) when the image's own is not sent
        ds.Laterality = ""
    if case.get("body_site"):
        ds.ImageComments = f"Body site: {case['body_site']}"
    ds.AcquisitionContextSequence = []
    ds.SamplesPerPixel = 3
    ds.PhotometricInterpretation = "RGB"
    ds.PlanarConfiguration = 0
    ds.Rows, ds.Columns = rgb.shape[:2]
    ds.BitsAllocated = ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    ds.LossyImageCompression = "00"
    ds.BurnedInAnnotation = "NO"
    ds.RecognizableVisualFeatures = "NO"
    ds.PixelData = rgb.tobytes()
    return ds


def case_version(case: dict) -> str:
    """A fingerprint of what a case says (photos, analyses, annotation): objects made from the same
    version get the same UIDs, so a resend after a crash stores nothing twice."""
    keep = {k: case.get(k) for k in ("id", "pseudonym", "body_site", "images", "annotation")}
    return hashlib.sha256(json.dumps(keep, sort_keys=True, default=str).encode()).hexdigest()


def pdf_dataset(case: dict, pdf: bytes) -> FileDataset:
    when = dt.datetime.now(dt.UTC)
    ds = base_dataset(case, ENCAPSULATED_PDF, uid("report", case["id"], case_version(case)), when, "DOC", "report")
    ds.SeriesDescription = "DermaTriage report (not a diagnosis)"
    ds.InstanceNumber = 1
    ds.ConversionType = "WSD"
    ds.BurnedInAnnotation = "YES"
    ds.DocumentTitle = "DermaTriage case report - triage support, not a diagnosis"
    ds.ConceptNameCodeSequence = []
    ds.AcquisitionDateTime = when.strftime("%Y%m%d%H%M%S")
    ds.MIMETypeOfEncapsulatedDocument = "application/pdf"
    ds.EncapsulatedDocument = pdf + (b"\0" if len(pdf) % 2 else b"")
    ds.EncapsulatedDocumentLength = len(pdf)
    return ds


def to_bytes(ds: FileDataset) -> bytes:
    buf = io.BytesIO()
    ds.save_as(buf, enforce_file_format=True)
    return buf.getvalue()


def case_datasets(store, case: dict, with_pdf: bool = True) -> list[FileDataset]:
    out = [photo_dataset(store, case, im, n) for n, im in enumerate(case["images"], 1)]
    if with_pdf:
        from cases.pdf import render_case_pdf

        out.append(pdf_dataset(case, render_case_pdf(store, case)))
    return out


def case_to_dicom(store, case: dict, folder: Path, with_pdf: bool = True) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for n, ds in enumerate(case_datasets(store, case, with_pdf), 1):
        path = inside(folder, f"{check_id(case['id'])[:8]}-{n:03d}.dcm")
        atomic_write(path, to_bytes(ds))
        out.append(path)
    return out

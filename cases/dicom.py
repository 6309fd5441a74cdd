"""DICOM export: one VL Photographic Image object per photo (dermoscopy attributes where known)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import PYDICOM_IMPLEMENTATION_UID, ExplicitVRLittleEndian, generate_uid

from cases.files import atomic_write
from cases.ids import check_id, inside

VL_PHOTOGRAPHIC = "1.2.840.10008.5.1.4.1.1.77.1.4"


def _uid(*parts: str) -> str:
    """Stable UIDs from our own ids, so a re-export gives the same study and series."""
    return generate_uid(entropy_srcs=list(parts))


def case_to_dicom(store, case: dict, folder: Path) -> list[Path]:
    import io

    folder.mkdir(parents=True, exist_ok=True)
    study_uid = _uid("study", case["id"])
    series_uid = _uid("series", case["id"])
    out = []
    for n, im in enumerate(case["images"], 1):
        rgb = store.image_rgb(im["sha256"])
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = VL_PHOTOGRAPHIC
        meta.MediaStorageSOPInstanceUID = _uid("image", im["id"])
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
        ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
        ds.SOPClassUID = VL_PHOTOGRAPHIC
        ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
        ds.StudyInstanceUID = study_uid
        ds.SeriesInstanceUID = series_uid
        ds.PatientName = case["pseudonym"]
        ds.PatientID = hashlib.sha256(case["pseudonym"].encode()).hexdigest()[:16]
        ds.PatientIdentityRemoved = "YES"  # a pseudonym only
        when = dt.datetime.fromisoformat(im["captured_at"])
        ds.StudyDate = ds.ContentDate = when.strftime("%Y%m%d")
        ds.StudyTime = ds.ContentTime = when.strftime("%H%M%S")
        ds.StudyID = case["id"][:16]
        ds.SeriesNumber = 1
        ds.InstanceNumber = n
        ds.AccessionNumber = ""
        ds.ReferringPhysicianName = ""
        ds.Modality = "XC"  # external-camera photography
        ds.Manufacturer = "DermaTriage"
        ds.SeriesDescription = "Dermoscopy"
        ds.ImageType = ["ORIGINAL", "PRIMARY"]
        ds.BodyPartExamined = "SKIN"
        if case["body_site"]:
            ds.ImageComments = f"Body site: {case['body_site']}"
        ds.AcquisitionContextSequence = []
        ds.Laterality = ""
        ds.SamplesPerPixel = 3
        ds.PhotometricInterpretation = "RGB"
        ds.PlanarConfiguration = 0
        ds.Rows, ds.Columns = rgb.shape[:2]
        ds.BitsAllocated = ds.BitsStored = 8
        ds.HighBit = 7
        ds.PixelRepresentation = 0
        ds.LossyImageCompression = "00"
        ds.PixelData = rgb.tobytes()
        buf = io.BytesIO()
        ds.save_as(buf, enforce_file_format=True)
        path = inside(folder, f"{check_id(case['id'])[:8]}-{n:03d}.dcm")
        atomic_write(path, buf.getvalue())
        out.append(path)
    return out

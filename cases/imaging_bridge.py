"""Pixels of a DICOM photo as the store's PNG (checked: 8-bit RGB, within the size limit)."""

from __future__ import annotations

import hashlib

import numpy as np

from cases.errors import StoreError
from cases.schema_gate import MAX_SIDE
from inference import imaging


def png_from_dataset(ds) -> tuple[bytes, str, tuple[int, int]]:
    if getattr(ds, "SamplesPerPixel", None) != 3 or getattr(ds, "BitsAllocated", None) != 8:
        raise StoreError("a photo from the server is not 8-bit colour")
    rows, cols = int(ds.Rows), int(ds.Columns)
    if not (0 < rows <= MAX_SIDE and 0 < cols <= MAX_SIDE):
        raise StoreError(f"a photo from the server is {cols} x {rows} pixels, above the limit")
    rgb = np.ascontiguousarray(ds.pixel_array, dtype=np.uint8)
    if rgb.shape != (rows, cols, 3):
        raise StoreError("a photo from the server has damaged pixel data")
    png = imaging.encode_png(rgb)
    return png, hashlib.sha256(png).hexdigest(), (rows, cols)

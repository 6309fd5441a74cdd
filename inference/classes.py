"""The HAM10000 / ISIC 2018 diagnostic classes, in the order every bundled model uses."""

from __future__ import annotations

CLASS_KEYS: tuple[str, ...] = ("akiec", "bcc", "bkl", "df", "mel", "nv", "vasc")

DISPLAY_NAMES: dict[str, str] = {
    "akiec": "Actinic keratosis / intraepithelial carcinoma",
    "bcc": "Basal cell carcinoma",
    "bkl": "Benign keratosis",
    "df": "Dermatofibroma",
    "mel": "Melanoma",
    "nv": "Melanocytic naevus (mole)",
    "vasc": "Vascular lesion",
}

MALIGNANT: frozenset[str] = frozenset({"mel", "bcc", "akiec"})

# Column order of the ISIC 2018 Task 3 submission format.
ISIC_COLUMNS: tuple[str, ...] = ("MEL", "NV", "BCC", "AKIEC", "BKL", "DF", "VASC")


def is_malignant(key: str) -> bool:
    return key in MALIGNANT

"""Body sites: a fixed list for the save dialog, each with its ISIC `anatom_site_general` and its
SNOMED CT code for DICOM's Anatomic Region Sequence (codes from pydicom's DICOM code dictionary).
Free text is matched to the list by its words; left / right become DICOM laterality."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Site:
    key: str
    label: str
    isic: str  # ISIC anatom_site_general
    sct: str  # SNOMED CT code value
    meaning: str
    paired: bool


SITES: tuple[Site, ...] = (
    Site("scalp", "Scalp", "head/neck", "41695006", "Scalp", False),
    Site("face", "Face", "head/neck", "89545001", "Face", False),
    Site("ear", "Ear", "head/neck", "117590005", "Ear", True),
    Site("nose", "Nose", "head/neck", "45206002", "Nose", False),
    Site("lip", "Lip", "oral/genital", "48477009", "Lip", False),
    Site("cheek", "Cheek", "head/neck", "60819002", "Cheek", True),
    Site("neck", "Neck", "head/neck", "45048000", "Neck", False),
    Site("chest", "Chest", "anterior torso", "816094009", "Chest", False),
    Site("breast", "Breast", "anterior torso", "76752008", "Breast", True),
    Site("abdomen", "Abdomen", "anterior torso", "818981001", "Abdomen", False),
    Site("back", "Back", "posterior torso", "77568009", "Back", False),
    Site("flank", "Flank", "lateral torso", "58602004", "Flank", True),
    Site("axilla", "Armpit", "lateral torso", "91470000", "Axilla", True),
    Site("buttock", "Buttock", "posterior torso", "46862004", "Buttock", True),
    Site("perineum", "Genital / perineal area", "oral/genital", "38864007", "Perineum", False),
    Site("shoulder", "Shoulder", "upper extremity", "16982005", "Shoulder", True),
    Site("upper_arm", "Upper arm", "upper extremity", "40983000", "Upper arm", True),
    Site("forearm", "Forearm", "upper extremity", "14975008", "Forearm", True),
    Site("hand", "Hand / palm", "palms/soles", "85562004", "Hand", True),
    Site("finger", "Finger", "upper extremity", "7569003", "Finger", True),
    Site("thigh", "Thigh", "lower extremity", "68367000", "Thigh", True),
    Site("knee", "Knee", "lower extremity", "72696002", "Knee", True),
    Site("lower_leg", "Lower leg", "lower extremity", "30021000", "Lower leg", True),
    Site("foot", "Foot / sole", "palms/soles", "56459004", "Foot", True),
    Site("toe", "Toe", "lower extremity", "29707007", "Toe", True),
    Site("trunk", "Trunk (other)", "anterior torso", "22943007", "Trunk", False),
    Site("upper_limb", "Arm (other)", "upper extremity", "53120007", "Upper limb", True),
    Site("lower_limb", "Leg (other)", "lower extremity", "61685007", "Lower limb", True),
)
SKIN = ("39937001", "Skin")
BY_KEY = {s.key: s for s in SITES}
_WORDS = {
    "scalp": "scalp", "face": "face", "forehead": "face", "ear": "ear", "nose": "nose", "lip": "lip",
    "cheek": "cheek", "neck": "neck", "chest": "chest", "breast": "breast", "abdomen": "abdomen",
    "belly": "abdomen", "stomach": "abdomen", "back": "back", "flank": "flank", "armpit": "axilla",
    "axilla": "axilla", "buttock": "buttock", "genital": "perineum", "perineum": "perineum",
    "shoulder": "shoulder", "upper arm": "upper_arm", "forearm": "forearm", "hand": "hand", "palm": "hand",
    "finger": "finger", "thigh": "thigh", "knee": "knee", "lower leg": "lower_leg", "shin": "lower_leg",
    "calf": "lower_leg", "foot": "foot", "sole": "foot", "toe": "toe", "trunk": "trunk", "torso": "trunk",
    "arm": "upper_limb", "leg": "lower_limb",
}  # fmt: skip


def parse(text: str | None) -> tuple[Site | None, str | None]:
    """(site, laterality 'L' / 'R' / None) from a key or free text such as 'left forearm'."""
    t = (text or "").strip().lower()
    if not t:
        return None, None
    if t in BY_KEY:
        return BY_KEY[t], None
    side = "L" if re.search(r"\bleft\b", t) else "R" if re.search(r"\bright\b", t) else None
    for word in sorted(_WORDS, key=len, reverse=True):  # "upper arm" before "arm"
        if re.search(rf"\b{word}s?\b", t):
            site = BY_KEY[_WORDS[word]]
            return site, side if site.paired else None
    return None, side

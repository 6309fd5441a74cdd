"""Pseudonyms that look like a person's name (issue 31, item 4): "Maria Lopez", "LOPEZ, Maria",
"José María García-Pérez". A clinic number, a study code or a single word does not. Used to warn
before a case is saved, and to keep the DICOM de-identification flags true of what is written."""

from __future__ import annotations

import re

_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:[-'’][^\W\d_]+)*\.?$")


def looks_like_name(text: str) -> bool:
    """Two to five words of letters (no digit anywhere), each starting with a capital or the whole in
    capitals: how personal names are written, not clinic numbers or codes."""
    text = (text or "").strip()
    if not text or any(c.isdigit() for c in text):
        return False
    words = [w for w in re.split(r"[\s,]+", text) if w]
    if not 2 <= len(words) <= 5 or not all(_WORD.match(w) for w in words):
        return False
    letters = [w for w in words if len(w.rstrip(".")) >= 2]
    return len(letters) >= 2 and all(w[0].isupper() for w in words if w.lower() not in PARTICLES)


PARTICLES = {"de", "del", "la", "las", "los", "da", "do", "dos", "van", "von", "der", "di", "le", "y", "e"}

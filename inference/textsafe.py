"""Text from outside on its way into a report or a spreadsheet."""

from __future__ import annotations

import re

# Control characters and the bidirectional overrides (U+202A-U+202E, U+2066-U+2069) can hide or
# reverse text a clinician reads; they never belong in a pseudonym, note or file name.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean(text) -> str:
    return UNSAFE.sub("\ufffd", str(text))


def spreadsheet_safe(text) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ (or tab / CR) would make it a
    formula, so it gets a leading apostrophe (OWASP's advice for CSV injection)."""
    s = clean(text)
    return "'" + s if s.startswith(_FORMULA_START) else s

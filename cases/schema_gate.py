"""The one gate for case documents that come from outside (bundles, sidecars, a server): strict
JSON (no NaN or Infinity), then a JSON Schema (types, ranges, sizes, ids by pattern). Past it, the
importer may trust the document's shape."""

from __future__ import annotations

import jsonschema

from cases.errors import StoreError
from cases.ids import ID_PATTERN, SHA256_PATTERN
from inference.classes import CLASS_KEYS
from inference.jsongate import first_error, strict_loads
from inference.triage import OUTCOMES

CONFIRM_TYPES = ("histopathology", "follow-up", "consensus", "clinical")
DIAGNOSES = CLASS_KEYS + ("other",)
MAX_SIDE = 4096  # the loader's limit for photos; nothing imported may exceed it
MAX_IMAGES = 5000
TIME = {"type": "string", "maxLength": 40, "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d"}
TEXT = {"type": "string", "maxLength": 500}
OPT_TEXT = {"type": ["string", "null"], "maxLength": 500}
PROB = {"type": "number", "minimum": 0, "maximum": 1}

ANALYSIS = {
    "type": "object",
    "required": ["id", "model_id", "model_sha256", "probabilities", "malignant_probability", "triage", "created_at"],
    "properties": {
        "id": {"type": "string", "pattern": ID_PATTERN},
        "model_id": TEXT,
        "model_sha256": {"type": "string", "maxLength": 1000, "pattern": r"^[0-9a-f+]+$"},
        "app_version": OPT_TEXT,
        "device": OPT_TEXT,
        "probabilities": {
            "type": "object",
            "required": list(CLASS_KEYS),
            "additionalProperties": False,
            "properties": {k: PROB for k in CLASS_KEYS},
        },
        "malignant_probability": PROB,
        "triage": {"enum": list(OUTCOMES)},
        "reason": {"type": ["string", "null"], "maxLength": 2000},
        "warnings": {"type": ["array", "null"], "maxItems": 50, "items": {"type": "string", "maxLength": 2000}},
        "gate": {"type": ["object", "null"]},
        "ita": {"type": ["number", "null"], "minimum": -180, "maximum": 180},
        "heatmap_sha256": {"type": ["string", "null"], "pattern": SHA256_PATTERN},
        "created_at": TIME,
        "author": OPT_TEXT,
        "detail": {"type": ["object", "null"]},
    },
}
IMAGE = {
    "type": "object",
    "required": ["id", "sha256", "width", "height", "created_at", "analyses"],
    "properties": {
        "id": {"type": "string", "pattern": ID_PATTERN},
        "sha256": {"type": "string", "pattern": SHA256_PATTERN},
        "source": OPT_TEXT,
        "original_name": OPT_TEXT,
        "width": {"type": "integer", "minimum": 1, "maximum": MAX_SIDE},
        "height": {"type": "integer", "minimum": 1, "maximum": MAX_SIDE},
        "captured_at": {"anyOf": [TIME, {"type": "null"}]},
        "crop_box": {
            "type": ["array", "null"],
            "minItems": 4,
            "maxItems": 4,
            "items": {"type": "integer", "minimum": 0, "maximum": 100_000},
        },
        "gamma": {"type": ["number", "null"], "minimum": 0.05, "maximum": 20},
        "created_at": TIME,
        "analyses": {"type": "array", "maxItems": 200, "items": ANALYSIS},
    },
}
CASE = {
    "type": "object",
    "required": ["id", "pseudonym", "created_at", "images"],
    "properties": {
        "schema": {"type": "integer", "minimum": 1, "maximum": 2},
        "id": {"type": "string", "pattern": ID_PATTERN},
        "patient_id": {"type": "string", "pattern": ID_PATTERN},
        "pseudonym": {"type": "string", "minLength": 1, "maxLength": 200},
        "body_site": {"type": ["string", "null"], "maxLength": 200},
        "created_at": TIME,
        "images": {"type": "array", "maxItems": MAX_IMAGES, "items": IMAGE},
        "annotation": {
            "type": ["object", "null"],
            "properties": {
                "diagnosis": {"enum": [*DIAGNOSES, None]},
                "confirm_type": {"enum": [*CONFIRM_TYPES, "", None]},
                "notes": {"type": ["string", "null"], "maxLength": 20_000},
                "author": OPT_TEXT,
                "updated_at": {"anyOf": [TIME, {"type": "null"}]},
            },
        },
        "audit": {
            "type": "array",
            "maxItems": 100_000,
            "items": {
                "type": "object",
                "required": ["at", "entity", "field"],
                "properties": {
                    "at": TIME,
                    "who": OPT_TEXT,
                    "entity": TEXT,
                    "field": OPT_TEXT,
                    "before": {"type": ["string", "null"], "maxLength": 20_000},
                    "after": {"type": ["string", "null"], "maxLength": 20_000},
                },
            },
        },
    },
}
BUNDLE = {
    "type": "object",
    "required": ["format", "version"],
    "properties": {
        "format": {"const": "dermatriage-case-bundle"},
        "version": {"type": "integer", "minimum": 1, "maximum": 1},
        "files": {
            "type": "object",
            "maxProperties": 2 * MAX_IMAGES * 3,
            "propertyNames": {"pattern": SHA256_PATTERN},
            "additionalProperties": {"type": "integer", "minimum": 0},
        },
    },
}
_CASE = jsonschema.Draft202012Validator(CASE)
_BUNDLE = jsonschema.Draft202012Validator(BUNDLE)


def strict_json(data: bytes | str, what: str):
    """JSON that refuses NaN / Infinity and duplicate keys (each a way to smuggle a value)."""
    try:
        return strict_loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError) as e:
        raise StoreError(f"Refused: {what} is not valid JSON ({str(e)[:120]}).") from None


def _check(validator, doc, what: str) -> None:
    msg = first_error(doc, validator)
    if msg is not None:
        raise StoreError(f"Refused: {what} is not valid at {msg}")


def validate_case(doc, what: str = "case.json") -> dict:
    _check(_CASE, doc, what)
    ids = [im["id"] for im in doc["images"]] + [a["id"] for im in doc["images"] for a in im["analyses"]]
    if len(ids) != len(set(ids)):
        raise StoreError(f"Refused: {what} uses one id for two photos or analyses.")
    return doc


def validate_bundle_info(doc, what: str = "bundle.json") -> dict:
    if isinstance(doc, dict) and isinstance(doc.get("version"), int) and doc.get("format") == "dermatriage-case-bundle":
        if doc["version"] > 1:
            raise StoreError(
                "Refused: this bundle was written by a newer DermaTriage (format version "
                f"{doc['version']}); update the app to import it."
            )
    _check(_BUNDLE, doc, what)
    return doc

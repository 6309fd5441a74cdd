"""JSON Schema of a model's manifest: the clinical values a triage depends on are typed and
ranged here, once, before anything uses them."""

from __future__ import annotations

from inference.classes import CLASS_KEYS

FILE_NAME = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"  # a plain name inside the model folder
MODEL_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"
SHA256 = {"type": "string", "pattern": r"^[0-9a-f]{64}$"}
PART = {"file": {"type": "string", "pattern": FILE_NAME}, "sha256": SHA256}
OPEN_UNIT = {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}
REFERENCE = {
    "type": "object",
    "required": ["data", "figures"],
    "properties": {
        "data": {"type": "string", "maxLength": 300},
        "n": {"type": "integer", "minimum": 0},
        "lesions": {"type": "integer", "minimum": 0},
        "figures": {
            "type": "object",
            "maxProperties": 20,
            "additionalProperties": {
                "type": "object",
                "required": ["value"],
                "properties": {
                    "value": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
                    "ci95": {
                        "type": "array",
                        "maxItems": 2,
                        "items": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
                    },
                },
            },
        },
    },
}


def manifest_schema(schema_version: int) -> dict:
    return {
        "type": "object",
        "required": [
            "schema_version",
            "id",
            "display_name",
            "architecture",
            "onnx_file",
            "onnx_sha256",
            "input",
            "preprocess",
            "classes",
            "calibration",
            "thresholds",
            "ood",
        ],
        "properties": {
            "schema_version": {"type": "integer", "minimum": 1, "maximum": schema_version},
            "id": {"type": "string", "pattern": MODEL_ID},
            "display_name": {"type": "string", "minLength": 1, "maxLength": 200},
            "version": {"type": ["string", "integer"]},
            "architecture": {"type": "string", "maxLength": 100},
            "onnx_file": {"type": "string", "pattern": FILE_NAME},
            "onnx_sha256": SHA256,
            "input": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 100}},
            },
            "preprocess": {
                "type": "object",
                "additionalProperties": False,
                "required": ["input_size", "crop", "scaling"],
                "properties": {
                    "input_size": {"type": "integer", "minimum": 16, "maximum": 1024},
                    "crop": {"enum": ["center_square", "none"]},
                    "interpolation": {"enum": ["area", "bilinear", "nearest", "cubic"]},
                    "scaling": {"enum": ["tf", "mean_std"]},
                    "mean": {"type": "array", "minItems": 3, "maxItems": 3, "items": {"type": "number"}},
                    "std": {
                        "type": "array",
                        "minItems": 3,
                        "maxItems": 3,
                        "items": {"type": "number", "exclusiveMinimum": 0},
                    },
                    "layout": {"const": "NCHW"},
                    "color_constancy": {"enum": ["none", "shades_of_gray"]},
                    "sog_power": {"type": "number", "minimum": 1, "maximum": 20},
                },
            },
            "classes": {
                "type": "array",
                "minItems": len(CLASS_KEYS),
                "maxItems": len(CLASS_KEYS),
                "items": {
                    "type": "object",
                    "required": ["key", "display_name", "malignant"],
                    "properties": {
                        "key": {"enum": list(CLASS_KEYS)},
                        "display_name": {"type": "string", "minLength": 1, "maxLength": 200},
                        "malignant": {"type": "boolean"},
                    },
                },
            },
            "cam": {"type": "object", "required": ["file", "sha256"], "properties": PART},
            "calibration": {
                "type": "object",
                "required": ["temperature"],
                "properties": {
                    "temperature": {"type": "number", "minimum": 0.05, "maximum": 20},
                    # Top-class decision only (docs/experiments/decision-weights.md): argmax(p * w).
                    "decision_weights": {
                        "type": "array",
                        "minItems": len(CLASS_KEYS),
                        "maxItems": len(CLASS_KEYS),
                        "items": {"type": "number", "exclusiveMinimum": 0, "maximum": 1000},
                    },
                    # Probabilities averaged over flipped copies of the network's input (docs/experiments/tta.md).
                    "test_time_flips": {"enum": [1, 2, 4]},
                },
            },
            "thresholds": {
                "type": "object",
                "required": ["malignant", "urgent"],
                "properties": {"malignant": OPEN_UNIT, "urgent": OPEN_UNIT},
            },
            "ood": {
                "type": "object",
                "required": ["file", "sha256", "threshold"],
                "properties": {
                    **PART,
                    "threshold": {"type": "number", "exclusiveMinimum": 0},
                    "appearance_threshold": {"type": "number", "exclusiveMinimum": 0},
                    "appearance_field": {"type": "boolean"},
                    "appearance_needs_features": {"type": "number", "minimum": 0, "exclusiveMaximum": 1},
                },
            },
            "metrics": {"type": "object"},
            # The model measured exactly as local validation measures a clinic (inference/validation.py).
            "reference_validation": REFERENCE,
            # The same on other sources (photos from other clinics): what a new clinic may expect.
            "reference_by_source": {"type": "array", "maxItems": 10, "items": REFERENCE},
            "intended_use": {"type": "string", "maxLength": 2000},
        },
    }

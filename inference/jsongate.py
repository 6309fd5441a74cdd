"""Strict JSON and schema errors in one sentence: shared by every gate (manifests, signed
indexes, case bundles)."""

from __future__ import annotations

import json

import jsonschema


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number DermaTriage accepts")


def _pairs(items):
    if len({k for k, _ in items}) != len(items):
        raise ValueError("a key appears twice")
    return dict(items)


def strict_loads(text: str | bytes):
    """json.loads refusing NaN / Infinity and duplicate keys."""
    return json.loads(text, parse_constant=_no_constant, object_pairs_hook=_pairs)


def first_error(doc, schema) -> str | None:
    """The most relevant violation as 'path: message', or None; `schema` a dict or a validator."""
    validator = schema if hasattr(schema, "iter_errors") else jsonschema.Draft202012Validator(schema)
    err = jsonschema.exceptions.best_match(validator.iter_errors(doc))
    if err is None:
        return None
    where = "/".join(str(p) for p in err.absolute_path) or "top level"
    return f"{where}: {err.message[:160]}"

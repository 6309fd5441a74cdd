"""Mutations of a real case bundle for fuzzing the importer (tests/test_bundle_fuzz.py, bounded in
CI, and scripts/fuzz_bundles.py for long runs). Each mutation is one of: a JSON value in case.json
or bundle.json replaced by another value of any type, a key removed, a member's bytes flipped,
truncated or duplicated, or a member dropped."""

from __future__ import annotations

import io
import json
import random
import zipfile

ODD_VALUES = [None, True, 0, -1, 1e308, "", "x" * 5000, "../../etc/passwd", [], {}, [None], {"a": 1}, 3.5, "NaN"]


def _paths(doc, prefix=()):
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _paths(v, (*prefix, i))


def _set(doc, path, value, delete=False):
    if not path:
        return value
    parent = doc
    for k in path[:-1]:
        parent = parent[k]
    if delete and isinstance(parent, dict):
        parent.pop(path[-1], None)
    else:
        parent[path[-1]] = value
    return doc


def mutate(bundle: bytes, rng: random.Random) -> bytes:
    with zipfile.ZipFile(io.BytesIO(bundle)) as z:
        members = [(i.filename, z.read(i)) for i in z.infolist()]
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(["json", "json", "json", "delete-key", "flip", "truncate", "duplicate", "drop"])
        idx = rng.randrange(len(members))
        name, data = members[idx]
        doc = None
        if kind in ("json", "delete-key") and name.endswith(".json"):
            try:
                doc = json.loads(data)
            except ValueError:  # an earlier mutation broke it already
                kind = "flip"
        if doc is not None:
            path = rng.choice(list(_paths(doc)))
            value = rng.choice(ODD_VALUES)
            doc = _set(doc, path, value, delete=kind == "delete-key")
            members[idx] = (name, json.dumps(doc).encode())
        elif kind == "flip" and data:
            b = bytearray(data)
            for _ in range(rng.randint(1, 8)):
                b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
            members[idx] = (name, bytes(b))
        elif kind == "truncate":
            members[idx] = (name, data[: rng.randrange(len(data) + 1)])
        elif kind == "duplicate":
            members.append((name, data))
        elif kind == "drop" and len(members) > 1:
            members.pop(idx)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # duplicate names are one of the mutations
            for name, data in members:
                z.writestr(name, data)
    raw = out.getvalue()
    if rng.random() < 0.1:  # the zip container itself
        b = bytearray(raw)
        b[rng.randrange(len(b))] ^= 0xFF
        raw = bytes(b)
    return raw

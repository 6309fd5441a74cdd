"""What local validation scores: a clinic's confirmed photos (a truth CSV beside photos or folders)
or its store's confirmed cases, each photo analysed again with the chosen model (cli/validation.py
and the app's validation dialog build on these)."""

from __future__ import annotations

import csv
from pathlib import Path

from inference.classes import CLASS_KEYS, ISIC_COLUMNS
from inference.validation import Item

MAX_TRUTH_BYTES = 50_000_000


def read_truth(path: Path) -> dict[str, tuple[int, str]]:
    """image stem -> (class index, lesion id). Refused with a message (ValueError): a file over 50 MB,
    a field too long for a CSV cell, a photo listed twice, a one-hot value that is not a number in
    [0, 1] (inf, nan), a row that is not one-hot, an unknown diagnosis."""
    import math

    if Path(path).stat().st_size > MAX_TRUTH_BYTES:
        raise ValueError(f"{Path(path).name} is over {MAX_TRUTH_BYTES // 1_000_000} MB")
    out = {}
    with open(path, newline="", encoding="utf-8-sig") as f:
        try:
            rows = list(csv.DictReader(f))
        except csv.Error as e:
            raise ValueError(f"{Path(path).name} is not a readable CSV ({e})") from None
    for row in rows:
        image = (row.get("image") or row.get("image_id") or "").strip()
        if not image:
            continue
        if row.get("dx"):
            dx = row["dx"].strip().lower()
        else:
            values = {}
            for c in ISIC_COLUMNS:
                try:
                    v = float(row.get(c) or 0)
                except ValueError:
                    v = math.nan
                if not (math.isfinite(v) and 0 <= v <= 1):
                    raise ValueError(f"{path.name}: row {image[:60]} has {c} = {str(row.get(c))[:20]!r}, not in [0, 1]")
                values[c] = v
            hot = [c for c, v in values.items() if v >= 0.5]
            if len(hot) != 1:
                raise ValueError(f"{path.name}: row {image[:60]} is not one-hot")
            dx = hot[0].lower()
        if dx not in CLASS_KEYS:
            raise ValueError(f"{path.name}: row {image[:60]} has unknown diagnosis {dx[:40]!r}")
        stem = Path(image).stem
        if stem in out:
            raise ValueError(f"{path.name}: photo {stem[:60]} is listed twice")
        out[stem] = (CLASS_KEYS.index(dx), (row.get("lesion_id") or "").strip() or stem)
    return out


def items_from_folder(analyzer, paths: list[str], truth: dict, failures: list) -> list[Item]:
    from inference.errors import DermaTriageError
    from inference.imageio import collect_inputs, load_image

    files, fails = collect_inputs(paths)
    failures += fails
    items = []
    for f in files:
        if f.stem not in truth:
            failures.append((str(f), "no ground truth for this photo"))
            continue
        try:
            a = analyzer.analyze(load_image(f).rgb)
        except DermaTriageError as e:
            failures.append((str(f), str(e)))
            continue
        label, lesion = truth[f.stem]
        items.append(Item(f.stem, label, a.probabilities, a.triage, lesion, a.ita_band, predicted=a.predicted_index))
    return items


def items_from_store(analyzer, store, confirm_types: tuple[str, ...], progress=None) -> list[Item]:
    """Every confirmed case (diagnosis in the seven classes, confirmation type chosen), each photo
    analysed again with this model; photos of one case resample together."""
    cases = [c for c in store.list_cases() if c.diagnosis in CLASS_KEYS]
    items = []
    for n, c in enumerate(cases):
        case = store.get_case(c.id)
        ann = case["annotation"] or {}
        if (ann.get("confirm_type") or "") not in confirm_types:
            continue
        for im in case["images"]:
            a = analyzer.analyze(store.image_rgb(im["sha256"]))
            items.append(
                Item(
                    im["id"],
                    CLASS_KEYS.index(c.diagnosis),
                    a.probabilities,
                    a.triage,
                    c.id,
                    a.ita_band,
                    c.body_site,
                    predicted=a.predicted_index,
                    confirm_type=ann.get("confirm_type") or "",
                )
            )
        if progress is not None:
            progress(n + 1, len(cases))
    return items


def confirmed_counts(store) -> dict[str, int]:
    """How many cases outside the bin hold a diagnosis in the seven classes, per confirmation type
    ("" for none): what the validation dialog offers before anything is analysed."""
    marks = ",".join("?" * len(CLASS_KEYS))
    rows = store.db.execute(
        f"SELECT COALESCE(n.confirm_type, ''), COUNT(*) FROM annotation n WHERE n.diagnosis IN ({marks}) "
        "AND n.lesion_id NOT IN (SELECT case_id FROM bin) GROUP BY 1",
        CLASS_KEYS,
    ).fetchall()
    return {t: int(n) for t, n in rows}

"""`dermatriage-cli validate`: score a model on labelled photos (a folder + ground-truth CSV) or on
the case store's confirmed cases, with the numbers of inference.validation."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import numpy as np

from cases.validate import CONFIRM_TYPES
from inference.classes import CLASS_KEYS, ISIC_COLUMNS
from inference.validation import Item, compare_with_card, report, text_report


def add_validate_command(sub) -> None:
    v = sub.add_parser("validate", help="how well a model does on your own confirmed photos or cases")
    v.add_argument("paths", nargs="*", help="photos or folders (with --truth)")
    v.add_argument("--truth", help="CSV: ISIC ground truth (image,MEL,NV,...) or image,dx [,lesion_id]")
    v.add_argument("--from-store", action="store_true", help="the case store's confirmed cases")
    v.add_argument(
        "--confirm-types",
        default=",".join(CONFIRM_TYPES),
        help="which confirmations count (comma-separated; default: all)",
    )
    v.add_argument("--model", default=None, help="model id or 'ensemble' (default: the default model)")
    v.add_argument("--format", default="text", choices=["json", "text", "pdf"])
    v.add_argument("--output")
    v.add_argument("--boot", type=int, default=1000, help="bootstrap resamples")
    v.set_defaults(func=cmd_validate)


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
    from inference.cli import collect_inputs
    from inference.errors import DermaTriageError
    from inference.imageio import load_image

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
        items.append(Item(f.stem, label, a.probabilities, a.triage, lesion, a.ita_band))
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
                Item(im["id"], CLASS_KEYS.index(c.diagnosis), a.probabilities, a.triage, c.id, a.ita_band, c.body_site)
            )
        if progress is not None:
            progress(n + 1, len(cases))
    return items


def cmd_validate(args) -> int:
    from inference.analysis import Analyzer
    from inference.errors import DermaTriageError, UsageError

    if args.from_store == bool(args.truth):
        raise UsageError("validate needs either --truth CSV with photos, or --from-store")
    if args.truth and not args.paths:
        raise UsageError("validate --truth needs the photos or folders to score")
    try:
        analyzer = Analyzer.load(args.model, "cpu")
    except DermaTriageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    failures: list = []
    if args.from_store:
        from cases.store import CaseStore

        store = CaseStore.open_default()
        items = items_from_store(analyzer, store, tuple(t.strip() for t in args.confirm_types.split(",")))
        store.close()
    else:
        try:
            truth = read_truth(Path(args.truth))
        except (OSError, ValueError) as e:
            raise UsageError(f"--truth: {e}") from None
        items = items_from_folder(analyzer, args.paths, truth, failures)
    rep = report(items, n_boot=args.boot)
    model = " + ".join(c.manifest.id for c in analyzer.classifiers)
    card = compare_with_card(rep, analyzer.classifiers[0].manifest.metrics) if rep["n"] else []
    for path, msg in failures:
        print(f"failed: {path}: {msg}", file=sys.stderr)
    if rep["n"] == 0:
        print("No confirmed photos to validate on.", file=sys.stderr)
        return 2
    if args.format == "json":
        data = (json.dumps({"model": model, **rep, "model_card": card}, indent=2, default=_np) + "\n").encode()
    elif args.format == "text":
        data = text_report(model, rep, card).encode()
    else:
        if not args.output:
            raise UsageError("--format pdf needs --output FILE")
        from cases.pdf import render_validation_pdf

        data = render_validation_pdf(model, rep, card)
    if args.output:
        from cases.files import atomic_write

        if not Path(args.output).parent.is_dir():  # never creates folders where it was not asked to
            raise UsageError(f"--output: the folder {Path(args.output).parent} does not exist")
        atomic_write(Path(args.output), data)
    else:
        sys.stdout.write(data.decode())
    return 2 if failures else 0


def _np(o):
    if isinstance(o, np.generic):
        return o.item()
    if isinstance(o, np.ndarray):
        return o.tolist()
    return str(o)

"""`dermatriage-cli validate`: score a model on labelled photos (a folder + ground-truth CSV) or on
the case store's confirmed cases, with the numbers of inference.validation."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from cases.schema_gate import CONFIRM_TYPES
from cases.validation import items_from_folder, items_from_store, read_truth
from inference.validation import compare_with_card, report, text_report


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
    card = compare_with_card(rep, analyzer.classifiers[0].manifest.raw) if rep["n"] else []
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

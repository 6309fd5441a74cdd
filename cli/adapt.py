"""`dermatriage-cli adapt`: fit the default model to this clinic's confirmed cases (a clinic
profile, inference/profile.py), show it, or remove it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cases.schema_gate import CONFIRM_TYPES


def add_adapt_command(sub) -> None:
    a = sub.add_parser("adapt", help="fit the model to this clinic's confirmed cases (reversible)")
    a.add_argument("paths", nargs="*", help="photos or folders (with --truth, or alone: only the check is widened)")
    a.add_argument("--truth", help="CSV: ISIC ground truth (image,MEL,NV,...) or image,dx [,lesion_id]")
    a.add_argument("--from-store", action="store_true", help="the case store's confirmed cases")
    a.add_argument(
        "--confirm-types",
        default=",".join(t for t in CONFIRM_TYPES if t != "clinical"),
        help="which confirmations count (comma-separated; default: all but a photo-only 'clinical' one)",
    )
    a.add_argument("--model", default=None, help="model id (default: the default model)")
    a.add_argument("--show", action="store_true", help="the profile in use, if any")
    a.add_argument("--off", action="store_true", help="remove the profile: back to the bundled model exactly")
    a.add_argument("--dry-run", action="store_true", help="fit and judge, change nothing")
    a.add_argument("--format", default="text", choices=["text", "json"])
    a.add_argument("--boot", type=int, default=1000, help="bootstrap resamples")
    a.set_defaults(func=cmd_adapt)


def _model(model_id):
    from inference.registry import default_model_id, find_model, verify

    return verify(find_model(model_id or default_model_id() or ""))


def cmd_adapt(args) -> int:
    from inference.errors import DermaTriageError, UsageError

    if args.show or args.off:
        if args.paths or args.truth or args.from_store:
            raise UsageError("adapt --show and --off take no photos")
        return _show(args) if args.show else _off(args)
    if args.from_store == bool(args.paths):
        raise UsageError("adapt needs photos or folders (with or without --truth), or --from-store")
    try:
        return _fit(args)
    except DermaTriageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


def _show(args) -> int:
    from inference import profile as P

    m = _model(args.model)
    try:
        prof = P.load(m.manifest.id, m.manifest.onnx_sha256, m.ood_arrays)
    except P.ProfileError as e:
        print(f"{m.manifest.id}: the clinic profile is not used: {e}.")
        return 2
    if prof is None:
        print(f"{m.manifest.id}: no clinic profile; the bundled model is used.")
        return 0
    if args.format == "json":
        print(json.dumps({"model": prof.model_id, **prof.stamp(), "report": prof.report}, indent=2))
        return 0
    print(f"{prof.model_id}: {prof.label}; parts: {', '.join(prof.parts) or 'none'}")
    for side in ("before", "after"):
        s = prof.report.get(side) or {}
        figs = ", ".join(f"{k} {v:.3f}" for k, v in s.items() if isinstance(v, float))
        print(f"  {side} (cross-validated on this clinic): {figs}")
    return 0


def _off(args) -> int:
    from cases.clinic_fit import record_removal
    from cases.store import CaseStore
    from inference import profile as P

    m = _model(args.model)
    label = None
    try:
        prof = P.load(m.manifest.id, m.manifest.onnx_sha256, m.ood_arrays)
        label = prof.label if prof else None
    except P.ProfileError:
        label = "an unreadable profile"
    if not P.remove(m.manifest.id):
        print(f"{m.manifest.id}: no clinic profile to remove; the bundled model is used.")
        return 0
    store = CaseStore.open_default()
    try:
        record_removal(store, m.manifest.id, label)
    finally:
        store.close()
    print(f"{m.manifest.id}: clinic profile removed; the bundled model is used exactly as shipped.")
    return 0


def _fit(args) -> int:
    from cases import clinic_fit as F
    from cases.store import CaseStore
    from cases.validation import read_truth
    from cli.progress import progress
    from inference import adapt as A
    from inference import profile as P
    from inference.adapt_report import text
    from inference.errors import UsageError

    an = F.bundled_analyzer(args.model)
    c = an.classifiers[0]
    failures: list = []
    if args.from_store:
        store = CaseStore.open_default()
        try:
            types = tuple(t.strip() for t in args.confirm_types.split(","))
            cases = F.from_store(an, store, types, progress=progress)
        finally:
            store.close()
    else:
        truth = None
        if args.truth:
            try:
                truth = read_truth(Path(args.truth))
            except (OSError, ValueError) as e:
                raise UsageError(f"--truth: {e}") from None
        cases = F.from_folder(an, args.paths, truth, failures, progress=progress)
    sys.stderr.write("\n")
    for path, msg in failures:
        print(f"skipped: {path}: {msg}", file=sys.stderr)
    result = A.fit(cases, c, A.load_nonskin(c.manifest.id, c.manifest.onnx_sha256), n_boot=args.boot)
    if args.format == "json":
        out = {"model": c.manifest.id, "applied": result.applied and not args.dry_run, "reasons": result.reasons,
               "before": result.before, "after": result.after, "nonskin": result.nonskin}  # fmt: skip
        print(json.dumps(out, indent=2, default=_np))
    else:
        sys.stdout.write(text(result, c.manifest.id))
    if not result.applied:
        print("Nothing was changed.", file=sys.stderr)
        return 2
    if args.dry_run:
        print("Dry run: nothing was changed.", file=sys.stderr)
        return 0
    path = P.save(result.profile)
    store = CaseStore.open_default()
    try:
        F.record_fit(store, result.profile)
    finally:
        store.close()
    print(f"Saved: {path}. Every analysis with {c.manifest.id} now says '{result.profile.label}'.", file=sys.stderr)
    print("Undo with: dermatriage-cli adapt --off", file=sys.stderr)
    return 0


def _np(o):
    import numpy as np

    if isinstance(o, np.generic):
        return o.item()
    if isinstance(o, np.ndarray):
        return o.tolist()
    return str(o)

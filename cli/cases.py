"""Case commands of dermatriage-cli: export and import."""

from __future__ import annotations

import sys
from pathlib import Path

from cases.store import StoreError


def add_case_commands(sub) -> None:
    ex = sub.add_parser("export", help="export cases (bundle, pdf, isic-csv, dicom)")
    ex.add_argument("--format", required=True, choices=["bundle", "pdf", "isic-csv", "dicom"])
    ex.add_argument("--output", required=True, help="folder to write to")
    ex.add_argument("--case", action="append", default=[], help="case id (repeat; default: all)")
    ex.set_defaults(func=cmd_export)
    im = sub.add_parser("import", help="import case bundles (.dtcase.zip)")
    im.add_argument("bundles", nargs="+")
    im.set_defaults(func=cmd_import)


def cmd_export(args) -> int:
    from cases import export as E
    from cases.store import CaseStore

    store = CaseStore.open_default()
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    ids = args.case or [c.id for c in store.list_cases()]
    if not ids:
        print("No cases to export.", file=sys.stderr)
        return 0
    failed = 0
    if args.format == "isic-csv":
        print(E.export_isic_csv(store, out, ids))
        return 0
    for cid in ids:
        try:
            if args.format == "bundle":
                print(E.export_bundle(store, cid, out))
            elif args.format == "pdf":
                print(E.export_pdf(store, cid, out))
            else:
                for p in E.export_dicom(store, cid, out):
                    print(p)
        except (StoreError, OSError) as e:
            failed += 1
            print(f"failed: {cid}: {e}", file=sys.stderr)
    return 2 if failed else 0


def cmd_import(args) -> int:
    from cases.export import import_bundle
    from cases.store import CaseStore

    store = CaseStore.open_default()
    failed = 0
    for b in args.bundles:
        try:
            print(f"{b}: {import_bundle(store, b).summary()}")
        except (StoreError, OSError) as e:
            failed += 1
            print(f"failed: {b}: {e}", file=sys.stderr)
    return 2 if failed else 0

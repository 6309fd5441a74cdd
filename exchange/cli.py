"""CLI commands for the exchange and the store: send, outbox, inbox, annotate, cases."""

from __future__ import annotations

import json
import sys


def add_exchange_commands(sub) -> None:
    s = sub.add_parser("send", help="queue cases for the dermatologist and send what is due")
    s.add_argument("--case", action="append", default=[], help="case id (repeat); default: send what is queued")
    s.add_argument("--all", action="store_true", help="queue every case")
    s.set_defaults(func=cmd_send)
    o = sub.add_parser("outbox", help="what is queued, sending, sent or failed (with the reason)")
    o.set_defaults(func=cmd_outbox)
    i = sub.add_parser("inbox", help="reviews and cases waiting on the server")
    i.add_argument("--import", dest="do_import", action="store_true", help="merge them into this store")
    i.add_argument("--own", action="store_true", help="only answers to cases this store already has")
    i.set_defaults(func=cmd_inbox)
    a = sub.add_parser("annotate", help="record a diagnosis (what the app's annotation form does)")
    a.add_argument("case")
    a.add_argument("--diagnosis", required=True)
    a.add_argument("--confirm-type", required=True)
    a.add_argument("--notes")
    a.add_argument("--author", default="")
    a.add_argument("--send", action="store_true", help="queue the answer for sending in the same transaction")
    a.set_defaults(func=cmd_annotate)
    c = sub.add_parser("cases", help="list cases with their photos, analyses, annotation and send state")
    c.add_argument("--format", default="text", choices=["text", "json"])
    c.set_defaults(func=cmd_cases)


def _store():
    from cases.store import CaseStore

    return CaseStore.open_default()


def _client_or_none():
    from exchange import settings

    s = settings.load()
    return (settings.client(s), s) if s else (None, None)


def cmd_send(args) -> int:
    from exchange import outbox

    store = _store()
    ids = args.case or ([c.id for c in store.list_cases()] if args.all else [])
    for cid in ids:
        outbox.queue(store, cid)
    client, s = _client_or_none()
    if client is None:
        print(f"{len(ids)} case(s) queued; no server configured, nothing sent", file=sys.stderr)
        return 0
    sent, failed = outbox.send_due(store, client)
    for r in outbox.rows(store):
        if r.state == outbox.FAILED:
            print(f"failed: {r.case_id}: {r.last_error} (will retry)", file=sys.stderr)
    print(f"sent {sent}, failed {failed} to {s.url}", file=sys.stderr)
    return 2 if failed else 0


def cmd_outbox(args) -> int:
    from exchange import outbox

    store = _store()
    for r in outbox.rows(store):
        print(f"{r.case_id}  {r.state:8}  attempts {r.attempts}  {r.last_error or ''}".rstrip())
    return 0


def cmd_inbox(args) -> int:
    from exchange import inbox

    client, s = _client_or_none()
    if client is None:
        print("error: no server configured (settings, or DERMATRIAGE_DICOMWEB_URL)", file=sys.stderr)
        return 2
    store = _store()
    if not args.do_import:
        waiting = inbox.pending(store, client)
        print(f"{len(waiting)} review(s) waiting on {s.url}")
        return 0
    res = inbox.sync(store, client, only_own=args.own)
    for r in res.results:
        print(r.summary())
    for p in res.problems:
        print(f"failed: {p}", file=sys.stderr)
    return 2 if res.problems else 0


def cmd_annotate(args) -> int:
    from cases.store import StoreError

    store = _store()
    try:
        with store.transaction():
            store.set_annotation(args.case, args.diagnosis, args.confirm_type, args.notes, author=args.author)
            if args.send:
                from exchange import outbox

                outbox.queue(store, args.case)
    except StoreError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"annotated {args.case}" + (" and queued for sending" if args.send else ""))
    return 0


def cmd_cases(args) -> int:
    from exchange import outbox

    store = _store()
    out = []
    for c in store.list_cases():
        case = store.get_case(c.id)
        row = outbox.state_of(store, c.id)
        case["send_state"] = row.state if row else None
        case["send_error"] = row.last_error if row else None
        out.append(case)
    if args.format == "json":
        print(json.dumps(out, indent=1, ensure_ascii=False, default=str))
    else:
        for case in out:
            ann = case["annotation"] or {}
            last = [a for im in case["images"] for a in im["analyses"]][-1:] or [{}]
            print(
                f"{case['id']}  {case['pseudonym']}  {len(case['images'])} photo(s)  "
                f"triage {last[0].get('triage', '-')}  diagnosis {ann.get('diagnosis') or '-'}  "
                f"send {case['send_state'] or '-'}"
            )
    return 0

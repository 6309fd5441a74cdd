"""CLI commands for the exchange and the store: send, outbox, inbox, annotate, cases."""

from __future__ import annotations

import json
import sys

from inference.textsafe import UNSAFE, clean


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
    r = sub.add_parser("reviewer", help="signing keys: a dermatologist's own, and the ones a clinic trusts")
    rs = r.add_subparsers(dest="reviewer_cmd", required=True)
    ri = rs.add_parser("init", help="create this installation's reviewer signing key")
    ri.add_argument("--name", required=True, help="the name clinics will see beside your reviews")
    re_ = rs.add_parser("export", help="write your public key, for the clinics to trust")
    re_.add_argument("--output", required=True)
    rt = rs.add_parser("trust", help="trust a dermatologist's exported public key")
    rt.add_argument("file")
    ru = rs.add_parser("untrust", help="stop trusting a key (by its fingerprint)")
    ru.add_argument("fingerprint")
    rs.add_parser("list", help="this installation's key and the trusted reviewers")
    r.set_defaults(func=cmd_reviewer)
    c = sub.add_parser("cases", help="list cases with their photos, analyses, annotation and send state")
    c.add_argument("--format", default="text", choices=["text", "json"])
    c.set_defaults(func=cmd_cases)


def _store():
    from cases.store import CaseStore

    return CaseStore.open_default()


class _Refused(Exception):
    pass


def _refused_is_exit_2(cmd):
    """A command that needs the server: an address the app refuses ends it with exit status 2."""

    def run(args) -> int:
        try:
            return cmd(args)
        except _Refused:
            return 2

    return run


def _client_or_none():
    """(client, settings), or (None, None) when no server is set; an address the app refuses (http://
    to another computer, a password in the address) ends the command with its reason."""
    from exchange import settings

    s = settings.load()
    if not s:
        return None, None
    try:
        return settings.client(s), s
    except settings.InsecureServerError as e:
        print(f"error: {e}", file=sys.stderr)
        raise _Refused from None


def _unknown_cases(store, ids) -> list[str]:
    """The ids that are not cases of this store (malformed ones included), for a plain error."""
    from cases.ids import is_id

    return [
        c for c in ids if not is_id(c) or store.db.execute("SELECT 1 FROM lesion WHERE id=?", (c,)).fetchone() is None
    ]


@_refused_is_exit_2
def cmd_send(args) -> int:
    from exchange import outbox

    store = _store()
    ids = args.case or ([c.id for c in store.list_cases()] if args.all else [])
    unknown = _unknown_cases(store, ids)
    if unknown:
        shown = ", ".join(repr(clean(c)[:40]) for c in unknown[:5])
        print(f"error: no such case in this store: {shown}; nothing was queued", file=sys.stderr)
        return 2
    for cid in ids:
        outbox.queue(store, cid)
    client, s = _client_or_none()
    if client is None:
        print(f"{len(ids)} case(s) queued; no server configured, nothing sent", file=sys.stderr)
        return 0
    outbox.recover_interrupted(store)
    sent, failed = outbox.send_due(store, client)
    for r in outbox.rows(store):
        if r.state == outbox.FAILED:
            print(f"{r.case_id}: {r.describe()}", file=sys.stderr)
    print(f"sent {sent}, failed {failed} to {s.describe()}", file=sys.stderr)
    return 2 if failed else 0


def cmd_outbox(args) -> int:
    from exchange import outbox

    store = _store()
    for r in outbox.rows(store):
        print(clean(f"{r.case_id}  {r.describe()}  attempts {r.attempts}"))
    return 0


@_refused_is_exit_2
def cmd_inbox(args) -> int:
    from exchange import inbox

    client, s = _client_or_none()
    if client is None:
        print("error: no server configured (settings, or DERMATRIAGE_DICOMWEB_URL)", file=sys.stderr)
        return 2
    store = _store()
    if not args.do_import:
        from exchange.reasons import failure_reason

        problems: list[str] = []
        try:
            waiting = inbox.pending(store, client, problems)
        except Exception as e:  # noqa: BLE001 - the server's answer is untrusted: a sentence, exit 2
            print(f"error: the server could not be searched: {failure_reason(e)}", file=sys.stderr)
            return 2
        print(f"{len(waiting)} review(s) waiting on {s.describe()}")
        for p in problems:
            print(f"problem: {p}", file=sys.stderr)
        return 2 if problems else 0
    res = inbox.sync(store, client, only_own=args.own)
    for r in res.results:
        print(r.summary())
    for line in res.reviews + res.unverified:
        print(line)
    for p in res.problems:
        print(f"failed: {p}", file=sys.stderr)
    return 2 if res.problems else 0


def cmd_annotate(args) -> int:
    from cases.store import StoreError

    store = _store()
    if _unknown_cases(store, [args.case]):
        print(f"error: no such case in this store: {clean(args.case)[:40]!r}", file=sys.stderr)
        return 2
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


def cmd_reviewer(args) -> int:
    from pathlib import Path

    from cases import reviews as trusted
    from exchange import reviews

    store = _store()
    try:
        if args.reviewer_cmd == "init":
            me = reviews.init(store.home, args.name)
            print(f"reviewer key created for {me.name}; fingerprint {me.fingerprint}")
        elif args.reviewer_cmd == "export":
            loaded = reviews.load(store.home)
            if loaded is None:
                print("error: no reviewer key here (dermatriage-cli reviewer init --name NAME)", file=sys.stderr)
                return 2
            out = Path(args.output)
            if not out.parent.is_dir():
                print(f"error: the folder {out.parent} does not exist", file=sys.stderr)
                return 2
            out.write_text(json.dumps(reviews.public_document(loaded[1]), indent=1) + "\n", encoding="utf-8")
            print(f"public key of {loaded[1].name} written to {out}; fingerprint {loaded[1].fingerprint}")
        elif args.reviewer_cmd == "trust":
            who = reviews.read_public(Path(args.file))
            trusted.trust(store, who.public_key, who.name, who.fingerprint)
            print(f"trusted {who.name}; fingerprint {who.fingerprint} (compare it with theirs)")
        elif args.reviewer_cmd == "untrust":
            if not trusted.untrust(store, args.fingerprint):
                print(f"error: no trusted reviewer has the fingerprint {args.fingerprint}", file=sys.stderr)
                return 2
            print(f"no longer trusted: {args.fingerprint}")
        else:
            loaded = reviews.load(store.home)
            print(
                f"this installation: {loaded[1].name} ({loaded[1].fingerprint})"
                if loaded
                else "this installation: no reviewer key"
            )
            for t in trusted.trusted(store):
                print(f"trusted: {t.name} ({t.fingerprint}) since {t.trusted_at[:10]}")
    except reviews.ReviewError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
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
    if args.format == "json":  # control and bidi characters from a server are escaped, never printed raw
        text = json.dumps(out, indent=1, ensure_ascii=False, default=str)
        print(UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    else:
        for case in out:
            ann = case["annotation"] or {}
            last = [a for im in case["images"] for a in im["analyses"]][-1:] or [{}]
            line = (
                f"{case['id']}  {case['pseudonym']}  {len(case['images'])} photo(s)  "
                f"triage {last[0].get('triage', '-')}  diagnosis {ann.get('diagnosis') or '-'}  "
                f"send {case['send_state'] or '-'}"
            )
            print(clean(line))
    return 0

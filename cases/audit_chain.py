"""A tamper-evident audit trail: every audit row carries the sha256 of the previous row's chain value
and its own content, so an audit row edited, deleted or inserted out of turn (with the append-only
triggers dropped and put back) breaks the chain, and the integrity check and a restore say where.
Not a secret: someone who rewrites the whole database and recomputes every link is not stopped; a
snapshot or a copy kept elsewhere still disagrees with them."""

from __future__ import annotations

import hashlib
import json
import sqlite3

GENESIS = "0" * 64
COLUMNS = ("at", "who", "entity", "entity_id", "field", "before", "after")


def link(previous: str, row) -> str:
    body = json.dumps([previous, *[row[c] for c in COLUMNS]], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def append(db: sqlite3.Connection, at, who, entity, entity_id, field, before, after) -> None:
    """Insert one audit row with its chain value (inside the caller's transaction)."""
    last = db.execute("SELECT chain FROM audit WHERE chain IS NOT NULL ORDER BY seq DESC LIMIT 1").fetchone()
    row = dict(zip(COLUMNS, (at, who, entity, entity_id, field, before, after), strict=True))
    db.execute(
        "INSERT INTO audit(at, who, entity, entity_id, field, before, after, chain) VALUES (?,?,?,?,?,?,?,?)",
        (*row.values(), link(last[0] if last else GENESIS, row)),
    )


def check(db: sqlite3.Connection) -> str:
    """'ok', or where the chain breaks. Rows written before the chain existed (schema < 6) come first
    and carry none; after the first chained row, every row must carry the right one."""
    previous, started = GENESIS, False
    cur = db.execute(f"SELECT seq, chain, {', '.join(COLUMNS)} FROM audit ORDER BY seq")
    cur.row_factory = sqlite3.Row
    for r in cur:
        if r["chain"] is None:
            if started:
                return f"audit row {r['seq']} has no chain value (written outside the app)"
            continue
        started = True
        if r["chain"] != link(previous, r):
            return f"audit row {r['seq']} does not match the chain (edited, or a row before it was removed)"
        previous = r["chain"]
    return "ok"

"""Schema migrations: MIGRATIONS[n] takes the database from user_version n to n + 1."""

from __future__ import annotations

MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE patient(id TEXT PRIMARY KEY, pseudonym TEXT NOT NULL UNIQUE,
                                created_at TEXT NOT NULL)""",
        """CREATE TABLE lesion(id TEXT PRIMARY KEY, patient_id TEXT NOT NULL REFERENCES patient(id),
                               body_site TEXT, created_at TEXT NOT NULL)""",
        """CREATE TABLE image(id TEXT PRIMARY KEY, lesion_id TEXT NOT NULL REFERENCES lesion(id),
                              sha256 TEXT NOT NULL, source TEXT, original_name TEXT, width INTEGER,
                              height INTEGER, captured_at TEXT, crop_box TEXT, gamma REAL,
                              created_at TEXT NOT NULL)""",
        """CREATE TABLE analysis(id TEXT PRIMARY KEY, image_id TEXT NOT NULL REFERENCES image(id),
                                 model_id TEXT NOT NULL, model_sha256 TEXT NOT NULL, app_version TEXT,
                                 device TEXT, probabilities TEXT NOT NULL, malignant_probability REAL,
                                 triage TEXT NOT NULL, reason TEXT, warnings TEXT, gate TEXT, ita REAL,
                                 heatmap_sha256 TEXT, created_at TEXT NOT NULL, author TEXT, detail TEXT)""",
        """CREATE TABLE annotation(lesion_id TEXT PRIMARY KEY REFERENCES lesion(id), diagnosis TEXT,
                                   confirm_type TEXT, notes TEXT, author TEXT, updated_at TEXT)""",
        """CREATE TABLE audit(seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, who TEXT,
                              entity TEXT NOT NULL, entity_id TEXT NOT NULL, field TEXT, before TEXT,
                              after TEXT)""",
        # Append-only: the audit trail cannot be edited or deleted through SQL.
        """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
           BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
        """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
           BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
        "CREATE INDEX image_lesion ON image(lesion_id)",
        "CREATE INDEX analysis_image ON analysis(image_id)",
        "CREATE INDEX audit_entity ON audit(entity_id)",
    ],
    # 2: patients are no longer one per pseudonym (two people may share one; the user links them).
    [
        """CREATE TABLE patient_v2(id TEXT PRIMARY KEY, pseudonym TEXT NOT NULL, created_at TEXT NOT NULL)""",
        "INSERT INTO patient_v2(id, pseudonym, created_at) SELECT id, pseudonym, created_at FROM patient",
        "DROP TABLE patient",
        "ALTER TABLE patient_v2 RENAME TO patient",
        "CREATE INDEX patient_pseudonym ON patient(pseudonym)",
    ],
    # 3: the outbox to a PACS (state changes in the same transaction as the data) and the inbox's memory.
    [
        """CREATE TABLE outbox(case_id TEXT PRIMARY KEY REFERENCES lesion(id), state TEXT NOT NULL,
                               attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, queued_at TEXT NOT NULL,
                               updated_at TEXT NOT NULL, next_try_at TEXT, sent_at TEXT, sent_version TEXT)""",
        "CREATE TABLE inbox_seen(sop_instance_uid TEXT PRIMARY KEY, case_id TEXT, seen_at TEXT NOT NULL)",
    ],
    # 4: the bin. A deleted case keeps all its rows and files; it leaves the lists until restored.
    [
        """CREATE TABLE bin(case_id TEXT PRIMARY KEY REFERENCES lesion(id), deleted_at TEXT NOT NULL,
                            who TEXT, reason TEXT)""",
    ],
    # 5: signed reviews. The dermatologists this clinic trusts (their Ed25519 public keys), and per
    # case the signed review applied last (a later signed one wins, whatever its fields say).
    [
        """CREATE TABLE trusted_reviewer(public_key TEXT PRIMARY KEY, name TEXT NOT NULL,
                                         fingerprint TEXT NOT NULL, trusted_at TEXT NOT NULL)""",
        """CREATE TABLE review_applied(case_id TEXT PRIMARY KEY REFERENCES lesion(id), public_key TEXT NOT NULL,
                                       reviewer TEXT NOT NULL, signed_at TEXT NOT NULL, applied_at TEXT NOT NULL)""",
        "ALTER TABLE inbox_seen ADD COLUMN outcome TEXT",
    ],
    # 6: the audit trail becomes a hash chain (cases/audit_chain.py).
    [
        "ALTER TABLE audit ADD COLUMN chain TEXT",
    ],
]

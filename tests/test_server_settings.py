"""Issue 30, items 4 and 5: TLS claims that are true, and secrets that never leave in a message."""

from __future__ import annotations

import pytest

from exchange import outbox, settings
from exchange.settings import InsecureServerError, ServerSettings, check_address, redact


def test_http_is_refused_except_to_this_computer_or_when_switched_on():
    with pytest.raises(InsecureServerError, match="unencrypted"):
        check_address(ServerSettings("http://pacs.example/dicom-web"))
    check_address(ServerSettings("http://127.0.0.1:8042/dicom-web"))
    check_address(ServerSettings("http://pacs.example/dicom-web", allow_unencrypted=True))
    with pytest.raises(InsecureServerError, match="own fields"):
        check_address(ServerSettings("https://bob:pw@pacs.example/dicom-web"))
    with pytest.raises(InsecureServerError):
        settings.client(ServerSettings("http://pacs.example/dicom-web"))


def test_describe_says_exactly_what_is_checked():
    assert "NOT ENCRYPTED" in ServerSettings("http://127.0.0.1/dicom-web").describe()
    assert "checked" not in ServerSettings("http://127.0.0.1/dicom-web").describe()
    assert "NOT checked" in ServerSettings("https://p.example", verify_tls=False).describe()
    assert "ca.pem" in ServerSettings("https://p.example", ca_file="/etc/x/ca.pem").describe()
    assert "pw" not in ServerSettings("https://bob:pw@p.example").describe()


def test_the_settings_ca_file_wins_over_environment_variables(monkeypatch, tmp_path):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "planted.pem"))
    monkeypatch.setenv("CURL_CA_BUNDLE", str(tmp_path / "planted.pem"))
    c = settings.client(ServerSettings("https://p.example/dicom-web", ca_file="/etc/ssl/mine.pem"))
    s = c._session
    assert s.trust_env is False and s.verify == "/etc/ssl/mine.pem"
    merged = s.merge_environment_settings("https://p.example/", {}, True, s.verify, None)
    assert merged["verify"] == "/etc/ssl/mine.pem"
    off = settings.client(ServerSettings("https://p.example/dicom-web", verify_tls=False))._session
    assert off.merge_environment_settings("https://p.example/", {}, True, off.verify, None)["verify"] is False


def test_a_token_with_a_trailing_newline_never_reaches_a_message(monkeypatch, tmp_path):
    monkeypatch.setenv("DERMATRIAGE_HOME", str(tmp_path / "home"))
    token = "tok-VERY-secret-123"
    s = ServerSettings("https://p.example/dicom-web", token=token + "\n")
    settings.save(s)
    assert settings.load().token == token
    c = settings.client(settings.load())
    assert c._session.headers["Authorization"] == f"Bearer {token}"
    err = ValueError(f"Invalid leading whitespace in header value: 'Bearer {token}\\n' at https://u:pw1234@h/x")
    reason = outbox.failure_reason(err)
    assert token not in reason and "pw1234" not in reason and "***" in reason
    assert redact(f"Basic {token}") == "Basic ***"


def test_store_files_are_private_and_settings_never_follow_a_planted_link(tmp_path, monkeypatch):
    """Issue 30, item 5: data folder 0700, cases.sqlite, snapshots and photos 0600."""
    import os
    import stat

    import numpy as np

    from cases.store import CaseStore

    def mode(p):
        return stat.S_IMODE(os.stat(p).st_mode)

    store = CaseStore(tmp_path / "data")
    cid = store.create_case("P", "", author="n")
    store.add_image(cid, np.zeros((20, 20, 3), np.uint8), "file", "a.jpg")
    staged = tmp_path / "staged.png"
    staged.write_bytes(b"\x89PNG fake")
    store.blobs.put_file(staged, "ab" * 32)
    snap = store.snapshot()
    assert mode(tmp_path / "data") == 0o700
    assert mode(tmp_path / "data" / "cases.sqlite") == 0o600 and mode(snap) == 0o600
    photos = [p for p in (tmp_path / "data" / "blobs").rglob("*.png")]
    assert photos and all(mode(p) == 0o600 for p in photos)
    store.close()

    monkeypatch.setenv("DERMATRIAGE_HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    os.symlink(victim, settings.settings_path().with_suffix(".tmp"))
    p = settings.save(ServerSettings("https://p.example/dicom-web", "u", "pw"))
    assert victim.read_text() == "do not touch" and mode(p) == 0o600

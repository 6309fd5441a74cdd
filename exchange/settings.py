"""Server settings: URL, TLS (certificate checks on by default, an optional CA file), HTTP basic or
bearer token. Kept in <user data>/server.json with mode 0600, outside the case store; secrets are
never printed, logged or exported. DERMATRIAGE_DICOMWEB_URL / _USER / _PASSWORD override."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from inference.paths import user_data_dir


@dataclass(frozen=True)
class ServerSettings:
    url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    verify_tls: bool = True
    ca_file: str | None = None
    clinic: str = ""  # shown to the dermatologist; filters the inbox
    allow_unencrypted: bool = False  # http:// to another computer: only when switched on (shown in red)

    @property
    def encrypted(self) -> bool:
        return urlsplit(self.url).scheme.lower() == "https"

    def describe(self) -> str:
        """What is true of this connection, and nothing more (no secret in it)."""
        auth = "token" if self.token else f"user {self.user}" if self.user else "no sign-in"
        if not self.encrypted:
            tls = "NOT ENCRYPTED (plain http)"
        elif not self.verify_tls:
            tls = "encrypted, but the server's TLS certificate is NOT checked"
        elif self.ca_file:
            tls = f"TLS certificate checked against {Path(self.ca_file).name}"
        else:
            tls = "TLS certificate checked against this computer's trusted authorities"
        return f"{redact_url(self.url)} ({auth}; {tls})"


LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class InsecureServerError(ValueError):
    """An address the app will not send patient data to as it stands."""


def check_address(s: ServerSettings) -> None:
    """http:// is refused except to this computer (loopback), unless allow_unencrypted is on; an
    address must be http(s) with a host, and carries no user:password (those go in their own fields)."""
    parts = urlsplit(s.url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InsecureServerError(f"the server address must start with https:// ({redact_url(s.url)})")
    if parts.username or parts.password:
        raise InsecureServerError("put the user name and password in their own fields, not in the address")
    if parts.scheme.lower() == "http" and parts.hostname not in LOOPBACK and not s.allow_unencrypted:
        raise InsecureServerError(
            "the address is http://, which sends patient data unencrypted; use https:// "
            "(or switch on 'allow unencrypted' for a closed network)"
        )


def redact_url(url: str) -> str:
    """The address without any user:password in it."""
    parts = urlsplit(url)
    if parts.password is None and parts.username is None:
        return url
    host = parts.hostname or ""
    netloc = f"***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def settings_path() -> Path:
    return user_data_dir() / "server.json"


def load() -> ServerSettings | None:
    data = {}
    p = settings_path()
    if p.exists():
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
    env = {
        "url": os.environ.get("DERMATRIAGE_DICOMWEB_URL"),
        "user": os.environ.get("DERMATRIAGE_DICOMWEB_USER"),
        "password": os.environ.get("DERMATRIAGE_DICOMWEB_PASSWORD"),
    }
    data.update({k: v for k, v in env.items() if v})
    if not data.get("url"):
        return None
    known = {k: data[k] for k in ServerSettings.__dataclass_fields__ if k in data}
    for k in ("url", "user", "password", "token"):  # a pasted token's trailing newline is not part of it
        if isinstance(known.get(k), str):
            known[k] = known[k].strip() or None
    return ServerSettings(**known)


def redact(text: str, s: ServerSettings | None = None) -> str:
    """The one place secrets leave a message before it is printed, logged or stored: the settings'
    password and token, any 'Bearer ...' or 'Basic ...' value and any user:password@ in an address."""
    import re

    out = str(text)
    for secret in (s.password, s.token) if s else ():
        if secret and len(secret.strip()) >= 4:
            out = out.replace(secret.strip(), "***")
    out = re.sub(r"(?i)\b(bearer|basic)\s+[^\s'\"]+", r"\1 ***", out)
    return re.sub(r"(?i)(https?://)[^/\s:@]+:[^/\s@]+@", r"\1***@", out)


def save(s: ServerSettings) -> Path:
    """Write with mode 0600 from the first byte (never readable by others, not even briefly)."""
    import tempfile

    p = settings_path()
    p.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # A new file of a random name (O_EXCL: never a planted server.tmp link), then renamed over.
    fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=".server-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(asdict(s), f)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    os.chmod(p, 0o600)
    return p


def client(s: ServerSettings, timeout: float = 30, deadline: float | None = None):
    """A DICOMweb client whose every answer is bounded (exchange/bounded.py): connect and read
    timeouts, a deadline per call, a size limit, no compression, no redirects."""
    from dicomweb_client.api import DICOMwebClient

    from exchange.bounded import DEADLINE, BoundedSession

    check_address(s)
    session = BoundedSession(deadline=deadline or DEADLINE, read=timeout)
    if s.token:
        session.headers["Authorization"] = f"Bearer {s.token.strip()}"
    elif s.user:
        session.auth = (s.user, s.password or "")
    session.verify = (s.ca_file or True) if s.verify_tls else False
    c = DICOMwebClient(url=s.url.rstrip("/"), session=session, timeout=timeout)
    # No hidden retries (it retried every error five times with exponential waits, 30 s each call):
    # the outbox retries with its own backoff and says when.
    c.set_http_retry_params(retry=False)
    return c


def test_connection(s: ServerSettings) -> str:
    """A sentence for the settings page: reachable and signed in, or why not (no secret in it)."""
    import requests

    try:
        client(s, timeout=10).search_for_studies(limit=1)
        return f"Connected to {s.describe()}."
    except InsecureServerError as e:
        return f"Not connected: {e}."
    except requests.exceptions.SSLError:
        return f"The server's TLS certificate could not be verified ({s.url})."
    except requests.exceptions.ConnectionError:
        return f"No answer from {s.url}: the server is down or this computer is offline."
    except requests.exceptions.HTTPError as e:
        code = e.response.status_code if e.response is not None else "?"
        if code in (401, 403):
            return "The server refused the sign-in (check user and password or token)."
        return f"The server answered with an error ({code})."
    except Exception as e:  # noqa: BLE001
        return f"The connection failed ({type(e).__name__})."

"""Server settings: URL, TLS (certificate checks on by default, an optional CA file), HTTP basic or
bearer token. Kept in <user data>/server.json with mode 0600, outside the case store; secrets are
never printed, logged or exported. DERMATRIAGE_DICOMWEB_URL / _USER / _PASSWORD override."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

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

    def describe(self) -> str:
        auth = "token" if self.token else f"user {self.user}" if self.user else "no sign-in"
        tls = "TLS certificates checked" if self.verify_tls else "TLS certificates NOT checked"
        return f"{self.url} ({auth}; {tls})"


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
    return ServerSettings(**known)


def save(s: ServerSettings) -> Path:
    """Write with mode 0600 from the first byte (never readable by others, not even briefly)."""
    p = settings_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(asdict(s), f)
    os.replace(tmp, p)
    os.chmod(p, 0o600)
    return p


def client(s: ServerSettings, timeout: float = 30):
    import requests
    from dicomweb_client.api import DICOMwebClient

    session = requests.Session()
    if s.token:
        session.headers["Authorization"] = f"Bearer {s.token}"
    elif s.user:
        session.auth = (s.user, s.password or "")
    session.verify = (s.ca_file or True) if s.verify_tls else False
    return DICOMwebClient(url=s.url.rstrip("/"), session=session, timeout=timeout)


def test_connection(s: ServerSettings) -> str:
    """A sentence for the settings page: reachable and signed in, or why not (no secret in it)."""
    import requests

    try:
        client(s, timeout=10).search_for_studies(limit=1)
        return f"Connected to {s.describe()}."
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

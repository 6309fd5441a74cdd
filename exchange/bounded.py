"""Bounds wherever a server answers (issue 30): a connect and a read timeout, a deadline for the whole
call, a maximum number of bytes per answer, compressed answers refused (a 3 MB deflate stream can
inflate to gigabytes), redirects never followed. Every answer is read here, in full and within those
bounds, before the DICOMweb client parses it; what breaks a bound raises ServerAnswerError with a
sentence for the person at the keyboard."""

from __future__ import annotations

import time

import requests

CONNECT_TIMEOUT = 10.0  # seconds to open the connection
READ_TIMEOUT = 30.0  # seconds without a byte
DEADLINE = 120.0  # seconds for one whole call, however slowly the bytes come
MAX_ANSWER_BYTES = 64 * 1024 * 1024  # one answer: a page of search results, one photo, one report
CHUNK = 64 * 1024


class ServerAnswerError(requests.exceptions.RequestException):
    """The server's answer broke a bound; str() says which, for a person."""


class BoundedSession(requests.Session):
    def __init__(self, max_bytes: int = MAX_ANSWER_BYTES, deadline: float = DEADLINE,
                 connect: float = CONNECT_TIMEOUT, read: float = READ_TIMEOUT):  # fmt: skip
        super().__init__()
        self.max_bytes, self.deadline = max_bytes, deadline
        self.timeouts = (connect, read)
        self.headers["Accept-Encoding"] = "identity"
        # The settings' CA file and verify flag win: REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE are not read
        # (trust_env off); proxies from the environment still are, explicitly, below.
        self.trust_env = False

    def resolve_redirects(self, *args, **kwargs):
        """Never follow, and never prepare, a redirect (an https -> http one included)."""
        return iter(())

    def request(self, method, url, **kwargs):
        kwargs["timeout"] = self.timeouts
        kwargs["stream"] = True
        kwargs["allow_redirects"] = False
        kwargs.setdefault("proxies", requests.utils.get_environ_proxies(url))
        start = time.monotonic()
        r = super().request(method, url, **kwargs)
        try:
            if r.is_redirect:
                raise ServerAnswerError(
                    f"the server redirected to {_where(r.headers.get('Location', ''))}; redirects are not followed"
                )
            encoding = (r.headers.get("Content-Encoding") or "identity").strip().lower()
            if encoding not in ("identity", ""):
                raise ServerAnswerError(f"the server sent a compressed answer ({encoding[:20]}), which is refused")
            declared = r.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise ServerAnswerError(f"the server's answer is too large ({int(declared) // 1_000_000} MB)")
            body = bytearray()
            for chunk in r.raw.stream(CHUNK, decode_content=False):
                body += chunk
                if len(body) > self.max_bytes:
                    raise ServerAnswerError(
                        f"the server's answer is larger than {self.max_bytes // 1_000_000} MB; it was cut off"
                    )
                if time.monotonic() - start > self.deadline:
                    raise ServerAnswerError(f"the server took longer than {self.deadline:.0f} s to answer")
            r._content = bytes(body)
            r._content_consumed = True
            return r
        finally:
            r.close()


def _where(location: str) -> str:
    return location.split("?")[0][:80] or "another address"

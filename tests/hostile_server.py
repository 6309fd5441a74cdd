"""A hostile DICOMweb server for the tests (issue 30, item 2): each path prefix is one way a server can
hurt a client. http://127.0.0.1:PORT/<mode>/dicom-web/..."""

from __future__ import annotations

import itertools
import json
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SR = "1.2.840.10008.5.1.4.1.1.88.33"
MODES = ("endless-pages", "endless-multipart", "deflate-bomb", "huge-json", "one-byte-per-second",
         "nested-json", "html", "unauthorized", "list-uid", "redirect-http")  # fmt: skip


def _entry(i: int) -> dict:
    u = f"1.2.3.{i}"
    return {"0020000D": {"vr": "UI", "Value": [u + ".1"]}, "0020000E": {"vr": "UI", "Value": [u + ".2"]},
            "00080018": {"vr": "UI", "Value": [u + ".3"]}, "00080016": {"vr": "UI", "Value": [SR]}}  # fmt: skip


_BOMB: list[bytes] = []


def _bomb() -> bytes:
    """About 200 KB of deflate that inflates to 200 MB (built in pieces: the server stays small)."""
    if not _BOMB:
        z, zeros = zlib.compressobj(9), b"\0" * (1024 * 1024)
        _BOMB.append(b"".join(z.compress(zeros) for _ in range(200)) + z.flush())
    return _BOMB[0]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):  # quiet
        pass

    def _send(self, code=200, body=b"", ctype="application/dicom+json", **headers):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, first: bytes, chunk: bytes, ctype: str, seconds: float = 60.0, pause: float = 0.0):
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        end = time.monotonic() + seconds
        try:
            for piece in itertools.chain([first], itertools.repeat(chunk)):
                if time.monotonic() > end:
                    break
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                if pause:
                    self.wfile.flush()
                    time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError):
            return

    def do_GET(self):  # noqa: N802
        mode = self.path.strip("/").split("/")[0]
        search = "/instances?" in self.path
        if mode == "unauthorized":
            return self._send(401, b"no", "text/plain", WWW_Authenticate='Basic realm="x"')
        if mode == "html":
            return self._send(200, b"<html><body>Login</body></html>", "text/html")
        if mode == "redirect-http":
            return self._send(302, b"", Location="http://198.51.100.1/dicom-web/instances")
        if mode == "nested-json":
            return self._send(200, b"[" * 200_000 + b"]" * 200_000)
        if mode == "list-uid":
            bad = _entry(1)
            bad["00080018"]["Value"] = [["1.2", "3.4"]]
            return self._send(200, json.dumps([bad, _entry(2)]).encode())
        if mode == "endless-pages" and search:  # the same full page, whatever the offset
            return self._send(200, json.dumps([_entry(i) for i in range(200)]).encode())
        if search:
            if mode == "huge-json":  # 300 MB of search results
                return self._stream(b"[", (json.dumps(_entry(7)) + ",").encode() * 2000, "application/dicom+json")
            if mode == "one-byte-per-second":
                return self._stream(b"[", b" ", "application/dicom+json", seconds=600, pause=1.0)
            return self._send(200, json.dumps([_entry(1)]).encode())
        if mode == "endless-multipart":
            boundary = b"xyz"
            head = b"--xyz\r\nContent-Type: application/dicom\r\n\r\n"
            return self._stream(
                head, b"\0" * 65536, f'multipart/related; type="application/dicom"; boundary={boundary.decode()}'
            )
        if mode == "deflate-bomb":
            body = _bomb()
            return self._send(
                200, body, 'multipart/related; type="application/dicom"; boundary=x', Content_Encoding="deflate"
            )
        return self._send(404, b"", "text/plain")


def start() -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"

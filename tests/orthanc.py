"""A real Orthanc (Debian's `orthanc` + `orthanc-dicomweb`) on 127.0.0.1 for the tests: a free
port, authentication on, its own storage folder; stopped at the end of the session."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

PLUGIN = Path("/usr/share/orthanc/plugins/libOrthancDicomWeb.so")
USER, PASSWORD = "clinic", "s3cret-for-tests"
# One account per clinic and per dermatologist (issue 30): clinic A is USER.
ACCOUNTS = {USER: PASSWORD, "clinic-b": "b-s3cret-for-tests", "derm": "d-s3cret-for-tests"}


def why_not() -> str | None:
    if shutil.which("Orthanc") is None:
        return "Orthanc is not installed (Debian packages orthanc and orthanc-dicomweb; .ci/run installs them)"
    if not PLUGIN.exists():
        return f"the DICOMweb plugin is missing ({PLUGIN}; Debian package orthanc-dicomweb)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Orthanc:
    folder: Path
    port: int = 0
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def dicomweb(self) -> str:
        return f"{self.url}/dicom-web"

    def start(self) -> Orthanc:
        self.port = self.port or free_port()
        self.folder.mkdir(parents=True, exist_ok=True)
        config = {
            "Name": "DermaTriageTest",
            "StorageDirectory": str(self.folder / "db"),
            "IndexDirectory": str(self.folder / "db"),
            "HttpPort": self.port,
            "RemoteAccessAllowed": False,
            "AuthenticationEnabled": True,
            "RegisteredUsers": ACCOUNTS,
            "DicomServerEnabled": False,
            "Plugins": [str(PLUGIN)],
            "DicomWeb": {"Enable": True, "Root": "/dicom-web/"},
            "HttpThreadsCount": 20,
        }
        (self.folder / "orthanc.json").write_text(json.dumps(config))
        self.proc = subprocess.Popen(
            ["Orthanc", str(self.folder / "orthanc.json")],
            stdout=open(self.folder / "orthanc.log", "wb"),
            stderr=subprocess.STDOUT,
        )
        self.wait_up()
        return self

    def wait_up(self, timeout: float = 30) -> None:
        import requests

        t = time.time()
        while time.time() - t < timeout:
            try:
                if requests.get(f"{self.url}/system", auth=(USER, PASSWORD), timeout=2).ok:
                    return
            except requests.exceptions.ConnectionError:
                pass
            if self.proc and self.proc.poll() is not None:
                raise RuntimeError((self.folder / "orthanc.log").read_text()[-2000:])
            time.sleep(0.2)
        raise TimeoutError("Orthanc did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc = None

    def rest(self, path: str):
        import requests

        r = requests.get(f"{self.url}{path}", auth=(USER, PASSWORD), timeout=30)
        r.raise_for_status()
        return r.json()

    def delete_study(self, study_uid: str) -> None:
        """Remove a study (a test's forged objects must not reach the next test)."""
        import requests

        auth = (USER, PASSWORD)
        found = requests.post(f"{self.url}/tools/lookup", data=study_uid, auth=auth, timeout=30).json()
        for hit in found:
            if hit.get("Type") == "Study":
                requests.delete(f"{self.url}/studies/{hit['ID']}", auth=auth, timeout=30).raise_for_status()

    def env(self, user: str = USER) -> dict:
        return {
            "DERMATRIAGE_DICOMWEB_URL": self.dicomweb,
            "DERMATRIAGE_DICOMWEB_USER": user,
            "DERMATRIAGE_DICOMWEB_PASSWORD": ACCOUNTS[user],
        }

    def client(self, user: str = USER):
        from exchange import settings

        return settings.client(settings.ServerSettings(self.dicomweb, user, ACCOUNTS[user]))

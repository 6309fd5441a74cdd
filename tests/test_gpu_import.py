"""scripts/gpu_import.py reads an archive sent back from another machine: only the four kept files
of the named run are read, as bytes; paths that climb out, links, other runs and huge members
are ignored, and nothing is extracted anywhere."""

import io
import tarfile

from scripts.gpu_import import run_files


def _add(tar, name, data=b"{}", kind=tarfile.REGTYPE, size=None):
    info = tarfile.TarInfo(name)
    info.type = kind
    if kind == tarfile.SYMTYPE:
        info.linkname = "/etc/passwd"
        tar.addfile(info)
        return
    info.size = len(data) if size is None else size
    tar.addfile(info, io.BytesIO(data))


def test_only_the_named_runs_kept_files_are_read(tmp_path):
    archive = tmp_path / "runs.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        _add(tar, "./e20s42/config.json", b'{"arch": "efficientnet_lite0"}')
        _add(tar, "./e20s42/history.json", b"[]")
        _add(tar, "./e20s42/checkpoint_last.pt", b"x")  # not a kept file
        _add(tar, "./e20s42/../../evil/config.json", b"owned")  # climbs out
        _add(tar, "../e20s42/result.json", b"owned")
        _add(tar, "/e20s42/train.log", b"owned")  # absolute
        _add(tar, "./e20s42/train.log", kind=tarfile.SYMTYPE)  # a link, not a file
        _add(tar, "./e20s7/config.json", b'{"other": 1}')  # another run
        _add(tar, "./e20s42/result.json", b"0" * 10_000_001)  # too large
    got = run_files(archive, "e20s42")
    assert got == {"config.json": b'{"arch": "efficientnet_lite0"}', "history.json": b"[]"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["runs.tar.gz"]  # nothing extracted
    assert run_files(archive, "..") == {} and run_files(archive, "e20s7") == {"config.json": b'{"other": 1}'}

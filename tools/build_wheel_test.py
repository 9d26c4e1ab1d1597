"""The wheel builder: layout, RECORD hashes, and the version check."""

import base64
import hashlib
import zipfile

import pytest

import build_wheel


def make_sources(tmp_path, version="1.2.3"):
    (tmp_path / "version.py").write_text(f'__version__ = "{version}"\n')
    (tmp_path / "init.py").write_text("x = 1\n")
    return {
        "keras/version.py": str(tmp_path / "version.py"),
        "keras/__init__.py": str(tmp_path / "init.py"),
    }


def test_builds_a_valid_wheel(tmp_path):
    out = tmp_path / "keras-1.2.3-py3-none-any.whl"
    build_wheel.build(str(out), "keras", "1.2.3", ["numpy"], make_sources(tmp_path), "s")
    with zipfile.ZipFile(out) as wheel:
        names = wheel.namelist()
        record = wheel.read("keras-1.2.3.dist-info/RECORD").decode().splitlines()
        assert "Requires-Dist: numpy" in wheel.read("keras-1.2.3.dist-info/METADATA").decode()
        for line in record:
            path, digest, size = line.rsplit(",", 2)
            assert path in names
            if digest:
                data = wheel.read(path)
                expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest())
                assert digest == "sha256=" + expected.rstrip(b"=").decode()
                assert int(size) == len(data)
    assert "keras/__init__.py" in names


def test_reproducible(tmp_path):
    sources = make_sources(tmp_path)
    first, second = tmp_path / "a.whl", tmp_path / "b.whl"
    build_wheel.build(str(first), "keras", "1.2.3", [], sources, "")
    build_wheel.build(str(second), "keras", "1.2.3", [], sources, "")
    assert first.read_bytes() == second.read_bytes()


def test_version_mismatch_is_an_error(tmp_path):
    with pytest.raises(ValueError, match=r"'9\.9' \(BUILD\) differs.*'1\.2\.3'"):
        build_wheel.build(str(tmp_path / "x.whl"), "keras", "9.9", [], make_sources(tmp_path), "")


def test_platform_wheel_with_a_library(tmp_path):
    sources = make_sources(tmp_path)
    (tmp_path / "lib.so").write_bytes(b"\x7fELF fake")
    sources["kernels/bindings/_lib.so"] = str(tmp_path / "lib.so")
    out = tmp_path / "keras-1.2.3-cp311-cp311-linux_x86_64.whl"
    build_wheel.build(
        str(out), "keras", "1.2.3", [], sources, "", tag="cp311-cp311-linux_x86_64"
    )
    with zipfile.ZipFile(out) as wheel:
        info = wheel.read("keras-1.2.3.dist-info/WHEEL").decode()
        assert "Root-Is-Purelib: false" in info
        assert "Tag: cp311-cp311-linux_x86_64" in info
        assert wheel.read("keras-1.2.3.dist-info/top_level.txt").decode().split() == [
            "keras",
            "kernels",
        ]
        assert wheel.getinfo("kernels/bindings/_lib.so").external_attr >> 16 == 0o755

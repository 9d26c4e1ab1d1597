"""get_file with local paths and file:// URLs: cache layout, hashes, extraction and
its path-traversal guards."""

import hashlib
import io
import os
import pathlib
import tarfile
import zipfile

import pytest

from keras import utils


def make_tar(path, members):
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def make_zip(path, members):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


@pytest.fixture
def cache(tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    return folder


def test_fetches_a_file_url_into_cache_subdir(tmp_path, cache):
    source = tmp_path / "data.bin"
    source.write_bytes(os.urandom(100))
    path = utils.get_file(origin=source.as_uri(), cache_dir=cache)
    assert path == str(cache / "datasets" / "data.bin")
    assert pathlib.Path(path).read_bytes() == source.read_bytes()
    # A local path works as origin too, and a custom name and sub-folder are kept.
    other = utils.get_file("copy.bin", origin=str(source), cache_dir=cache,
                           cache_subdir="mine")
    assert other == str(cache / "mine" / "copy.bin")


@pytest.mark.parametrize("algorithm", ["sha256", "md5"])
def test_hash_checks(tmp_path, cache, algorithm):
    source = tmp_path / "data.bin"
    source.write_bytes(b"payload")
    digest = hashlib.new(algorithm, b"payload").hexdigest()
    path = utils.get_file(origin=source.as_uri(), cache_dir=cache, file_hash=digest)
    assert pathlib.Path(path).read_bytes() == b"payload"
    # A stale cached file whose hash does not match is fetched again.
    pathlib.Path(path).write_bytes(b"stale")
    utils.get_file(origin=source.as_uri(), cache_dir=cache, file_hash=digest)
    assert pathlib.Path(path).read_bytes() == b"payload"
    with pytest.raises(ValueError, match="corrupted"):
        utils.get_file("bad.bin", origin=source.as_uri(), cache_dir=cache,
                       file_hash="0" * len(digest))


def test_md5_hash_argument(tmp_path, cache):
    source = tmp_path / "data.bin"
    source.write_bytes(b"abc")
    digest = hashlib.md5(b"abc").hexdigest()
    assert utils.get_file(origin=str(source), cache_dir=cache, md5_hash=digest)
    with pytest.raises(ValueError, match="corrupted"):
        utils.get_file("c.bin", origin=str(source), cache_dir=cache, md5_hash="1" * 32)


@pytest.mark.parametrize("kind", ["tar", "zip"])
def test_extract(tmp_path, cache, kind):
    archive = tmp_path / ("data.tar.gz" if kind == "tar" else "data.zip")
    members = {"top.txt": b"one", "sub/inner.txt": b"two"}
    (make_tar if kind == "tar" else make_zip)(archive, members)
    path = utils.get_file(origin=archive.as_uri(), cache_dir=cache, extract=True)
    assert path == str(cache / "datasets" / "data_extracted")
    for name, data in members.items():
        assert (pathlib.Path(path) / name).read_bytes() == data


def test_untar(tmp_path, cache):
    archive = tmp_path / "data.tar.gz"
    make_tar(archive, {"a.txt": b"x"})
    path = utils.get_file("folder", origin=str(archive), cache_dir=cache, untar=True)
    assert path == str(cache / "datasets" / "folder")
    assert (pathlib.Path(path) / "a.txt").read_bytes() == b"x"


@pytest.mark.parametrize(
    "kind, name", [("tar", "../escape.txt"), ("tar", "/abs.txt"),
                   ("zip", "../escape.txt")]
)
def test_archives_that_escape_are_refused(tmp_path, cache, kind, name):
    archive = tmp_path / ("evil.tar.gz" if kind == "tar" else "evil.zip")
    (make_tar if kind == "tar" else make_zip)(archive, {name: b"pwned"})
    with pytest.raises(ValueError, match="outside"):
        utils.get_file(origin=str(archive), cache_dir=cache, extract=True)
    assert not (cache / "datasets" / "escape.txt").exists()
    assert not (tmp_path / "escape.txt").exists()
    assert not (cache / "datasets" / "evil_extracted").exists()


def test_tar_symlink_out_of_the_folder_is_refused(tmp_path, cache):
    archive = tmp_path / "link.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("link")
        info.type = tarfile.SYMTYPE
        info.linkname = "../../outside"
        tar.addfile(info)
    with pytest.raises(ValueError, match="outside"):
        utils.get_file(origin=str(archive), cache_dir=cache, extract=True)


def test_errors(tmp_path, cache):
    with pytest.raises(ValueError, match="origin"):
        utils.get_file("x", cache_dir=cache)
    with pytest.raises(FileNotFoundError, match="origin"):
        utils.get_file(origin=str(tmp_path / "missing.bin"), cache_dir=cache)
    with pytest.raises(ValueError, match="hash_algorithm"):
        utils.get_file(origin=str(tmp_path), cache_dir=cache, file_hash="0",
                       hash_algorithm="sha1")
    source = tmp_path / "plain.bin"
    source.write_bytes(b"not an archive")
    with pytest.raises(ValueError, match="archive"):
        utils.get_file(origin=str(source), cache_dir=cache, extract=True)


def test_unreachable_url_says_so(cache):
    # An unroutable port on localhost: fails at once, network or not.
    with pytest.raises(OSError, match="URL fetch failure"):
        utils.get_file("n.bin", origin="http://127.0.0.1:9/n.bin", cache_dir=cache)
    assert not any((cache / "datasets").iterdir())

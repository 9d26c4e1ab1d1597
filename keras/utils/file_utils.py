"""get_file: fetch a file into the Keras cache, check its hash, extract archives.

Origins may be http(s) URLs (where a network exists), file:// URLs or local paths.
Archives are extracted only inside their target folder: members with absolute
paths, `..` components or links that leave it are refused.
"""

import hashlib
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile

from keras.backends.common import config
from keras.utils import io_utils

_ARCHIVE_FORMATS = ("tar", "zip")
_ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar", ".zip")
_CHUNK = 1 << 16


def _hasher(algorithm, file_hash):
    if algorithm == "auto":
        algorithm = "sha256" if len(file_hash) == 64 else "md5"
    if algorithm not in ("sha256", "md5"):
        raise ValueError(
            "`hash_algorithm` must be 'auto', 'sha256' or 'md5'; received "
            f"hash_algorithm={algorithm!r}."
        )
    return algorithm, hashlib.new(algorithm)


def hash_file(fpath, algorithm="sha256"):
    """The hex digest of the file `fpath` ("sha256" or "md5")."""
    hasher = hashlib.new(algorithm)
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath, file_hash, algorithm="auto"):
    """Whether the file `fpath` has the hex digest `file_hash`."""
    algorithm, _ = _hasher(algorithm, file_hash)
    return hash_file(fpath, algorithm) == str(file_hash).lower()


def _inside(root, member_name):
    target = os.path.realpath(os.path.join(root, member_name))
    root = os.path.realpath(root)
    return target == root or target.startswith(root + os.sep)


def _check_tar_members(archive, root, fpath):
    for member in archive.getmembers():
        unsafe = os.path.isabs(member.name) or not _inside(root, member.name)
        if member.issym() or member.islnk():
            link = member.linkname
            base = os.path.dirname(member.name) if member.issym() else ""
            unsafe = unsafe or os.path.isabs(link)
            unsafe = unsafe or not _inside(root, os.path.join(base, link))
        if unsafe or member.isdev():
            raise ValueError(
                f"Refusing to extract {fpath}: its member {member.name!r} would be "
                f"written outside the target folder {root} (or is a device file)."
            )


def extract_archive(file_path, path=".", archive_format="auto"):
    """Extracts the tar or zip archive `file_path` into the folder `path`.

    Args:
        file_path: the archive.
        path: the folder to extract into.
        archive_format: "auto" (try tar then zip), "tar", "zip", or a list of them;
            None or "" extracts nothing.

    Returns:
        True when the file was an archive of an accepted format and was extracted.

    Raises:
        ValueError: for an archive with a member that would land outside `path`.
    """
    if archive_format is None or archive_format == "":
        return False
    formats = _ARCHIVE_FORMATS if archive_format == "auto" else archive_format
    formats = [formats] if isinstance(formats, str) else list(formats)
    for archive_type in formats:
        if archive_type not in _ARCHIVE_FORMATS:
            raise ValueError(
                "`archive_format` must be 'auto', 'tar', 'zip', a list of those or "
                f"None; received archive_format={archive_format!r}."
            )
        file_path = os.fspath(file_path)
        if archive_type == "tar" and tarfile.is_tarfile(file_path):
            with tarfile.open(file_path) as archive:
                _check_tar_members(archive, path, file_path)
                # The "data" filter also strips special bits and refuses links
                # out of the folder: a second guard behind the check above.
                archive.extractall(path, filter="data")
            return True
        if archive_type == "zip" and zipfile.is_zipfile(file_path):
            with zipfile.ZipFile(file_path) as archive:
                for name in archive.namelist():
                    if os.path.isabs(name) or not _inside(path, name):
                        raise ValueError(
                            f"Refusing to extract {file_path}: its member {name!r} "
                            f"would be written outside the target folder {path}."
                        )
                archive.extractall(path)
            return True
    return False


def _fetch(origin, destination):
    """Copies `origin` (URL or local path) to `destination` through a temporary
    file, so an interrupted fetch leaves no partial file under the final name."""
    parsed = urllib.parse.urlparse(origin)
    folder = os.path.dirname(destination)
    handle, partial = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            if parsed.scheme in ("", "file") or len(parsed.scheme) == 1:
                # A local path ("C:" parses as a one-letter scheme) or a file:// URL.
                source = (
                    urllib.request.url2pathname(parsed.path)
                    if parsed.scheme == "file"
                    else origin
                )
                if not os.path.isfile(source):
                    raise FileNotFoundError(
                        f"`origin` {origin!r} names no file (looked for {source})."
                    )
                with open(source, "rb") as f:
                    shutil.copyfileobj(f, out, _CHUNK)
            else:
                try:
                    with urllib.request.urlopen(origin) as response:
                        shutil.copyfileobj(response, out, _CHUNK)
                except (urllib.error.URLError, OSError) as error:
                    reason = getattr(error, "reason", error)
                    raise OSError(
                        f"URL fetch failure on {origin}: {reason}. Check the URL and "
                        "that this machine can reach the network; a file already on "
                        "disk can be given as a local path or a file:// URL."
                    ) from error
        os.replace(partial, destination)
    finally:
        if os.path.exists(partial):
            os.remove(partial)


def _cache_folder(cache_dir, cache_subdir):
    base = config.keras_home() if cache_dir is None else os.path.expanduser(cache_dir)
    if not os.access(base, os.W_OK):
        # As Keras does: an unwritable (or missing) cache falls back to /tmp.
        base = os.path.join(tempfile.gettempdir(), ".keras")
    folder = os.path.join(base, cache_subdir)
    os.makedirs(folder, exist_ok=True)
    return folder


def _strip_archive_suffix(fname):
    for suffix in _ARCHIVE_SUFFIXES:
        if fname.endswith(suffix):
            return fname[: -len(suffix)]
    return fname


def get_file(
    fname=None,
    origin=None,
    untar=False,
    md5_hash=None,
    file_hash=None,
    cache_subdir="datasets",
    hash_algorithm="auto",
    extract=False,
    archive_format="auto",
    cache_dir=None,
    force_download=False,
):
    """Fetches a file into the cache (unless already there) and returns its path.

    The file goes to `cache_dir/cache_subdir/fname` (by default
    `~/.keras/datasets/`, or `$KERAS_HOME/datasets/`; an unwritable cache falls back
    to `/tmp/.keras`). A cached file is fetched again when `force_download` is set or
    its hash does not match `file_hash`.

    Args:
        fname: the file name in the cache; None uses the last part of `origin`. An
            absolute path is used as it is.
        origin: where to fetch from: an http(s) URL, a file:// URL or a local path.
        untar: deprecated: like `extract=True`, extracting into
            `cache_subdir/fname` (the archive itself is `fname + ".tar.gz"`).
        md5_hash: deprecated: an MD5 `file_hash`.
        file_hash: expected hex digest (sha256 or md5) of the file.
        cache_subdir: sub-folder of the cache (absolute: used as it is).
        hash_algorithm: "auto" (sha256 for 64-digit hashes, else md5), "sha256" or
            "md5".
        extract: extract the archive into `<fname without suffix>_extracted` and
            return that folder.
        archive_format: "auto", "tar", "zip", a list of them, or None.
        cache_dir: the cache's root; None is the Keras home folder.
        force_download: fetch even when the file is cached.

    Returns:
        The path of the file, or of the extracted folder.

    Raises:
        ValueError: without `origin`, for a hash mismatch after fetching, or for an
            archive whose members would leave the target folder.
        OSError: when a URL cannot be fetched.

    >>> path = keras.utils.get_file(origin="file:///data/mnist.npz")
    """
    if origin is None:
        raise ValueError(
            "`origin` is required: pass the URL or path of the file to fetch; "
            "received origin=None."
        )
    if not isinstance(origin, (str, os.PathLike)):
        raise TypeError(
            f"`origin` must be a URL or a path; received {type(origin).__name__}."
        )
    origin = os.fspath(origin)
    if isinstance(fname, os.PathLike):
        fname = os.fspath(fname)
    if not fname:
        fname = os.path.basename(urllib.parse.urlparse(origin).path)
        if not fname:
            raise ValueError(
                "`fname` is required when `origin` ends without a file name; "
                f"received origin={origin!r}."
            )
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    if file_hash is not None:
        _hasher(hash_algorithm, str(file_hash))  # rejects a bad algorithm now

    folder = _cache_folder(cache_dir, cache_subdir)
    if untar:
        untar_path = os.path.join(folder, fname)
        fpath = untar_path + ".tar.gz"
    else:
        fpath = os.path.join(folder, fname)

    fetch = force_download or not os.path.exists(fpath)
    if not fetch and file_hash is not None and not validate_file(
        fpath, file_hash, hash_algorithm
    ):
        io_utils.print_msg(
            f"The cached file {fpath} does not match the expected hash: fetching it "
            "again."
        )
        fetch = True
    if fetch:
        io_utils.print_msg(f"Downloading data from {origin}")
        _fetch(origin, fpath)
        if file_hash is not None and not validate_file(
            fpath, file_hash, hash_algorithm
        ):
            raise ValueError(
                f"Incomplete or corrupted file detected: the {hash_algorithm} hash "
                f"of {fpath} does not match `file_hash`={file_hash!r}."
            )

    if untar:
        if not os.path.exists(untar_path):
            _extract_fresh(fpath, untar_path, "tar")
        return untar_path
    if extract:
        extracted = os.path.join(folder, _strip_archive_suffix(fname) + "_extracted")
        if fetch or not os.path.exists(extracted):
            _extract_fresh(fpath, extracted, archive_format)
        return extracted
    return fpath


def _extract_fresh(fpath, target, archive_format):
    """Extracts into a new folder beside `target`, then moves it in place, so a
    failed or refused extraction leaves nothing under `target`."""
    parent = os.path.dirname(target)
    staging = tempfile.mkdtemp(dir=parent, prefix=".extracting-")
    try:
        if not extract_archive(fpath, staging, archive_format):
            raise ValueError(
                f"{fpath} is not an archive of format {archive_format!r}: nothing "
                "to extract."
            )
        if os.path.exists(target):
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        if os.path.exists(staging):
            shutil.rmtree(staging)

"""Reading the members of a `.keras` archive (a zip file) that may be hostile.

Every entry point that opens a `.keras` file (`load_model`, `load_weights`,
`KerasFileEditor`) reads it through `Archive`, which checks before inflating anything:

- member names: no absolute paths, no `..`, no backslashes, no drive letters, no
  duplicates;
- members: stored or deflated (the methods Keras writes), not encrypted, and not
  overlapping one another (the trick of zip bombs that reuse one compressed stream);
- sizes: each member's declared size is under a limit, and neither one member nor the
  whole archive inflates by more than MAX_RATIO (a decompression bomb).

Reading then stops at the declared size (a header that understates it ends in a CRC
error after at most that many bytes), and JSON members are refused past a nesting
depth. Nothing is ever extracted to disk.
"""

import json
import os
import posixpath
import zipfile

CONFIG = "config.json"
METADATA = "metadata.json"
WEIGHTS = "model.weights.h5"

# The most bytes a member may inflate to. The JSON members of real models are well
# under a megabyte; the weights are as large as the model.
MAX_JSON_BYTES = 64 * 2**20
MAX_WEIGHTS_BYTES = 64 * 2**30
# A member (or the whole archive) that inflates to more than this many times its stored
# size, and to more than MIN_RATIO_CHECK_BYTES, is treated as a decompression bomb.
# Weights compress by well under 10x; a zip bomb by 1000x and more.
MAX_RATIO = 100
MIN_RATIO_CHECK_BYTES = 16 * 2**20
# JSON nested deeper than this is refused: each model nested in another adds 3 or 4
# levels, so some 50 nested models fit; deeper nesting would exhaust Python's
# recursion limit while the config is rebuilt.
MAX_JSON_DEPTH = 200
# Messages quote at most this much of a value from the file.
_MAX_QUOTE = 200


class ArchiveError(ValueError):
    """A `.keras` file that is not a valid, safe archive."""


def check_member_name(name, where):
    """Raises ArchiveError for a member name that could leave its folder."""
    parts = name.split("/")
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or ":" in parts[0]
        or ".." in parts
        or "\x00" in name
        or posixpath.normpath(name).startswith("..")
    ):
        raise ArchiveError(
            f"'{where}' is not a safe .keras archive: it has a member named "
            f"{quote(name)} (an absolute path, a '..' component or a backslash), which "
            "could write outside its folder if extracted. Nothing was loaded."
        )


def quote(value, limit=_MAX_QUOTE):
    """repr(value), cut to `limit` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def json_depth(value):
    """How deeply lists and dicts nest in `value` (0 for a plain value), iteratively."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def loads_json(text, where):
    """`json.loads` that refuses nesting deeper than MAX_JSON_DEPTH with a ValueError
    naming `where`, instead of a RecursionError."""
    try:
        value = json.loads(text)
    except RecursionError:
        value = None
        deep = True
    else:
        deep = json_depth(value) > MAX_JSON_DEPTH
    if deep:
        raise ArchiveError(
            f"{where} nests lists and objects deeper than the limit of "
            f"{MAX_JSON_DEPTH} levels; refusing to read it (real model configs nest "
            "far less)."
        )
    return value


class Archive:
    """A `.keras` archive opened for reading, with its members checked.

    Use as a context manager; `read_json(name)` and `read_bytes(name)` return a
    member's content within the size limits. `where` names the file in messages and
    `names` lists the members in archive order.

    Args:
        filepath: a path or a readable binary file object.
        required: the members that must be present.
    """

    def __init__(self, filepath, required=(CONFIG, WEIGHTS)):
        if hasattr(filepath, "read"):
            name = getattr(filepath, "name", None)
            self.where = str(name) if name else "<.keras file object>"
        else:
            self.where = str(os.fspath(filepath))
            path = os.fspath(filepath)
            if os.path.isdir(path):
                raise ArchiveError(
                    f"'{path}' is a directory, not a .keras archive (a TensorFlow "
                    "SavedModel cannot be loaded by load_model in Keras 3; use "
                    "keras.layers.TFSMLayer in Keras 3 or re-save it as .keras)."
                )
            if not os.path.exists(path):
                raise FileNotFoundError(f"No such file: '{path}'.")
        try:
            self._zip = zipfile.ZipFile(filepath, "r")
        except (zipfile.BadZipFile, EOFError, ValueError) as error:
            raise ArchiveError(
                f"'{self.where}' is not a valid .keras archive (a zip file): it is "
                f"truncated, corrupted or of another format ({error})."
            ) from error
        try:
            self._infos = self._check_members(required)
        except BaseException:
            self._zip.close()
            raise

    @property
    def names(self):
        return list(self._infos)

    def _check_members(self, required):
        infos = {}
        for info in self._zip.infolist():
            check_member_name(info.filename, self.where)
            if info.filename in infos:
                raise ArchiveError(
                    f"'{self.where}' is not a valid .keras archive: the member "
                    f"{quote(info.filename)} appears twice."
                )
            if info.flag_bits & 0x1:
                raise ArchiveError(
                    f"'{self.where}': the member {quote(info.filename)} is encrypted; "
                    ".keras archives are never encrypted."
                )
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise ArchiveError(
                    f"'{self.where}': the member {quote(info.filename)} uses zip "
                    f"compression method {info.compress_type}; only stored (0) and "
                    "deflated (8) members are read."
                )
            infos[info.filename] = info
        self._check_layout(infos.values())
        for name in required:
            if name not in infos:
                listed = quote(sorted(infos)[:20])
                raise ArchiveError(
                    f"'{self.where}' is not a valid .keras archive: it has no "
                    f"'{name}' (members: {listed})."
                )
        return infos

    def _check_layout(self, infos):
        # Members must not share bytes: overlapping entries let one small compressed
        # stream be inflated once per entry.
        ordered = sorted(infos, key=lambda i: i.header_offset)
        for before, after in zip(ordered, ordered[1:]):
            if before.header_offset + before.compress_size > after.header_offset:
                raise ArchiveError(
                    f"'{self.where}' is not a valid .keras archive: the members "
                    f"{quote(before.filename)} and {quote(after.filename)} overlap "
                    "(a zip bomb layout); refusing to read it."
                )
        total = sum(i.file_size for i in ordered)
        stored = max(sum(i.compress_size for i in ordered), 1)
        if total > MIN_RATIO_CHECK_BYTES and total / stored > MAX_RATIO:
            raise ArchiveError(
                f"'{self.where}': its members would inflate from {stored:,} to "
                f"{total:,} bytes (ratio {total / stored:,.0f}), which looks like a "
                "decompression bomb; refusing to decompress it."
            )

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._zip.close()

    def close(self):
        self._zip.close()

    def has(self, name):
        return name in self._infos

    def read_bytes(self, name):
        """The content of member `name`, inflated to at most its declared size."""
        info = self._infos.get(name)
        if info is None:
            raise ArchiveError(f"'{self.where}' has no member {quote(name)}.")
        is_weights = name == WEIGHTS
        limit = MAX_WEIGHTS_BYTES if is_weights else MAX_JSON_BYTES
        size, stored = info.file_size, max(info.compress_size, 1)
        if size > limit:
            raise ArchiveError(
                f"'{self.where}': member {quote(name)} would inflate to {size:,} "
                f"bytes, more than the limit of {limit:,} bytes; refusing to "
                "decompress it (raise keras.saving.archive_reader."
                f"MAX_{'WEIGHTS' if is_weights else 'JSON'}_BYTES if the file is "
                "trusted)."
            )
        if size > MIN_RATIO_CHECK_BYTES and size / stored > MAX_RATIO:
            raise ArchiveError(
                f"'{self.where}': member {quote(name)} would inflate from {stored:,} "
                f"to {size:,} bytes (ratio {size / stored:,.0f}), which looks like a "
                "decompression bomb; refusing to decompress it."
            )
        try:
            with self._zip.open(info) as stream:
                # One bounded read: the inflater stops at the declared size, and
                # reaching it checks the CRC (ZipFile.read would inflate up to 2 GB
                # in one go before cutting to the declared size).
                data = stream.read(size)
                if len(data) != size or stream.read(1):
                    raise zipfile.BadZipFile(
                        f"it holds other than the {size:,} bytes its header declares"
                    )
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            raise ArchiveError(
                f"'{self.where}': member {quote(name)} is corrupted or truncated "
                f"({error})."
            ) from error
        except Exception as error:  # noqa: BLE001 - zlib.error and the like
            raise ArchiveError(
                f"'{self.where}': member {quote(name)} cannot be decompressed "
                f"({type(error).__name__}: {error})."
            ) from error
        return data

    def read_json(self, name):
        """Member `name` parsed as JSON (nesting at most MAX_JSON_DEPTH levels)."""
        data = self.read_bytes(name)
        try:
            text = data.decode("utf-8")
            return loads_json(text, f"'{self.where}': {quote(name)}")
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ArchiveError(
                f"'{self.where}': {quote(name)} is not valid JSON ({error})."
            ) from error

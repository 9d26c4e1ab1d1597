"""The `.keras` archive: a zip of `metadata.json`, `config.json` and `model.weights.h5`.

    metadata.json      {"keras_version": ..., "date_saved": "YYYY-MM-DD@HH:MM:SS"}
    config.json        the model serialized with `serialize_keras_object` (Keras 3
                       schema: module, class_name, config, registered_name,
                       build_config, compile_config)
    model.weights.h5   the model's state in the `.weights.h5` layout, optimizer included

The layout is the one Keras 3 writes, so archives move between the two.

Loading never extracts anything to disk and never executes code from the file (lambdas
need `safe_mode=False`). Before anything is read, every member name is checked (no
absolute paths, no `..`, no backslashes, no duplicates) and every member's declared size
is checked against a limit, so a decompression bomb is refused without inflating it.
Saving writes a temporary file beside the target and renames it into place.
"""

import datetime
import io
import json
import os
import posixpath
import zipfile

import h5py
import numpy as np

from keras.saving import weights_file

CONFIG = "config.json"
METADATA = "metadata.json"
WEIGHTS = "model.weights.h5"

# The most bytes a member may inflate to. The JSON members of real models are well
# under a megabyte; the weights are as large as the model.
MAX_JSON_BYTES = 64 * 2**20
MAX_WEIGHTS_BYTES = 64 * 2**30
# A member that inflates to more than this many times its stored size (and to more
# than MIN_RATIO_CHECK_BYTES) is treated as a decompression bomb. Weights compress by
# well under 10x; a zip bomb by 1000x and more.
MAX_RATIO = 200
MIN_RATIO_CHECK_BYTES = 16 * 2**20


class ArchiveError(ValueError):
    """A `.keras` file that is not a valid, safe archive."""


def _json_default(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(
        f"The model config holds a {type(value).__name__} ({value!r}), which JSON "
        "cannot store; get_config() must return plain values."
    )


def metadata():
    import keras

    return {
        "keras_version": keras.version(),
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
    }


def write(model, filepath, overwrite=True):
    """Writes `model` as a `.keras` archive to `filepath` (a path or a writable binary
    file object)."""
    from keras.saving import serialization_lib

    config = serialization_lib.serialize_keras_object(model)
    config_text = json.dumps(config, default=_json_default)
    weights = io.BytesIO()
    with h5py.File(weights, "w") as f:
        weights_file.write_state(f, model)
    members = [
        (METADATA, json.dumps(metadata()).encode("utf-8")),
        (CONFIG, config_text.encode("utf-8")),
        (WEIGHTS, weights.getvalue()),
    ]
    if hasattr(filepath, "write"):
        _write_zip(filepath, members)
        return
    filepath = os.fspath(filepath)
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(f"'{filepath}' already exists and overwrite=False.")

    def write_file(temporary):
        with open(temporary, "wb") as f:
            _write_zip(f, members)

    weights_file.atomic_write(filepath, write_file)


def _write_zip(fileobj, members):
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            # Weights hardly compress; store them as Keras 3 does.
            method = zipfile.ZIP_STORED if name == WEIGHTS else zipfile.ZIP_DEFLATED
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = method
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)


def _check_name(name, where):
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
            f"'{where}' is not a safe .keras archive: it has a member named {name!r} "
            "(an absolute path, a '..' component or a backslash), which could write "
            "outside its folder if extracted. Nothing was loaded."
        )


class Archive:
    """A `.keras` archive opened for reading, with its members checked.

    Use as a context manager; `read_json(name)` and `read_bytes(name)` return a
    member's content within the size limits.
    """

    def __init__(self, filepath):
        self._where = getattr(filepath, "name", None) or str(filepath)
        if not hasattr(filepath, "read"):
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
        except zipfile.BadZipFile as error:
            raise ArchiveError(
                f"'{self._where}' is not a valid .keras archive (a zip file): it is "
                f"truncated, corrupted or of another format ({error})."
            ) from error
        try:
            self._infos = self._check_members()
        except BaseException:
            self._zip.close()
            raise

    def _check_members(self):
        infos = {}
        for info in self._zip.infolist():
            _check_name(info.filename, self._where)
            if info.filename in infos:
                raise ArchiveError(
                    f"'{self._where}' is not a valid .keras archive: the member "
                    f"'{info.filename}' appears twice."
                )
            infos[info.filename] = info
        for name in (CONFIG, WEIGHTS):
            if name not in infos:
                raise ArchiveError(
                    f"'{self._where}' is not a valid .keras archive: it has no "
                    f"'{name}' (members: {sorted(infos)})."
                )
        return infos

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._zip.close()

    def has(self, name):
        return name in self._infos

    def read_bytes(self, name):
        info = self._infos.get(name)
        if info is None:
            raise ArchiveError(f"'{self._where}' has no member '{name}'.")
        limit = MAX_WEIGHTS_BYTES if name == WEIGHTS else MAX_JSON_BYTES
        size, stored = info.file_size, max(info.compress_size, 1)
        if size > limit:
            raise ArchiveError(
                f"'{self._where}': member '{name}' would inflate to {size:,} bytes, more "
                f"than the limit of {limit:,} bytes; refusing to decompress it (raise "
                f"keras.saving.keras_archive.MAX_{'WEIGHTS' if name == WEIGHTS else 'JSON'}"
                "_BYTES if the file is trusted)."
            )
        if size > MIN_RATIO_CHECK_BYTES and size / stored > MAX_RATIO:
            raise ArchiveError(
                f"'{self._where}': member '{name}' would inflate from {stored:,} to "
                f"{size:,} bytes (ratio {size / stored:,.0f}), which looks like a "
                "decompression bomb; refusing to decompress it."
            )
        try:
            # ZipFile stops at the declared size and checks the CRC at the end.
            return self._zip.read(name)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            raise ArchiveError(
                f"'{self._where}': member '{name}' is corrupted or truncated ({error})."
            ) from error
        except Exception as error:  # noqa: BLE001 - zlib.error and the like
            raise ArchiveError(
                f"'{self._where}': member '{name}' cannot be decompressed "
                f"({type(error).__name__}: {error})."
            ) from error

    def read_json(self, name):
        data = self.read_bytes(name)
        try:
            value = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ArchiveError(
                f"'{self._where}': '{name}' is not valid JSON ({error})."
            ) from error
        return value


def read(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Rebuilds the model stored in the `.keras` archive `filepath`."""
    from keras.saving import serialization_lib

    with Archive(filepath) as archive:
        where = archive._where
        if archive.has(METADATA):
            meta = archive.read_json(METADATA)
            if not isinstance(meta, dict):
                raise ArchiveError(
                    f"'{where}': metadata.json must hold a JSON object; got "
                    f"{type(meta).__name__}."
                )
        config = archive.read_json(CONFIG)
        if not isinstance(config, dict) or not isinstance(config.get("class_name"), str):
            raise ArchiveError(
                f"'{where}': config.json must hold a serialized model (a JSON object "
                f"with 'class_name' and 'config'); got {_short(config)}."
            )
        weights = archive.read_bytes(WEIGHTS)
    if not compile:
        config = dict(config)
        config["compile_config"] = None
    with serialization_lib.SafeModeScope(safe_mode):
        model = serialization_lib.deserialize_keras_object(
            config, custom_objects=custom_objects, safe_mode=safe_mode
        )
    if not hasattr(model, "weights") or not hasattr(model, "get_config"):
        raise ArchiveError(
            f"'{where}': config.json describes a {type(model).__name__}, not a model "
            "or layer."
        )
    try:
        f = h5py.File(io.BytesIO(weights), "r")
    except OSError as error:
        raise ArchiveError(
            f"'{where}': model.weights.h5 is not a readable HDF5 file (truncated or "
            f"corrupted): {error}"
        ) from error
    with f:
        weights_file.read_state(f, model)
    return model


def _short(value, limit=200):
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."

"""The `.keras` archive: a zip of `metadata.json`, `config.json` and `model.weights.h5`.

    metadata.json      {"keras_version": ..., "date_saved": "YYYY-MM-DD@HH:MM:SS"}
    config.json        the model serialized with `serialize_keras_object` (Keras 3
                       schema: module, class_name, config, registered_name,
                       build_config, compile_config)
    model.weights.h5   the model's state in the `.weights.h5` layout, optimizer included
    assets/<path>/...  files a layer writes with `save_assets(dir_path)` (a lookup
                       layer's vocabulary.txt), <path> being its weights path

The layout is the one Keras 3 writes, so archives move between the two.

Loading never extracts anything to disk and never executes code from the file (lambdas
need `safe_mode=False`). The zip is read through `archive_reader.Archive` (member names,
sizes and layout checked before anything is inflated), the weights through
`safe_hdf5.Reader`, and every failure is a ValueError or TypeError naming the file.
Saving writes a temporary file beside the target and renames it into place.
"""

import datetime
import io
import json
import os
import tempfile
import zipfile

import h5py
import numpy as np

from keras.saving import archive_reader
from keras.saving import saveable_paths
from keras.saving import weights_file
from keras.saving.archive_reader import CONFIG
from keras.saving.archive_reader import METADATA
from keras.saving.archive_reader import WEIGHTS
from keras.saving.archive_reader import Archive
from keras.saving.archive_reader import ArchiveError

__all__ = [
    "CONFIG",
    "METADATA",
    "WEIGHTS",
    "Archive",
    "ArchiveError",
    "read",
    "rebuild",
    "write",
]


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
    ] + _asset_members(model)
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


def read(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Rebuilds the model stored in the `.keras` archive `filepath`."""
    with Archive(filepath) as archive:
        where = archive.where
        if archive.has(METADATA):
            meta = archive.read_json(METADATA)
            if not isinstance(meta, dict):
                raise ArchiveError(
                    f"'{where}': metadata.json must hold a JSON object; got "
                    f"{type(meta).__name__}."
                )
        config = archive.read_json(CONFIG)
        named = isinstance(config, dict) and isinstance(config.get("class_name"), str)
        if not named:
            raise ArchiveError(
                f"'{where}': config.json must hold a serialized model (a JSON object "
                f"with 'class_name' and 'config'); got {archive_reader.quote(config)}."
            )
        weights = archive.read_bytes(WEIGHTS)
        assets = {
            name: archive.read_bytes(name)
            for name in archive.names
            if name.startswith(ASSETS) and not name.endswith("/")
        }
    if not compile:
        config = dict(config)
        config["compile_config"] = None
    model = rebuild(config, f"'{where}': config.json", custom_objects, safe_mode)
    if not hasattr(model, "weights") or not hasattr(model, "get_config"):
        raise ArchiveError(
            f"'{where}': config.json describes a {type(model).__name__}, not a model "
            "or layer."
        )
    _load_assets(model, assets)
    weights_where = f"'{where}' ({WEIGHTS})"
    with weights_file.open_hdf5(io.BytesIO(weights), weights_where) as f:
        weights_file.read_state(f, model, where=weights_where)
    return model


ASSETS = "assets/"


def _asset_holders(model):
    """(path, layer) for each layer with `save_assets`/`load_assets` hooks."""
    return [
        (path, obj)
        for path, obj in saveable_paths.saveables(model)
        if callable(getattr(obj, "save_assets", None))
    ]


def _asset_members(model):
    """The `assets/<path>/<file>` members: what each layer's `save_assets` writes
    into a fresh folder (Keras 3 names the folder by the layer's weights path)."""
    members = []
    for path, obj in _asset_holders(model):
        with tempfile.TemporaryDirectory() as folder:
            obj.save_assets(folder)
            for root, _, files in sorted(os.walk(folder)):
                for file in sorted(files):
                    full = os.path.join(root, file)
                    relative = os.path.relpath(full, folder).replace(os.sep, "/")
                    name = f"{ASSETS}{path}/{relative}" if path else ASSETS + relative
                    with open(full, "rb") as f:
                        members.append((name, f.read()))
    return members


def _load_assets(model, assets):
    """Gives each layer with `load_assets` the files stored directly under its
    path, in a temporary folder (member names were checked by `Archive`)."""
    if not assets:
        return
    for path, obj in _asset_holders(model):
        prefix = f"{ASSETS}{path}/" if path else ASSETS
        own = {
            name[len(prefix) :]: data
            for name, data in assets.items()
            if name.startswith(prefix)
            and "/" not in name[len(prefix) :]
            and name[len(prefix) :] not in ("", ".")
        }
        if not own or not callable(getattr(obj, "load_assets", None)):
            continue
        with tempfile.TemporaryDirectory() as folder:
            for file, data in own.items():
                with open(os.path.join(folder, file), "wb") as f:
                    f.write(data)
            obj.load_assets(folder)


# The most characters of an error message raised while a config is rebuilt.
_MAX_MESSAGE = 1500


def rebuild(config, where, custom_objects=None, safe_mode=True):
    """`deserialize_keras_object(config)` whose failures are ValueErrors or TypeErrors
    naming `where` (e.g. "'m.keras': config.json"), with a bounded message."""
    from keras.saving import serialization_lib

    try:
        with serialization_lib.SafeModeScope(safe_mode):
            return serialization_lib.deserialize_keras_object(
                config, custom_objects=custom_objects, safe_mode=safe_mode
            )
    except RecursionError:
        # Raised outside the except clause: the handler itself runs near the limit.
        failure = ArchiveError(
            f"{where} nests objects too deeply to rebuild (Python's recursion limit "
            f"was reached; configs are read up to {archive_reader.MAX_JSON_DEPTH} "
            "levels of nesting)."
        )
        cause = None
    except (ValueError, TypeError) as error:
        if str(where) in str(error) and len(str(error)) <= _MAX_MESSAGE:
            raise
        kind = TypeError if isinstance(error, TypeError) else ValueError
        failure, cause = kind(f"{where}: {_bounded(str(error))}"), error
    except (
        KeyError,
        IndexError,
        AttributeError,
        OverflowError,
        NotImplementedError,
    ) as error:
        failure = ArchiveError(
            f"{where} cannot be rebuilt ({type(error).__name__}: "
            f"{_bounded(str(error))})."
        )
        cause = error
    raise failure from cause


def _bounded(text):
    if len(text) <= _MAX_MESSAGE:
        return text
    return f"{text[:_MAX_MESSAGE]}... ({len(text) - _MAX_MESSAGE:,} characters omitted)"

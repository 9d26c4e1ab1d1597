"""`KerasFileEditor`: inspect and edit the weights of a `.keras` or `.weights.h5` file.

The editor reads every array of the file into memory, keyed by *object path* (the
path of an HDF5 group `<path>/vars` without the trailing "/vars"; the model itself,
stored at `vars`, has the path ""):

    editor.weights_dict == {
        "": {},                                    # the model's own variables
        "layers/dense": {"0": kernel, "1": bias},
        "layers/dense_1": {"0": kernel, "1": bias},
    }
    editor.object_names == {"": "sequential", "layers/dense": "dense", ...}

The edits (`rename_object`, `delete_object`, `add_object`, `delete_weight`,
`add_weights`) change only this in-memory copy; `save` writes it out again, to a
`.weights.h5` file or (when a `.keras` archive was opened) to a new `.keras` archive
holding the original config, metadata and other members with the edited weights. The
file that was opened is never modified unless it is saved over, and every save goes
through a temporary file, so an interrupted save leaves the destination as it was.

Reading never executes anything from the file: only arrays and the `name` attributes
are read, through `safe_hdf5.Reader` (hard links and in-file storage only, a decoding
budget in proportion to the file's size), and a `.keras` archive is opened with the
member-name, size and layout checks of `archive_reader.Archive`.
"""

import difflib
import io
import os

import h5py
import numpy as np

from keras.saving import archive_reader
from keras.saving import keras_archive
from keras.saving import safe_hdf5
from keras.saving import saveable_paths
from keras.saving import weights_file

_WEIGHTS_SUFFIX = ".weights.h5"
_KERAS_SUFFIX = ".keras"
_VARS = "vars"
# Deeper than any real model; a file nested further is refused rather than walked.
_MAX_DEPTH = 512


class KerasFileEditor:
    """Loads the weights of a Keras file into memory for inspection and editing.

    Args:
        filepath: str or path-like: a `.keras` archive or a `.weights.h5` file.

    Attributes:
        filepath: the file that was opened (a str).
        weights_dict: {object path: {weight name: numpy array}}, in path order.
        object_names: {object path: the `name` attribute of its `vars` group, or None}.
        config, metadata: for a `.keras` archive, its parsed `config.json` and
            `metadata.json` (None otherwise, or when the archive has no metadata).

    Example:

    >>> editor = keras.saving.KerasFileEditor("model.keras")
    >>> editor.summary()
    >>> editor.compare(model)["status"]
    'success'
    >>> editor.delete_object("layers/dense_1")
    >>> editor.add_object("layers/dense_1", [kernel, bias])
    >>> editor.save("edited.weights.h5")
    """

    def __init__(self, filepath):
        if hasattr(filepath, "read"):
            raise TypeError(
                "KerasFileEditor: expected the path of a '.keras' or '.weights.h5' "
                f"file (a str or path-like); received a file object {filepath!r}."
            )
        try:
            path = os.fspath(filepath)
        except TypeError:
            raise TypeError(
                "KerasFileEditor: expected the path of a '.keras' or '.weights.h5' "
                f"file (a str or path-like); received {filepath!r}."
            ) from None
        self.filepath = path if isinstance(path, str) else os.fsdecode(path)
        self.config = None
        self.metadata = None
        # For a .keras archive: [(member name, bytes)] of every member but the weights,
        # in archive order, written back unchanged by `save`.
        self._archive_members = None
        if self.filepath.endswith(_KERAS_SUFFIX):
            weights = self._read_archive()
            where = f"'{self.filepath}' ({keras_archive.WEIGHTS})"
        elif self.filepath.endswith(_WEIGHTS_SUFFIX):
            weights, where = self._check_weights_path(), f"'{self.filepath}'"
        elif self.filepath.endswith((".h5", ".hdf5")):
            raise ValueError(
                f"KerasFileEditor: '{self.filepath}' names a legacy Keras 2 HDF5 file, "
                f"which is not supported; expected a '{_KERAS_SUFFIX}' archive or a "
                f"'{_WEIGHTS_SUFFIX}' file."
            )
        else:
            raise ValueError(
                f"KerasFileEditor: unsupported file '{self.filepath}'; expected a "
                f"path ending in '{_KERAS_SUFFIX}' or '{_WEIGHTS_SUFFIX}'."
            )
        self.weights_dict, self.object_names = _read_weights(weights, where)

    # ------------------------------------------------------------------ reading

    def _read_archive(self):
        with archive_reader.Archive(self.filepath) as archive:
            where = archive.where
            names = archive.names
            self.config = archive.read_json(keras_archive.CONFIG)
            if not isinstance(self.config, dict):
                raise keras_archive.ArchiveError(
                    f"'{where}': {keras_archive.CONFIG} must hold a JSON object (the "
                    f"serialized model); got {type(self.config).__name__}."
                )
            if archive.has(keras_archive.METADATA):
                self.metadata = archive.read_json(keras_archive.METADATA)
                if not isinstance(self.metadata, dict):
                    raise keras_archive.ArchiveError(
                        f"'{where}': {keras_archive.METADATA} must hold a JSON object; "
                        f"got {type(self.metadata).__name__}."
                    )
            members = []
            for name in names:
                if name != keras_archive.WEIGHTS and not name.endswith("/"):
                    members.append((name, archive.read_bytes(name)))
            weights = archive.read_bytes(keras_archive.WEIGHTS)
        self._archive_members = members
        return io.BytesIO(weights)

    def _check_weights_path(self):
        if not os.path.exists(self.filepath):
            raise FileNotFoundError(
                f"KerasFileEditor: no such file: '{self.filepath}'."
            )
        if not os.path.isfile(self.filepath):
            raise ValueError(
                f"KerasFileEditor: '{self.filepath}' is not a file (expected a "
                f"'{_WEIGHTS_SUFFIX}' file)."
            )
        return self.filepath

    # ---------------------------------------------------------------- inspecting

    def summary(self):
        """Prints every object path with its `name` attribute and the key, shape and
        dtype of each of its weights."""
        arrays = sum(len(w) for w in self.weights_dict.values())
        params = sum(
            int(a.size) for w in self.weights_dict.values() for a in w.values()
        )
        kind = ".keras archive" if self._archive_members is not None else "weights file"
        print(
            f"Keras {kind} '{self.filepath}': {len(self.weights_dict)} objects, "
            f"{arrays} weights, {params:,} parameters."
        )
        for path, weights in self.weights_dict.items():
            label = path if path else "(root)"
            name = self.object_names.get(path)
            named = f"  name={name!r}" if name is not None else ""
            count = f"{len(weights)} weight{'' if len(weights) == 1 else 's'}"
            group = saveable_paths.vars_path(path)
            print(f"{label}{named}  [{count}]  group '{group}'")
            for key in _sorted_keys(weights):
                array = weights[key]
                print(f"    {key}: shape={tuple(array.shape)} dtype={array.dtype.name}")

    def compare(self, reference_model):
        """Compares the weights in the file to those of `reference_model`.

        Every object of the model is matched with the file's object at the same path
        (the paths `save_weights` would write), and every weight `i` of it with the
        file's weight `"i"`. Printed mismatches: an object with weights missing from
        the file or from the model, a different set of weights, a different shape.
        Objects without weights on either side are not compared (loading ignores
        them too); dtypes are not compared (loading casts).

        Args:
            reference_model: a built model (or layer).

        Returns:
            {"status": "success" or "error", "error_count": number of mismatches,
            "match_count": number of weights whose shapes match}.
        """
        if not getattr(reference_model, "built", True):
            raise ValueError(
                "KerasFileEditor.compare: the reference model "
                f"'{getattr(reference_model, 'name', reference_model)}' has not been "
                "built; build it (call it on data or use `build(input_shape)`) first."
            )
        expected = {}
        for dataset, variable in saveable_paths.weight_paths(reference_model):
            group, _, index = dataset.rpartition("/")
            path = group[: -len(_VARS)].rstrip("/")
            expected.setdefault(path, {})[index] = variable
        errors, matches = [], 0
        for path, variables in expected.items():
            label = _label(path)
            stored = self.weights_dict.get(path)
            if not stored:
                errors.append(
                    f"{label}: the model has {len(variables)} weights "
                    f"({_variable_list(variables)}) but the file has "
                    f"{'no such object' if stored is None else 'no weights for it'}."
                )
                continue
            if set(stored) != set(variables):
                errors.append(
                    f"{label}: the model has {len(variables)} weights "
                    f"{_sorted_keys(variables)} but the file has {len(stored)} "
                    f"{_sorted_keys(stored)}."
                )
            for key in _sorted_keys(variables):
                if key not in stored:
                    continue
                model_shape = tuple(variables[key].shape)
                file_shape = tuple(stored[key].shape)
                if model_shape == file_shape:
                    matches += 1
                else:
                    variable_path = getattr(variables[key], "path", "?")
                    errors.append(
                        f"{label}, weight {key} ('{variable_path}'): the model's shape "
                        f"is {model_shape} but the file's is {file_shape}."
                    )
        for path, stored in self.weights_dict.items():
            if stored and path not in expected:
                errors.append(
                    f"{_label(path)}: the file has {len(stored)} weights "
                    f"{_sorted_keys(stored)} for it but the model has no object with "
                    "weights there."
                )
        model_name = getattr(reference_model, "name", type(reference_model).__name__)
        if errors:
            print(
                f"'{self.filepath}' does not match model '{model_name}': "
                f"{len(errors)} mismatch(es), {matches} matching weight(s)."
            )
            for line in errors:
                print(f"  {line}")
        else:
            print(
                f"'{self.filepath}' matches model '{model_name}': all {matches} "
                "weights have the expected shapes."
            )
        return {
            "status": "error" if errors else "success",
            "error_count": len(errors),
            "match_count": matches,
        }

    # ------------------------------------------------------------------- editing

    def rename_object(self, object_name, new_name):
        """Moves the object at path `object_name` (and the objects nested under it,
        like an HDF5 group move) to path `new_name`.

        The `name` attributes are kept (loading goes by path only).
        """
        old = self._existing(object_name, "rename_object")
        new = _normalize_path(new_name, "rename_object", "new_name")
        if new == old:
            return
        moved = [p for p in self.weights_dict if _is_within(p, old)]
        targets = {p: _join(new, p[len(old) :].lstrip("/")) for p in moved}
        taken = [
            t for t in targets.values() if t in self.weights_dict and t not in targets
        ]
        if taken:
            raise ValueError(
                f"rename_object: cannot rename {_label(old)} to {_label(new)}: the "
                f"file already has an object at {', '.join(_label(t) for t in taken)}. "
                "Delete or rename it first."
            )
        self.weights_dict = {targets.get(p, p): w for p, w in self.weights_dict.items()}
        self.object_names = {targets.get(p, p): n for p, n in self.object_names.items()}

    def delete_object(self, object_name):
        """Removes the object at path `object_name` with its weights, and the objects
        nested under it (like deleting its HDF5 group)."""
        path = self._existing(object_name, "delete_object")
        for key in [p for p in self.weights_dict if _is_within(p, path)]:
            del self.weights_dict[key]
            self.object_names.pop(key, None)

    def add_object(self, object_path, weights):
        """Adds an object at path `object_path` (e.g. "layers/dense_3").

        Args:
            object_path: the new object's path; it must not exist yet.
            weights: a dict {weight name: array} (names "0", "1", ... as Keras
                writes them), or a list of arrays (named "0", "1", ...).

        The object's `name` attribute is the last component of its path.
        """
        path = _normalize_path(object_path, "add_object", "object_path")
        if path in self.weights_dict:
            raise ValueError(
                f"add_object: the file already has an object at {_label(path)} (with "
                f"weights {_sorted_keys(self.weights_dict[path])}); use add_weights to "
                "add weights to it, or delete_object first to replace it."
            )
        arrays = _to_arrays(weights, "add_object", start=0)
        self.weights_dict[path] = arrays
        self.object_names[path] = path.rpartition("/")[2] if path else None

    def delete_weight(self, object_name, weight_name):
        """Removes the weight `weight_name` (e.g. "1") of the object at `object_name`.

        The other weights keep their names.
        """
        path = self._existing(object_name, "delete_weight")
        key = _weight_key(weight_name, "delete_weight")
        weights = self.weights_dict[path]
        if key not in weights:
            raise ValueError(
                f"delete_weight: {_label(path)} has no weight {key!r}; its weights are "
                f"{_sorted_keys(weights)}."
            )
        del weights[key]

    def add_weights(self, object_name, weights):
        """Adds weights to the existing object at `object_name`.

        Args:
            object_name: the object's path.
            weights: a dict {weight name: array}, whose names must not exist yet, or
                a list of arrays, named from one past the object's highest numeric
                weight name (its first weights when it has none: "0", "1", ...).
        """
        path = self._existing(object_name, "add_weights")
        current = self.weights_dict[path]
        numeric = [int(k) for k in current if k.isdigit()]
        arrays = _to_arrays(weights, "add_weights", start=max(numeric, default=-1) + 1)
        clash = [k for k in arrays if k in current]
        if clash:
            raise ValueError(
                f"add_weights: {_label(path)} already has the weight(s) {clash} (its "
                f"weights are {_sorted_keys(current)}); delete them first with "
                "delete_weight to replace them."
            )
        current.update(arrays)

    # -------------------------------------------------------------------- saving

    def save(self, filepath):
        """Writes the edited file to `filepath`.

        A path ending in ".weights.h5" gets the weights only. A path ending in
        ".keras" gets a complete archive (the opened archive's config, metadata and
        other members with the edited weights); only possible when a `.keras`
        archive was opened. An existing file is replaced; the write is atomic.
        """
        path = _output_path(filepath, "save")
        if path.endswith(_WEIGHTS_SUFFIX):
            self.resave_weights(path)
        elif path.endswith(_KERAS_SUFFIX):
            if self._archive_members is None:
                raise ValueError(
                    f"save: cannot write the .keras archive '{path}': the editor "
                    f"opened the weights file '{self.filepath}', which has no model "
                    f"config. Save to a path ending in '{_WEIGHTS_SUFFIX}' instead."
                )
            weights = io.BytesIO()
            with h5py.File(weights, "w") as f:
                self._write_weights(f)
            members = []
            for name, data in self._archive_members:
                members.append((name, data))
                if name == keras_archive.CONFIG:
                    members.append((keras_archive.WEIGHTS, weights.getvalue()))

            def write(temporary):
                with open(temporary, "wb") as f:
                    keras_archive._write_zip(f, members)

            weights_file.atomic_write(path, write)
        else:
            raise ValueError(
                f"save: unsupported destination '{path}'; expected a path ending in "
                f"'{_WEIGHTS_SUFFIX}' or '{_KERAS_SUFFIX}'."
            )

    def resave_weights(self, filepath):
        """Writes the edited weights (only) to `filepath`, a ".weights.h5" path."""
        path = _output_path(filepath, "resave_weights")
        if not path.endswith(_WEIGHTS_SUFFIX):
            raise ValueError(
                f"resave_weights: the destination must end in '{_WEIGHTS_SUFFIX}'; "
                f"received '{path}'."
            )

        def write(temporary):
            with h5py.File(temporary, "w-") as f:
                self._write_weights(f)

        weights_file.atomic_write(path, write)

    def _write_weights(self, h5_file):
        # Shallow paths first: an object's group may hold a nested object's group.
        for path in sorted(self.weights_dict, key=lambda p: (p.count("/"), p)):
            group = h5_file.require_group(saveable_paths.vars_path(path))
            name = self.object_names.get(path)
            if name is not None:
                group.attrs["name"] = name
            weights = self.weights_dict[path]
            for key in _sorted_keys(weights):
                weights_file._write_array(group, key, weights[key])

    # ------------------------------------------------------------------- helpers

    def _existing(self, object_name, method):
        path = _normalize_path(object_name, method, "object_name")
        if path not in self.weights_dict:
            known = list(self.weights_dict)
            close = difflib.get_close_matches(path, known, n=3)
            hint = ""
            if close:
                hint = f" Did you mean {', '.join(repr(c) for c in close)}?"
            listed = ", ".join(repr(p) for p in known[:20])
            more = f", ... ({len(known)} in all)" if len(known) > 20 else ""
            raise ValueError(
                f"{method}: the file has no object at path {path!r}.{hint} Object "
                "paths are the group paths without '/vars', e.g. 'layers/dense'; the "
                f"file's objects are: {listed}{more}."
            )
        return path

    def __repr__(self):
        return (
            f"<KerasFileEditor '{self.filepath}': {len(self.weights_dict)} objects, "
            f"{sum(len(w) for w in self.weights_dict.values())} weights>"
        )


def _read_weights(source, where):
    """{path: {key: array}} and {path: name attribute} of every `vars` group."""
    f = weights_file.open_hdf5(source, f"KerasFileEditor: {where}")
    weights, names = {}, {}
    with f:
        if _VARS not in f and ("layer_names" in f.attrs or "model_weights" in f):
            raise ValueError(
                f"KerasFileEditor: {where} is in the legacy Keras 2 HDF5 layout, which "
                "is not supported; expected the Keras 3 layout ('<path>/vars' groups)."
            )
        # No shapes are expected here, so the arrays of the whole file together may
        # decode to at most a budget in proportion to its size.
        budget = safe_hdf5.budget_for(f.id.get_filesize())
        reader = safe_hdf5.Reader(f, f"KerasFileEditor: {where}", budget=budget)
        seen = {f.id}
        stack = [(f, "", 0)]
        while stack:
            group, path, depth = stack.pop()
            if depth > _MAX_DEPTH:
                raise ValueError(
                    f"KerasFileEditor: {where} nests groups more than {_MAX_DEPTH} "
                    f"deep (at '{path}'); refusing to read it."
                )
            is_vars = path.rpartition("/")[2] == _VARS
            if is_vars:
                object_path = path[: -len(_VARS)].rstrip("/")
                weights[object_path] = {}
                names[object_path] = reader.attribute(group, "name")
            children = []
            for key in list(group.keys()):
                child = reader.child(group, key)
                child_path = _join(path, key)
                if isinstance(child, h5py.Dataset):
                    if not is_vars:
                        raise ValueError(
                            f"KerasFileEditor: {where} has a dataset at '{child_path}' "
                            "outside any 'vars' group; it is not in the Keras 3 "
                            "weights layout."
                        )
                    weights[object_path][key] = reader.read(child)
                elif isinstance(child, h5py.Group):
                    if child.id in seen:
                        raise ValueError(
                            f"KerasFileEditor: {where} links the group '{child.name}' "
                            f"a second time (at '{child_path}'); refusing to read it."
                        )
                    seen.add(child.id)
                    children.append((child, child_path, depth + 1))
                else:
                    raise ValueError(
                        f"KerasFileEditor: {where} has an unexpected object at "
                        f"'{child_path}' ({type(child).__name__})."
                    )
            stack.extend(reversed(children))
    order = sorted(weights, key=lambda p: (p != "", p))
    return {p: weights[p] for p in order}, {p: names[p] for p in order}


def _output_path(filepath, method):
    try:
        path = os.fspath(filepath)
    except TypeError:
        raise TypeError(
            f"{method}: expected a destination path (a str or path-like); received "
            f"{filepath!r}."
        ) from None
    return path if isinstance(path, str) else os.fsdecode(path)


def _normalize_path(path, method, argument):
    if not isinstance(path, str):
        raise TypeError(
            f"{method}: `{argument}` must be an object path (a str such as "
            f"'layers/dense'); received {path!r}."
        )
    stripped = path.strip("/")
    if any(part in ("", ".", "..") for part in stripped.split("/")) and stripped:
        raise ValueError(
            f"{method}: `{argument}`={path!r} is not a valid object path (empty, '.' "
            "or '..' components); expected a path such as 'layers/dense'."
        )
    return stripped


def _weight_key(name, method):
    if isinstance(name, (int, np.integer)) and not isinstance(name, bool):
        if name < 0:
            raise ValueError(
                f"{method}: weight names are not negative; received {name}."
            )
        return str(int(name))
    if not isinstance(name, str) or not name or "/" in name or name in (".", ".."):
        raise ValueError(
            f"{method}: a weight name must be a non-empty str without '/' (Keras "
            f"writes '0', '1', ...) or an int; received {name!r}."
        )
    return name


def _to_arrays(weights, method, start):
    if isinstance(weights, dict):
        items = [(_weight_key(k, method), v) for k, v in weights.items()]
        keys = [k for k, _ in items]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{method}: the weight names {keys} repeat a name.")
    elif isinstance(weights, (list, tuple)):
        items = [(str(start + i), v) for i, v in enumerate(weights)]
    else:
        raise TypeError(
            f"{method}: `weights` must be a dict {{'0': array, ...}} or a list of "
            f"arrays; received {type(weights).__name__}."
        )
    arrays = {}
    for key, value in items:
        try:
            array = np.array(weights_file._to_numpy(value), copy=True)
        except Exception as error:  # noqa: BLE001 - reported with the weight's name
            raise ValueError(
                f"{method}: weight {key!r} cannot be converted to an array "
                f"({type(error).__name__}: {error})."
            ) from error
        if array.dtype.kind not in "biuf" and array.dtype.name != "bfloat16":
            raise ValueError(
                f"{method}: weight {key!r} has dtype {array.dtype}; weights must be "
                "numeric (bool, int, float or bfloat16)."
            )
        arrays[key] = array
    return arrays


def _sorted_keys(weights):
    return sorted(weights, key=weights_file._numeric_key)


def _variable_list(variables):
    return [getattr(variables[k], "path", k) for k in _sorted_keys(variables)]


def _is_within(path, root):
    if not root:
        return path == ""
    return path == root or path.startswith(root + "/")


def _join(path, name):
    if not path or not name:
        return path or name
    return f"{path}/{name}"


def _label(path):
    return f"object '{path}'" if path else "the root object ('')"

"""Weights files (`model.save_weights("x.weights.h5")`), in the Keras 3 layout.

The file is HDF5. Every saveable object of the model (see `saveable_paths`) has a
group `<path>/vars` whose attribute `name` is the object's name and whose datasets
"0", "1", ... hold its own variables in order (trainable first, then non-trainable):

    vars                          attrs: name="my_model"  (the model's own variables)
    layers/input_layer/vars       attrs: name="input_layer"  (empty: no state)
    layers/dense/vars/0           the kernel, shape (4, 8)
    layers/dense/vars/1           the bias, shape (8,)
    layers/sequential/vars        a nested model ...
    layers/sequential/layers/dense/vars/0   ... and its layers
    encoder/vars/0                a layer held in attribute `encoder` (subclassed model)
    optimizer/vars/0, 1, ...      the optimizer's variables, when the model has one

bfloat16 values are stored as 2-byte opaque data with a `dtype="bfloat16"` attribute.
The file has no other metadata. Loading reads arrays only: nothing in a file is
executed, only hard links to datasets stored inside the file are read
(`safe_hdf5.Reader`), and every array's declared shape is compared with its variable's
before its data is read, so a file cannot make loading read other files or take more
memory than the model's own weights.
"""

import io
import math
import os
import re
import uuid
import warnings

import h5py
import numpy as np

from keras.backends import active
from keras.backends.common import stateless_scope
from keras.backends.common import variables as variables_lib
from keras.saving import archive_reader
from keras.saving import safe_hdf5
from keras.saving import saveable_paths

_SUFFIX = ".weights.h5"


def save_weights(model, filepath, overwrite=True, max_shard_size=None, **kwargs):
    """Saves all the model's state to an HDF5 file ending in ".weights.h5".

    The file is written next to its destination under a temporary name and then moved
    into place, so an interrupted save never damages an existing file.

    Args:
        model: a built model (or layer).
        filepath: str or path-like ending in ".weights.h5".
        overwrite: whether to replace an existing file (if False, an existing file is
            an error).
        max_shard_size: not supported (sharded files are not written).
        objects_to_skip: optional keyword: objects whose state is left out.

    Example:

    >>> model.save_weights("model.weights.h5")
    """
    objects_to_skip = _pop_objects_to_skip(kwargs)
    filepath = os.fspath(filepath)
    if not str(filepath).endswith(_SUFFIX):
        raise ValueError(
            f"The filename must end in `{_SUFFIX}`. Received: filepath={filepath}"
        )
    if max_shard_size is not None:
        raise NotImplementedError(
            "save_weights: sharded weights (`max_shard_size`) are not supported; "
            f"received max_shard_size={max_shard_size!r}."
        )
    _check_built(model, "saving")
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(
            f"save_weights: '{filepath}' already exists and overwrite=False."
        )

    def write(temporary):
        with h5py.File(temporary, "w-") as f:
            write_state(f, model, objects_to_skip=objects_to_skip)

    atomic_write(filepath, write)


def atomic_write(filepath, write):
    """Calls `write(temporary_path)` for a file beside `filepath`, syncs it to disk and
    renames it to `filepath`; on any failure (even KeyboardInterrupt) the temporary file
    is removed and an existing `filepath` is left as it was.

    A process killed mid-save cannot remove its temporary file; the next save to the
    same path removes those whose writer process no longer runs."""
    folder, base = os.path.split(os.path.abspath(filepath))
    _remove_stale_temporaries(folder, base)
    temporary = os.path.join(folder, f".{base}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    _writing.add(temporary)
    try:
        write(temporary)
        with open(temporary, "rb") as f:
            os.fsync(f.fileno())
        os.replace(temporary, filepath)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
    finally:
        _writing.discard(temporary)


# The temporary files this process is writing now (another thread may save to the
# same path).
_writing = set()


def _remove_stale_temporaries(folder, base):
    pattern = re.compile(rf"\.{re.escape(base)}\.(\d+)\.[0-9a-f]{{32}}\.tmp")
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        match = pattern.fullmatch(name)
        if match is None:
            continue
        path = os.path.join(folder, name)
        if path in _writing or _process_runs(int(match.group(1))):
            continue
        try:
            os.remove(path)
        except OSError:
            pass


def _process_runs(pid):
    if pid == os.getpid():
        return False
    if os.name != "posix":
        # os.kill would not probe but terminate there: keep the file.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        # Another user's process (or a pid this system cannot check): keep its file.
        return True
    return True


def load_weights(model, filepath, skip_mismatch=False, **kwargs):
    """Loads the state saved by `save_weights` (or a `.keras` archive's weights).

    Loading is by object path, so the model must have the architecture of the saved
    one. The file is checked before anything is assigned: with a shape mismatch, a
    missing group or a wrong variable count the model is left unchanged and a
    ValueError names the object's path (and both shapes).

    Args:
        model: a built model (or layer).
        filepath: a ".weights.h5" file, or a ".keras" archive.
        skip_mismatch: warn and skip the objects that do not match instead of raising.
        objects_to_skip: optional keyword: objects left unchanged.
    """
    objects_to_skip = _pop_objects_to_skip(kwargs)
    filepath = os.fspath(filepath)
    text = str(filepath)
    _check_built(model, "loading weights into")
    if os.path.isdir(text):
        # An Orbax checkpoint folder (OrbaxCheckpoint's, or Keras 3's): its latest step.
        from keras.callbacks import orbax_state

        if not orbax_state.is_root(text):
            raise ValueError(
                f"load_weights: '{text}' is a directory that holds no Orbax checkpoint "
                "steps; give a '.weights.h5' or '.keras' file, or an OrbaxCheckpoint "
                "folder."
            )
        _, state = orbax_state.read(text)
        orbax_state.restore(model, state, f"'{text}' (Orbax checkpoint)")
        return
    if text.endswith(".keras"):
        # The archive reader of load_model: member names, sizes and layout checked.
        with archive_reader.Archive(filepath, required=(archive_reader.WEIGHTS,)) as a:
            source = io.BytesIO(a.read_bytes(archive_reader.WEIGHTS))
        where = f"'{text}' ({archive_reader.WEIGHTS})"
    elif text.endswith(_SUFFIX):
        if not os.path.isfile(filepath):
            raise FileNotFoundError(f"load_weights: no such file: '{text}'.")
        source, where = filepath, f"'{text}'"
    elif text.endswith((".h5", ".hdf5")):
        # A legacy HDF5 model or weights file (Keras 2's layout).
        from keras.saving import legacy_h5

        if not os.path.isfile(filepath):
            raise FileNotFoundError(f"load_weights: no such file: '{text}'.")
        legacy_h5.load_weights(model, filepath)
        return
    else:
        raise ValueError(
            f"File format not supported: filepath={text}. Expected a "
            f"'{_SUFFIX}' file or a '.keras' archive."
        )
    with open_hdf5(source, where) as f:
        if "vars" not in f and ("layer_names" in f.attrs or "model_weights" in f):
            raise ValueError(
                f"load_weights: {where} is in the legacy Keras 2 HDF5 layout, which "
                "this keras does not read."
            )
        read_state(
            f,
            model,
            skip_mismatch=skip_mismatch,
            objects_to_skip=objects_to_skip,
            where=where,
        )


def open_hdf5(source, where):
    """`h5py.File(source, "r")`, or a ValueError naming `where` when it is not HDF5."""
    try:
        return h5py.File(source, "r")
    except (OSError, ValueError) as error:
        raise ValueError(
            f"{where} is not a readable HDF5 weights file (not HDF5, truncated or "
            f"corrupted): {_cut(str(error))}"
        ) from error


def write_state(h5_group, model, objects_to_skip=()):
    """Writes the state of `model` into an open HDF5 file or group (Keras 3 layout).

    Used by `save_weights` and by the `.keras` archive writer (`model.weights.h5`).
    """
    for path, obj in saveable_paths.saveables(model, objects_to_skip):
        group = _make_group(h5_group, path, obj)
        own = saveable_paths.own_variables(obj)
        hook = None
        if not saveable_paths.is_optimizer(obj):
            hook = getattr(obj, "save_own_variables", None)
        # An unbuilt layer has nothing to save (and its hook may not expect a call).
        if hook is not None and (own or getattr(obj, "built", True)):
            hook(_WriteStore(group))
        else:
            for index, variable in enumerate(own):
                _write_array(group, str(index), variable)


def read_state(h5_group, model, skip_mismatch=False, objects_to_skip=(), where=None):
    """Assigns the state stored in an open HDF5 file or group to `model`.

    Every object's arrays are checked (declared shapes first) and read; only then is
    anything assigned. `where` names the file in messages.
    """
    reader = _reader(h5_group, where)
    plans, failures = [], []
    for path, obj in saveable_paths.saveables(model, objects_to_skip):
        try:
            plan = _plan_load(reader, h5_group, path, obj)
        except Exception as error:  # noqa: BLE001 - reported with the object's path
            failures.append((path, obj, error))
            continue
        if plan is not None:
            plans.append(plan)
    if failures and not skip_mismatch:
        raise ValueError(_failure_message(failures, reader.where))
    for path, obj, error in failures:
        warnings.warn(
            f"Loading weights from {reader.where}: skipping {_describe(path, obj)}: "
            f"{_reason(error)}",
            stacklevel=3,
        )
    for plan in plans:
        plan()


def _reader(h5_group, where):
    if where is None:
        name = h5_group.file.filename
        where = f"'{name}'" if isinstance(name, str) else "the weights file"
    return safe_hdf5.Reader(h5_group.file, where)


def save_optimizer_variables(h5_group, optimizer, path="optimizer"):
    """Writes `optimizer.variables` to `<path>/vars/<i>` of an open HDF5 group."""
    group = _make_group(h5_group, path, optimizer)
    for index, variable in enumerate(optimizer.variables):
        _write_array(group, str(index), variable)


def load_optimizer_variables(h5_group, optimizer, path="optimizer"):
    """Assigns `<path>/vars/<i>` of an open HDF5 group to `optimizer.variables`.

    As in Keras 3, a different variable count (e.g. an optimizer not built yet) is a
    warning and nothing is loaded. Returns whether the variables were assigned.
    """
    plan = _plan_load(_reader(h5_group, None), h5_group, path, optimizer)
    if plan is None:
        return False
    plan()
    return True


class _WriteStore:
    """The `store` given to a layer's `save_own_variables` hook: key -> array."""

    def __init__(self, group):
        self._group = group

    def __setitem__(self, key, value):
        _write_array(self._group, str(key), value)

    def __getitem__(self, key):
        return _reader(self._group, None).read(self._group[key])

    def __contains__(self, key):
        return key in self._group

    def __len__(self):
        return len(self._group)

    def keys(self):
        return list(self._group.keys())


def _make_group(h5_group, path, obj):
    group = h5_group.create_group(saveable_paths.vars_path(path))
    name = getattr(obj, "name", None)
    if isinstance(name, str):
        group.attrs["name"] = name
    return group


def _to_numpy(value):
    if isinstance(value, variables_lib.Variable):
        return np.asarray(value.numpy())
    if active.is_tensor(value):
        return np.asarray(active.convert_to_numpy(value))
    return np.asarray(value)


def _write_array(group, key, value):
    array = _to_numpy(value)
    dataset = group.create_dataset(key, data=array)
    if array.dtype.name == "bfloat16":
        dataset.attrs["dtype"] = "bfloat16"


def _stored_datasets(reader, h5_group, where):
    """{key: dataset} of the group `where` ("layers/dense/vars"), data not read; None
    when the group is absent."""
    group = reader.walk(h5_group, where)
    if group is None:
        return None
    if not isinstance(group, h5py.Group):
        raise ValueError(f"'{where}' is not a group.")
    return {key: reader.child(group, key) for key in group.keys()}


def _plan_load(reader, h5_group, path, obj):
    """Checks one object's arrays (declared shapes, then data) and reads them; returns
    a callable that assigns them (or None when there is nothing to assign)."""
    where = saveable_paths.vars_path(path)
    stored = _stored_datasets(reader, h5_group, where)
    own = saveable_paths.own_variables(obj)
    if saveable_paths.is_optimizer(obj):
        count = len(stored or {})
        if count != len(own):
            warnings.warn(
                f"Skipping variable loading for optimizer '{obj.name}', because it has "
                f"{len(own)} variables whereas the saved optimizer has {count} "
                "variables.",
                stacklevel=3,
            )
            return None
        if not own:
            return None
        values = _read_checked(reader, own, stored, where)
        return lambda: _assign(list(zip(own, values)))
    hook = getattr(obj, "load_own_variables", None)
    limit = getattr(obj, "state_size_without_variables", None)
    if not own and stored and hook is not None and callable(limit):
        # State kept outside variables (a lookup layer's idf weights, sized by its
        # vocabulary): read now, each array at most `limit()` elements, and handed
        # to the hook as a dict.
        store = _ReadStore(reader, stored, [], limit=limit())
        values = {key: store[key] for key in store}
        return lambda: hook(values)
    if not own:
        if stored:
            unbuilt = "" if getattr(obj, "built", True) else " (it was never built)"
            raise ValueError(
                f"it has no variables{unbuilt}, but '{where}' holds {len(stored)} "
                "arrays. Build the model (all its layers) before loading."
            )
        return None
    if stored is None:
        raise ValueError(
            f"the file has no group '{where}' for its {len(own)} variables."
        )
    if hook is None:
        values = _read_checked(reader, own, stored, where)
        return lambda: _assign(list(zip(own, values)))
    candidates = own + [v for v in obj.variables if all(v is not o for o in own)]
    # A layer's own loading hook runs now inside a StatelessScope, which records its
    # assignments instead of making them: errors surface before anything changes.
    store = _ReadStore(reader, stored, candidates)
    with stateless_scope.StatelessScope() as scope:
        hook(store)
    updates = [(v, scope.get_current_value(v)) for v in candidates]
    return lambda: _assign([(v, value) for v, value in updates if value is not None])


class _ReadStore:
    """The `store` given to a layer's `load_own_variables` hook: reads a dataset when
    the hook asks for it, refusing one larger than the layer's largest variable."""

    def __init__(self, reader, datasets, variables, limit=None):
        self._reader = reader
        self._datasets = datasets
        largest = max(variables, key=lambda v: math.prod(v.shape), default=None)
        self._largest = tuple(largest.shape) if largest is not None else ()
        self._limit = math.prod(self._largest) if largest is not None else 0
        if limit is not None:
            self._largest, self._limit = (int(limit),), int(limit)

    def __getitem__(self, key):
        dataset = self._reader.dataset(self._datasets[key])
        size = math.prod(dataset.shape)
        if size > self._limit:
            raise ValueError(
                f"'{dataset.name}' declares shape {_cut(str(tuple(dataset.shape)))}, "
                f"larger than any variable of the layer (the largest has shape "
                f"{self._largest}); refusing to read it."
            )
        return self._reader.read(dataset)

    def __contains__(self, key):
        return key in self._datasets

    def __iter__(self):
        return iter(self._datasets)

    def __len__(self):
        return len(self._datasets)

    def keys(self):
        return list(self._datasets)


def _read_checked(reader, own, stored, where):
    """The arrays for `own` once the stored keys, dtypes and declared shapes match."""
    keys = sorted(stored, key=_numeric_key)
    if keys != [str(i) for i in range(len(own))]:
        listed = archive_reader.quote(keys)
        raise ValueError(
            f"it has {len(own)} variables ({_cut(str([v.path for v in own]))}), but "
            f"'{where}' holds {len(keys)} arrays ({listed})."
        )
    for index, variable in enumerate(own):
        dataset = reader.dataset(stored[str(index)])
        shape = tuple(dataset.shape)
        if shape != tuple(variable.shape):
            raise ValueError(
                f"variable '{variable.path}' has shape {tuple(variable.shape)}, but "
                f"'{where}/{index}' in the file has shape {_cut(str(shape))}."
            )
    return [reader.read(stored[str(i)]) for i in range(len(own))]


def _assign(pairs):
    for variable, value in pairs:
        variable.assign(value)


def _check_arrays(own, stored, where):
    keys = sorted(stored, key=_numeric_key)
    if keys != [str(i) for i in range(len(own))]:
        raise ValueError(
            f"it has {len(own)} variables ({[v.path for v in own]}), but '{where}' "
            f"holds {len(keys)} arrays ({keys})."
        )
    for index, variable in enumerate(own):
        shape = tuple(stored[str(index)].shape)
        if shape != tuple(variable.shape):
            raise ValueError(
                f"variable '{variable.path}' has shape {tuple(variable.shape)}, but "
                f"'{where}/{index}' in the file has shape {shape}."
            )


def _numeric_key(key):
    return (0, int(key)) if key.isdigit() else (1, key)


def _describe(path, obj):
    kind = type(obj).__name__
    name = getattr(obj, "name", "?")
    return f"{kind} '{name}' at '{saveable_paths.vars_path(path)}'"


# At most this many failures are listed in a message, each cut to _MAX_REASON.
_MAX_LISTED = 10
_MAX_REASON = 300


def _failure_message(failures, where):
    lines = [f"{_describe(p, o)}: {_reason(e)}" for p, o, e in failures[:_MAX_LISTED]]
    if len(failures) > _MAX_LISTED:
        lines.append(f"... and {len(failures) - _MAX_LISTED} more")
    return (
        f"Loading weights from {where}: {len(failures)} object(s) could not be loaded "
        "(pass skip_mismatch=True to skip them):\n  " + "\n  ".join(lines)
    )


def _reason(error):
    if isinstance(error, ValueError):
        return _cut(str(error))
    return _cut(f"{type(error).__name__}: {error}")


def _cut(text, limit=_MAX_REASON):
    return text if len(text) <= limit else text[:limit] + "..."


def _check_built(model, action):
    if not getattr(model, "built", True):
        raise ValueError(
            f"You are {action} a model that has not yet been built ('{model.name}'). "
            "Build it first by calling it on some data or with `build(input_shape)`."
        )


def _pop_objects_to_skip(kwargs):
    objects_to_skip = kwargs.pop("objects_to_skip", None) or ()
    if kwargs:
        raise ValueError(f"Invalid keyword arguments: {sorted(kwargs)}.")
    return objects_to_skip

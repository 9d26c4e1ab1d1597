"""Helpers that turn the logs a trainer passes to callbacks into Python values."""

import numpy as np

from keras.backends import active


def to_python(value):
    """A scalar log value as a Python float; other values as NumPy arrays or as is."""
    # NumPy types first: np.float64 is also a Python float.
    if isinstance(value, (np.ndarray, np.generic)) or active.is_tensor(value):
        array = np.asarray(active.convert_to_numpy(value))
        if array.ndim:
            return array
        return float(array) if array.dtype.kind in "biuf" else array.item()
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def pythonify_logs(logs, convert=True):
    """A new dict of `logs` with nested dicts flattened into it and keys sorted.

    Args:
        logs: The dict a trainer passed, or `None`.
        convert: Whether to turn values into Python floats (see `to_python`). Batch
            hooks pass `False` so that logging a batch does not wait on the device.
    """
    flat = {}
    _flatten(logs or {}, flat)
    return {
        key: to_python(value) if convert else value
        for key, value in sorted(flat.items())
    }


def _flatten(logs, into):
    for key, value in logs.items():
        if isinstance(value, dict):
            _flatten(value, into)
        else:
            into[key] = value


def scalar(value):
    """A monitored log value as a float, or `None` when it is not a scalar."""
    value = to_python(value)
    if isinstance(value, np.ndarray) and value.size != 1:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None

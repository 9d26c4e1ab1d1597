"""Name scopes: the prefix ("block1/dense") of the paths of variables created inside them."""

import threading

_local = threading.local()


def _stack():
    if not hasattr(_local, "scopes"):
        _local.scopes = []
    return _local.scopes


class name_scope:
    """Context manager that prefixes the paths of variables created inside it.

    >>> with keras.name_scope("block1"):
    ...     v = keras.Variable(1.0, name="bias")
    >>> v.path
    'block1/bias'
    """

    def __init__(self, name, **kwargs):
        if not isinstance(name, str) or not name or "/" in name:
            raise ValueError(
                f"name_scope expects a non-empty string without '/'; got {name!r}."
            )
        self.name = name

    def __enter__(self):
        _stack().append(self.name)
        return self

    def __exit__(self, *exc_info):
        _stack().pop()


def current_path():
    """The active scopes joined by "/", or "" outside any scope."""
    return "/".join(_stack())


_uids = {}


def get_uid(prefix=""):
    """Returns 1, 2, 3... on successive calls with the same prefix (per session)."""
    _uids[prefix] = _uids.get(prefix, 0) + 1
    return _uids[prefix]


def reset_uids():
    _uids.clear()


def auto_name(prefix):
    """A unique default name: "variable", then "variable_1", "variable_2"..."""
    uid = get_uid(prefix)
    return prefix if uid == 1 else f"{prefix}_{uid - 1}"

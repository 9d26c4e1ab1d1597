"""Name scopes: the prefix ("block1/dense") of the paths of variables created inside them."""

import threading

_local = threading.local()


def _stack():
    if not hasattr(_local, "scopes"):
        _local.scopes = []
        _local.callers = []
    return _local.scopes


def _callers():
    _stack()
    return _local.callers


class name_scope:
    """Context manager that prefixes the paths of variables created inside it.

    >>> with keras.name_scope("block1"):
    ...     v = keras.Variable(1.0, name="bias")
    >>> v.path
    'block1/bias'

    A layer opens a scope of its name, with itself as `caller`, while it builds and
    runs; a scope whose `caller` already opened the innermost scope is not opened
    again (a model's build inside its own call adds one "model/", not two).
    """

    def __init__(self, name, **kwargs):
        if not isinstance(name, str) or not name or "/" in name:
            raise ValueError(
                f"name_scope expects a non-empty string without '/'; got {name!r}."
            )
        self.name = name
        self.caller = kwargs.get("caller")
        self._pushed = False

    def __enter__(self):
        self._pushed = enter(self.name, self.caller)
        return self

    def __exit__(self, *exc_info):
        if self._pushed:
            leave()


def enter(name, caller=None):
    """Opens scope `name` (see `name_scope`); returns whether it was opened, for the
    matching `leave()`."""
    scopes = _stack()
    callers = _local.callers
    if caller is not None and callers and callers[-1] is caller:
        return False
    scopes.append(name)
    callers.append(caller)
    return True


def leave():
    _stack().pop()
    _local.callers.pop()


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

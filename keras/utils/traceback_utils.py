"""Whether keras shortens the tracebacks of its errors (a global switch).

Keras 3 hides its own frames from the tracebacks of errors raised in layers and
ops when this is on. Our errors are raised where the problem is found and carry
their full traceback; the switch is kept so code that toggles it (or asks for it,
e.g. to decide what to print) behaves as with Keras 3.
"""

_state = {"enabled": True}


def enable_traceback_filtering():
    """Turns traceback filtering on (the default)."""
    _state["enabled"] = True


def disable_traceback_filtering():
    """Turns traceback filtering off: errors show every frame (useful to debug
    keras itself)."""
    _state["enabled"] = False


def is_traceback_filtering_enabled():
    """True unless `disable_traceback_filtering()` was called.

    >>> keras.config.is_traceback_filtering_enabled()
    True
    """
    return _state["enabled"]

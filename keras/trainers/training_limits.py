"""Global caps on training length: `keras.config.set_max_epochs` and
`keras.config.set_max_steps_per_epoch`.

When set, `fit` runs at most that many epochs, and every loop over data (fit,
evaluate, predict, validation) at most that many steps per epoch, whatever the
call asks for: handy to smoke-test a long training script. The environment
variables `KERAS_MAX_EPOCHS` and `KERAS_MAX_STEPS_PER_EPOCH` set the initial values.
"""

import os
import warnings

_limits = {}


def _from_environment(variable):
    raw = os.environ.get(variable)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValueError(
            f"The environment variable {variable} must be a whole number of "
            f"{'epochs' if 'EPOCHS' in variable else 'steps'}; received {raw!r}."
        ) from None


def _get(key, variable):
    if key not in _limits:
        _limits[key] = _from_environment(variable)
    return _limits[key]


def _check(value, argument):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            f"`{argument}` must be None (no limit) or a positive int; received "
            f"{argument}={value!r}."
        )
    return value


def max_epochs():
    """The cap on the epochs of `fit`, or None (no cap)."""
    return _get("epochs", "KERAS_MAX_EPOCHS")


def set_max_epochs(max_epochs):
    """Caps the epochs every later `fit` runs at `max_epochs` (None: no cap)."""
    _limits["epochs"] = _check(max_epochs, "max_epochs")


def max_steps_per_epoch():
    """The cap on the steps of one epoch of fit, evaluate or predict, or None."""
    return _get("steps", "KERAS_MAX_STEPS_PER_EPOCH")


def set_max_steps_per_epoch(max_steps_per_epoch):
    """Caps the steps of every later epoch of fit, evaluate and predict at
    `max_steps_per_epoch` (None: no cap)."""
    _limits["steps"] = _check(max_steps_per_epoch, "max_steps_per_epoch")


def cap_epochs(epochs):
    """`epochs`, or the global cap when that is smaller (with a warning)."""
    limit = max_epochs()
    if limit is not None and epochs > limit:
        warnings.warn(f"Limiting epochs to {limit}", stacklevel=3)
        return limit
    return epochs


def cap_steps(steps, warn=False):
    """The steps an epoch runs: `steps` (None: until the data ends), or the global
    cap when that is smaller."""
    limit = max_steps_per_epoch()
    if limit is not None and (steps is None or steps > limit):
        if warn:
            warnings.warn(f"Limiting steps_per_epoch to {limit}", stacklevel=3)
        return limit
    return steps

"""Public namespace `keras.ops.numpy`: the NumPy-like ops, gathered from their families."""

import importlib

from keras.backends.common import families

_FAMILIES = tuple(
    importlib.import_module(f"keras.ops.{family}")
    for family in families.families_of("numpy")
)

__all__ = sorted({name for family in _FAMILIES for name in family.__all__})

for _family in _FAMILIES:
    for _name in _family.__all__:
        globals()[_name] = getattr(_family, _name)
del _family, _name

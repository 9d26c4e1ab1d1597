"""Public namespace `keras.ops.numpy`: the NumPy-like ops, gathered from their families."""

from keras.ops import binary
from keras.ops import creation
from keras.ops import manipulation
from keras.ops import products
from keras.ops import reduction
from keras.ops import unary

_FAMILIES = (unary, binary, reduction, manipulation, creation, products)

__all__ = sorted({name for family in _FAMILIES for name in family.__all__})

for _family in _FAMILIES:
    for _name in _family.__all__:
        globals()[_name] = getattr(_family, _name)
del _family, _name

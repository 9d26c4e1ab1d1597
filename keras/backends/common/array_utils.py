"""Backend functions for creating and rearranging arrays that read the same on every
engine: each is written once here, as a factory that takes the engine functions it is
built from, and bound in each backend module that uses it.
"""

import math
import operator

import numpy as np

from keras.backends.common import backend_utils
from keras.backends.common import dtypes


def shape(x):
    """The static shape of `x` as a tuple of ints (for engines whose tensors always
    know their shape)."""
    return tuple(x.shape) if hasattr(x, "shape") else np.shape(x)


def make_promote(convert_to_tensor):
    """The backend's `promote`, built on its `convert_to_tensor(value, dtype=...)`."""

    def promote(*values):
        """Converts `values` to tensors of their Keras result dtype (see result_type)."""
        dtype = dtypes.promoted_dtype(*values)
        return [convert_to_tensor(v, dtype=dtype) for v in values]

    return promote


def make_astype_cast(convert_to_tensor):
    """`cast` for engines whose tensors have NumPy's `astype` (numpy, jax)."""

    def cast(x, dtype):
        """Casts `x` to `dtype`."""
        return convert_to_tensor(x).astype(dtypes.numpy_dtype(dtype))

    return cast


def make_like(convert_to_tensor, engine_dtype):
    """`like(x, dtype)`: `x` as a tensor and the dtype a `*_like` op creates (that of
    `x` when `dtype` is None, else `engine_dtype(dtype)`)."""

    def like(x, dtype):
        x = convert_to_tensor(x)
        return x, (x.dtype if dtype is None else engine_dtype(dtype))

    return like


def cosine_windows(window, cos):
    """(blackman, hamming, hanning) from the backend's `window(x, formula)`, which
    evaluates `formula(n, M)` on the centred sample positions, and its elementwise `cos`."""

    def cosines(*weights):
        def formula(n, M):
            return sum(w * cos(math.pi * i * n / (M - 1)) for i, w in enumerate(weights))

        return formula

    def blackman(x):
        return window(x, cosines(0.42, 0.5, 0.08))

    def hamming(x):
        return window(x, cosines(0.54, 0.46))

    def hanning(x):
        return window(x, cosines(0.5, 0.5))

    return blackman, hamming, hanning


def axis_flips(flip):
    """(fliplr, flipud) from the backend's `flip(x, axis)`."""

    def fliplr(x):
        return flip(x, 1)

    def flipud(x):
        return flip(x, 0)

    return fliplr, flipud


def axis_splits(split):
    """(vsplit, dsplit) from the backend's `split(x, indices_or_sections, axis)`."""

    def vsplit(x, indices_or_sections):
        return split(x, indices_or_sections, 0)

    def dsplit(x, indices_or_sections):
        return split(x, indices_or_sections, 2)

    return vsplit, dsplit


def make_unravel_index(convert_to_tensor):
    """`unravel_index` for engines whose tensors have NumPy's operators and `astype`."""

    def unravel_index(indices, shape):
        flat = convert_to_tensor(indices).astype("int32")
        return backend_utils.unravel(flat, shape, operator.floordiv, operator.mod)

    return unravel_index

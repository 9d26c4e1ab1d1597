"""Public namespace `keras.backend`: which engine runs, and dtype utilities."""

from keras.backends.common.config import backend
from keras.backends.common.config import epsilon
from keras.backends.common.config import floatx
from keras.backends.common.config import image_data_format
from keras.backends.common.config import set_epsilon
from keras.backends.common.config import set_floatx
from keras.backends.common.config import set_image_data_format
from keras.backends.common.dtypes import is_float_dtype
from keras.backends.common.dtypes import is_int_dtype
from keras.backends.common.dtypes import result_type
from keras.backends.common.dtypes import standardize_dtype
from keras.backends.common.keras_tensor import is_keras_tensor
from keras.backends.common.name_scope import get_uid

__all__ = [
    "backend",
    "clear_session",
    "epsilon",
    "floatx",
    "get_uid",
    "image_data_format",
    "is_float_dtype",
    "is_int_dtype",
    "is_keras_tensor",
    "result_type",
    "set_epsilon",
    "set_floatx",
    "set_image_data_format",
    "standardize_dtype",
]


def clear_session(free_memory=True):
    """Resets the state keras keeps per session: the counters behind default names."""
    from keras.backends.common import name_scope

    name_scope.reset_uids()

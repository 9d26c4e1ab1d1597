"""Public namespace `keras.config`: global settings of this keras session."""

import importlib
import os
import sys
import types

from keras.backends.common.config import backend
from keras.backends.common.config import disable_flash_attention
from keras.backends.common.config import enable_flash_attention
from keras.backends.common.config import epsilon
from keras.backends.common.config import floatx
from keras.backends.common.config import image_data_format
from keras.backends.common.config import is_flash_attention_enabled
from keras.backends.common.config import set_epsilon
from keras.backends.common.config import set_floatx
from keras.backends.common.config import set_image_data_format

__all__ = [
    "backend",
    "disable_flash_attention",
    "dtype_policy",
    "enable_flash_attention",
    "epsilon",
    "floatx",
    "image_data_format",
    "is_flash_attention_enabled",
    "set_backend",
    "set_dtype_policy",
    "set_epsilon",
    "set_floatx",
    "set_image_data_format",
]


def dtype_policy():
    """The global dtype policy new layers use (a keras.DTypePolicy)."""
    from keras.dtype_policies import dtype_policy as policies

    return policies.dtype_policy()


def set_dtype_policy(policy):
    """Sets the global dtype policy, e.g. `keras.config.set_dtype_policy("mixed_float16")`."""
    from keras.dtype_policies import dtype_policy as policies

    policies.set_dtype_policy(policy)


def set_backend(backend):
    """Switches the backend of this process, e.g. `keras.config.set_backend("torch")`.

    Every `keras` submodule is unloaded, so the next use of `keras.ops`, `keras.layers`...
    runs on the new backend. Objects made before the switch (layers, models, variables)
    keep the old backend and must not be mixed with new ones: build them again.
    Settings made with `set_floatx` and the like return to their configured values.
    """
    from keras.backends.common import config as common_config

    common_config._check_backend(backend, "keras.config.set_backend()")
    os.environ["KERAS_BACKEND"] = backend
    package = sys.modules["keras"]
    for module_name in [m for m in sys.modules if m.startswith("keras.")]:
        del sys.modules[module_name]
    for attribute, value in list(vars(package).items()):
        is_submodule = isinstance(value, types.ModuleType) and value.__name__.startswith(
            "keras."
        )
        if is_submodule or attribute in package._NAMES:
            delattr(package, attribute)
    package._config = importlib.import_module("keras.backends.common.config")

"""Public namespace `keras.config`: global settings of this keras session."""

import importlib
import json
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
from keras.utils.lazy_namespace import lazy_namespace

# Settings kept by the modules that use them, loaded on first access (so that
# `import keras.config` stays cheap): public name -> (module, attribute).
_EXPORTS = {
    "max_epochs": ("keras.trainers.training_limits", "max_epochs"),
    "max_steps_per_epoch": ("keras.trainers.training_limits", "max_steps_per_epoch"),
    "set_max_epochs": ("keras.trainers.training_limits", "set_max_epochs"),
    "set_max_steps_per_epoch": (
        "keras.trainers.training_limits",
        "set_max_steps_per_epoch",
    ),
    "disable_interactive_logging": (
        "keras.utils.io_utils",
        "disable_interactive_logging",
    ),
    "enable_interactive_logging": ("keras.utils.io_utils", "enable_interactive_logging"),
    "is_interactive_logging_enabled": (
        "keras.utils.io_utils",
        "is_interactive_logging_enabled",
    ),
    "disable_traceback_filtering": (
        "keras.utils.traceback_utils",
        "disable_traceback_filtering",
    ),
    "enable_traceback_filtering": (
        "keras.utils.traceback_utils",
        "enable_traceback_filtering",
    ),
    "is_traceback_filtering_enabled": (
        "keras.utils.traceback_utils",
        "is_traceback_filtering_enabled",
    ),
}

__all__ = [
    "backend",
    "disable_flash_attention",
    "disable_interactive_logging",
    "disable_traceback_filtering",
    "dtype_policy",
    "enable_flash_attention",
    "enable_interactive_logging",
    "enable_traceback_filtering",
    "enable_unsafe_deserialization",
    "epsilon",
    "floatx",
    "image_data_format",
    "is_flash_attention_enabled",
    "is_interactive_logging_enabled",
    "is_nnx_enabled",
    "is_traceback_filtering_enabled",
    "max_epochs",
    "max_steps_per_epoch",
    "set_backend",
    "set_dtype_policy",
    "set_epsilon",
    "set_floatx",
    "set_image_data_format",
    "set_max_epochs",
    "set_max_steps_per_epoch",
]


def dtype_policy():
    """The global dtype policy new layers use (a keras.DTypePolicy)."""
    from keras.dtype_policies import dtype_policy as policies

    return policies.dtype_policy()


def set_dtype_policy(policy):
    """Sets the global dtype policy, e.g. `keras.config.set_dtype_policy("mixed_float16")`."""
    from keras.dtype_policies import dtype_policy as policies

    policies.set_dtype_policy(policy)


def enable_unsafe_deserialization():
    """Lets every later deserialization load code (lambdas, Lambda layers), as if
    each call passed `safe_mode=False`. Only for files from a source you trust."""
    from keras.saving import serialization_lib

    serialization_lib.enable_unsafe_deserialization()


def is_nnx_enabled():
    """Whether Flax NNX integration is requested: the `KERAS_NNX_ENABLED`
    environment variable ("true"/"1"), else the "nnx_enabled" entry of keras.json.

    False by default. This keras has no NNX integration: the answer reports the
    request as Keras 3 does, and layers stay plain keras layers either way.
    """
    from keras.backends.common import config as common_config

    raw = os.environ.get("KERAS_NNX_ENABLED")
    if raw is not None:
        return raw.strip().lower() in ("1", "true", "yes")
    try:
        with open(common_config.config_path()) as f:
            return bool(json.load(f).get("nnx_enabled", False))
    except (OSError, ValueError, AttributeError):
        return False


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


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)

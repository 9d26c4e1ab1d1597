"""Global configuration: backend choice, floatx, epsilon, image data format.

The backend is chosen once, at start-up: the `KERAS_BACKEND` environment variable, else the
"backend" entry of `$KERAS_HOME/keras.json` (default `~/.keras/keras.json`), else "jax".
The same file may set "floatx", "epsilon" and "image_data_format".
"""

import json
import os

BACKENDS = ("numpy", "jax", "torch", "tensorflow", "openvino")
DEFAULT_BACKEND = "jax"
FLOATX_DTYPES = ("bfloat16", "float16", "float32", "float64")
IMAGE_DATA_FORMATS = ("channels_last", "channels_first")


def keras_home():
    """The folder holding keras.json: `$KERAS_HOME`, else `~/.keras`."""
    home = os.environ.get("KERAS_HOME")
    if home:
        return home
    return os.path.join(os.path.expanduser("~"), ".keras")


def config_path():
    return os.path.join(keras_home(), "keras.json")


def _read_config_file():
    path = config_path()
    if not os.path.exists(path):
        return {}
    try:
        with open(path) as f:
            content = json.load(f)
    except (OSError, ValueError) as e:
        raise ValueError(
            f"Could not read the keras config file {path}: {e}. Expected a JSON object "
            'such as {"backend": "jax", "floatx": "float32"}; fix or delete the file.'
        ) from None
    if not isinstance(content, dict):
        raise ValueError(
            f"The keras config file {path} must hold a JSON object; "
            f"got {type(content).__name__}."
        )
    return content


def _check_backend(name, source):
    if name not in BACKENDS:
        raise ValueError(
            f"Unknown backend {name!r} (from {source}). "
            f"Expected one of: {', '.join(BACKENDS)}."
        )
    return name


def _check_floatx(value):
    if value not in FLOATX_DTYPES:
        raise ValueError(
            f"Unknown floatx {value!r}. Expected one of: {', '.join(FLOATX_DTYPES)}."
        )
    return value


def _check_image_data_format(value):
    if value not in IMAGE_DATA_FORMATS:
        raise ValueError(
            f"Unknown image_data_format {value!r}. "
            f"Expected one of: {', '.join(IMAGE_DATA_FORMATS)}."
        )
    return value


def _check_epsilon(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValueError(f"epsilon must be a positive float; got {value!r}.")
    return float(value)


def _initial_state():
    file_config = _read_config_file()
    source = config_path()
    if os.environ.get("KERAS_BACKEND"):
        backend_name = _check_backend(
            os.environ["KERAS_BACKEND"], "the KERAS_BACKEND environment variable"
        )
    else:
        backend_name = _check_backend(file_config.get("backend", DEFAULT_BACKEND), source)
    return {
        "backend": backend_name,
        "floatx": _check_floatx(file_config.get("floatx", "float32")),
        "epsilon": _check_epsilon(file_config.get("epsilon", 1e-7)),
        "image_data_format": _check_image_data_format(
            file_config.get("image_data_format", "channels_last")
        ),
    }


_state = _initial_state()


def backend():
    """Returns the name of the active backend, e.g. "jax".

    >>> keras.config.backend()
    'jax'
    """
    return _state["backend"]


def floatx():
    """Returns the default float dtype, as a string (default "float32")."""
    return _state["floatx"]


def set_floatx(value):
    """Sets the default float dtype: one of "bfloat16", "float16", "float32", "float64"."""
    _state["floatx"] = _check_floatx(value)
    for callback in _floatx_callbacks:
        callback()


# Called after every set_floatx: the caches of values that depend on floatx.
_floatx_callbacks = []


def on_floatx_change(callback):
    """Calls `callback()` after every `set_floatx` (to clear a cache derived from it)."""
    _floatx_callbacks.append(callback)


def epsilon():
    """Returns the fuzz factor used to avoid divisions by zero (default 1e-7)."""
    return _state["epsilon"]


def set_epsilon(value):
    """Sets the fuzz factor used to avoid divisions by zero; must be positive."""
    _state["epsilon"] = _check_epsilon(value)


def image_data_format():
    """Returns "channels_last" (default) or "channels_first"."""
    return _state["image_data_format"]


def set_image_data_format(data_format):
    """Sets the image data format: "channels_last" or "channels_first"."""
    _state["image_data_format"] = _check_image_data_format(data_format)


# Flash attention: None (the default) lets each call use a fused attention kernel when
# its inputs qualify, False forbids it (keras.config.disable_flash_attention).
_flash_attention = {"enabled": None}


def enable_flash_attention():
    """Lets `ops.dot_product_attention` use fused (flash-style) attention kernels when
    the inputs qualify. As in Keras 3 this restores the default, automatic choice:
    `is_flash_attention_enabled()` then returns None."""
    _flash_attention["enabled"] = None


def disable_flash_attention():
    """Makes `ops.dot_product_attention` always compute attention by its reference
    composition (no fused kernel); `is_flash_attention_enabled()` returns False."""
    _flash_attention["enabled"] = False


def is_flash_attention_enabled():
    """None (automatic: fused kernels where the inputs qualify, the default) or False
    (turned off by `disable_flash_attention`)."""
    return _flash_attention["enabled"]

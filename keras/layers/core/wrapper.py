"""Wrapper: the base class of layers that hold and extend another layer."""

from keras.layers.layer import Layer
from keras.saving import serialization_lib


def serialize_layer(layer):
    """The config entry of a held layer, its build shapes as lists (as they read back
    from JSON), so that a config survives `from_config` unchanged."""
    serialized = serialization_lib.serialize_keras_object(layer)
    if isinstance(serialized, dict) and "build_config" in serialized:
        serialized["build_config"] = _lists(serialized["build_config"])
    return serialized


def _lists(value):
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    return value


class Wrapper(Layer):
    """Base class of the layers that wrap another layer (`TimeDistributed`, ...).

    The wrapped layer is `self.layer`; its weights are the wrapper's weights. A
    subclass defines `call` (and usually `build` and `compute_output_shape`).

    Args:
        layer: the `keras.layers.Layer` instance to wrap.
        **kwargs: base layer arguments (`name`, `dtype`, ...).

    The config holds the serialized wrapped layer under `"layer"`; `from_config`
    rebuilds it first.
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                f"{type(self).__name__}: argument `layer` must be a "
                f"`keras.layers.Layer` instance; received layer={layer!r} (of type "
                f"{type(layer).__name__})."
            )
        super().__init__(**kwargs)
        self.layer = layer

    def build(self, input_shape=None):
        if not self.layer.built:
            self.layer.build(input_shape)
            self.layer.built = True

    def get_config(self):
        config = super().get_config()
        config["layer"] = serialize_layer(self.layer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["layer"] = serialization_lib.deserialize_keras_object(
            config["layer"], custom_objects=custom_objects
        )
        return cls(**config)

"""Lambda: wraps a Python function as a layer.

A named function is saved by name (`keras.saving.serialize_keras_object`). A Python
lambda is saved as its marshalled bytecode, as Keras 3 does; loading it runs that
code, so `from_config` refuses unless the caller opts in with `safe_mode=False`.
"""

import base64
import builtins
import inspect
import marshal
import types

import keras
from keras import ops
from keras.backends.common import tree
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.layer import Layer
from keras.saving import serialization_lib


def _is_shape(value):
    return isinstance(value, (tuple, list)) and all(
        d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in value
    )


def _normalize_shapes(shapes):
    """Lists (e.g. read back from JSON) to tuples: a shape, or a structure of shapes."""
    if shapes is None or callable(shapes):
        return shapes
    if _is_shape(shapes):
        return tuple(shapes)
    if isinstance(shapes, dict):
        return {k: _normalize_shapes(v) for k, v in shapes.items()}
    if isinstance(shapes, (list, tuple)):
        return type(shapes)(_normalize_shapes(s) for s in shapes)
    raise TypeError(
        f"Lambda: `output_shape` must be a shape tuple, a structure of shape tuples, "
        f"or a function of the input shape; received {shapes!r}."
    )


def _map_shapes(fn, shapes):
    if _is_shape(shapes):
        return fn(tuple(shapes))
    if isinstance(shapes, dict):
        return {k: _map_shapes(fn, v) for k, v in shapes.items()}
    return type(shapes)(_map_shapes(fn, s) for s in shapes)


def _first_shape(shapes):
    if _is_shape(shapes):
        return tuple(shapes)
    values = shapes.values() if isinstance(shapes, dict) else shapes
    return _first_shape(next(iter(values)))


def _is_lambda(fn):
    return isinstance(fn, types.LambdaType) and fn.__name__ == "<lambda>"


def _serialize_function(fn):
    """A lambda as its bytecode (the Keras 3 "__lambda__" config); any other
    function by name."""
    if _is_lambda(fn):
        code = base64.encodebytes(marshal.dumps(fn.__code__)).decode("ascii")
        closure = None
        if fn.__closure__:
            closure = tuple(cell.cell_contents for cell in fn.__closure__)
        return {
            "class_name": "__lambda__",
            "config": {"code": code, "defaults": fn.__defaults__, "closure": closure},
        }
    return serialization_lib.serialize_keras_object(fn)


def _is_lambda_config(value):
    return isinstance(value, dict) and value.get("class_name") == "__lambda__"


def _load_lambda(config, argument):
    try:
        code = marshal.loads(base64.decodebytes(config["code"].encode("ascii")))
    except (ValueError, EOFError, TypeError) as error:
        raise ValueError(
            f"Lambda: cannot load the Python lambda of `{argument}`: its bytecode does "
            f"not match this Python version ({error}). Rebuild the layer from code."
        ) from error
    defaults = config.get("defaults")
    closure = config.get("closure")
    if closure is not None:
        closure = tuple(types.CellType(value) for value in closure)
    scope = {**globals(), "__builtins__": builtins, "keras": keras, "ops": ops}
    return types.FunctionType(
        code,
        scope,
        name=code.co_name,
        argdefs=tuple(defaults) if defaults is not None else None,
        closure=closure,
    )


class Lambda(Layer):
    """Wraps a function of the inputs as a layer: `outputs = function(inputs)`.

    Use it for stateless expressions; a layer with weights should subclass `Layer`.

    Args:
        function: the function, called as `function(inputs, **arguments)`; it also
            receives `mask=` and `training=` when it accepts them.
        output_shape: the output shape without the batch axis (or a structure of
            such shapes, or a function of the full input shape). When None, it is
            inferred by running `function` on symbolic tensors.
        mask: the output mask: a function `mask(inputs, previous_mask)`, or a fixed
            mask; None drops the mask.
        arguments: a dict of keyword arguments passed to `function`.
        **kwargs: base layer arguments (`name`, `dtype`...).

    >>> layer = keras.layers.Lambda(lambda x: x ** 2)
    >>> layer(np.array([1.0, 2.0]))
    array([1., 4.], dtype=float32)
    """

    def __init__(
        self, function, output_shape=None, mask=None, arguments=None, **kwargs
    ):
        if not callable(function):
            raise TypeError(
                f"Lambda: `function` must be callable; received {function!r}."
            )
        if arguments is not None and not isinstance(arguments, dict):
            raise TypeError(
                f"Lambda: `arguments` must be a dict of keyword arguments or None; "
                f"received {arguments!r}."
            )
        super().__init__(**kwargs)
        self.function = function
        self.arguments = dict(arguments or {})
        self.mask = mask
        self.supports_masking = mask is not None
        self._output_shape = _normalize_shapes(output_shape)
        try:
            parameters = inspect.signature(function).parameters
        except (TypeError, ValueError):
            parameters = {}
        self._fn_expects_training_arg = "training" in parameters
        self._fn_expects_mask_arg = "mask" in parameters
        self.built = True

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if self._fn_expects_mask_arg:
            kwargs["mask"] = mask
        if self._fn_expects_training_arg:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_mask(self, inputs, previous_mask=None):
        if callable(self.mask):
            return self.mask(inputs, previous_mask)
        return self.mask

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return Layer.compute_output_shape(self, input_shape)
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        batch = _first_shape(input_shape)[0]
        return _map_shapes(lambda shape: (batch,) + shape, self._output_shape)

    def compute_output_spec(self, inputs, mask=None, training=None):
        if self._output_shape is None:
            inputs = tree.map_structure(self._autocast_input, inputs)
            return self.call(inputs, mask=mask, training=training)
        shapes = tree.map_structure(lambda x: tuple(x.shape), inputs)
        output_shape = self.compute_output_shape(shapes)
        return _map_shapes(
            lambda shape: KerasTensor(shape, dtype=self.compute_dtype), output_shape
        )

    def get_config(self):
        config = super().get_config()
        config["function"] = _serialize_function(self.function)
        if self._output_shape is not None:
            if callable(self._output_shape):
                config["output_shape"] = _serialize_function(self._output_shape)
            else:
                config["output_shape"] = self._output_shape
        if self.mask is not None:
            if callable(self.mask):
                config["mask"] = _serialize_function(self.mask)
            else:
                config["mask"] = serialization_lib.serialize_keras_object(self.mask)
        config["arguments"] = serialization_lib.serialize_keras_object(self.arguments)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=None):
        """Rebuilds the layer. A Python lambda in the config is loaded only with
        `safe_mode=False` (or inside a deserialization run with `safe_mode=False`)."""
        config = dict(config)
        if safe_mode is None:
            safe_mode = serialization_lib.in_safe_mode()
        if safe_mode is None:
            safe_mode = True
        for key in ("function", "output_shape", "mask"):
            if key not in config:
                continue
            value = config[key]
            if callable(value):
                continue
            if _is_lambda_config(value):
                if safe_mode:
                    raise ValueError(
                        f"Lambda: the `{key}` of this Lambda layer is a Python lambda "
                        "saved as bytecode; loading it would run that code, which a "
                        "file from an untrusted source could abuse. If you trust the "
                        "source, pass `safe_mode=False` to `from_config()` (or to the "
                        "loading function)."
                    )
                config[key] = _load_lambda(value["config"], key)
            elif key == "function" or (
                isinstance(value, dict) and "class_name" in value
            ):
                config[key] = serialization_lib.deserialize_keras_object(
                    value, custom_objects=custom_objects
                )
        if "arguments" in config:
            config["arguments"] = serialization_lib.deserialize_keras_object(
                config["arguments"], custom_objects=custom_objects
            )
        return cls(**config)

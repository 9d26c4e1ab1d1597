"""FlaxLayer: a Flax Linen module used as a Keras layer (jax backend, needs flax).

Built on JaxLayer: the module's "params" collection becomes the trainable variables and
its other collections (e.g. "batch_stats") the non-trainable state, updated through
`module.apply(..., mutable=...)` in training.

flax and jax are imported inside the functions (keras/layering_test.py lists this file
as an allowed jax importer; flax is not an engine of a backend).
"""

from keras.layers.interop import jax_layer
from keras.saving import serialization_lib


def _flax():
    try:
        import flax
        import flax.linen  # noqa: F401 - FlaxLayer wraps Linen modules
    except ImportError as error:
        raise ImportError(
            "FlaxLayer requires the `flax` package, which is not installed in this "
            "environment: install flax (`pip install flax`) to wrap a Flax module."
        ) from error
    return flax


class FlaxLayer(jax_layer.JaxLayer):
    """Wraps a Flax Linen `module` as a Keras layer (jax backend only).

    The module's variables are created by `module.init` at build time (or taken from
    `variables`); the "params" collection is trainable, the other collections are
    non-trainable state that training calls may update.

    Args:
        module: a `flax.linen.Module` instance.
        method: the method of the module to call (a name or an unbound method); None
            calls `__call__`.
        variables: the module's variables (as returned by `module.init`), or None to
            initialize them at build time.
        **kwargs: other Layer arguments (`name`, `trainable`, `dtype`, `seed`...).
    """

    def __init__(self, module, method=None, variables=None, **kwargs):
        flax = _flax()
        if not isinstance(module, flax.linen.Module):
            raise TypeError(
                "FlaxLayer: `module` must be a flax.linen.Module instance; received "
                f"{module!r} of type {type(module).__name__}."
            )
        self_module = module
        if isinstance(method, str):
            method = getattr(type(module), method)

        def init_fn(rng, inputs, training):
            init_rngs = {"params": rng, "dropout": rng}
            collections = self_module.init(init_rngs, inputs, method=method)
            return _split(dict(collections))

        def call_fn(params, state, rng, inputs, training):
            collections = {"params": params, **state}
            rngs = {"dropout": rng}
            if training and state:
                outputs, updates = self_module.apply(
                    collections,
                    inputs,
                    method=method,
                    rngs=rngs,
                    mutable=list(state),
                )
                return outputs, {**state, **dict(updates)}
            outputs = self_module.apply(collections, inputs, method=method, rngs=rngs)
            return outputs, state

        params, state = (None, None)
        if variables is not None:
            params, state = _split(dict(variables))
        super().__init__(call_fn, init_fn=init_fn, params=params, state=state, **kwargs)
        self.module = module
        self.method = method

    def get_config(self):
        config = super().get_config()
        for key in ("call_fn", "init_fn", "native_serialization_platforms"):
            config.pop(key, None)
        method = self.method
        if method is not None and not isinstance(method, str):
            method = method.__name__
        config["module"] = serialization_lib.serialize_keras_object(self.module)
        config["method"] = method
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if isinstance(config.get("module"), dict):
            safe_mode = serialization_lib.in_safe_mode()
            config["module"] = serialization_lib.deserialize_keras_object(
                config["module"], safe_mode=True if safe_mode is None else safe_mode
            )
        return cls(**config)


def _split(collections):
    """(the "params" collection, the other collections)."""
    params = collections.pop("params", {})
    return params, collections

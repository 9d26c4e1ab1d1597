"""JaxLayer: a pure JAX function and its parameters as a Keras layer (jax backend).

The leaves of the `params` tree become trainable variables and those of the `state`
tree non-trainable ones; each call rebuilds both trees from the variables' current
values (inside `fit`, the traced values of the trainer's stateless step) and writes the
state the function returns back to the variables.

jax is imported inside the functions: this layer calls JAX functions by definition
(keras/layering_test.py lists this file as an allowed jax importer).
"""

import inspect

from keras.backends import active
from keras.backends.common import config as backend_config
from keras.backends.common import dtypes
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.layer import Layer
from keras.saving import serialization_lib

_CALL_ARGUMENTS = ("params", "state", "rng", "inputs", "training")
_INIT_ARGUMENTS = ("rng", "inputs", "training")


def _jax(layer_name):
    """The jax module, or a ValueError naming the active backend."""
    backend = backend_config.backend()
    if backend != "jax":
        raise ValueError(
            f"{layer_name} requires the jax backend (KERAS_BACKEND=jax); the active "
            f"backend is '{backend}'."
        )
    import jax

    return jax


def _argument_names(function, argument, allowed, required):
    """The parameter names of `function` (the constructor argument `argument`), each
    one of `allowed`, with every name of `required` present."""
    if not callable(function):
        raise TypeError(
            f"`{argument}` must be a callable; received {function!r} of type "
            f"{type(function).__name__}."
        )
    names = list(inspect.signature(function).parameters)
    for name in names:
        if name not in allowed:
            raise ValueError(
                f"Unsupported argument in `{argument}`: `{name}`. Expected argument "
                f"names among {list(allowed)}; received {names}."
            )
    for name in required:
        if name not in names:
            raise ValueError(
                f"Missing required argument in `{argument}`: `{name}`. Expected "
                f"argument names among {list(allowed)}; received {names}."
            )
    return names


class JaxLayer(Layer):
    """Wraps a JAX function `call_fn` (and its parameters) as a Keras layer.

    Only available with the jax backend. `call_fn` is called with the arguments it
    names, among `params`, `state`, `rng`, `inputs` (required) and `training`. When it
    takes `state`, it returns `(outputs, new_state)`. Parameters come from `params` and
    `state` or, when both are None, from `init_fn(rng, inputs[, training])` run at
    build time on zeros shaped like the inputs (returning `params`, or `(params, state)`
    when `call_fn` takes `state`). The leaves of `params` are trainable variables, those
    of `state` non-trainable ones.

    Args:
        call_fn: the function computing the outputs.
        init_fn: the function creating `params` (and `state`) at build time.
        params: a tree of arrays: the trainable parameters.
        state: a tree of arrays: the non-trainable state.
        seed: the seed of the random keys given to `init_fn` and `call_fn` as `rng`.
        native_serialization_platforms: accepted for Keras 3 compatibility (it only
            concerns exporting with the tensorflow backend); kept in the config.
        **kwargs: other Layer arguments (`name`, `trainable`, `dtype`...).

    >>> def call_fn(params, inputs):
    ...     return inputs @ params["w"]
    >>> layer = keras.layers.JaxLayer(call_fn, params={"w": np.ones((3, 2))})
    >>> layer(np.ones((4, 3))).shape
    (4, 2)
    """

    def __init__(
        self,
        call_fn,
        init_fn=None,
        params=None,
        state=None,
        seed=None,
        native_serialization_platforms=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        _jax(type(self).__name__)
        self.call_fn = call_fn
        self.init_fn = init_fn
        self.native_serialization_platforms = native_serialization_platforms
        self._call_names = _argument_names(
            call_fn, "call_fn", _CALL_ARGUMENTS, ("inputs",)
        )
        self._init_names = None
        if init_fn is not None:
            self._init_names = _argument_names(
                init_fn, "init_fn", _INIT_ARGUMENTS, ("inputs",)
            )
        takes_parameters = "params" in self._call_names or "state" in self._call_names
        if takes_parameters and init_fn is None and params is None and state is None:
            raise ValueError(
                "`init_fn`, `params` and `state` cannot all be None when `call_fn` "
                f"takes a `params` or a `state` argument; `call_fn` takes "
                f"{self._call_names}."
            )
        self._given_params = params
        self._given_state = state
        self.seed_generator = None
        self._seed = seed
        if "rng" in self._call_names:
            from keras.random.seed_generator import SeedGenerator

            self.seed_generator = SeedGenerator(seed)
        self._params_def = None
        self._state_def = None
        self._param_variables = []
        self._state_variables = []
        self.params = None
        self.state = None

    def build(self, input_shape=None):
        jax = _jax(type(self).__name__)
        params, state = self._given_params, self._given_state
        if params is None and state is None and self.init_fn is not None:
            import numpy as np

            inputs = _map_shapes(
                lambda s: np.zeros(_concrete(s, 1), dtype=self.compute_dtype),
                input_shape,
            )
            given = {
                "rng": self._init_key(),
                "inputs": inputs,
                "training": False,
            }
            result = self.init_fn(*[given[name] for name in self._init_names])
            if "state" in self._call_names:
                if not (isinstance(result, (tuple, list)) and len(result) == 2):
                    raise ValueError(
                        "`init_fn` must return `(params, state)` when `call_fn` takes "
                        f"a `state` argument; received {type(result).__name__}."
                    )
                params, state = result
            else:
                params = result
        tree_util = jax.tree_util
        self._param_variables, self._params_def = self._make_variables(
            params, trainable=True
        )
        self._state_variables, self._state_def = self._make_variables(
            state, trainable=False
        )
        if self._params_def is not None:
            self.params = tree_util.tree_unflatten(
                self._params_def, self._param_variables
            )
        if self._state_def is not None:
            self.state = tree_util.tree_unflatten(
                self._state_def, self._state_variables
            )
        # The given arrays now live in the variables.
        self._given_params = None
        self._given_state = None

    def _make_variables(self, values, trainable):
        if values is None:
            return [], None
        import jax
        import jax.numpy as jnp

        leaves, treedef = jax.tree_util.tree_flatten(values)
        variables = []
        for leaf in leaves:
            leaf = jnp.asarray(leaf)
            variable = active.Variable(
                leaf, dtype=dtypes.standardize_dtype(leaf.dtype), trainable=trainable
            )
            self._track_variable(variable)
            variables.append(variable)
        return variables, treedef

    def _init_key(self):
        import jax

        seed = self._seed
        if seed is None:
            import random

            seed = random.randint(0, 2**31 - 1)
        return jax.random.PRNGKey(seed)

    def _call_key(self):
        import jax.numpy as jnp

        return jnp.asarray(self.seed_generator.next(), dtype=jnp.uint32)

    def _run(self, inputs, training, rng):
        """(outputs, new state leaves or None) of `call_fn` on the current values."""
        import jax

        tree_util = jax.tree_util
        given = {"inputs": inputs, "training": training, "rng": rng}
        if "params" in self._call_names:
            given["params"] = (
                None
                if self._params_def is None
                else tree_util.tree_unflatten(
                    self._params_def, [v.value for v in self._param_variables]
                )
            )
        if "state" in self._call_names:
            given["state"] = (
                None
                if self._state_def is None
                else tree_util.tree_unflatten(
                    self._state_def, [v.value for v in self._state_variables]
                )
            )
        result = self.call_fn(*[given[name] for name in self._call_names])
        if "state" not in self._call_names:
            return result, None
        if not (isinstance(result, (tuple, list)) and len(result) == 2):
            raise ValueError(
                "`call_fn` must return `(outputs, new_state)` when it takes a `state` "
                f"argument; received {type(result).__name__}."
            )
        outputs, new_state = result
        leaves = tree_util.tree_leaves(new_state)
        if len(leaves) != len(self._state_variables):
            raise ValueError(
                f"`call_fn` returned a state with {len(leaves)} leaves; expected "
                f"{len(self._state_variables)}, as in the initial state."
            )
        return outputs, leaves

    def call(self, inputs, training=False):
        rng = self._call_key() if "rng" in self._call_names else None
        outputs, new_state = self._run(inputs, bool(training), rng)
        if new_state is not None:
            for variable, value in zip(self._state_variables, new_state):
                variable.assign(value)
        return outputs

    def compute_output_spec(self, inputs, training=False):
        jax = _jax(type(self).__name__)
        import jax.numpy as jnp

        rng = jax.random.PRNGKey(0) if "rng" in self._call_names else None

        def shapes(size):
            structs = _map_tensors(
                lambda t: jax.ShapeDtypeStruct(_concrete(t.shape, size), t.dtype),
                inputs,
            )
            return jax.eval_shape(
                lambda x: self._run(x, bool(training), rng)[0], structs
            )

        # Dims that follow the unknown input dims (probed as 1, then 2) are unknown.
        first, second = shapes(1), shapes(2)
        return jax.tree_util.tree_map(
            lambda a, b: KerasTensor(
                tuple(d1 if d1 == d2 else None for d1, d2 in zip(a.shape, b.shape)),
                dtype=dtypes.standardize_dtype(jnp.dtype(a.dtype).name),
            ),
            first,
            second,
        )

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "call_fn": serialization_lib.serialize_keras_object(self.call_fn),
                "init_fn": serialization_lib.serialize_keras_object(self.init_fn),
                "native_serialization_platforms": self.native_serialization_platforms,
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        safe_mode = serialization_lib.in_safe_mode()
        for key in ("call_fn", "init_fn"):
            if isinstance(config.get(key), dict):
                config[key] = serialization_lib.deserialize_keras_object(
                    config[key], safe_mode=True if safe_mode is None else safe_mode
                )
        return cls(**config)


def _map_shapes(function, shapes):
    if shapes is None or _is_shape(shapes):
        return function(shapes)
    if isinstance(shapes, dict):
        return {k: _map_shapes(function, v) for k, v in shapes.items()}
    return type(shapes)(_map_shapes(function, s) for s in shapes)


def _map_tensors(function, value):
    if isinstance(value, KerasTensor):
        return function(value)
    if isinstance(value, dict):
        return {k: _map_tensors(function, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_map_tensors(function, v) for v in value)
    return value


def _is_shape(value):
    return isinstance(value, (list, tuple)) and all(
        d is None or isinstance(d, int) for d in value
    )


def _concrete(shape, size):
    return tuple(size if d is None else int(d) for d in shape)

"""TorchModuleWrapper: a `torch.nn.Module` used as a Keras layer (torch backend only).

The module's parameters become the layer's Keras variables: each variable holds the very
`torch.nn.Parameter` the module computes with, so `fit` (which differentiates and
updates the variables) trains the module, and saving writes the module's `state_dict`
under its own keys (`layers/<name>/vars/<state_dict key>`), as Keras 3 does.

torch is imported inside the functions: this is the one layer that is a torch object by
definition (keras/layering_test.py lists this file as an allowed torch importer).
"""

import base64
import io

from keras.backends import active
from keras.backends.common import config as backend_config
from keras.backends.common import dtypes
from keras.backends.common import stateless_scope
from keras.backends.common import tree
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.layer import Layer
from keras.saving import serialization_lib


def _torch():
    """The torch module, or a ValueError naming the active backend."""
    backend = backend_config.backend()
    if backend != "torch":
        raise ValueError(
            "TorchModuleWrapper requires the torch backend (KERAS_BACKEND=torch); the "
            f"active backend is '{backend}'."
        )
    import torch

    return torch


class TorchModuleWrapper(Layer):
    """Wraps a `torch.nn.Module` so it can be used as a Keras layer.

    Only available with the torch backend. The module's parameters are tracked as the
    layer's variables (trainable when the parameter requires gradients), so compiling
    and fitting a model trains them, and `.keras` / `.weights.h5` files save and restore
    them. Lazy modules (`torch.nn.LazyLinear`...) are materialized on the first call.

    Args:
        module: the `torch.nn.Module` instance to wrap.
        name: the layer name.
        output_shape: the output shape (with `None` for the batch dimension), used for
            symbolic calls (functional models); when None it is found by running the
            module on zeros of the input shape.
        **kwargs: other Layer arguments (`trainable`, `dtype`...).

    >>> layer = keras.layers.TorchModuleWrapper(torch.nn.Linear(3, 2))
    >>> layer(torch.ones(4, 3)).shape
    torch.Size([4, 2])
    """

    def __init__(self, module, name=None, output_shape=None, **kwargs):
        super().__init__(name=name, **kwargs)
        torch = _torch()
        if not isinstance(module, torch.nn.Module):
            raise TypeError(
                "TorchModuleWrapper: `module` must be a torch.nn.Module instance; "
                f"received {module!r} of type {type(module).__name__}."
            )
        if output_shape is not None:
            output_shape = _standardize_output_shape(output_shape)
        device = active.convert_to_tensor(0.0).device
        if not _is_lazy(module):
            module = module.to(device)
        self.module = module
        self.output_shape = output_shape
        self._param_variables = {}
        if not _is_lazy(module):
            self._track_module_parameters()
            self.built = True

    def _track_module_parameters(self):
        """Makes each parameter of the module a Keras variable that shares its storage:
        the module's Parameter is replaced by the variable's, so both see one tensor."""
        torch = _torch()
        for key, param in list(self.module.named_parameters()):
            variable = active.Variable(
                param.detach(),
                dtype=dtypes.standardize_dtype(str(param.dtype).split(".")[-1]),
                trainable=param.requires_grad,
            )
            shared = variable.value
            if not isinstance(shared, torch.nn.Parameter):
                raise TypeError(
                    f"TorchModuleWrapper: the torch backend's variable holds "
                    f"{type(shared).__name__}, not a torch.nn.Parameter."
                )
            owner, leaf = _owner_of(self.module, key)
            owner._parameters[leaf] = shared
            self._param_variables[key] = variable
            self._track_variable(variable)

    def build(self, input_shape=None):
        if self._param_variables or not _is_lazy(self.module):
            return
        # A lazy module learns its parameter shapes from its first input.
        torch = _torch()
        device = active.convert_to_tensor(0.0).device
        zeros = _map_shapes(
            lambda s: torch.zeros(_concrete(s, 1), device=device), input_shape
        )
        with torch.no_grad():
            _run(self.module, zeros)
        self.module = self.module.to(device)
        self._track_module_parameters()

    def call(self, *args, training=None, **kwargs):
        torch = _torch()
        if training is not None and training != self.module.training:
            self.module.train(bool(training))
        scope = stateless_scope.current()
        if scope is not None:
            mapped = {
                key: scope.get_current_value(v)
                for key, v in self._param_variables.items()
                if scope.get_current_value(v) is not None
            }
            if mapped:
                # A stateless call: run the module with the values of the scope.
                return torch.func.functional_call(self.module, mapped, args, kwargs)
        return self.module(*args, **kwargs)

    def compute_output_spec(self, *args, **kwargs):
        if self.output_shape is not None:
            return _map_shapes(
                lambda s: KerasTensor(s, dtype=self.compute_dtype), self.output_shape
            )
        return self._probe_output_spec(args, kwargs)

    def compute_output_shape(self, input_shape):
        if self.output_shape is not None:
            return self.output_shape
        dtype = self.compute_dtype
        symbolic = _map_shapes(lambda s: KerasTensor(s, dtype=dtype), input_shape)
        spec = self._probe_output_spec((symbolic,), {})
        return tree.map_structure(lambda t: tuple(t.shape), spec)

    def _probe_output_spec(self, args, kwargs):
        """Runs the module on zeros with unknown dims set to 1, then to 2: output dims
        that change with them are unknown (None) in the result."""
        torch = _torch()
        device = active.convert_to_tensor(0.0).device
        kwargs = {k: v for k, v in kwargs.items() if k != "training"}

        def concrete(size):
            def make(x):
                if isinstance(x, KerasTensor):
                    dtype = getattr(torch, dtypes.standardize_dtype(x.dtype))
                    shape = _concrete(x.shape, size)
                    return torch.zeros(shape, dtype=dtype, device=device)
                return x

            return tree.map_structure(make, (args, kwargs))

        was_training = self.module.training
        # Eval mode: a probe must not move BatchNorm statistics.
        self.module.train(False)
        try:
            with torch.no_grad():
                outputs = []
                for size in (1, 2):
                    a, k = concrete(size)
                    outputs.append(self.module(*a, **k))
        finally:
            self.module.train(was_training)

        def spec(first, second):
            shape = tuple(
                d1 if d1 == d2 else None for d1, d2 in zip(first.shape, second.shape)
            )
            dtype = dtypes.standardize_dtype(str(first.dtype).split(".")[-1])
            return KerasTensor(shape, dtype=dtype)

        return tree.map_structure(spec, outputs[0], outputs[1])

    def save_own_variables(self, store):
        """Writes the module's `state_dict` (parameters and buffers) by key."""
        for key, value in self.module.state_dict().items():
            store[key] = value.detach().cpu().numpy()

    def load_own_variables(self, store):
        """Reads the `state_dict` keys `save_own_variables` wrote."""
        torch = _torch()
        state = self.module.state_dict()
        missing = [key for key in state if key not in store]
        if missing:
            raise ValueError(
                f"TorchModuleWrapper '{self.name}': the weights file has no values for "
                f"the module's state_dict keys {missing}; it holds {sorted(store)}."
            )
        for key, current in state.items():
            value = store[key]
            variable = self._param_variables.get(key)
            if variable is not None:
                variable.assign(value)
            else:
                # A buffer (e.g. BatchNorm running statistics): not a Keras variable.
                with torch.no_grad():
                    current.copy_(torch.as_tensor(value, dtype=current.dtype))

    def get_config(self):
        """The layer config; `module` is the `torch.save`d module, base64-encoded."""
        torch = _torch()
        buffer = io.BytesIO()
        torch.save(self.module, buffer)
        config = super().get_config()
        config.update(
            {
                "module": base64.b64encode(buffer.getvalue()).decode("ascii"),
                "output_shape": self.output_shape,
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        module = config.get("module")
        if isinstance(module, str):
            safe_mode = serialization_lib.in_safe_mode()
            if safe_mode is None or safe_mode:
                raise ValueError(
                    "Requested the deserialization of a torch.nn.Module (config key "
                    "`module`) with torch.load(), which can run arbitrary code; "
                    "refused in safe mode. If you trust the file, load it with "
                    "safe_mode=False."
                )
            torch = _torch()
            config["module"] = torch.load(
                io.BytesIO(base64.b64decode(module)), weights_only=False
            )
        return cls(**config)


def _is_lazy(module):
    from torch.nn.modules.lazy import LazyModuleMixin

    return any(isinstance(m, LazyModuleMixin) for m in module.modules()) and any(
        _uninitialized(p) for p in module.parameters()
    )


def _uninitialized(param):
    from torch.nn.parameter import UninitializedParameter

    return isinstance(param, UninitializedParameter)


def _owner_of(module, key):
    """(the submodule holding parameter `key`, the parameter's own name)."""
    *path, leaf = key.split(".")
    owner = module
    for part in path:
        owner = owner.get_submodule(part)
    return owner, leaf


def _run(module, inputs):
    if isinstance(inputs, (list, tuple)) and not _is_shape(inputs):
        return module(*inputs)
    return module(inputs)


def _map_shapes(function, shapes):
    """`function` applied to each shape of a shape, or a list/tuple/dict of shapes."""
    if shapes is None or _is_shape(shapes):
        return function(shapes)
    if isinstance(shapes, dict):
        return {k: _map_shapes(function, v) for k, v in shapes.items()}
    return type(shapes)(_map_shapes(function, s) for s in shapes)


def _is_shape(value):
    return isinstance(value, (list, tuple)) and all(
        d is None or isinstance(d, int) for d in value
    )


def _concrete(shape, size):
    return tuple(size if d is None else int(d) for d in shape)


def _standardize_output_shape(output_shape):
    if _is_shape(output_shape):
        return tuple(output_shape)
    if isinstance(output_shape, (list, tuple)) and all(
        _is_shape(s) for s in output_shape
    ):
        return [tuple(s) for s in output_shape]
    raise ValueError(
        "TorchModuleWrapper: `output_shape` must be a shape (a tuple of ints or None) "
        f"or a list of shapes; received {output_shape!r}."
    )

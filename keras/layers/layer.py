"""Layer: the building block of models. State (variables) plus a computation (`call`).

Lifecycle: `__init__` stores the configuration; `build(input_shape)` creates the weights,
run automatically on the first call from the shapes of the inputs; `call(inputs, ...)`
computes. Called on KerasTensors, a layer infers its outputs (running `call` on the
symbolic tensors, or `compute_output_shape` when the layer defines it) and records the
call for functional models.

Tracking: layers, variables and seed generators assigned as attributes (directly, or
inside lists, tuples and dicts) are found by walking the attributes in the order they were
first set, so `weights` come in the same order as in Keras: the layer's own trainable
variables, its own non-trainable ones, then each sub-layer's, depth first.
"""

import collections.abc
import functools
import inspect
import threading

import numpy as np

from keras.backends import active
from keras.backends.common import dtypes
from keras.backends.common import name_scope
from keras.backends.common import remat_scope
from keras.backends.common import stateless_scope
from keras.backends.common import tree
from keras.backends.common import variables as variables_lib
from keras.backends.common.keras_tensor import KerasTensor
from keras.dtype_policies import dtype_policy as policies
from keras.layers import input_spec as input_spec_lib
from keras.layers import layer_tracking
from keras.ops import operation as operation_lib
from keras.ops import operators as _operators  # noqa: F401 - x * y on KerasTensors in call()
from keras.ops.node import Node
from keras.saving import serialization_lib

_context = threading.local()
# The types of the sizes of a concrete shape (None: unknown, in a KerasTensor's shape).
_PLAIN_SIZES = frozenset((int, type(None)))
_KNOWN_KWARGS = ("input_shape", "input_dim", "batch_input_shape", "batch_size")


def _call_context():
    return getattr(_context, "call", None)


class _CallContext:
    def __init__(self, entry_layer, training):
        self.entry_layer = entry_layer
        self.training = training


def _all_tensors(value):
    """Whether `value` is a tensor or a non-empty structure of tensors only."""
    leaves = tree.flatten(value)
    return bool(leaves) and all(active.is_tensor(leaf) for leaf in leaves)


def _shape_of(x):
    shape = getattr(x, "shape", None)
    if shape is None:
        return None
    return tuple(None if d is None else int(d) for d in shape)


def _is_float(dtype):
    return dtype is not None and dtypes.is_float_dtype(dtype)


def _plain_flags(kwargs):
    """Whether every keyword argument is None or a bool (e.g. `training=True`): then
    only the positional input can be symbolic."""
    for value in kwargs.values():
        if value is not None and value is not True and value is not False:
            return False
    return True


class _Signature:
    """What Layer.__call__ needs to know about a class's `call` and `build` (cached)."""

    def __init__(self, cls):
        params = inspect.signature(cls.call).parameters
        self.call_params = [p for p in params if p != "self"]
        self.has_training = "training" in params
        self.has_mask = "mask" in params
        # The names `call` takes positionally, in order.
        self.positional = [
            p.name
            for p in params.values()
            if p.name != "self"
            and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        # (name, position, mask name, mask position) of each argument `<name>` that
        # `call` pairs with a `<name>_mask` argument (e.g. MultiHeadAttention's
        # value); a position is None for a keyword-only argument.
        self.arg_masks = [
            (
                name,
                _index(self.positional, name),
                f"{name}_mask",
                _index(self.positional, f"{name}_mask"),
            )
            for name in self.call_params
            if f"{name}_mask" in params
        ]
        self.var_kwargs = any(p.kind == p.VAR_KEYWORD for p in params.values())
        default = params["training"].default if self.has_training else None
        self.training_default = None if default is inspect.Parameter.empty else default
        build_params = [
            p
            for name, p in inspect.signature(cls.build).parameters.items()
            if name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
        self.build_names = [p.name for p in build_params]
        self.defines_mask = _overrides(cls, "compute_mask")


class Layer(
    layer_tracking.TrackedState, active.layer.BackendLayer, operation_lib.Operation
):
    """Base class of all layers.

    Args:
        activity_regularizer: a regularizer applied to the layer's outputs; its value is
            added to `layer.losses` on each call.
        trainable: whether the layer's variables are updated by training.
        dtype: the dtype policy: a `keras.DTypePolicy`, a name such as "float32" or
            "mixed_float16", or None for the global policy.
        autocast: whether float inputs and variables are cast to the compute dtype
            during `call` under a mixed policy.
        name: the layer name; defaults to a unique snake_case name of the class.
        input_shape, input_dim: for the first layer of a Sequential model: the shape of
            one sample (Sequential then starts with an Input of that shape).
    """

    _signatures = {}

    def __new__(cls, *args, **kwargs):
        instance = super().__new__(cls)
        try:
            bound = inspect.signature(cls.__init__).bind(None, *args, **kwargs)
            config = {}
            for name, value in list(bound.arguments.items())[1:]:
                kind = inspect.signature(cls.__init__).parameters[name].kind
                if kind == inspect.Parameter.VAR_KEYWORD:
                    config.update(value)
                elif kind != inspect.Parameter.VAR_POSITIONAL:
                    config[name] = value
            auto = config if serialization_lib.is_plain(config) else None
        except TypeError:
            auto = None
        object.__setattr__(instance, "_auto_config", auto)
        return instance

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "build" in cls.__dict__:
            cls.build = _wrap_build(cls.__dict__["build"])

    def __init__(
        self,
        *,
        activity_regularizer=None,
        trainable=True,
        dtype=None,
        autocast=True,
        name=None,
        **kwargs,
    ):
        self._backend_init()
        unknown = set(kwargs) - set(_KNOWN_KWARGS)
        if unknown:
            raise TypeError(
                f"Unrecognized keyword arguments passed to {type(self).__name__}: "
                f"{sorted(unknown)}."
            )
        d = self.__dict__
        d["_tracking"] = False
        d["_attr_order"] = {}
        operation_lib.Operation.__init__(self, name=name)
        self._trainable = bool(trainable)
        self._dtype_policy = policies.get(dtype)
        self.autocast = bool(autocast)
        self.built = False
        self._trainable_vars = []
        self._non_trainable_vars = []
        self._losses = []
        self._input_spec = None
        self._supports_masking = False
        self._build_shapes = None
        self._in_build = False
        self._activity_regularizer = None
        input_shape = kwargs.get("input_shape")
        if input_shape is None and kwargs.get("input_dim") is not None:
            input_shape = (kwargs["input_dim"],)
        if input_shape is None and kwargs.get("batch_input_shape") is not None:
            input_shape = tuple(kwargs["batch_input_shape"])[1:]
        self._input_shape_arg = tuple(input_shape) if input_shape is not None else None
        remat = remat_scope.current()
        if remat is not None and remat.mode is not None:
            # The RematScope open when the layer is made selects it (keras.RematScope).
            d["_remat_scope"] = remat
        d["_tracking"] = True
        if activity_regularizer is not None:
            from keras import regularizers

            self._activity_regularizer = regularizers.get(activity_regularizer)

    def add_weight(
        self,
        shape=None,
        initializer=None,
        dtype=None,
        trainable=True,
        autocast=True,
        regularizer=None,
        constraint=None,
        aggregation="none",
        overwrite_with_gradient=False,
        name=None,
    ):
        """Creates a variable of this layer (tracked in `weights`) and returns it.

        `initializer` defaults to "glorot_uniform" for float dtypes and "zeros" otherwise;
        `dtype` defaults to the layer's variable dtype.
        """
        from keras import initializers

        shape = () if shape is None else shape
        dtype = dtypes.standardize_dtype(dtype or self.variable_dtype)
        if initializer is None:
            initializer = "glorot_uniform" if _is_float(dtype) else "zeros"
        initializer = initializers.get(initializer)
        scope = name_scope.name_scope(self.name, caller=self)
        scope.__enter__()
        try:
            variable = active.Variable(
                initializer,
                shape=shape,
                dtype=dtype,
                trainable=trainable,
                autocast=autocast,
                aggregation=aggregation,
                name=name,
            )
        finally:
            scope.__exit__(None, None, None)
        if regularizer is not None:
            from keras import regularizers

            regularizer = regularizers.get(regularizer)
        if constraint is not None:
            from keras import constraints

            constraint = constraints.get(constraint)
        variable.regularizer = regularizer
        variable.constraint = constraint
        variable.overwrite_with_gradient = bool(overwrite_with_gradient)
        self._track_variable(variable)
        return variable

    def add_variable(
        self,
        shape,
        initializer,
        dtype=None,
        trainable=True,
        autocast=True,
        regularizer=None,
        constraint=None,
        name=None,
    ):
        """Same as `add_weight` (the Keras 3 spelling with required arguments)."""
        return self.add_weight(
            shape=shape,
            initializer=initializer,
            dtype=dtype,
            trainable=trainable,
            autocast=autocast,
            regularizer=regularizer,
            constraint=constraint,
            name=name,
        )

    # Dtypes.
    @property
    def path(self):
        """The layer's name-scope path ("model/block/dense"), fixed when it is first
        built; None before."""
        return self.__dict__.get("_path")

    @property
    def dtype_policy(self):
        return self._dtype_policy

    @dtype_policy.setter
    def dtype_policy(self, value):
        self._dtype_policy = policies.get(value)

    def _resolved_dtype_policy(self):
        """The policy the layer computes with: its own, or, for a DTypePolicyMap, the
        map's entry for the layer's path (its default before the layer is built and
        has a path), as in Keras 3."""
        policy = self.__dict__.get("_dtype_policy")
        if isinstance(policy, collections.abc.Mapping):
            path = self.__dict__.get("_path")
            return policy[path] if path is not None else policy.default_policy
        return policy

    @property
    def dtype(self):
        """The dtype of the layer's variables."""
        return self._resolved_dtype_policy().variable_dtype

    @property
    def variable_dtype(self):
        return self._resolved_dtype_policy().variable_dtype

    @property
    def compute_dtype(self):
        return self._resolved_dtype_policy().compute_dtype

    # Quantization (the layers that support it override `quantize`).
    @property
    def quantization_mode(self):
        """The quantization mode of the layer's dtype policy ("int8", "int4"...), or
        None for a float layer."""
        return getattr(self._resolved_dtype_policy(), "quantization_mode", None)

    def quantize(self, mode=None, type_check=True, config=None):
        """Quantizes the layer's weights in place ("int8", "int4"...).

        Layers that support it (Dense, EinsumDense, Embedding, ReversibleEmbedding)
        override this. With `type_check` (the default) they refuse a subclass that
        does not override `quantize` itself (NotImplementedError), as its `call` may
        differ; `type_check=False` quantizes it as its parent class. On any other
        layer this checks the arguments and raises NotImplementedError, whatever
        `type_check` says.
        """
        from keras.layers import quantization

        mode = quantization.resolve_mode(mode, config)
        if not self.built:
            quantization.check_layer(self, mode)
        raise quantization.not_implemented(self)

    def _untrack_variable(self, variable):
        """Forgets `variable` (e.g. a float kernel replaced by its quantized form)."""
        for listed in (self._trainable_vars, self._non_trainable_vars):
            for index, known in enumerate(listed):
                if known is variable:
                    del listed[index]
                    break
        for name, value in list(self.__dict__.items()):
            if value is variable:
                del self.__dict__[name]
                self.__dict__["_attr_order"].pop(name, None)
        layer_tracking._generation[0] += 1  # the cached walks are stale

    # Masks, input specs, regularization.
    @property
    def supports_masking(self):
        """Whether the layer passes masks on (see `compute_mask`)."""
        return self._supports_masking

    @supports_masking.setter
    def supports_masking(self, value):
        self._supports_masking = bool(value)

    def compute_mask(self, inputs, previous_mask):
        """The mask of the outputs; by default the input mask, if masking is supported."""
        if not self._supports_masking:
            return None
        return previous_mask

    @property
    def input_spec(self):
        return self._input_spec

    @input_spec.setter
    def input_spec(self, value):
        for spec in tree.flatten(value):
            if spec is not None and not isinstance(spec, input_spec_lib.InputSpec):
                raise TypeError(
                    f"Layer '{self.name}': `input_spec` must hold InputSpec objects; got "
                    f"{spec!r}."
                )
        self._input_spec = value

    @property
    def activity_regularizer(self):
        return self._activity_regularizer

    @activity_regularizer.setter
    def activity_regularizer(self, value):
        from keras import regularizers

        self._activity_regularizer = regularizers.get(value)

    def add_loss(self, loss):
        """Adds a scalar loss (e.g. a regularization term) computed during `call`."""
        scope = stateless_scope.current()
        if scope is not None and scope.collect_losses:
            scope.add_loss(loss)
            return
        if isinstance(loss, KerasTensor):
            return
        self._losses.append(loss)

    def _weight_regularization_losses(self):
        losses = []
        for variable in self._trainable_vars if self.trainable else []:
            regularizer = getattr(variable, "regularizer", None)
            if regularizer is not None:
                losses.append(regularizer(variable.value))
        return losses

    @property
    def losses(self):
        """Losses added in the last call (of this layer and sub-layers), plus the weight
        regularization losses."""
        found = []
        for layer in self._flatten_layers():
            if layer._losses:
                found.extend(layer._losses)
            if layer._trainable_vars:
                found.extend(layer._weight_regularization_losses())
        return found

    def _clear_losses(self):
        for layer in self._flatten_layers():
            layer._losses.clear()

    # Building.
    def build(self, input_shape=None):
        """Creates the layer's weights for inputs of `input_shape` (override it)."""
        self.built = True

    def get_build_config(self):
        """The shapes the layer was built with, to rebuild it when loading a model."""
        if self._build_shapes is None:
            return None
        if len(self._build_shapes) == 1:
            return {"input_shape": next(iter(self._build_shapes.values()))}
        return {"shapes_dict": dict(self._build_shapes)}

    def build_from_config(self, config):
        if not config:
            return
        if "input_shape" in config:
            self.build(config["input_shape"])
        elif "shapes_dict" in config:
            self.build(**config["shapes_dict"])
        self.built = True

    def _signature(self):
        cls = type(self)
        signature = Layer._signatures.get(cls)
        if signature is None:
            signature = Layer._signatures[cls] = _Signature(cls)
        return signature

    def _maybe_build(self, signature, args, kwargs):
        if self.built:
            return
        shapes = {}
        names = signature.build_names
        if len(names) >= 1 and all(n.endswith("_shape") for n in names) and len(names) > 1:
            for index, param in enumerate(signature.call_params):
                key = f"{param}_shape"
                if key not in names:
                    continue
                value = args[index] if index < len(args) else kwargs.get(param)
                if value is not None:
                    shapes[key] = tree.map_structure(_shape_of, value)
            self._build_shapes = shapes
            self.build(**shapes)
        else:
            first = args[0] if args else next(iter(kwargs.values()), None)
            shape = tree.map_structure(_shape_of, first) if first is not None else None
            self._build_shapes = {"input_shape": shape}
            self.build(shape)
        self.built = True

    # Calling.
    def call(self, *args, **kwargs):
        raise NotImplementedError(
            f"Layer {type(self).__name__} does not implement `call`."
        )

    def _convert_input(self, x):
        if isinstance(x, np.ndarray) and x.dtype.kind not in "OSU":
            dtype = self.compute_dtype if x.dtype.kind == "f" else None
            return active.convert_to_tensor(x, dtype=dtype)
        return x

    def _autocast_input(self, x):
        if not self.autocast:
            return x
        dtype = getattr(x, "dtype", None)
        if dtype is None or getattr(dtype, "kind", None) in ("O", "S", "U"):
            return x  # NumPy strings: nothing to cast
        dtype = dtypes.standardize_dtype(dtype)
        if _is_float(dtype) and dtype != self.compute_dtype and _is_float(self.compute_dtype):
            from keras import ops

            return ops.cast(x, self.compute_dtype)
        return x

    def __call__(self, *args, **kwargs):
        if "_tracking" not in self.__dict__:
            raise RuntimeError(
                f"Layer {type(self).__name__} was not initialized: call "
                "`super().__init__(**kwargs)` first thing in its `__init__`."
            )
        signature = self._signature()
        first = args[0] if args else None
        simple = first is not None and not isinstance(first, (list, tuple, dict))
        if simple:
            if isinstance(first, np.ndarray):
                first = self._convert_input(first)
                args = (first,) + args[1:]
        elif args:
            args = (tree.map_structure(self._convert_input, first),) + args[1:]
        if simple and len(args) == 1 and (not kwargs or _plain_flags(kwargs)):
            symbolic = isinstance(first, KerasTensor)
        else:
            symbolic = operation_lib.any_symbolic(args, kwargs)
        if self._input_spec is not None and args:
            self._check_input_spec(args[0], simple)

        # The call as given, recorded by the graph (kwargs gains training and mask below).
        given_kwargs = dict(kwargs) if symbolic else None
        outer = _call_context()
        training = kwargs.get("training")
        if training is None and outer is not None:
            training = outer.training
        if training is None:
            training = signature.training_default
        if signature.has_training or signature.var_kwargs and "training" in kwargs:
            kwargs["training"] = training
        elif "training" in kwargs:
            del kwargs["training"]

        previous_mask = None
        if simple:
            previous_mask = getattr(first, "_keras_mask", None)
        elif args:
            masks = [getattr(x, "_keras_mask", None) for x in tree.flatten(args[0])]
            if any(m is not None for m in masks):
                previous_mask = masks[0] if len(masks) == 1 else masks
        if signature.has_mask and kwargs.get("mask") is None and previous_mask is not None:
            kwargs["mask"] = previous_mask
        if signature.arg_masks:
            kwargs.update(argument_masks(signature, args, kwargs, _mask_attribute))

        if outer is None:
            _context.call = _CallContext(self, training)
            if not symbolic:
                self._clear_losses()
        # The layer's name scope, as in Keras 3: variables its sub-layers create on
        # their first call get paths under it ("model/block/dense/kernel").
        scoped = name_scope.enter(self.name, self)
        try:
            if not self.built:
                self._maybe_build(signature, args, kwargs)
            if symbolic:
                outputs = self._symbolic(args, kwargs, given_kwargs)
            else:
                outputs = self._eager(args, kwargs)
        finally:
            if scoped:
                name_scope.leave()
            if outer is None:
                _context.call = None

        if self._supports_masking or signature.defines_mask:
            first = args[0] if args else None
            mask = self.compute_mask(first, kwargs.get("mask", previous_mask))
            if mask is not None:
                _attach_masks(outputs, mask)
        if self._activity_regularizer is not None and not symbolic:
            for output in tree.flatten(outputs):
                if active.is_tensor(output):
                    self.add_loss(self._activity_regularizer(output))
        return outputs

    def _check_input_spec(self, inputs, simple):
        """Checks `inputs` against the input spec; a single tensor of the shape and
        dtype that last passed the same spec passes without checking again."""
        spec = self._input_spec
        shape = getattr(inputs, "shape", None) if simple else None
        if shape is not None and not _PLAIN_SIZES.issuperset(map(type, shape)):
            # Symbolic sizes (an engine tracing with a dynamic batch, as for export):
            # comparing them with a remembered shape would pin them to its sizes.
            shape = None
        if shape is not None:
            dtype = getattr(inputs, "dtype", None)
            passed = self.__dict__.get("_spec_passed")
            if (
                passed is not None
                and passed[0] is spec
                and passed[2] is dtype
                and passed[1] == shape
            ):
                return
        input_spec_lib.assert_input_compatibility(spec, inputs, self.name)
        if shape is not None:
            self.__dict__["_spec_passed"] = (spec, shape, dtype)

    def _cast_plan(self):
        """`(cast_to, mixed)` for the current policy and `autocast`: the float dtype
        inputs are cast to (None: no casting), and whether variables are read in
        another dtype than their own. Remembered while the policy object (immutable)
        and `autocast` stay the same."""
        d = self.__dict__
        policy, autocast = self._resolved_dtype_policy(), d.get("autocast")
        plan = d.get("_cast_plan_cache")
        if plan is not None and plan[0] is policy and plan[1] is autocast:
            return plan[2], plan[3]
        compute = self.compute_dtype
        cast_to = compute if self.autocast and _is_float(compute) else None
        mixed = bool(self.autocast and compute != self.variable_dtype)
        if type(self).compute_dtype is Layer.compute_dtype and (
            type(self).variable_dtype is Layer.variable_dtype
        ):
            d["_cast_plan_cache"] = (policy, autocast, cast_to, mixed)
        return cast_to, mixed

    def _cast_args(self, args, kwargs, cast_to=False):
        if cast_to is False:
            cast_to = self._cast_plan()[0]
        if cast_to is None:
            return args, kwargs
        if len(args) == 1 and not isinstance(args[0], (list, tuple, dict)):
            x = args[0]
            dtype = getattr(x, "dtype", None)
            if dtype is None or getattr(dtype, "kind", None) in ("O", "S", "U"):
                return args, kwargs  # nothing to cast (no dtype, or NumPy strings)
            if dtypes.standardize_dtype(dtype) == cast_to:
                return args, kwargs  # nothing to cast
            return (self._autocast_input(x),), kwargs
        args = tree.map_structure(self._autocast_input, args)
        return args, kwargs

    def _mixed(self):
        return self._cast_plan()[1]

    def _eager(self, args, kwargs):
        cast_to, mixed = self._cast_plan()
        args, kwargs = self._cast_args(args, kwargs, cast_to)
        if "_remat_scope" in self.__dict__:
            return self._remat_call(args, kwargs, mixed)
        if mixed:
            with variables_lib.AutocastScope(self.compute_dtype, active.cast):
                return self.call(*args, **kwargs)
        return self.call(*args, **kwargs)

    def _remat_call(self, args, kwargs, mixed):
        """The call under the layer's RematScope (see keras.RematScope)."""
        scope = self.__dict__["_remat_scope"]

        def call(*a, **k):
            if mixed:
                with variables_lib.AutocastScope(self.compute_dtype, active.cast):
                    return self.call(*a, **k)
            return self.call(*a, **k)

        if scope.mode == "activations":
            activation = self.__dict__.get("activation")
            if not callable(activation):
                return call(*args, **kwargs)
            self.__dict__["activation"] = remat_scope.remat(activation)
            try:
                return call(*args, **kwargs)
            finally:
                self.__dict__["activation"] = activation

        def output_shape():
            return self.compute_output_shape(tree.map_structure(_shape_of, args[0]))

        if not remat_scope.selects(scope, self, output_shape):
            return call(*args, **kwargs)
        # Only tensor arguments go through the engine's remat (it traces them); the
        # rest (training flags, None masks) are closed over.
        positions = [i for i, a in enumerate(args) if _all_tensors(a)]

        def inner(*values):
            full = list(args)
            for i, value in zip(positions, values):
                full[i] = value
            return call(*full, **kwargs)

        return remat_scope.remat(inner)(*(args[i] for i in positions))

    def _symbolic(self, args, kwargs, given_kwargs):
        with operation_lib.no_recording():
            outputs = self.compute_output_spec(*args, **kwargs)
        # Fresh tensors, so a layer returning its input (identity) still gets its own
        # outputs in the graph.
        outputs = tree.map_structure(_fresh, outputs)
        if operation_lib.is_recording():
            # The graph records the call as given; training and masks are resolved again
            # when the graph runs.
            Node(self, call_args=args, call_kwargs=given_kwargs, outputs=outputs)
        return outputs

    def compute_output_spec(self, *args, **kwargs):
        """KerasTensors for the outputs: from `compute_output_shape` when the layer
        defines it, else by running `call` on the symbolic inputs."""
        if _overrides(type(self), "compute_output_shape"):
            shapes = tree.map_structure(_shape_of, args[0]) if args else None
            output_shape = self.compute_output_shape(shapes)
            return _specs_from_shapes(output_shape, self.compute_dtype)
        args, kwargs = self._cast_args(args, kwargs)
        return self.call(*args, **kwargs)

    def compute_output_shape(self, *args, **kwargs):
        """The output shape(s) for inputs of the given shape(s) (None dims allowed)."""
        spec_args = [_shape_tree_to_tensors(a, self.compute_dtype) for a in args]
        if not self.built:
            self._maybe_build(self._signature(), spec_args, kwargs)
        with operation_lib.no_recording():
            outputs = self.compute_output_spec(*spec_args, **kwargs)
        return tree.map_structure(lambda t: tuple(t.shape), outputs)

    def stateless_call(
        self, trainable_variables, non_trainable_variables, *args, return_losses=False, **kwargs
    ):
        """Calls the layer as a pure function of the given variable values.

        Returns `(outputs, non_trainable_variables)` with the updated non-trainable values
        (e.g. BatchNorm statistics), plus the losses when `return_losses=True`. The layer's
        own variables are left unchanged.
        """
        outputs, _, updated, losses = self._stateless_forward(
            trainable_variables, non_trainable_variables, args, kwargs, return_losses
        )
        if return_losses:
            return outputs, updated, losses
        return outputs, updated

    def _stateless_forward(
        self, trainable_variables, non_trainable_variables, args, kwargs, return_losses
    ):
        """`stateless_call` that also returns the trainable values as the call left
        them: `(outputs, trainable, non_trainable, losses)`. A call may assign to a
        trainable variable (SpectralNormalization writes the normalized kernel back);
        a stateless train step continues from those values."""
        trainable = self.trainable_variables
        non_trainable = self.non_trainable_variables
        for given, own, kind in (
            (trainable_variables, trainable, "trainable"),
            (non_trainable_variables, non_trainable, "non-trainable"),
        ):
            if len(given) != len(own):
                raise ValueError(
                    f"Layer '{self.name}' has {len(own)} {kind} variables, but "
                    f"`stateless_call` received {len(given)} {kind} values."
                )
        mapping = list(zip(trainable, trainable_variables)) + list(
            zip(non_trainable, non_trainable_variables)
        )
        losses = None
        with stateless_scope.StatelessScope(mapping, collect_losses=return_losses) as scope:
            outputs = self(*args, **kwargs)
            trainable_after = [scope.get_current_value(v) for v in trainable]
            updated = [scope.get_current_value(v) for v in non_trainable]
            if return_losses:
                losses = list(scope.losses)
                for layer in self._flatten_layers():
                    losses.extend(layer._weight_regularization_losses())
        return outputs, trainable_after, updated, losses

    # Configuration.
    def get_config(self):
        """The constructor arguments as a JSON-friendly dict (`from_config` inverts it)."""
        config = {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": policies.serialize(self._dtype_policy),
        }
        if type(self).get_config is Layer.get_config and self._auto_config:
            extra = dict(self._auto_config)
            extra.pop("name", None)
            extra.pop("trainable", None)
            extra.pop("dtype", None)
            config.update(extra)
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        try:
            return cls(**config)
        except TypeError as error:
            raise TypeError(
                f"Error when deserializing class '{cls.__name__}' using config={config}.\n"
                f"Exception encountered: {error}"
            ) from error

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


def _overrides(cls, method):
    return getattr(cls, method) is not getattr(Layer, method)


def _wrap_build(build):
    if getattr(build, "_keras_wrapped", False):
        return build

    @functools.wraps(build)
    def wrapped(self, *args, **kwargs):
        outer = self.__dict__.get("_in_build", False)
        if outer:
            return build(self, *args, **kwargs)
        self._in_build = True
        try:
            if self._build_shapes is None:
                if args and not kwargs:
                    self._build_shapes = {"input_shape": args[0]}
                elif kwargs and not args:
                    self._build_shapes = dict(kwargs)
            with name_scope.name_scope(self.name, caller=self):
                if self.__dict__.get("_path") is None:
                    self._path = name_scope.current_path()
                result = build(self, *args, **kwargs)
        finally:
            self._in_build = False
        self.built = True
        return result

    wrapped._keras_wrapped = True
    return wrapped


Layer.build = _wrap_build(Layer.build)


def _fresh(x):
    if isinstance(x, KerasTensor):
        return KerasTensor(x.shape, dtype=x.dtype, sparse=x.sparse, ragged=x.ragged)
    return x


def _index(names, name):
    return names.index(name) if name in names else None


def _mask_attribute(x):
    return getattr(x, "_keras_mask", None)


def argument_masks(signature, args, kwargs, mask_of):
    """The `<arg>_mask` keyword arguments to add to a call of a layer with this
    signature: for each argument `<arg>` whose `<arg>_mask` is not given, the mask
    `mask_of` finds for its value (a structure of masks for a structure of tensors),
    when there is one."""
    found = {}
    for name, position, mask_name, mask_position in signature.arg_masks:
        if kwargs.get(mask_name) is not None:
            continue
        if mask_position is not None and mask_position < len(args):
            continue  # given positionally
        if name in kwargs:
            value = kwargs[name]
        elif position is not None and position < len(args):
            value = args[position]
        else:
            continue
        if value is None:
            continue
        if isinstance(value, (list, tuple, dict)):
            mask = tree.map_structure(mask_of, value)
            if all(m is None for m in tree.flatten(mask)):
                continue
        else:
            mask = mask_of(value)
            if mask is None:
                continue
        found[mask_name] = mask
    return found


def _attach_masks(outputs, mask):
    flat = tree.flatten(outputs)
    masks = mask if isinstance(mask, (list, tuple)) and len(mask) == len(flat) else [mask]
    for output, m in zip(flat, masks * (len(flat) if len(masks) == 1 else 1)):
        try:
            output._keras_mask = m
        except (AttributeError, TypeError):
            pass


def _is_shape(value):
    return isinstance(value, (tuple, list)) and all(
        d is None or (isinstance(d, (int, np.integer)) and not isinstance(d, bool))
        for d in value
    )


def _specs_from_shapes(shapes, dtype):
    if _is_shape(shapes):
        return KerasTensor(tuple(shapes), dtype=dtype)
    if isinstance(shapes, dict):
        return {k: _specs_from_shapes(v, dtype) for k, v in shapes.items()}
    return type(shapes)(_specs_from_shapes(s, dtype) for s in shapes)


def _shape_tree_to_tensors(shapes, dtype):
    if shapes is None:
        return None
    if _is_shape(shapes):
        return KerasTensor(tuple(shapes), dtype=dtype)
    if isinstance(shapes, dict):
        return {k: _shape_tree_to_tensors(v, dtype) for k, v in shapes.items()}
    return type(shapes)(_shape_tree_to_tensors(s, dtype) for s in shapes)

"""Functional: a model defined by a graph of layer calls on `keras.Input` tensors."""

import numpy as np

from keras.backends import active
from keras.backends.common import tree
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.input_spec import InputSpec
from keras.layers.layer import Layer
from keras.layers.layer import argument_masks
from keras.models.model import Model
from keras.ops import function


def _check_tensors(structure, argument):
    flat = tree.flatten(structure)
    if not flat:
        raise ValueError(f"Functional model: `{argument}` is empty.")
    for x in flat:
        if not isinstance(x, KerasTensor):
            raise ValueError(
                f"Functional model: every item of `{argument}` must be a KerasTensor "
                f"(from keras.Input or a layer called on one); got {type(x).__name__}: {x!r}."
            )
        if x._keras_history is None:
            raise ValueError(
                f"Functional model: the KerasTensor {x!r} in `{argument}` was not produced "
                "by keras.Input or a layer call."
            )
    return flat


class Functional(Model, function.Function):
    """A model whose layers are the graph between `inputs` and `outputs`.

    As in Keras 3, it is a `keras.Function` too (Layer's methods come first; the
    graph walk is shared).

    Args:
        inputs: a KerasTensor from `keras.Input`, or a list or dict of them.
        outputs: the KerasTensor(s) computed from them (a tensor, list or dict).
        name: the model name.
    """

    # What Keras 3 writes in a config: {"module": ..., "registered_name": ...}.
    _keras3_serialized_as = ("keras.src.models.functional", "Functional")

    def __init__(self, inputs, outputs, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        if isinstance(inputs, tuple):
            inputs = list(inputs)
        if isinstance(outputs, tuple):
            outputs = list(outputs)
        flat_inputs = _check_tensors(inputs, "inputs")
        flat_outputs = _check_tensors(outputs, "outputs")
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self.__dict__["_flat_inputs"] = flat_inputs
        self.__dict__["_flat_outputs"] = flat_outputs
        nodes = self._ordered_nodes(flat_inputs, flat_outputs)
        self.__dict__["_nodes"] = nodes
        operations = function.operations_by_depth(flat_inputs, flat_outputs, nodes)
        self._operations = operations
        names = [op.name for op in operations]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(
                f"Functional model '{self.name}': layer names must be unique; "
                f"{duplicates} appear more than once."
            )
        specs = []
        for tensor in flat_inputs:
            # As in Keras 3, the batch size of the placeholders is not enforced.
            shape = (None,) + tuple(tensor.shape[1:]) if tensor.shape else tensor.shape
            spec = InputSpec(shape=shape, allow_last_axis_squeeze=True)
            if isinstance(inputs, dict):
                spec.name = _input_name(tensor)
            specs.append(spec)
        self._input_spec = specs
        self.built = True

    @staticmethod
    def _ordered_nodes(flat_inputs, flat_outputs):
        """The nodes between inputs and outputs in an order where each node comes after
        the nodes it depends on (the graph walk keras.Function shares)."""
        return function.ordered_nodes(flat_inputs, flat_outputs)

    @property
    def inputs(self):
        return list(self._flat_inputs)

    @property
    def outputs(self):
        return list(self._flat_outputs)

    @property
    def input(self):
        return self._inputs_struct

    @property
    def output(self):
        return self._outputs_struct

    @property
    def operations(self):
        return list(self._operations)

    @property
    def layers(self):
        """The layers of the graph, input layers first (as in Keras 3)."""
        return [op for op in self._operations if isinstance(op, Layer)]

    @property
    def input_shape(self):
        shapes = tree.map_structure(lambda x: x.shape, self._inputs_struct)
        return shapes

    @property
    def output_shape(self):
        return tree.map_structure(lambda x: x.shape, self._outputs_struct)

    def _flatten_call_inputs(self, inputs):
        structure = self._inputs_struct
        n = len(self._flat_inputs)
        if isinstance(inputs, dict):
            names = [_input_name(x) for x in self._flat_inputs]
            missing = [name for name in names if name not in inputs]
            if missing:
                raise ValueError(
                    f"Model '{self.name}' expects inputs named {names}; missing {missing} "
                    f"(got keys {sorted(inputs)})."
                )
            return [inputs[name] for name in names]
        if isinstance(inputs, (list, tuple)):
            if len(inputs) != n:
                raise ValueError(
                    f"Model '{self.name}' expects {n} input(s), but it received "
                    f"{len(inputs)} input tensors."
                )
            return list(inputs)
        if n != 1 or isinstance(structure, dict):
            raise ValueError(
                f"Model '{self.name}' expects {n} input(s) "
                f"({'a dict' if isinstance(structure, dict) else 'a list'}), but it received "
                "a single tensor."
            )
        return [inputs]

    def _convert(self, value, placeholder):
        if isinstance(value, KerasTensor) or value is None:
            return value
        if active.is_tensor(value):
            return value
        if placeholder.dtype == "string":
            # Only TensorFlow holds strings; string layers take arrays as they are.
            return value
        return active.convert_to_tensor(np.asarray(value), dtype=placeholder.dtype)

    def __call__(self, inputs, *args, **kwargs):
        flat = self._flatten_call_inputs(inputs)
        flat = [self._convert(v, p) for v, p in zip(flat, self._flat_inputs)]
        if isinstance(self._inputs_struct, dict):
            names = [_input_name(x) for x in self._flat_inputs]
            inputs = dict(zip(names, flat))
        elif isinstance(self._inputs_struct, list):
            inputs = flat
        else:
            inputs = flat[0]
        return super().__call__(inputs, *args, **kwargs)

    def call(self, inputs, training=None, mask=None):
        flat = self._flatten_call_inputs(inputs)
        values = {}
        masks = {}
        flat_masks = tree.flatten(mask) if mask is not None else [None] * len(flat)
        if len(flat_masks) != len(flat):
            flat_masks = [None] * len(flat)
        for placeholder, value, m in zip(self._flat_inputs, flat, flat_masks):
            values[id(placeholder)] = value
            masks[id(placeholder)] = m if m is not None else getattr(value, "_keras_mask", None)
        plans = self.__dict__.get("_node_plans")
        if plans is None:
            plans = self.__dict__["_node_plans"] = [_plan(node) for node in self._nodes]
        for node, plan in zip(self._nodes, plans):
            if plan is not None:
                # One layer on one tensor with no other arguments and no mask around:
                # call it directly (the common case, e.g. every layer of a Sequential).
                operation, source, target, has_training = plan
                if masks.get(source) is None:
                    value = values[source]
                    if has_training:
                        value = operation(value, training=training)
                    else:
                        value = operation(value)
                    if type(value) in (list, tuple, dict):
                        value = tree.flatten(value)[0]
                    values[target] = value
                    masks[target] = None
                    continue
            operation = node.operation

            def fetch(x):
                return values[id(x)] if isinstance(x, KerasTensor) else x

            def mask_of(x):
                return masks.get(id(x)) if isinstance(x, KerasTensor) else None

            args = tree.map_structure(fetch, node.call_args)
            kwargs = tree.map_structure(fetch, node.call_kwargs)
            first = node.call_args[0] if node.call_args else None
            in_mask = None
            if first is not None:
                found = [masks.get(id(x)) for x in tree.flatten(first)]
                if any(m is not None for m in found):
                    in_mask = found[0] if len(found) == 1 else found
            is_layer = isinstance(operation, Layer)
            if is_layer:
                signature = operation._signature()
                if signature.has_mask and in_mask is not None and kwargs.get("mask") is None:
                    kwargs["mask"] = in_mask
                if signature.arg_masks:
                    # The `<arg>_mask` of each tensor argument (e.g. an attention's
                    # value_mask) comes from the graph too: compiled (traced) or
                    # NumPy values carry no `_keras_mask`.
                    kwargs.update(
                        argument_masks(
                            signature, node.call_args, node.call_kwargs, mask_of
                        )
                    )
                # As in Keras 3, the model's `training` overrides the one recorded
                # in the graph (a saved Dropout call records training=False).
                if signature.has_training and (
                    training is not None or "training" not in kwargs
                ):
                    kwargs["training"] = training
            outputs = operation(*args, **kwargs)
            flat_outputs = tree.flatten(outputs)
            out_masks = [None] * len(flat_outputs)
            if is_layer and (operation.supports_masking or _defines_mask(operation)):
                computed = operation.compute_mask(args[0] if args else None, in_mask)
                if computed is not None:
                    if isinstance(computed, (list, tuple)) and len(computed) == len(
                        flat_outputs
                    ):
                        out_masks = list(computed)
                    else:
                        out_masks = [computed] * len(flat_outputs)
            for tensor, value, m in zip(node.outputs, flat_outputs, out_masks):
                values[id(tensor)] = value
                masks[id(tensor)] = m
        results = [values[id(x)] for x in self._flat_outputs]
        for value, tensor in zip(results, self._flat_outputs):
            m = masks.get(id(tensor))
            if m is not None:
                try:
                    value._keras_mask = m
                except (AttributeError, TypeError):
                    pass
        return tree.pack_sequence_as(self._outputs_struct, results)

    def compute_output_spec(self, inputs, training=None, mask=None):
        return self.call(inputs, training=training, mask=mask)

    def get_config(self):
        """The Keras 3 Functional config: layers with their calls, input and output
        layers (see `keras.models.functional_config`)."""
        from keras.models import functional_config

        return functional_config.get_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from keras.models import functional_config

        return functional_config.from_config(cls, config, custom_objects=custom_objects)


def _plan(node):
    """`(layer, input id, output id, has_training)` for a node that calls a layer on a
    single tensor with no other arguments, one output and the default mask handling;
    None for any other node."""
    operation = node.operation
    if not isinstance(operation, Layer) or _defines_mask(operation):
        return None
    if len(node.call_args) != 1 or node.call_kwargs or len(node.outputs) != 1:
        return None
    (argument,) = node.call_args
    if not isinstance(argument, KerasTensor):
        return None
    return (
        operation,
        id(argument),
        id(node.outputs[0]),
        operation._signature().has_training,
    )


def _defines_mask(layer):
    return type(layer).compute_mask is not Layer.compute_mask


def _input_name(tensor):
    return tensor._keras_history.operation.name

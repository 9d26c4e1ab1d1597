"""`keras.models.clone_model`: a new model with the same architecture and new weights."""

from keras.backends.common import tree
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.input_layer import Input
from keras.layers.input_layer import InputLayer
from keras.models.functional import Functional
from keras.models.sequential import Sequential


def _default_clone(layer):
    return layer.__class__.from_config(layer.get_config())


def clone_model(
    model,
    input_tensors=None,
    clone_function=None,
    call_function=None,
    recursive=False,
    **kwargs,
):
    """Clones a Functional or Sequential model (and, through its config, a subclassed one).

    Layers are re-created from their configs (`clone_function(layer)`, by default
    `layer.__class__.from_config(layer.get_config())`), so the clone has fresh weights;
    copy them with `clone.set_weights(model.get_weights())`. Shared layers stay shared.

    Args:
        model: the model to clone.
        input_tensors: optional KerasTensors (from keras.Input) to build the clone on.
        clone_function: `layer -> new layer`; may return the layer itself to share it.
        call_function: `(layer, *args, **kwargs) -> outputs`, to change how each layer is
            called in the cloned graph (functional models only).
        recursive: also clone the layers of nested models with `clone_function`.
    """
    if kwargs:
        raise TypeError(f"clone_model got unexpected arguments: {sorted(kwargs)}.")
    clone_function = clone_function or _default_clone
    if isinstance(model, Sequential):
        return _clone_sequential(model, input_tensors, clone_function, recursive)
    if isinstance(model, Functional):
        return _clone_functional(model, input_tensors, clone_function, call_function, recursive)
    from keras.models.model import Model

    if not isinstance(model, Model):
        raise ValueError(
            f"clone_model expects a keras Model instance; got {type(model).__name__}."
        )
    if input_tensors is not None or call_function is not None:
        raise ValueError(
            "clone_model: `input_tensors` and `call_function` apply to Functional and "
            "Sequential models only; a subclassed model is cloned from its config."
        )
    try:
        return model.__class__.from_config(model.get_config())
    except (NotImplementedError, TypeError) as error:
        raise ValueError(
            f"clone_model: the subclassed model '{model.name}' cannot be cloned because "
            f"its config cannot be rebuilt ({error}). Implement `get_config` (and "
            "`from_config` if needed)."
        ) from error


def _clone_layer(layer, clone_function, recursive, memo):
    if id(layer) in memo:
        return memo[id(layer)]
    if recursive and isinstance(layer, (Sequential, Functional)):
        new = clone_model(layer, clone_function=clone_function, recursive=True)
    else:
        new = clone_function(layer)
    memo[id(layer)] = new
    return new


def _clone_sequential(model, input_tensors, clone_function, recursive):
    memo = {}
    layers = [_clone_layer(l, clone_function, recursive, memo) for l in model.layers]
    if input_tensors is not None:
        tensors = tree.flatten(input_tensors)
        if len(tensors) != 1:
            raise ValueError(
                "clone_model: a Sequential model takes one input tensor; got "
                f"{len(tensors)}."
            )
        return Sequential([tensors[0]] + layers, name=model.name)
    first = model._stack[0] if model._stack else None
    if isinstance(first, InputLayer):
        head = [Input(batch_shape=first.batch_shape, dtype=first.dtype, name=first.name)]
    else:
        head = []
    clone = Sequential(head + layers, name=model.name)
    if not clone.built and model.built and getattr(model, "_graph", None) is not None:
        clone.build(model._graph.inputs[0].shape)
    return clone


def _clone_functional(model, input_tensors, clone_function, call_function, recursive):
    memo = {}
    new_values = {}
    old_inputs = model.inputs
    if input_tensors is not None:
        given = tree.flatten(input_tensors)
        if len(given) != len(old_inputs):
            raise ValueError(
                f"clone_model: the model has {len(old_inputs)} inputs; `input_tensors` has "
                f"{len(given)}."
            )
        for tensor in given:
            if not isinstance(tensor, KerasTensor):
                raise ValueError(
                    "clone_model: `input_tensors` must be KerasTensors from keras.Input; "
                    f"got {type(tensor).__name__}."
                )
        new_inputs = given
    else:
        new_inputs = [
            Input(
                batch_shape=x.shape,
                dtype=x.dtype,
                name=x._keras_history.operation.name,
            )
            for x in old_inputs
        ]
    for old, new in zip(old_inputs, new_inputs):
        new_values[id(old)] = new
    for node in model._nodes:
        operation = node.operation
        from keras.layers.layer import Layer

        if isinstance(operation, Layer):
            new_operation = _clone_layer(operation, clone_function, recursive, memo)
        else:
            new_operation = operation

        def fetch(x):
            return new_values[id(x)] if isinstance(x, KerasTensor) else x

        args = tree.map_structure(fetch, node.call_args)
        kwargs = tree.map_structure(fetch, node.call_kwargs)
        if call_function is not None:
            outputs = call_function(new_operation, *args, **kwargs)
        else:
            outputs = new_operation(*args, **kwargs)
        for old, new in zip(node.outputs, tree.flatten(outputs)):
            new_values[id(old)] = new
    inputs_struct = model._inputs_struct
    if isinstance(inputs_struct, dict):
        keys = sorted(inputs_struct)
        new_struct = {k: v for k, v in zip(keys, new_inputs)}
    elif isinstance(inputs_struct, list):
        new_struct = list(new_inputs)
    else:
        new_struct = new_inputs[0]
    outputs = tree.map_structure(lambda x: new_values[id(x)], model._outputs_struct)
    return Functional(new_struct, outputs, name=model.name)

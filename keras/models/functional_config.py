"""The config of a Functional model (Keras 3 schema) and the model rebuilt from it.

A Functional config lists the model's layers; each entry is the layer's serialized
config plus its `name` and its `inbound_nodes`: one `{"args": ..., "kwargs": ...}` per
call of the layer inside this model, where every KerasTensor argument is written as

    {"class_name": "__keras_tensor__",
     "config": {"shape": [...], "dtype": "...", "keras_history": [layer, node, index]}}

`keras_history` names the layer that produced the tensor, which of that layer's calls
(counting only calls that belong to this model) and which of its outputs.
`input_layers` and `output_layers` hold `[layer, node, index]` triples in the structure
of the model's inputs and outputs (a single triple, a list or a dict).

Rebuilding deserializes every layer, then replays the recorded calls on new
KerasTensors, in the order the data allows, and builds the Functional model on the
tensors the triples name.
"""

from keras.backends.common import tree
from keras.backends.common.keras_tensor import KerasTensor

_TENSOR = "__keras_tensor__"


def get_config(model):
    """The Keras 3 config of Functional `model`."""
    from keras.saving import serialization_lib

    own = set()
    for tensor in model._flat_inputs:
        history = tensor._keras_history
        own.add(id(history.operation._inbound_nodes[history.node_index]))
    for node in model._nodes:
        own.add(id(node))

    def node_index(operation, index):
        """The index of the operation's `index`-th call among its calls in this model."""
        earlier = operation._inbound_nodes[:index]
        return sum(1 for node in earlier if id(node) in own)

    def tensor_config(x):
        history = x._keras_history
        return {
            "class_name": _TENSOR,
            "config": {
                "shape": list(x.shape),
                "dtype": x.dtype,
                "keras_history": [
                    history.operation.name,
                    node_index(history.operation, history.node_index),
                    history.tensor_index,
                ],
            },
        }

    def serialize_argument(value):
        if isinstance(value, KerasTensor):
            return tensor_config(value)
        if isinstance(value, (list, tuple)):
            return [serialize_argument(v) for v in value]
        if isinstance(value, dict):
            return {k: serialize_argument(v) for k, v in value.items()}
        return serialization_lib.serialize_keras_object(value)

    layers = []
    for operation in model._operations:
        entry = serialization_lib.serialize_keras_object(operation)
        entry["name"] = operation.name
        entry["inbound_nodes"] = [
            {
                "args": serialize_argument(list(node.call_args)),
                "kwargs": serialize_argument(node.call_kwargs),
            }
            for node in operation._inbound_nodes
            if id(node) in own and not node.is_input
        ]
        layers.append(entry)

    def triple(x):
        return tensor_config(x)["config"]["keras_history"]

    return {
        "name": model.name,
        "trainable": model.trainable,
        "layers": layers,
        "input_layers": tree.map_structure(triple, _as_saved(model._inputs_struct)),
        "output_layers": tree.map_structure(triple, _as_saved(model._outputs_struct)),
    }


def _as_saved(structure):
    # Tuples become lists, as in JSON.
    if isinstance(structure, tuple):
        return list(structure)
    return structure


def _is_triple(value):
    return (
        isinstance(value, list)
        and len(value) == 3
        and isinstance(value[0], str)
        and isinstance(value[1], int)
        and isinstance(value[2], int)
    )


def from_config(cls, config, custom_objects=None):
    """Rebuilds a Functional model (of class `cls`) from `get_config`'s output."""
    from keras.saving import serialization_lib

    if not isinstance(config, dict) or not isinstance(config.get("layers"), list):
        raise ValueError(
            "A Functional config must be a dict with a 'layers' list (and "
            f"'input_layers', 'output_layers'); got {_short(config)}."
        )
    for key in ("input_layers", "output_layers"):
        if key not in config:
            raise ValueError(f"The Functional config has no '{key}'.")
    created = {}
    pending = []  # [layer, [node configs not replayed yet]] in config order
    for index, entry in enumerate(config["layers"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise ValueError(
                f"Each layer of a Functional config must be a dict with a 'name'; got "
                f"{_short(entry)}."
            )
        if entry["name"] in created:
            raise ValueError(
                f"The Functional config names the layer '{entry['name']}' twice."
            )
        where = f"layer {entry['name']!r} (layers[{index}] of the Functional config)"
        with serialization_lib.config_path(where):
            layer = serialization_lib.deserialize_keras_object(
                _without(entry, ("name", "inbound_nodes")), custom_objects=custom_objects
            )
        if not hasattr(layer, "_inbound_nodes"):
            raise TypeError(
                f"The Functional config entry '{entry['name']}' is a "
                f"{type(layer).__name__}, not a layer or operation."
            )
        created[entry["name"]] = layer
        nodes = entry.get("inbound_nodes") or []
        if not isinstance(nodes, list):
            raise ValueError(
                f"'inbound_nodes' of layer '{entry['name']}' must be a list; got "
                f"{_short(nodes)}."
            )
        pending.append([layer, list(nodes)])

    def lookup(history):
        if not _is_triple(history):
            raise ValueError(
                f"A keras_history must be [layer name, node index, tensor index]; got "
                f"{_short(history)}."
            )
        name, node, index = history
        if name not in created:
            raise ValueError(
                f"The Functional config refers to an unknown layer '{name}' (known: "
                f"{sorted(created)})."
            )
        nodes = created[name]._inbound_nodes
        if node >= len(nodes):
            raise _NotYet(name)
        outputs = nodes[node].outputs
        if not 0 <= index < len(outputs):
            raise ValueError(
                f"The Functional config refers to output {index} of layer '{name}', "
                f"which has {len(outputs)} output(s)."
            )
        return outputs[index]

    def revive(value):
        if isinstance(value, dict) and value.get("class_name") == _TENSOR:
            inner = value.get("config") or {}
            return lookup(inner.get("keras_history"))
        if isinstance(value, list):
            return [revive(v) for v in value]
        if isinstance(value, dict) and "class_name" not in value:
            return {k: revive(v) for k, v in value.items()}
        return serialization_lib.deserialize_keras_object(
            value, custom_objects=custom_objects
        )

    # Replay the calls; a call whose inputs are not made yet waits for a later pass.
    while any(nodes for _, nodes in pending):
        progress = False
        for item in pending:
            layer, nodes = item
            while nodes:
                node = nodes[0]
                if not isinstance(node, dict):
                    raise ValueError(
                        f"A node of layer '{layer.name}' must be a dict with 'args' and "
                        f"'kwargs' (the Keras 3 format); got {_short(node)}."
                    )
                try:
                    args = revive(node.get("args", []))
                    kwargs = revive(node.get("kwargs", {}))
                except _NotYet:
                    break
                if not isinstance(args, list) or not isinstance(kwargs, dict):
                    raise ValueError(
                        f"A node of layer '{layer.name}' has malformed 'args'/'kwargs': "
                        f"{_short(node)}."
                    )
                layer(*args, **kwargs)
                nodes.pop(0)
                progress = True
        if not progress:
            waiting = [layer.name for layer, nodes in pending if nodes]
            raise ValueError(
                "The Functional config cannot be rebuilt: the calls of layers "
                f"{waiting} wait on tensors that no layer produces."
            )

    def tensors(structure, key):
        if _is_triple(structure):
            try:
                return lookup(structure)
            except _NotYet as missing:
                raise ValueError(
                    f"'{key}' names a call of layer '{missing}' that the config does not "
                    "contain."
                ) from None
        if isinstance(structure, list):
            return [tensors(v, key) for v in structure]
        if isinstance(structure, dict):
            return {k: tensors(v, key) for k, v in structure.items()}
        raise ValueError(
            f"'{key}' must hold [layer, node, index] triples; got {_short(structure)}."
        )

    inputs = tensors(config["input_layers"], "input_layers")
    outputs = tensors(config["output_layers"], "output_layers")
    return cls(
        inputs=inputs,
        outputs=outputs,
        name=config.get("name"),
        trainable=config.get("trainable", True),
    )


class _NotYet(Exception):
    """A node refers to a call of a layer that has not been replayed yet."""


def _without(entry, keys):
    return {k: v for k, v in entry.items() if k not in keys}


def _short(value, limit=200):
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."

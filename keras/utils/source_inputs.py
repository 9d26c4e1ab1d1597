"""get_source_inputs: the Input tensors a symbolic tensor was computed from."""

from keras.backends.common.keras_tensor import KerasTensor


def get_source_inputs(tensor):
    """The input placeholders at the root of `tensor`'s functional graph.

    Args:
        tensor: a KerasTensor made by calling layers (or ops) on `keras.Input`s.

    Returns:
        The list of input KerasTensors `tensor` depends on, each once, in the order
        they are reached. A tensor with no recorded history (not a KerasTensor, or
        one made outside a graph) is returned as it is.

    >>> x = keras.Input((3,))
    >>> keras.utils.get_source_inputs(keras.layers.Dense(2)(x)) == [x]
    True
    """
    if not isinstance(tensor, KerasTensor) or tensor._keras_history is None:
        return tensor
    sources = []
    seen = set()
    pending = [tensor]
    while pending:
        current = pending.pop()
        # Each tensor is expanded once: shared branches would otherwise repeat.
        if id(current) in seen:
            continue
        seen.add(id(current))
        history = current._keras_history
        if history is None:
            node_inputs = []
        else:
            node = history.operation._inbound_nodes[history.node_index]
            node_inputs = node.input_tensors
        if not node_inputs:
            sources.append(current)
            continue
        # Reversed so that the stack visits the node's inputs in their own order.
        pending.extend(reversed(node_inputs))
    return sources

"""Node: the record that operation X made outputs Y from inputs Z (for functional graphs)."""

from keras.backends.common import tree
from keras.backends.common.keras_tensor import KerasHistory
from keras.backends.common.keras_tensor import KerasTensor


class Node:
    """One call of an operation on symbolic inputs.

    Attributes:
        operation: the Operation called.
        call_args, call_kwargs: the arguments as given (tensors and constants).
        input_tensors: the KerasTensors found in the arguments, flattened.
        outputs: the KerasTensors the call returned, flattened.
        parent_nodes: the nodes that produced `input_tensors`.
    """

    def __init__(self, operation, call_args=(), call_kwargs=None, outputs=None):
        self.operation = operation
        self.call_args = tuple(call_args)
        self.call_kwargs = dict(call_kwargs or {})
        leaves = tree.flatten((self.call_args, self.call_kwargs))
        self.input_tensors = [x for x in leaves if isinstance(x, KerasTensor)]
        self.outputs = [x for x in tree.flatten(outputs) if isinstance(x, KerasTensor)]
        self.parent_nodes = []
        for tensor in self.input_tensors:
            history = tensor._keras_history
            if history is not None:
                parent = history.operation._inbound_nodes[history.node_index]
                if parent not in self.parent_nodes:
                    self.parent_nodes.append(parent)
                history.operation._outbound_nodes.append(self)
        operation._inbound_nodes.append(self)
        node_index = len(operation._inbound_nodes) - 1
        for index, tensor in enumerate(self.outputs):
            if tensor.record_history:
                tensor._keras_history = KerasHistory(operation, node_index, index)

    @property
    def is_input(self):
        """True for the node of an input placeholder (no inputs of its own)."""
        return not self.input_tensors

    def __repr__(self):
        return f"<Node {self.operation.name}: {len(self.input_tensors)} in, {len(self.outputs)} out>"

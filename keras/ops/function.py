"""keras.Function: a callable graph of ops between symbolic inputs and outputs.

Calling ops on KerasTensors records Nodes (see `node.py`); a Function walks those
nodes from its `outputs` back to its `inputs` once, and replays them on real tensors
when called. `ordered_nodes` is the graph walk the functional Model shares.
"""

from keras.backends.common import tree
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops.operation import Operation
from keras.ops.operation import no_recording


def ordered_nodes(flat_inputs, flat_outputs, owner="Functional model"):
    """The nodes between `flat_inputs` and `flat_outputs`, each after the nodes it
    depends on. Raises ValueError (naming `owner`) for a tensor that no input
    reaches (a disconnected graph) or for a cycle."""
    input_ids = {id(x) for x in flat_inputs}
    ordered, done, visiting = [], set(), set()

    def visit(tensor):
        if id(tensor) in input_ids:
            return
        history = tensor._keras_history
        if history is None:
            raise ValueError(
                f"Graph disconnected: cannot obtain a value for tensor {tensor!r}: "
                f"it is not among the `inputs` of the {owner}, nor made from them."
            )
        operation = history.operation
        node = operation._inbound_nodes[history.node_index]
        if node.is_input:
            raise ValueError(
                f"Graph disconnected: cannot obtain a value for tensor {tensor!r} at "
                f"layer '{operation.name}'. It is not among the model's `inputs`."
            )
        if id(node) in done:
            return
        if id(node) in visiting:
            raise ValueError(f"{owner}: the graph has a cycle.")
        visiting.add(id(node))
        for parent in node.input_tensors:
            visit(parent)
        visiting.discard(id(node))
        done.add(id(node))
        ordered.append(node)

    for tensor in flat_outputs:
        visit(tensor)
    return ordered


def operations_by_depth(flat_inputs, flat_outputs, nodes):
    """The operations of the graph `nodes` (from `ordered_nodes`) in Keras 3's order.

    A node's depth is its distance from the outputs: an output's node has depth 0
    and a node feeding one of depth d has at least d + 1; an operation called more
    than once takes the largest depth of its nodes. Operations are listed deepest
    first (the input layers lead), and those of equal depth in the order a walk
    from the outputs first meets them (outputs in order, then each node's inputs
    in order, before their own inputs; inputs no output uses come at depth 1, after
    the rest). Model.layers, configs, weight lists and
    legacy weight files all follow this order.
    """
    input_ids = {id(x) for x in flat_inputs}
    inside = {id(node) for node in nodes}

    def parents(node):
        found = []
        for tensor in node.input_tensors:
            history = tensor._keras_history
            if id(tensor) in input_ids:
                found.append(("input", tensor))
            elif history is not None:
                parent = history.operation._inbound_nodes[history.node_index]
                if id(parent) in inside:
                    found.append(("node", parent))
        return found

    first_met = {}
    seen = set()

    def meet(operation):
        if id(operation) not in first_met:
            first_met[id(operation)] = len(first_met)

    # Pre-order walk from the outputs: the tie-break between equal depths.
    stack = []
    for tensor in reversed(flat_outputs):
        stack.append(tensor)
    while stack:
        tensor = stack.pop()
        meet(tensor._keras_history.operation)
        if id(tensor) in input_ids:
            continue
        history = tensor._keras_history
        node = history.operation._inbound_nodes[history.node_index]
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.extend(reversed(node.input_tensors))
    for tensor in flat_inputs:  # inputs no output depends on still belong
        meet(tensor._keras_history.operation)

    # Depths, from the outputs back (nodes are ordered each after its inputs).
    node_depth = {}
    op_depth = {}
    operations = {}
    for node in reversed(nodes):
        depth = max(node_depth.get(id(node), 0), op_depth.get(id(node.operation), 0))
        node_depth[id(node)] = depth
        op_depth[id(node.operation)] = depth
        operations[id(node.operation)] = node.operation
        for kind, parent in parents(node):
            if kind == "node":
                node_depth[id(parent)] = max(node_depth.get(id(parent), 0), depth + 1)
            else:
                operation = parent._keras_history.operation
                operations[id(operation)] = operation
                op_depth[id(operation)] = max(op_depth.get(id(operation), 0), depth + 1)
    for tensor in flat_outputs:  # an input passed straight through to the outputs
        if id(tensor) in input_ids:
            operation = tensor._keras_history.operation
            operations.setdefault(id(operation), operation)
            op_depth.setdefault(id(operation), 0)
    for tensor in flat_inputs:  # Keras 3 puts inputs no output uses at depth 1
        operation = tensor._keras_history.operation
        operations.setdefault(id(operation), operation)
        op_depth.setdefault(id(operation), 1)
    order = sorted(operations, key=lambda key: (-op_depth[key], first_met[key]))
    return [operations[key] for key in order]


def _symbolic_leaves(structure, argument):
    if isinstance(structure, tuple):
        structure = list(structure)
    flat = tree.flatten(structure)
    if not flat:
        raise ValueError(f"keras.Function: `{argument}` is empty; pass KerasTensors.")
    for x in flat:
        if not isinstance(x, KerasTensor):
            raise ValueError(
                f"keras.Function: every item of `{argument}` must be a KerasTensor; "
                f"received {type(x).__name__}: {x!r}."
            )
    return structure, flat


def _compatible(expected, received):
    if expected is None or received is None:
        return True
    if len(expected) != len(received):
        return False
    return all(a is None or b is None or a == b for a, b in zip(expected, received))


class Function(Operation):
    """The computation from `inputs` to `outputs`, callable on real tensors.

    Args:
        inputs: a KerasTensor, or a list or dict of them.
        outputs: KerasTensors computed from `inputs` by ops (a tensor, list or dict).
        name: the function's name.

    >>> x = keras.KerasTensor((None, 3))
    >>> f = keras.Function(x, keras.ops.exp(x) + 1.0)
    >>> f(np.zeros((2, 3)))  # [[2., 2., 2.], [2., 2., 2.]]
    """

    def __init__(self, inputs, outputs, name=None):
        super().__init__(name=name)
        self._inputs_struct, self._flat_inputs = _symbolic_leaves(inputs, "inputs")
        self._outputs_struct, self._flat_outputs = _symbolic_leaves(outputs, "outputs")
        self._nodes = ordered_nodes(
            self._flat_inputs, self._flat_outputs, owner="keras.Function"
        )
        operations = []
        for node in self._nodes:
            if node.operation not in operations:
                operations.append(node.operation)
        self._operations = operations

    @property
    def inputs(self):
        """The input KerasTensors, flattened."""
        return list(self._flat_inputs)

    @property
    def outputs(self):
        """The output KerasTensors, flattened."""
        return list(self._flat_outputs)

    @property
    def input(self):
        """The inputs in the structure they were given (tensor, list or dict)."""
        return self._inputs_struct

    @property
    def output(self):
        """The outputs in the structure they were given."""
        return self._outputs_struct

    @property
    def operations(self):
        """The operations of the graph, each once, in the order they run."""
        return list(self._operations)

    def _flatten_inputs(self, inputs):
        expected = self._inputs_struct
        if isinstance(inputs, tuple):
            inputs = list(inputs)
        same = (
            isinstance(inputs, dict) == isinstance(expected, dict)
            and isinstance(inputs, list) == isinstance(expected, list)
        )
        if isinstance(expected, dict) and same:
            same = sorted(inputs) == sorted(expected)
        flat = tree.flatten(inputs) if same else []
        if not same or len(flat) != len(self._flat_inputs):
            raise ValueError(
                f"Function '{self.name}' was called with an invalid input structure. "
                f"Expected input structure: {expected!r}; received: {inputs!r}."
            )
        for placeholder, value in zip(self._flat_inputs, flat):
            shape = getattr(value, "shape", None)
            shape = None if shape is None else tuple(shape)
            if not _compatible(placeholder.shape, shape):
                raise ValueError(
                    f"Function '{self.name}' was passed incompatible inputs: for input "
                    f"'{placeholder.name}', expected shape {placeholder.shape}, but "
                    f"received a tensor with shape {shape}."
                )
        return flat

    def _run(self, inputs):
        flat = self._flatten_inputs(inputs)
        values = {id(x): v for x, v in zip(self._flat_inputs, flat)}

        def fetch(x):
            return values[id(x)] if isinstance(x, KerasTensor) else x

        for node in self._nodes:
            args = tree.map_structure(fetch, node.call_args)
            kwargs = tree.map_structure(fetch, node.call_kwargs)
            results = tree.flatten(node.operation(*args, **kwargs))
            for tensor, value in zip(node.outputs, results):
                values[id(tensor)] = value
        results = [values[id(x)] for x in self._flat_outputs]
        return tree.pack_sequence_as(self._outputs_struct, results)

    def call(self, inputs):
        """Runs the graph on real tensors (NumPy arrays or the backend's tensors)."""
        return self._run(inputs)

    def compute_output_spec(self, inputs):
        """The output KerasTensors for symbolic `inputs` (the inner ops record no
        nodes: the graph records one call of this Function)."""
        with no_recording():
            return self._run(inputs)

    def compute_output_shape(self, input_shape):
        """The output shapes for inputs of the shapes `input_shape` (one shape, or a
        list or dict of them, as the inputs)."""
        if isinstance(self._inputs_struct, dict):
            shapes = [input_shape[key] for key in sorted(self._inputs_struct)]
        elif isinstance(self._inputs_struct, list):
            shapes = list(input_shape)
        else:
            shapes = [input_shape]
        specs = [
            KerasTensor(shape, dtype=x.dtype) for x, shape in zip(self._flat_inputs, shapes)
        ]
        outputs = self.compute_output_spec(
            tree.pack_sequence_as(self._inputs_struct, specs)
        )
        return tree.map_structure(lambda x: x.shape, outputs)

    def get_config(self):
        raise NotImplementedError(
            f"Function '{self.name}' has no config: it holds a graph of op calls, "
            "which is not serialized. Save a keras.Model instead."
        )

"""Operation: one op as an object, with an eager `call` and a symbolic output spec.

The public op functions in keras.ops call the backend directly on real tensors (the fast
path) and build an Operation only when an argument is a KerasTensor.
"""

import contextlib
import re
import threading

from keras.backends.common import tree
from keras.backends.common.keras_tensor import KerasTensor
from keras.backends.common.name_scope import auto_name
from keras.ops.node import Node


def _snake_case(name):
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def any_symbolic(args=(), kwargs=None):
    """True when a KerasTensor is among the (nested) arguments."""
    for x in tree.flatten((args, kwargs or {})):
        if isinstance(x, KerasTensor):
            return True
    return False


_local = threading.local()


def is_recording():
    """False while a layer's `call` is traced for its output spec (no graph is built)."""
    return not getattr(_local, "paused", 0)


@contextlib.contextmanager
def no_recording():
    """Symbolic calls made inside infer shapes but record no Nodes (used when a layer
    traces its own `call` on KerasTensors: the graph records only the outer layer)."""
    _local.paused = getattr(_local, "paused", 0) + 1
    try:
        yield
    finally:
        _local.paused -= 1


class Operation:
    """Base class of ops (and, later, layers).

    Subclasses implement `call(*args, **kwargs)` on real tensors and
    `compute_output_spec(*args, **kwargs)`, which returns KerasTensors with the output
    shapes and dtypes for symbolic inputs.
    """

    def __init__(self, name=None):
        if name is None:
            name = auto_name(_snake_case(type(self).__name__))
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                f"Operation name must be a string without '/'; got {name!r}."
            )
        self.name = name
        self._inbound_nodes = []
        self._outbound_nodes = []

    def __call__(self, *args, **kwargs):
        if any_symbolic(args, kwargs):
            return self.symbolic_call(*args, **kwargs)
        return self.call(*args, **kwargs)

    def symbolic_call(self, *args, **kwargs):
        """Infers the outputs and records the call in the graph."""
        outputs = self.compute_output_spec(*args, **kwargs)
        if is_recording():
            Node(self, call_args=args, call_kwargs=kwargs, outputs=outputs)
        return outputs

    def call(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} has no eager `call`.")

    def compute_output_spec(self, *args, **kwargs):
        raise NotImplementedError(
            f"{type(self).__name__} has no `compute_output_spec` (symbolic inference)."
        )

    def get_config(self):
        return {"name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def _single_node(self, what):
        if not self._inbound_nodes:
            raise AttributeError(f"Operation '{self.name}' has never been called; no {what}.")
        return self._inbound_nodes[0]

    @property
    def input(self):
        """The symbolic input(s) of the first call."""
        tensors = self._single_node("input").input_tensors
        return tensors[0] if len(tensors) == 1 else tensors

    @property
    def output(self):
        """The symbolic output(s) of the first call."""
        tensors = self._single_node("output").outputs
        return tensors[0] if len(tensors) == 1 else tensors

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"

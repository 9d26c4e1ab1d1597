"""Operation: one op as an object, with an eager `call` and a symbolic output spec.

The public op functions in keras.ops call the backend directly on real tensors (the fast
path) and build an Operation only when an argument is a KerasTensor.
"""

import contextlib
import inspect
import re
import threading

from keras.backends.common import tree
from keras.backends.common.keras_tensor import KerasTensor
from keras.backends.common.name_scope import auto_name
from keras.ops.node import Node


# The module Keras 3 writes in the config of an op of each family (its ops live in
# keras.src.ops.numpy, .nn, .core, .math, .linalg, .image), so that Keras 3 loads our
# files; our loader resolves ops by class name whatever the module.
_KERAS3_MODULES = {
    "unary": "keras.src.ops.numpy",
    "binary": "keras.src.ops.numpy",
    "reduction": "keras.src.ops.numpy",
    "manipulation": "keras.src.ops.numpy",
    "creation": "keras.src.ops.numpy",
    "products": "keras.src.ops.numpy",
    "nn": "keras.src.ops.nn",
    "core_ops": "keras.src.ops.core",
    "math": "keras.src.ops.math",
    "spectral": "keras.src.ops.math",
    "linalg": "keras.src.ops.linalg",
    "image": "keras.src.ops.image",
}


# Ops whose class Keras 3 names differently (our name -> Keras 3's): configs are written
# with Keras 3's name and read with either.
KERAS3_CLASS_NAMES = {
    "Allclose": "AllClose",
    "Cdist": "CDist",
    "CtcDecode": "CTCDecode",
    "CtcLoss": "CTCLoss",
    "HsvToRgb": "HSVToRGB",
    "Isin": "IsIn",
    "LayerNormalization": "LayerNorm",
    "Psnr": "PSNR",
    "RgbToGrayscale": "RGBToGrayscale",
    "RgbToHsv": "RGBToHSV",
    "RmsNormalization": "RMSNorm",
    "Searchsorted": "SearchSorted",
    "Ssim": "SSIM",
    "Svd": "SVD",
}
# Further Keras 3 class names of ops that are one of ours (Keras 3 name -> ours).
KERAS3_ALIASES = {
    "Abs": "Absolute",
    "BatchNorm": "BatchNormalization",
    "BitwiseNot": "BitwiseInvert",
    "Conj": "Conjugate",
    "LeftShift": "BitwiseLeftShift",
    "RightShift": "BitwiseRightShift",
    "TrueDivide": "Divide",
}


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
        """The name and the constructor arguments (as Keras 3 writes an op's config).

        Ops keep their arguments as attributes of the same name (`self.axis`); an
        argument without one is left out (its default is used on loading).
        """
        config = {"name": self.name}
        for parameter in inspect.signature(type(self).__init__).parameters.values():
            if parameter.name in ("self", "name") or parameter.kind in (
                parameter.VAR_POSITIONAL,
                parameter.VAR_KEYWORD,
            ):
                continue
            if hasattr(self, parameter.name):
                config[parameter.name] = getattr(self, parameter.name)
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    @classmethod
    def _keras3_op_name(cls):
        """`(module, class_name)` that Keras 3 writes in the config of this op, or None
        (not an op of keras.ops, e.g. a layer)."""
        package, _, family = cls.__module__.rpartition(".")
        if package != "keras.ops" or family not in _KERAS3_MODULES:
            return None
        name = KERAS3_CLASS_NAMES.get(cls.__name__, cls.__name__)
        return _KERAS3_MODULES[family], name

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

"""keras.RematScope and keras.remat: rematerialization (gradient checkpointing).

A layer remembers the RematScope open when it is created; when it runs, a scope that
selects it wraps its call (or, in "activations" mode, its activation function) with the
backend's `remat`: the engine then recomputes what the wrapped function computed during
the backward pass instead of keeping its intermediate values (jax.checkpoint,
torch.utils.checkpoint, tf.recompute_grad). Engines without autodiff run the function
as it is.
"""

import math
import threading

MODES = ("full", "activations", "larger_than", "list_of_layers", None)

_local = threading.local()


def _stack():
    if not hasattr(_local, "stack"):
        _local.stack = []
    return _local.stack


def current():
    """The innermost open RematScope of this thread, or None."""
    stack = _stack()
    return stack[-1] if stack else None


class RematScope:
    """Layers created inside the scope are rematerialized when they run.

    Args:
        mode: "full" (every layer), "activations" (the activation function of layers
            that have one), "larger_than" (layers whose output has more than
            `output_size_threshold` elements), "list_of_layers" (the layers named in
            `layer_names`), or None (no rematerialization, e.g. inside an outer scope).
        output_size_threshold: the element count for "larger_than".
        layer_names: the layer names for "list_of_layers".
    """

    def __init__(self, mode="full", output_size_threshold=1024, layer_names=None):
        if mode not in MODES:
            raise ValueError(
                f"Invalid mode {mode!r}. Supported modes are: 'full', 'activations', "
                "'larger_than', 'list_of_layers', or None."
            )
        self.mode = mode
        self.output_size_threshold = int(output_size_threshold)
        self.layer_names = list(layer_names or [])
        if mode == "list_of_layers" and not self.layer_names:
            raise ValueError('mode="list_of_layers" needs `layer_names` (a list of names).')

    def __enter__(self):
        _stack().append(self)
        return self

    def __exit__(self, *exc_info):
        _stack().pop()


def remat(f):
    """`f` wrapped so that the engine recomputes its intermediate values in the
    backward pass instead of storing them (same results and gradients)."""
    if not callable(f):
        raise ValueError(f"keras.remat takes a callable; got {type(f).__name__}.")
    # Imported on use: the active backend is chosen when keras is imported.
    from keras.backends import active

    return active.layer.remat(f)


def selects(scope, layer, output_shape):
    """Whether `scope` rematerializes `layer`'s whole call: "full"; "list_of_layers"
    naming the layer; "larger_than" when `output_shape()` has more elements than the
    threshold. ("activations" wraps the activation only: the caller handles it.)"""
    mode = scope.mode
    if mode == "full":
        return True
    if mode == "list_of_layers":
        return layer.name in scope.layer_names
    if mode == "larger_than":
        try:
            shape = output_shape()
        except Exception:  # a layer that cannot say its output shape is not selected
            return False
        return any(
            None not in s and math.prod(s) > scope.output_size_threshold
            for s in _shapes(shape)
        )
    return False


def _shapes(shape):
    if isinstance(shape, tuple) and all(d is None or isinstance(d, int) for d in shape):
        yield shape
    elif isinstance(shape, dict):
        for value in shape.values():
            yield from _shapes(value)
    elif isinstance(shape, (list, tuple)):
        for value in shape:
            yield from _shapes(value)

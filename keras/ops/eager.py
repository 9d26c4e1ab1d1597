"""The eager fast path of public ops, decided by the active backend's registry.

`@fast_path("binary")` on a public op looks up the `"eager"` entry the active backend
registers for `binary.<op name>` (keras.backends.common.registry). Without one, the op
is returned unchanged. With one, the op becomes a small function that calls the entry
directly when every tensor argument is a plain eager tensor of the backend, all of one
dtype the entry accepts; any other input, or an entry that raises (a dtype the engine
has no kernel for, a bad argument), takes the op's own path, which converts, promotes,
builds a symbolic node or raises a clear error. The check is written out per arity,
since it is the whole cost of the fast path.
"""

import functools
import os

from keras.backends import active

# The guard in C (keras/ops/_eager_guard.c, built by Bazel); without it, or with
# KERAS_PYTHON_EAGER_GUARD=1, the Python guards below decide alone. Both decide alike.
try:
    if os.environ.get("KERAS_PYTHON_EAGER_GUARD") == "1":
        raise ImportError("KERAS_PYTHON_EAGER_GUARD=1")
    from keras.ops import _eager_guard
except ImportError:
    _eager_guard = None

ARITIES = ("unary", "binary", "reduction", "unary_args")


def fast_path(family, arity="unary"):
    """Decorates a public op of `family` with the active backend's eager entry, if any.

    Args:
        family: the op family (`"binary"`, `"unary"`, `"nn"`...), the backend module
            whose function the op calls.
        arity: `"unary"` for `op(x)`, `"binary"` for `op(x1, x2)` (both tensors),
            `"reduction"` for `op(x, axis=None, keepdims=False)` (the entry is called
            with those keywords), or `"unary_args"` for `op(x, *args, **kwargs)` whose
            only tensor is `x`.
    """
    if arity not in ARITIES:
        raise ValueError(f"`arity` must be one of {ARITIES}; received {arity!r}.")

    def decorate(op):
        found = active.eager_fast_path(family, op.__name__)
        if found is None:
            return op
        tensor, dtypes, engine = found
        fast = functools.wraps(op)(_MAKERS[arity, dtypes is None](op, tensor, dtypes, engine))
        if _eager_guard is None:
            return fast
        # The same decisions in C; `fast` takes the call forms the C guard leaves.
        guard = _eager_guard.Guard(arity, tensor, dtypes, engine, op, fast)
        return functools.wraps(op)(guard)

    return decorate


def _unary(op, tensor, dtypes, engine):
    def fast(x):
        if type(x) is tensor and x.dtype in dtypes:
            try:
                return engine(x)
            except Exception:
                pass  # the op's own path converts, widens, or raises a clear error
        return op(x)

    return fast


def _unary_any(op, tensor, dtypes, engine):
    def fast(x):
        if type(x) is tensor:
            try:
                return engine(x)
            except Exception:
                pass
        return op(x)

    return fast


def _binary(op, tensor, dtypes, engine):
    def fast(x1, x2):
        if type(x1) is tensor is type(x2):
            dtype = x1.dtype
            if dtype is x2.dtype and dtype in dtypes:
                try:
                    return engine(x1, x2)
                except Exception:
                    pass
        return op(x1, x2)

    return fast


def _binary_any(op, tensor, dtypes, engine):
    def fast(x1, x2):
        if type(x1) is tensor is type(x2) and x1.dtype is x2.dtype:
            try:
                return engine(x1, x2)
            except Exception:
                pass
        return op(x1, x2)

    return fast


def _reduction(op, tensor, dtypes, engine):
    # Named arguments: packing *args/**kwargs would cost a tenth of a small reduction.
    def fast(x, axis=None, keepdims=False):
        if type(x) is tensor and x.dtype in dtypes:
            try:
                return engine(x, axis=axis, keepdims=keepdims)
            except Exception:
                pass
        return op(x, axis, keepdims)

    return fast


def _reduction_any(op, tensor, dtypes, engine):
    def fast(x, axis=None, keepdims=False):
        if type(x) is tensor:
            try:
                return engine(x, axis=axis, keepdims=keepdims)
            except Exception:
                pass
        return op(x, axis, keepdims)

    return fast


def _unary_args(op, tensor, dtypes, engine):
    def fast(x, *args, **kwargs):
        if type(x) is tensor and x.dtype in dtypes:
            try:
                return engine(x, *args, **kwargs)
            except Exception:
                pass
        return op(x, *args, **kwargs)

    return fast


def _unary_args_any(op, tensor, dtypes, engine):
    def fast(x, *args, **kwargs):
        if type(x) is tensor:
            try:
                return engine(x, *args, **kwargs)
            except Exception:
                pass
        return op(x, *args, **kwargs)

    return fast


# (arity, accepts any dtype) -> maker of the fast function.
_MAKERS = {
    ("unary", False): _unary,
    ("unary", True): _unary_any,
    ("binary", False): _binary,
    ("binary", True): _binary_any,
    ("reduction", False): _reduction,
    ("reduction", True): _reduction_any,
    ("unary_args", False): _unary_args,
    ("unary_args", True): _unary_args_any,
}

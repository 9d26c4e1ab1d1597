"""SymbolicScope: marks code that runs only to infer shapes and dtypes.

Inside `with keras.SymbolicScope():`, `in_symbolic_scope()` is True, so code that
would do real work eagerly (allocate, draw random numbers, run a kernel) can answer
with symbolic placeholders instead. Scopes nest, per thread.
"""

import threading

_local = threading.local()


def _stack():
    stack = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    return stack


def get_symbolic_scope():
    """The innermost open SymbolicScope of this thread, or None."""
    stack = _stack()
    return stack[-1] if stack else None


def in_symbolic_scope():
    """True inside a `with SymbolicScope():` block of this thread."""
    return bool(_stack())


class SymbolicScope:
    """Context manager inside which `in_symbolic_scope()` is True (shape inference
    only: no eager computation is expected).

    >>> with keras.SymbolicScope():
    ...     y = layer.compute_output_spec(keras.KerasTensor((None, 3)))
    """

    def __enter__(self):
        _stack().append(self)
        return self

    def __exit__(self, *exc_info):
        stack = _stack()
        if self in stack:
            # Removes this scope and any scope left open inside it.
            del stack[stack.index(self):]
        return False

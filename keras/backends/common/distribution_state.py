"""The distribution in effect (a keras.distribution.Distribution, or None).

It lives beside the backends because variables read it when they are created (to place
their values as the distribution's layout for their path says) and trainers read it to
shard their batches; keras.distribution, above them, sets it. This module holds the
object only and never looks inside it.
"""

import threading

_global = [None]
_local = threading.local()


def current():
    """The distribution of the innermost `Distribution.scope()` of this thread, else the
    global one set with `keras.distribution.set_distribution`, else None."""
    stack = getattr(_local, "stack", None)
    if stack:
        return stack[-1]
    return _global[0]


def set_global(distribution):
    _global[0] = distribution


def push(distribution):
    if not hasattr(_local, "stack"):
        _local.stack = []
    _local.stack.append(distribution)


def pop():
    _local.stack.pop()

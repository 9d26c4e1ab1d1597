"""StatelessScope: run code with variables read from, and written to, a mapping.

Inside `with StatelessScope(state_mapping=[(variable, value), ...]) as scope:` reading
`variable.value` gives the mapped value and `variable.assign(x)` records `x` in the scope
instead of changing the variable. This is how a layer is called as a pure function of
its weights (`Layer.stateless_call`) and how JAX training steps stay functional.
"""

import threading

_local = threading.local()
# How many scopes are open, in all threads: while none is, `current()` (called on every
# variable read) answers without looking up the thread's stack.
_open = [0]
_open_lock = threading.Lock()


def _stack():
    stack = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    return stack


def current():
    """The innermost active StatelessScope, or None."""
    if not _open[0]:
        return None
    stack = getattr(_local, "stack", None)
    return stack[-1] if stack else None


def in_stateless_scope():
    return current() is not None


class StatelessScope:
    """Maps variables to values for the code run inside it (see the module docstring).

    Args:
        state_mapping: pairs `(variable, value)`; each value must have the variable's shape.
        collect_losses: whether `Layer.add_loss` calls inside the scope are collected
            (read them with `scope.losses`).
        initialize_variables: kept for API compatibility (variables created inside the
            scope are initialized eagerly).
    """

    def __init__(self, state_mapping=None, collect_losses=False, initialize_variables=True):
        # Imported on use: variables imports this module at its top (a Variable reads
        # its value through the open scope); importing it back at load time would make
        # the two modules' load order matter. Both are one Bazel target, :variables.
        from keras.backends.common import variables

        self.collect_losses = bool(collect_losses)
        self.initialize_variables = bool(initialize_variables)
        self.losses = []
        self._mapping = {}
        for pair in state_mapping or ():
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                raise ValueError(
                    "StatelessScope: `state_mapping` must hold (variable, value) pairs; "
                    f"got {pair!r}."
                )
            variable, value = pair
            if not isinstance(variable, variables.Variable):
                raise ValueError(
                    "StatelessScope: the first item of each `state_mapping` pair must be "
                    f"a keras.Variable; got {type(variable).__name__}."
                )
            value = variable._convert(value)
            shape = tuple(int(d) for d in value.shape)
            if shape != variable.shape:
                raise ValueError(
                    f"StatelessScope: the value for variable '{variable.path}' has shape "
                    f"{shape}; expected {variable.shape}."
                )
            self._mapping[id(variable)] = value

    def add_update(self, variable, value):
        """Records `variable.assign(value)` made inside the scope."""
        self._mapping[id(variable)] = value

    def get_current_value(self, variable):
        """The value of `variable` in this scope, or None when it is not mapped."""
        return self._mapping.get(id(variable))

    def add_loss(self, loss):
        self.losses.append(loss)

    def __enter__(self):
        with _open_lock:
            _open[0] += 1
        _stack().append(self)
        return self

    def __exit__(self, *exc_info):
        _stack().pop()
        with _open_lock:
            _open[0] -= 1

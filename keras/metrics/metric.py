"""Metric: the base class of stateful metrics (accumulate with `update_state`, read with
`result`, start over with `reset_state`).

State lives in non-trainable Variables made with `add_variable`, read through `.value`
or ops and written only with `.assign*`. That makes every metric usable as a pure
function of its state (`stateless_update_state` runs `update_state` inside a
StatelessScope), which is how the JAX trainer updates metrics inside `jax.jit`.
"""

from keras import initializers
from keras import ops
from keras.backends import active
from keras.backends.common import config
from keras.backends.common import name_scope
from keras.backends.common import stateless_scope
from keras.dtype_policies import dtype_policy as policies
from keras.ops.operation import _snake_case


class Metric:
    """Encapsulates metric logic and state.

    Subclasses create their state in `__init__` with `add_variable`, and implement
    `update_state(*args, **kwargs)` (accumulate a batch) and `result()` (the value from
    the accumulated state). `reset_state()` sets every variable back to zero by default.

    Args:
        dtype: the dtype of the metric's computations and result; defaults to
            `keras.config.floatx()`.
        name: the name; defaults to a unique snake_case name of the class.

    >>> class Total(keras.metrics.Metric):
    ...     def __init__(self, name="total", dtype=None):
    ...         super().__init__(name=name, dtype=dtype)
    ...         self.total = self.add_variable((), "zeros", name="total")
    ...     def update_state(self, values):
    ...         self.total.assign_add(keras.ops.sum(values))
    ...     def result(self):
    ...         return self.total.value
    >>> m = Total()
    >>> m.update_state([1.0, 2.0]); m.result()  # 3.0
    """

    def __init__(self, dtype=None, name=None):
        if name is None:
            name = name_scope.auto_name(_snake_case(type(self).__name__))
        if not isinstance(name, str) or not name:
            raise ValueError(
                f"{type(self).__name__}: `name` must be a non-empty string; got "
                f"{name!r}."
            )
        self.name = name
        self._dtype_policy = policies.get(dtype or config.floatx())
        self._dtype = self._dtype_policy.compute_dtype
        self._variables = []
        self._metrics = []

    def __setattr__(self, name, value):
        # Metrics held as attributes are tracked, so their state is part of `variables`.
        if isinstance(value, Metric) and "_metrics" in self.__dict__:
            if not any(value is m for m in self._metrics):
                self._metrics.append(value)
        object.__setattr__(self, name, value)

    def _check_initialized(self):
        if "_variables" not in self.__dict__:
            raise RuntimeError(
                f"{type(self).__name__} was not initialized: call "
                "`super().__init__(name=..., dtype=...)` first thing in its `__init__`."
            )

    @property
    def dtype(self):
        """The dtype of the metric's computations and result (a string)."""
        return self._dtype

    @property
    def variables(self):
        """The state variables in creation order, then those of tracked sub-metrics."""
        self._check_initialized()
        found = list(self._variables)
        for metric in self._metrics:
            found.extend(metric.variables)
        return found

    def _metric_variables(self):
        """The state a Layer holding this metric collects (see Layer.variables)."""
        return self.variables

    def add_variable(
        self, shape, initializer, dtype=None, aggregation="sum", name=None
    ):
        """Creates a non-trainable state Variable of the metric.

        Args:
            shape: the shape (a tuple of ints).
            initializer: an initializer object or name (such as "zeros"), or a value.
            dtype: the dtype; defaults to `keras.config.floatx()`.
            aggregation: how replicas combine it: "sum" (default), "mean", "none" or
                "only_first_replica".
            name: the variable name; its path is "<metric name>/<name>".

        Returns:
            The Variable.
        """
        self._check_initialized()
        if isinstance(initializer, str) or isinstance(initializer, dict):
            initializer = initializers.get(initializer)
        with name_scope.name_scope(self.name.replace("/", ">")):
            variable = active.Variable(
                initializer,
                shape=shape,
                dtype=dtype,
                trainable=False,
                aggregation=aggregation,
                synchronization="on_read",
                name=name,
            )
        self._variables.append(variable)
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None, name=None):
        """Alias of `add_variable` (a None initializer means zeros)."""
        return self.add_variable(
            shape, initializer if initializer is not None else "zeros", dtype, name=name
        )

    def update_state(self, *args, **kwargs):
        """Accumulates the statistics of one batch into the state variables."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement `update_state(*args, **kwargs)`."
        )

    def result(self):
        """The value of the metric from the accumulated state."""
        raise NotImplementedError(f"{type(self).__name__} must implement `result()`.")

    def reset_state(self):
        """Sets every state variable to zero (called between epochs)."""
        for variable in self.variables:
            variable.assign(ops.zeros(variable.shape, dtype=variable.dtype))

    def __call__(self, *args, **kwargs):
        """Updates the state with one batch and returns the result."""
        self._check_initialized()
        self.update_state(*args, **kwargs)
        return self.result()

    def _mapping(self, metric_variables, method):
        own = self.variables
        if len(metric_variables) != len(own):
            raise ValueError(
                f"{type(self).__name__}.{method}: `metric_variables` must hold one "
                f"value per variable of the metric ({len(own)}, in the order of "
                f"`metric.variables`); got {len(metric_variables)}."
            )
        return list(zip(own, metric_variables))

    def stateless_update_state(self, metric_variables, *args, **kwargs):
        """`update_state` as a pure function of the state.

        Args:
            metric_variables: the current values, one per entry of `variables`.
            *args, **kwargs: what `update_state` takes.

        Returns:
            The new values, in the same order; the variables themselves are unchanged.
        """
        mapping = self._mapping(metric_variables, "stateless_update_state")
        with stateless_scope.StatelessScope(state_mapping=mapping) as scope:
            self.update_state(*args, **kwargs)
        return [scope.get_current_value(variable) for variable, _ in mapping]

    def stateless_result(self, metric_variables):
        """`result()` computed from the given state values instead of the variables."""
        mapping = self._mapping(metric_variables, "stateless_result")
        with stateless_scope.StatelessScope(state_mapping=mapping):
            return self.result()

    def stateless_reset_state(self):
        """The values `reset_state()` would give the variables (left unchanged)."""
        with stateless_scope.StatelessScope() as scope:
            self.reset_state()
        values = []
        for variable in self.variables:
            value = scope.get_current_value(variable)
            values.append(variable.value if value is None else value)
        return values

    def get_config(self):
        """The constructor arguments, as a JSON-friendly dict."""
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"

"""Public namespace `keras.optimizers.legacy`: Keras 2 optimizers, not in Keras 3.

Each name is a stand-in whose construction says so and points to `tf_keras`.
"""


class _LegacyOptimizer:
    def __init__(self, *args, **kwargs):
        raise ImportError(
            "`keras.optimizers.legacy` is not supported in Keras 3. Use the optimizers "
            "of `keras.optimizers` instead, or, to keep a legacy optimizer with "
            "`tf.keras`, install the `tf_keras` package (Keras 2) and set the "
            "environment variable `TF_USE_LEGACY_KERAS=True`."
        )


class Optimizer(_LegacyOptimizer):
    """Keras 2 base optimizer; constructing it raises an ImportError."""


class SGD(_LegacyOptimizer):
    """Keras 2 SGD; constructing it raises an ImportError."""


class Adam(_LegacyOptimizer):
    """Keras 2 Adam; constructing it raises an ImportError."""


class Adagrad(_LegacyOptimizer):
    """Keras 2 Adagrad; constructing it raises an ImportError."""


class Ftrl(_LegacyOptimizer):
    """Keras 2 Ftrl; constructing it raises an ImportError."""


class RMSprop(_LegacyOptimizer):
    """Keras 2 RMSprop; constructing it raises an ImportError."""

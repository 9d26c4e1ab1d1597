"""Initializer: the base class of every initializer (a callable `(shape, dtype)`)."""


class Initializer:
    """Base class of initializers: callables that return a tensor of a given shape.

    A subclass implements `__call__(self, shape, dtype=None)` and, when its constructor
    takes arguments, `get_config()` returning them as a dict, so that
    `from_config(get_config())` (and so saving and loading) rebuilds an equal
    initializer.

    >>> class Halves(keras.initializers.Initializer):
    ...     def __call__(self, shape, dtype=None):
    ...         return keras.ops.full(shape, 0.5, dtype=dtype)
    >>> Halves()((2, 2))  # a (2, 2) float32 tensor of 0.5
    """

    def __call__(self, shape, dtype=None):
        """Returns a tensor of `shape` and `dtype` (None: `keras.config.floatx()`)."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement __call__(self, shape, dtype=None)."
        )

    def get_config(self):
        """The constructor arguments of this initializer, as a JSON-friendly dict."""
        return {}

    @classmethod
    def from_config(cls, config):
        """Builds an initializer from the dict `get_config()` returned."""
        return cls(**config)

    def clone(self):
        """A new initializer of the same class and config."""
        return type(self).from_config(self.get_config())

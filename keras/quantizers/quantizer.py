"""Quantizer objects: callables that turn a float tensor into integers and a scale."""

from keras.quantizers import abs_max


class Quantizer:
    """Base class of the quantizers: `quantizer(x)` maps `x` to a lower-precision form.

    Subclasses implement `__call__` and `get_config`; the base class only records the
    integer dtype its outputs use.

    Args:
        output_dtype: the dtype of the quantized values, e.g. "int8".
    """

    def __init__(self, output_dtype="int8"):
        self.output_dtype = output_dtype

    def __call__(self, x):
        # The base quantizer is the identity; subclasses quantize.
        return x

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def get_config(self):
        raise NotImplementedError(f"{self} does not implement get_config()")


class AbsMaxQuantizer(Quantizer):
    """Symmetric quantization scaled by the largest magnitude along `axis`.

    Calling it returns `(quantized, scale)` from `keras.quantizers.abs_max_quantize`,
    so that `quantized / scale` approximates the input.

    Args:
        axis: the axis or axes reduced to find the largest magnitude (None: all).
        value_range: the (low, high) integer range; `high` maps to the largest
            magnitude.
        epsilon: added to the largest magnitude so an all-zero slice divides safely.
        output_dtype: the dtype of the quantized values.

    >>> q, scale = keras.quantizers.AbsMaxQuantizer(axis=-1)(np.array([[1.0, -2.0]]))
    """

    def __init__(self, axis=None, value_range=(-127, 127), epsilon=1e-7, output_dtype="int8"):
        super().__init__(output_dtype=output_dtype)
        if isinstance(axis, int):
            axis = (axis,)
        elif axis is not None:
            axis = tuple(axis)
        self.axis = axis
        self.value_range = value_range
        self.epsilon = epsilon

    def __call__(self, x, axis=None, to_numpy=False):
        """Quantizes `x`; `axis` (if given) overrides the quantizer's own axis."""
        axis = self.axis if axis is None else axis
        return abs_max.abs_max_quantize(
            x,
            axis,
            value_range=self.value_range,
            dtype=self.output_dtype,
            epsilon=self.epsilon,
            to_numpy=to_numpy,
        )

    def get_config(self):
        config = {
            "value_range": self.value_range,
            "epsilon": self.epsilon,
            "output_dtype": self.output_dtype,
        }
        if self.axis is not None:
            config["axis"] = self.axis
        return config

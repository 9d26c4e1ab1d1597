"""UnitNormalization: scales each sample to unit L2 norm over the given axes."""

from keras import ops
from keras.layers.layer import Layer
from keras.layers.normalization import normalization_utils as utils


class UnitNormalization(Layer):
    """Divides the inputs by their L2 norm over `axis` (at least 1e-6, so that a zero
    vector stays zero).

    Args:
        axis: an int or a list of ints, the axes of the norm.
        **kwargs: base layer arguments.

    >>> keras.layers.UnitNormalization()(np.array([[3.0, 4.0]]))
    array([[0.6, 0.8]], dtype=float32)
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = utils.check_axis_argument(axis, "UnitNormalization")
        self.supports_masking = True

    def build(self, input_shape):
        self._axes = utils.canonical_axes(self.axis, len(input_shape), "UnitNormalization")
        self.built = True

    def call(self, inputs):
        x, back = utils.upcast(inputs)
        squares = ops.sum(x * x, axis=self._axes, keepdims=True)
        outputs = x / ops.sqrt(ops.maximum(squares, 1e-12))
        return outputs if back is None else ops.cast(outputs, back)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config

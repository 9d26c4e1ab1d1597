"""RMSNormalization: divides by the root mean square over the given axes."""

from keras import ops
from keras.layers.layer import Layer
from keras.layers.normalization import normalization_utils as utils


class RMSNormalization(Layer):
    """Root-mean-square normalization: `x / sqrt(mean(x ** 2, axis) + epsilon) * scale`,
    with a learned `scale` of the shape of the normalized axes (no centering).

    Args:
        axis: an int or a list of ints, the normalized axes.
        epsilon: small float added to the mean square.
        **kwargs: base layer arguments.

    >>> keras.layers.RMSNormalization()(np.array([[3.0, 4.0]])).shape
    (1, 2)
    """

    def __init__(self, axis=-1, epsilon=1e-6, **kwargs):
        super().__init__(**kwargs)
        axis = utils.check_axis_argument(axis, "RMSNormalization")
        self.axis = [axis] if isinstance(axis, int) else axis
        self.epsilon = float(epsilon)
        self.supports_masking = True

    def build(self, input_shape):
        self._axes = utils.canonical_axes(self.axis, len(input_shape), "RMSNormalization")
        shape = tuple(input_shape[a] for a in self._axes)
        if any(size is None for size in shape):
            raise ValueError(
                f"RMSNormalization: the normalized axes {self.axis} of the inputs must be "
                f"defined; got input_shape={tuple(input_shape)}."
            )
        self.scale = self.add_weight(
            name="scale", shape=shape, initializer="ones", autocast=False
        )
        self.built = True

    def call(self, x):
        shape = utils.broadcast_shape(len(x.shape), self._axes, self.scale.shape)
        scale = ops.reshape(self.scale.value, shape)
        outputs = ops.rms_normalization(x, scale, axis=self._axes, epsilon=self.epsilon)
        return ops.cast(outputs, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({"axis": self.axis, "epsilon": self.epsilon})
        return config

"""SpectralNormalization: constrains the spectral norm of a wrapped layer's kernel."""

from keras import initializers
from keras import ops
from keras.layers.layer import Layer
from keras.saving import serialization_lib


class SpectralNormalization(Layer):
    """Wraps a layer with a `kernel` (or `embeddings`) and, in training, divides that
    weight by an estimate of its largest singular value before the call.

    The estimate comes from `power_iterations` steps of the power method on the kernel
    reshaped to `(-1, kernel.shape[-1])`, starting from the non-trainable `vector_u`,
    which keeps the last iterate from call to call. In training the normalized kernel
    is written back into the wrapped layer; in inference the layer runs as it is.

    Args:
        layer: the wrapped layer, e.g. `Dense` or `Conv2D`.
        power_iterations: the number of power-method steps per training call.
        **kwargs: base layer arguments.

    >>> layer = keras.layers.SpectralNormalization(keras.layers.Dense(2))
    >>> layer(np.ones((1, 3)), training=True).shape
    (1, 2)
    """

    def __init__(self, layer, power_iterations=1, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(layer, Layer):
            raise ValueError(
                "SpectralNormalization: `layer` must be a keras Layer; got "
                f"{type(layer).__name__}."
            )
        if (
            not isinstance(power_iterations, int)
            or isinstance(power_iterations, bool)
            or power_iterations < 1
        ):
            raise ValueError(
                "SpectralNormalization: `power_iterations` must be a positive int; got "
                f"{power_iterations!r}."
            )
        self.layer = layer
        self.power_iterations = power_iterations

    def build(self, input_shape):
        if not self.layer.built:
            self.layer.build(input_shape)
        for name in ("kernel", "embeddings"):
            weight = getattr(self.layer, name, None)
            if weight is not None:
                self._weight_name = name
                break
        else:
            raise ValueError(
                "SpectralNormalization: the wrapped layer "
                f"'{self.layer.name}' ({type(self.layer).__name__}) has no `kernel` or "
                "`embeddings` weight to normalize."
            )
        self.kernel = weight
        self.vector_u = self.add_weight(
            name="vector_u",
            shape=(1, weight.shape[-1]),
            initializer=initializers.TruncatedNormal(stddev=0.02),
            trainable=False,
        )
        self.built = True

    def call(self, inputs, training=False):
        if training:
            vector_u, kernel = self.normalized_weights()
            self.vector_u.assign(ops.cast(vector_u, self.vector_u.dtype))
            self.kernel.assign(ops.cast(kernel, self.kernel.dtype))
        return ops.cast(self.layer(inputs), self.compute_dtype)

    def normalized_weights(self):
        """`(vector_u, kernel)`: the next power-method vector and the kernel divided by
        the spectral norm estimated from it."""
        kernel = ops.convert_to_tensor(self.kernel)
        matrix = ops.reshape(kernel, (-1, kernel.shape[-1]))
        vector_u = ops.convert_to_tensor(self.vector_u)
        for _ in range(self.power_iterations):
            vector_v = _unit(ops.matmul(vector_u, ops.transpose(matrix)))
            vector_u = _unit(ops.matmul(vector_v, matrix))
        vector_u = ops.stop_gradient(vector_u)
        vector_v = ops.stop_gradient(vector_v)
        sigma = ops.matmul(ops.matmul(vector_v, matrix), ops.transpose(vector_u))
        return vector_u, ops.reshape(kernel / sigma, ops.shape(kernel))

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "layer": serialization_lib.serialize_keras_object(self.layer),
                "power_iterations": self.power_iterations,
            }
        )
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["layer"] = serialization_lib.deserialize_keras_object(
            config["layer"], custom_objects=custom_objects
        )
        return cls(**config)


def _unit(x):
    """`x` divided by its L2 norm (over all entries, at least 1e-12)."""
    return x / ops.sqrt(ops.maximum(ops.sum(x * x), 1e-12))

"""Activation: applies an activation function to its inputs."""

from keras import activations
from keras.layers.layer import Layer


class Activation(Layer):
    """Applies `activation` element-wise (or along an axis, e.g. softmax).

    Args:
        activation: the activation: a name such as "relu", a function, or None
            for the identity.
        **kwargs: base layer arguments (`name`, `dtype`...).

    >>> layer = keras.layers.Activation("relu")
    >>> layer(np.array([-3.0, 0.0, 2.0]))
    array([0., 0., 2.], dtype=float32)
    """

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.activation = activations.get(activation)
        self.built = True

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["activation"] = activations.serialize(self.activation)
        return config

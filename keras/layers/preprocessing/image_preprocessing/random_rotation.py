"""RandomRotation: rotates each image by a random angle about its centre."""

import math

from keras import ops
from keras.layers.preprocessing.image_preprocessing import _geometry


class RandomRotation(_geometry.RandomAffineLayer):
    """Rotates images by a random angle during training (identity otherwise).

    Args:
        factor: a fraction of a full turn: a number `f` (angles drawn in
            `[-f * 2pi, f * 2pi]`) or a tuple `(lower, upper)`. Positive angles turn
            the image counter-clockwise.
        fill_mode: how points outside the input are filled: "reflect", "wrap",
            "constant" or "nearest".
        interpolation: "bilinear" or "nearest".
        seed: an int for repeatable draws.
        fill_value: the value outside the image when `fill_mode="constant"`.
        data_format: "channels_last" or "channels_first".
        **kwargs: base layer arguments (`bounding_box_format`, `name`...).

    >>> layer = keras.layers.RandomRotation(0.1, seed=1)
    >>> layer(np.zeros((2, 8, 8, 3)), training=True).shape
    (2, 8, 8, 3)
    """

    def __init__(
        self,
        factor,
        fill_mode="reflect",
        interpolation="bilinear",
        seed=None,
        fill_value=0.0,
        data_format=None,
        **kwargs,
    ):
        super().__init__(
            fill_mode=fill_mode,
            interpolation=interpolation,
            seed=seed,
            fill_value=fill_value,
            data_format=data_format,
            **kwargs,
        )
        self._set_factor(factor)

    def draw_matrix(self, batch, height, width):
        angle = self.uniform(batch, self.factor)[0] * (2 * math.pi)
        cos, sin = ops.cos(angle), ops.sin(angle)
        cx, cy = _geometry.centre(height, width)
        # Counter-clockwise on screen, where y grows downwards.
        return _geometry.matrix(
            [cos, sin, cx - cos * cx - sin * cy, -sin, cos, cy + sin * cx - cos * cy]
        )

    def get_config(self):
        config = super().get_config()
        config["factor"] = self.factor
        return config

"""RandomShear: shears each image along x and y by random amounts."""

from keras.layers.preprocessing.image_preprocessing import _geometry


class RandomShear(_geometry.RandomAffineLayer):
    """Shears images by random amounts during training (identity otherwise).

    As in Keras, the shear is about the top-left corner: a point `(x, y)` moves to
    `(x + sx * y, y + sy * x)`.

    Args:
        x_factor: a number `f` (`sx` drawn in `[-f, f]`) or a tuple
            `(lower, upper)`, within [-1, 1].
        y_factor: the same for `sy`.
        interpolation, fill_mode, fill_value, data_format, seed: as in
            `RandomRotation`.

    >>> layer = keras.layers.RandomShear(0.2, 0.2, seed=1)
    >>> layer(np.zeros((2, 8, 8, 3)), training=True).shape
    (2, 8, 8, 3)
    """

    def __init__(
        self,
        x_factor=0.0,
        y_factor=0.0,
        interpolation="bilinear",
        fill_mode="reflect",
        fill_value=0.0,
        data_format=None,
        seed=None,
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
        self._set_factor(x_factor)
        self.x_factor = self.factor
        self._set_factor(y_factor)
        self.y_factor = self.factor
        del self.factor

    def draw_matrix(self, batch, height, width):
        sx, sy = self.uniform(batch, self.x_factor, self.y_factor)
        one, zero = sx * 0.0 + 1.0, sx * 0.0
        return _geometry.matrix([one, sx, zero, sy, one, zero])

    def get_config(self):
        config = super().get_config()
        config.update({"x_factor": self.x_factor, "y_factor": self.y_factor})
        return config

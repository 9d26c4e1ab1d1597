"""RandomTranslation: shifts each image by a random fraction of its size."""

from keras import ops
from keras.layers.preprocessing.image_preprocessing import _geometry


class RandomTranslation(_geometry.RandomAffineLayer):
    """Shifts images by random amounts during training (identity otherwise).

    Args:
        height_factor: a fraction of the height: a number `f` (shifts drawn in
            `[-f, f] * height`) or a tuple `(lower, upper)`; positive moves down.
        width_factor: the same for the width; positive moves right.
        fill_mode, interpolation, seed, fill_value, data_format: as in
            `RandomRotation`.

    >>> layer = keras.layers.RandomTranslation(0.1, 0.2, seed=1)
    >>> layer(np.zeros((2, 8, 8, 3)), training=True).shape
    (2, 8, 8, 3)
    """

    def __init__(
        self,
        height_factor,
        width_factor,
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
        self.height_factor = height_factor
        self.width_factor = width_factor
        self._set_factor(height_factor)
        self._height_range = self.factor
        self._set_factor(width_factor)
        self._width_range = self.factor
        del self.factor

    def draw_matrix(self, batch, height, width):
        ty, tx = self.uniform(batch, self._height_range, self._width_range)
        ty, tx = ty * height, tx * width
        zero, one = ops.zeros_like(tx), ops.ones_like(tx)
        return _geometry.matrix([one, zero, tx, zero, one, ty])

    def get_config(self):
        config = super().get_config()
        config.update(
            {"height_factor": self.height_factor, "width_factor": self.width_factor}
        )
        return config

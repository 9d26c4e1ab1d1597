"""RandomZoom: zooms each image in or out about its centre by a random amount."""

from keras.layers.preprocessing.image_preprocessing import _geometry


class RandomZoom(_geometry.RandomAffineLayer):
    """Zooms images by random amounts during training (identity otherwise).

    Args:
        height_factor: a number `f` (amounts in `[-f, f]`) or a tuple
            `(lower, upper)`, each >= -1. A positive amount `a` zooms out (the image
            shrinks by `1 + a`), a negative one zooms in.
        width_factor: the same for the width; None (default) zooms the width by the
            height's amount, keeping the aspect ratio.
        fill_mode, interpolation, seed, fill_value, data_format: as in
            `RandomRotation`.

    >>> layer = keras.layers.RandomZoom(0.2, seed=1)
    >>> layer(np.zeros((2, 8, 8, 3)), training=True).shape
    (2, 8, 8, 3)
    """

    # As in Keras: amounts in [-1, 1] (zoom in to nothing, zoom out to half size).
    _FACTOR_BOUNDS = (-1, 1)

    def __init__(
        self,
        height_factor,
        width_factor=None,
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
        self._width_range = None
        if width_factor is not None:
            self._set_factor(width_factor)
            self._width_range = self.factor
        del self.factor

    def draw_matrix(self, batch, height, width):
        if self._width_range is None:
            zoom_y = 1.0 + self.uniform(batch, self._height_range)[0]
            zoom_x = zoom_y
        else:
            amounts = self.uniform(batch, self._height_range, self._width_range)
            zoom_y, zoom_x = 1.0 + amounts[0], 1.0 + amounts[1]
        cx, cy = _geometry.centre(height, width)
        zero = zoom_x * 0.0
        # The source of an output pixel is `zoom` times farther from the centre.
        return _geometry.matrix(
            [1.0 / zoom_x, zero, cx - cx / zoom_x, zero, 1.0 / zoom_y, cy - cy / zoom_y]
        )

    def get_config(self):
        config = super().get_config()
        config.update(
            {"height_factor": self.height_factor, "width_factor": self.width_factor}
        )
        return config

"""RandomElasticTransform: deforms images by a random smooth displacement field."""

from keras import ops
from keras import random
from keras.layers.preprocessing.image_preprocessing import _geometry
from keras.layers.preprocessing.image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)

FILL_MODES = ("reflect", "wrap", "constant", "nearest", "mirror")


class RandomElasticTransform(BaseImagePreprocessingLayer):
    """Deforms images elastically during training (identity otherwise).

    With a probability drawn in `factor`, the batch is deformed by
    `keras.ops.image.elastic_transform` (displacements up to the larger image side,
    smoothed over a tenth of the smaller side), blended with the input by a strength
    drawn in `scale`; the result is clipped to `value_range`. Boxes are not
    supported.

    Args:
        factor: the probability of deforming, a number in [0, 1] (range
            `[0, factor]`) or a tuple `(lower, upper)`.
        scale: the displacement strength, a number in [0, 1] (range `[0, scale]`) or
            a tuple.
        interpolation: "bilinear" or "nearest".
        fill_mode: "reflect", "wrap", "constant", "nearest" or "mirror".
        fill_value: the value of "constant".
        value_range: `(low, high)` of the pixel values.
        seed: an int for repeatable draws.
        data_format: "channels_last" or "channels_first".

    >>> layer = keras.layers.RandomElasticTransform(seed=1)
    >>> layer(np.zeros((2, 8, 8, 3)), training=True).shape
    (2, 8, 8, 3)
    """

    _FACTOR_BOUNDS = (0, 1)
    _SYMMETRIC_FACTOR = False

    def __init__(
        self,
        factor=1.0,
        scale=1.0,
        interpolation="bilinear",
        fill_mode="reflect",
        fill_value=0.0,
        value_range=(0, 255),
        seed=None,
        data_format=None,
        **kwargs,
    ):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(scale)
        self.scale = self.factor
        self._set_factor(factor)
        self.interpolation = _geometry.check_choice(
            "RandomElasticTransform", "interpolation", interpolation,
            _geometry.INTERPOLATIONS,
        )
        self.fill_mode = _geometry.check_choice(
            "RandomElasticTransform", "fill_mode", fill_mode, FILL_MODES
        )
        if not isinstance(value_range, (tuple, list)) or len(value_range) != 2 or (
            value_range[0] > value_range[1]
        ):
            raise ValueError(
                "RandomElasticTransform: `value_range` must be a tuple (low, high) "
                f"with low <= high; received value_range={value_range!r}."
            )
        self.fill_value = fill_value
        self.value_range = value_range
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        lower, upper = self.factor
        # One random call per layer call (see RandomAffineLayer.uniform).
        draws = random.uniform((3,), seed=self.generator)
        apply = draws[0] < lower + (upper - lower) * draws[1]
        strength = self.scale[0] + (self.scale[1] - self.scale[0]) * draws[2]
        return {"apply": apply, "strength": strength}

    def transform_images(self, images, transformation, training=True):
        if transformation is None:
            return images
        images = ops.convert_to_tensor(images)
        dtype = ops.dtype(images)
        if not dtype.startswith("float"):
            images = ops.cast(images, self.compute_dtype)
        height, width = _geometry.height_width(images, self.data_format)
        # The op takes alpha as a python number, not a drawn tensor, so the drawn
        # strength blends between the image and a full-strength warp.
        warped = ops.image.elastic_transform(
            images,
            alpha=float(max(height, width)),
            sigma=max(min(height, width) / 10.0, 1.0),
            interpolation=self.interpolation,
            fill_mode=self.fill_mode,
            fill_value=self.fill_value,
            seed=self.generator,
            data_format=self.data_format,
        )
        strength = ops.cast(transformation["strength"], ops.dtype(images))
        out = images + strength * (warped - images)
        out = ops.where(transformation["apply"], out, images)
        out = ops.clip(out, self.value_range[0], self.value_range[1])
        return ops.cast(out, dtype) if ops.dtype(out) != dtype else out

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "factor": self.factor,
                "scale": self.scale,
                "interpolation": self.interpolation,
                "fill_mode": self.fill_mode,
                "fill_value": self.fill_value,
                "value_range": self.value_range,
                "seed": self.seed,
            }
        )
        return config

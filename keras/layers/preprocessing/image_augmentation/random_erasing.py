"""RandomErasing: overwrite a random rectangle of images, at random."""

from keras import ops
from keras import random
from keras.layers.preprocessing.image_augmentation._base import AugmentationLayer
from keras.layers.preprocessing.image_augmentation._base import check_range
from keras.layers.preprocessing.image_augmentation._base import per_image


class RandomErasing(AugmentationLayer):
    """Erases a random rectangle of each image, at random.

    Per call, a probability `p` is drawn uniformly in `factor`, and each image is
    erased with probability `p`: a rectangle covering a fraction of the image drawn
    uniformly in `scale` (aspect ratio drawn between 0.3 and 3.3, sides clipped to
    the image) at a random place is set to `fill_value`, or to uniform noise in
    `value_range` when `fill_value` is None. Identity when not training.

    Args:
        factor: a number `f` (the tuple `(0, f)`) or a tuple `(lower, upper)`, in
            `[0, 1]`.
        scale: a number `s` (the tuple `(0, s)`) or a tuple `(lower, upper)`, in
            `[0, 1]`: the erased area over the image area.
        fill_value: the value written in the rectangle, or None for noise.
        value_range: the `(low, high)` range of the input pixels.
        seed: an integer seed for reproducible draws.
        data_format: "channels_last" or "channels_first".
    """

    def __init__(
        self,
        factor=1.0,
        scale=(0.02, 0.33),
        fill_value=None,
        value_range=(0, 255),
        seed=None,
        data_format=None,
        **kwargs,
    ):
        super().__init__(
            value_range=value_range, seed=seed, data_format=data_format, **kwargs
        )
        self.factor = check_range(factor, "factor", 0, 1)
        self.scale = check_range(scale, "scale", 0, 1)
        if fill_value is not None and (
            not isinstance(fill_value, (int, float)) or isinstance(fill_value, bool)
        ):
            raise ValueError(
                f"`fill_value` must be a number or None; received "
                f"fill_value={fill_value!r}."
            )
        self.fill_value = fill_value

    def draw(self, images):
        height = ops.cast(ops.shape(images)[1], self.compute_dtype)
        width = ops.cast(ops.shape(images)[2], self.compute_dtype)
        area = self.uniform(images, *self.scale) * height * width
        # A log-uniform aspect ratio, so tall and wide rectangles are as likely.
        ratio = ops.exp(self.uniform(images, ops.log(0.3), ops.log(3.3)))
        rows = ops.clip(ops.round(ops.sqrt(area * ratio)), 0.0, height)
        cols = ops.clip(ops.round(ops.sqrt(area / ratio)), 0.0, width)
        top = ops.floor(self.uniform(images, 0.0, 1.0) * (height - rows + 1))
        left = ops.floor(self.uniform(images, 0.0, 1.0) * (width - cols + 1))
        probability = self.uniform(images, *self.factor)
        transformation = {
            "apply": self.coin(images, probability),
            "top": ops.minimum(top, height - rows),
            "left": ops.minimum(left, width - cols),
            "rows": rows,
            "cols": cols,
        }
        if self.fill_value is None:
            low, high = self.value_range
            transformation["noise"] = random.uniform(
                ops.shape(images),
                minval=low,
                maxval=high,
                dtype=self.compute_dtype,
                seed=self.generator,
            )
        return transformation

    def apply(self, images, transformation):
        shape = ops.shape(images)
        y = ops.reshape(ops.arange(shape[1], dtype=images.dtype), (1, -1, 1, 1))
        x = ops.reshape(ops.arange(shape[2], dtype=images.dtype), (1, 1, -1, 1))
        top = per_image(transformation["top"])
        left = per_image(transformation["left"])
        inside = (
            (y >= top)
            & (y < top + per_image(transformation["rows"]))
            & (x >= left)
            & (x < left + per_image(transformation["cols"]))
            & per_image(transformation["apply"])
        )
        if self.fill_value is None:
            fill = ops.cast(transformation["noise"], images.dtype)
        else:
            fill = ops.full_like(images, self.fill_value)
        return ops.where(inside, fill, images)

    def get_config(self):
        config = super().get_config()
        config.update(
            factor=self.factor,
            scale=self.scale,
            fill_value=self.fill_value,
            value_range=self.value_range,
            seed=self.seed,
        )
        return config

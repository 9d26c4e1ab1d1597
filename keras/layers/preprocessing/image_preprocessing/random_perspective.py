"""RandomPerspective: warps images by random perspective (homography) maps."""

from keras import ops
from keras import random
from keras.layers.preprocessing.image_preprocessing import _geometry
from keras.layers.preprocessing.image_preprocessing.bounding_boxes import converters
from keras.layers.preprocessing.image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


def homography(start, end):
    """The `(batch, 3, 3)` maps (last entry 1) sending the 4 `start` points
    `(batch, 4, 2)` to the `end` points."""
    rows, values = [], []
    for i in range(4):
        x, y = start[:, i, 0], start[:, i, 1]
        u, v = end[:, i, 0], end[:, i, 1]
        zero, one = ops.zeros_like(x), ops.ones_like(x)
        rows.append(ops.stack([x, y, one, zero, zero, zero, -u * x, -u * y], -1))
        rows.append(ops.stack([zero, zero, zero, x, y, one, -v * x, -v * y], -1))
        values += [u, v]
    a = ops.stack(rows, axis=1)
    b = ops.expand_dims(ops.stack(values, axis=1), -1)
    h = ops.squeeze(ops.solve(a, b), -1)
    return ops.reshape(ops.concatenate([h, ops.ones_like(h[:, :1])], -1), (-1, 3, 3))


class RandomPerspective(BaseImagePreprocessingLayer):
    """Warps images by random perspective maps during training (identity otherwise).

    Each image is warped with a probability drawn in `factor`; its four corners then
    move independently by up to `scale / 4` of the image size along each axis, and
    the image follows the homography they define. Boxes follow their corners.

    Args:
        factor: the probability of warping an image, a number in [0, 1] (range
            `[0, factor]`) or a tuple `(lower, upper)`.
        scale: the strength of the corner moves, in [0, 1].
        interpolation: "bilinear" or "nearest".
        fill_value: the value of pixels read outside the image.
        seed: an int for repeatable draws.
        data_format: "channels_last" or "channels_first".
        **kwargs: base layer arguments (`bounding_box_format`, `name`...).

    >>> layer = keras.layers.RandomPerspective(seed=1)
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
        fill_value=0.0,
        seed=None,
        data_format=None,
        **kwargs,
    ):
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not (
            0 <= scale <= 1
        ):
            raise ValueError(
                f"RandomPerspective: `scale` must be a number in [0, 1]; received "
                f"scale={scale!r}."
            )
        self.scale = scale
        self.interpolation = _geometry.check_choice(
            "RandomPerspective",
            "interpolation",
            interpolation,
            _geometry.INTERPOLATIONS,
        )
        self.fill_value = fill_value
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images = data["images"]
        batch = _geometry.batch_size(images)
        height, width = _geometry.height_width(images, self.data_format)
        lower, upper = self.factor
        # One random call per layer call (see RandomAffineLayer.uniform).
        draws = random.uniform((10, batch), seed=self.generator)
        probability = lower + (upper - lower) * draws[0]
        apply = draws[1] < probability
        w, h = float(width - 1), float(height - 1)
        start = ops.convert_to_tensor([[0.0, 0.0], [w, 0.0], [0.0, h], [w, h]])
        start = ops.broadcast_to(ops.expand_dims(start, 0), (batch, 4, 2))
        size = ops.convert_to_tensor([w + 1.0, h + 1.0])
        moves = ops.reshape(ops.transpose(draws[2:]), (batch, 4, 2)) * 2.0 - 1.0
        moves = moves * size * (self.scale / 4)
        moves = moves * ops.cast(ops.reshape(apply, (-1, 1, 1)), ops.dtype(moves))
        return {"start": start, "end": start + moves, "height": height, "width": width}

    def transform_images(self, images, transformation, training=True):
        if transformation is None:
            return images
        images = ops.convert_to_tensor(images)
        dtype = ops.dtype(images)
        if not dtype.startswith("float"):
            images = ops.cast(images, self.compute_dtype)
        out = ops.image.perspective_transform(
            images,
            transformation["start"],
            transformation["end"],
            interpolation=self.interpolation,
            fill_value=self.fill_value,
            data_format=self.data_format,
        )
        return ops.cast(out, dtype) if ops.dtype(out) != dtype else out

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        if transformation is None:
            return bounding_boxes
        height, width = transformation["height"], transformation["width"]
        boxes = ops.convert_to_tensor(bounding_boxes["boxes"])
        xyxy = _geometry.boxes_to_xyxy(self, boxes, height, width)
        m = homography(transformation["start"], transformation["end"])
        m = ops.cast(m, ops.dtype(xyxy))
        # Box coordinates go through the map of pixel indices, as in the affine layers.
        x1, y1, x2, y2 = [xyxy[..., i] for i in range(4)]
        xs = ops.stack([x1, x2, x2, x1], axis=-1)
        ys = ops.stack([y1, y1, y2, y2], axis=-1)

        def entry(i, j):
            return ops.reshape(m[:, i, j], (-1, 1, 1))

        k = entry(2, 0) * xs + entry(2, 1) * ys + entry(2, 2)
        nx = (entry(0, 0) * xs + entry(0, 1) * ys + entry(0, 2)) / k
        ny = (entry(1, 0) * xs + entry(1, 1) * ys + entry(1, 2)) / k
        moved = ops.stack(
            [ops.min(nx, -1), ops.min(ny, -1), ops.max(nx, -1), ops.max(ny, -1)], -1
        )
        out = dict(bounding_boxes)
        out["boxes"] = moved
        out = converters.clip_to_image_size(out, height, width, "xyxy")
        out["boxes"] = _geometry.boxes_from_xyxy(
            self, out["boxes"], height, width, ops.dtype(boxes)
        )
        return out

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "factor": self.factor,
                "scale": self.scale,
                "interpolation": self.interpolation,
                "fill_value": self.fill_value,
                "seed": self.seed,
            }
        )
        return config

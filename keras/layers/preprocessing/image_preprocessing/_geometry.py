"""What the geometric layers share: image sizes, argument checks, box format round
trips, and the random affine layer whose subclasses only say which matrix to draw.

Matrices are per image, `(batch, 3, 3)`, and map an input pixel index `(x, y)` to its
output position (the forward map, which moves boxes); images are resampled with the
inverse (each output pixel looks up its source), as `keras.ops.image.affine_transform`
expects.
"""

from keras import ops
from keras import random
from keras.layers.preprocessing.image_preprocessing.bounding_boxes import converters
from keras.layers.preprocessing.image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)

FILL_MODES = ("reflect", "wrap", "constant", "nearest")
INTERPOLATIONS = ("nearest", "bilinear")


def check_choice(layer, name, value, choices):
    """`value` if it is one of `choices`, else a ValueError naming `name`."""
    if value not in choices:
        raise ValueError(
            f"{layer}: `{name}` must be one of {list(choices)}; received "
            f"{name}={value!r}."
        )
    return value


def check_size(layer, name, value):
    """A positive int size argument."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(
            f"{layer}: `{name}` must be a positive integer; received {name}={value!r}."
        )
    return value


def height_width(images, data_format):
    """The (height, width) of a batch of images: ints when static, else tensors."""
    axes = (1, 2) if data_format == "channels_last" else (2, 3)
    dims = []
    for axis in axes:
        dim = images.shape[axis]
        dims.append(ops.shape(images)[axis] if dim is None else dim)
    return tuple(dims)


def batch_size(images):
    dim = images.shape[0]
    return ops.shape(images)[0] if dim is None else dim


def boxes_to_xyxy(layer, boxes, height, width):
    return converters.convert_format(
        boxes, layer.bounding_box_format, "xyxy", height, width
    )


def boxes_from_xyxy(layer, boxes, height, width, dtype):
    return converters.convert_format(
        boxes, "xyxy", layer.bounding_box_format, height, width, dtype
    )


def matrix(rows):
    """A `(batch, 3, 3)` matrix from 6 `(batch,)` entries of its two first rows."""
    zero = ops.zeros_like(rows[0])
    one = ops.ones_like(rows[0])
    # Concatenated, not stacked: see `affine_inverse`.
    entries = list(rows) + [zero, zero, one]
    flat = ops.concatenate([ops.expand_dims(e, -1) for e in entries], axis=-1)
    return ops.reshape(flat, (-1, 3, 3))


def affine_inverse(m):
    """The inverse of a batch of affine matrices, as the 8 numbers per image of
    `keras.ops.image.affine_transform`."""
    a, b, c = m[:, 0, 0], m[:, 0, 1], m[:, 0, 2]
    d, e, f = m[:, 1, 0], m[:, 1, 1], m[:, 1, 2]
    det = a * e - b * d
    ia, ib, id_, ie = e / det, -b / det, -d / det, a / det
    ic = -(ia * c + ib * f)
    if_ = -(id_ * c + ie * f)
    zero = ops.zeros_like(a)
    # Concatenated columns, not a stack: TensorFlow's graph optimizer rewrites a
    # slice of a stack along the same axis to the stacked input and drops the new
    # axes the slice adds (`transform[:, i, None, None]` then has the wrong rank at
    # run time inside tf.data).
    columns = [ia, ib, ic, id_, ie, if_, zero, zero]
    return ops.concatenate([ops.expand_dims(c, -1) for c in columns], axis=-1)


def move_boxes(boxes, m):
    """xyxy boxes `(batch, n, 4)` through the forward matrices: the boxes enclosing
    the moved corners. As in Keras, box coordinates go through the same map as pixel
    indices (a rotation turns boxes about `((width - 1) / 2, (height - 1) / 2)`)."""
    x1, y1, x2, y2 = [boxes[..., i] for i in range(4)]
    xs = ops.stack([x1, x2, x2, x1], axis=-1)
    ys = ops.stack([y1, y1, y2, y2], axis=-1)
    m = ops.cast(m, ops.dtype(boxes))

    def entry(i, j):
        return ops.reshape(m[:, i, j], (-1, 1, 1))

    nx = entry(0, 0) * xs + entry(0, 1) * ys + entry(0, 2)
    ny = entry(1, 0) * xs + entry(1, 1) * ys + entry(1, 2)
    return ops.stack(
        [ops.min(nx, -1), ops.min(ny, -1), ops.max(nx, -1), ops.max(ny, -1)], axis=-1
    )


class RandomAffineLayer(BaseImagePreprocessingLayer):
    """A layer that resamples each image by a random affine map, drawn by
    `draw_matrix`, and moves boxes along (clipped to the image, emptied boxes get
    label -1)."""

    def __init__(
        self,
        fill_mode="reflect",
        interpolation="bilinear",
        seed=None,
        fill_value=0.0,
        data_format=None,
        **kwargs,
    ):
        super().__init__(data_format=data_format, **kwargs)
        name = type(self).__name__
        self.fill_mode = check_choice(name, "fill_mode", fill_mode, FILL_MODES)
        self.interpolation = check_choice(
            name, "interpolation", interpolation, INTERPOLATIONS
        )
        self.fill_value = fill_value
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def draw_matrix(self, batch, height, width):
        """The `(batch, 3, 3)` forward matrices for this call."""
        raise NotImplementedError

    def uniform(self, batch, *ranges):
        """One `(batch,)` draw in each `(lower, upper)` of `ranges`.

        All from a single random call: inside a tf.data map, the draws of one call
        share their TensorFlow seed, so separate calls would repeat each other.
        """
        draws = random.uniform((len(ranges), batch), seed=self.generator)
        return [
            lower + (upper - lower) * draws[i]
            for i, (lower, upper) in enumerate(ranges)
        ]

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images = data["images"]
        height, width = height_width(images, self.data_format)
        m = self.draw_matrix(batch_size(images), height, width)
        return {"matrix": m, "height": height, "width": width}

    def transform_images(self, images, transformation, training=True):
        if transformation is None:
            return images
        images = ops.convert_to_tensor(images)
        dtype = ops.dtype(images)
        if not dtype.startswith("float"):
            images = ops.cast(images, self.compute_dtype)
        out = ops.image.affine_transform(
            images,
            affine_inverse(transformation["matrix"]),
            interpolation=self.interpolation,
            fill_mode=self.fill_mode,
            fill_value=self.fill_value,
            data_format=self.data_format,
        )
        return ops.cast(out, dtype) if ops.dtype(out) != dtype else out

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        if transformation is None:
            return bounding_boxes
        height, width = transformation["height"], transformation["width"]
        boxes = ops.convert_to_tensor(bounding_boxes["boxes"])
        xyxy = boxes_to_xyxy(self, boxes, height, width)
        moved = move_boxes(xyxy, transformation["matrix"])
        out = dict(bounding_boxes)
        out["boxes"] = moved
        out = converters.clip_to_image_size(out, height, width, "xyxy")
        out["boxes"] = boxes_from_xyxy(
            self, out["boxes"], height, width, ops.dtype(boxes)
        )
        return out

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "fill_mode": self.fill_mode,
                "interpolation": self.interpolation,
                "seed": self.seed,
                "fill_value": self.fill_value,
            }
        )
        return config


def centre(height, width):
    return (width - 1) / 2, (height - 1) / 2

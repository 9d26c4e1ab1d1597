"""ContrastLimitedAdaptiveHistogramEqualization (CLAHE): equalize each tile of an
image with a clipped histogram, blending neighbouring tiles bilinearly."""

import numpy as np

from keras import ops
from keras.layers.preprocessing.image_augmentation._base import AugmentationLayer

_LEVELS = 256


def _tile_weights(length, tiles, tile):
    """The bilinear weights, shape (length, tiles), of each pixel over the tiles
    along one axis: pixel p sits at `p / tile - 0.5` in tile-centre units (the
    placement Keras 3 uses), clamped at the outer tiles."""
    position = np.arange(length) / tile - 0.5
    below = np.floor(position)
    frac = position - below
    weights = np.zeros((length, tiles))
    rows = np.arange(length)
    np.add.at(weights, (rows, np.clip(below, 0, tiles - 1).astype(int)), 1 - frac)
    np.add.at(weights, (rows, np.clip(below + 1, 0, tiles - 1).astype(int)), frac)
    return weights


def clahe(levels, clip_limit, grid):
    """CLAHE of a channels-last batch of integer levels in [0, 255] (float dtype).

    The image is padded at the bottom and right (symmetric) to a whole number of
    tiles of `ceil(size / grid)` pixels; each tile's 256-bin histogram is clipped at
    `clip_limit * tile_area / 256` with the excess spread over all bins; a level maps
    to `(cdf - cdf[0]) / (cdf[-1] - cdf[0]) * 255` of each tile, and the four nearest
    tiles' values are blended bilinearly.
    """
    _, height, width, channels = levels.shape
    if height is None or width is None or channels is None:
        raise ValueError(
            "ContrastLimitedAdaptiveHistogramEqualization needs images of known "
            f"height, width and channels; received shape {tuple(levels.shape)}."
        )
    grid_y, grid_x = grid
    tile_y, tile_x = -(-height // grid_y), -(-width // grid_x)
    pad_y, pad_x = tile_y * grid_y - height, tile_x * grid_x - width
    padded = levels
    if pad_y or pad_x:
        padded = ops.pad(
            levels, ((0, 0), (0, pad_y), (0, pad_x), (0, 0)), mode="symmetric"
        )
    index = ops.cast(padded, "int32")
    tiles = ops.reshape(index, (-1, grid_y, tile_y, grid_x, tile_x, channels))
    # (batch, grid_y, grid_x, channels, 256) histograms.
    hist = ops.sum(ops.one_hot(tiles, _LEVELS, dtype=levels.dtype), axis=(2, 4))
    limit = clip_limit * tile_y * tile_x / _LEVELS
    excess = ops.sum(ops.relu(hist - limit), axis=-1, keepdims=True)
    hist = ops.minimum(hist, limit) + excess / _LEVELS
    cdf = ops.cumsum(hist, axis=-1)
    low = cdf[..., :1]
    table = ops.divide_no_nan(cdf - low, cdf[..., -1:] - low) * 255.0
    # (batch, channels, tiles * 256): every tile's table, one after the other.
    count = grid_y * grid_x
    table = ops.reshape(
        ops.transpose(table, (0, 3, 1, 2, 4)), (-1, channels, count * _LEVELS)
    )
    # Each pixel's level looked up in every tile's table: (batch, channels, pixels,
    # tiles).
    pixels = ops.reshape(
        ops.transpose(ops.cast(levels, "int32"), (0, 3, 1, 2)),
        (-1, channels, height * width, 1),
    )
    offsets = ops.reshape(
        ops.arange(count, dtype="int32") * _LEVELS, (1, 1, 1, count)
    )
    lookup = ops.reshape(pixels + offsets, (-1, channels, height * width * count))
    values = ops.reshape(
        ops.take_along_axis(table, lookup, axis=-1),
        (-1, channels, height * width, count),
    )
    weights = np.einsum(
        "yi,xj->yxij",
        _tile_weights(height, grid_y, tile_y),
        _tile_weights(width, grid_x, tile_x),
    ).reshape(height * width, count)
    blended = ops.sum(values * ops.convert_to_tensor(weights, levels.dtype), axis=-1)
    blended = ops.reshape(blended, (-1, channels, height, width))
    return ops.transpose(blended, (0, 2, 3, 1))


class ContrastLimitedAdaptiveHistogramEqualization(AugmentationLayer):
    """Contrast limited adaptive histogram equalization (CLAHE), per image and
    channel.

    Pixels are mapped to integer levels of [0, 255]; the image is cut into a
    `tile_grid_size` grid of tiles, each equalized with its own histogram clipped at
    `clip_limit` times the mean bin count (the excess spread evenly), and each pixel
    blends the tables of its four nearest tiles bilinearly; the result is mapped
    back to `value_range`. Deterministic, and applied in training and inference.

    Args:
        value_range: the `(low, high)` range of the input pixels.
        clip_limit: the histogram clip, a positive number, in mean bin counts.
        tile_grid_size: `(rows, columns)` of tiles, positive integers.
        data_format: "channels_last" or "channels_first".
    """

    _APPLIES_AT_INFERENCE = True
    _RANDOM = False

    def __init__(
        self,
        value_range=(0, 255),
        clip_limit=4.0,
        tile_grid_size=(8, 8),
        data_format=None,
        **kwargs,
    ):
        super().__init__(value_range=value_range, data_format=data_format, **kwargs)
        if (
            not isinstance(clip_limit, (int, float))
            or isinstance(clip_limit, bool)
            or clip_limit <= 0
        ):
            raise ValueError(
                "`clip_limit` must be a positive number; received "
                f"clip_limit={clip_limit!r}."
            )
        if (
            not isinstance(tile_grid_size, (tuple, list))
            or len(tile_grid_size) != 2
            or not all(
                isinstance(v, int) and not isinstance(v, bool) and v > 0
                for v in tile_grid_size
            )
        ):
            raise ValueError(
                "`tile_grid_size` must be a tuple of two positive integers; received "
                f"tile_grid_size={tile_grid_size!r}."
            )
        self.clip_limit = clip_limit
        self.tile_grid_size = tile_grid_size

    def apply(self, images, transformation):
        levels = ops.floor(ops.clip(self.to_unit(images) * 255.0, 0.0, 255.0))
        out = clahe(levels, self.clip_limit, tuple(self.tile_grid_size))
        return self.from_unit(out / 255.0)

    def get_config(self):
        config = super().get_config()
        config.update(
            value_range=self.value_range,
            clip_limit=self.clip_limit,
            tile_grid_size=self.tile_grid_size,
        )
        return config

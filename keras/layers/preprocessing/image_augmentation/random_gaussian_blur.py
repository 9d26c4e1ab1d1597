"""RandomGaussianBlur: blur images with a Gaussian of random width, at random."""

from keras import ops
from keras.layers.preprocessing.image_augmentation._base import AugmentationLayer
from keras.layers.preprocessing.image_augmentation._base import check_range
from keras.layers.preprocessing.image_augmentation._base import per_image


def _kernel_size(kernel_size):
    if isinstance(kernel_size, int) and not isinstance(kernel_size, bool):
        kernel_size = (kernel_size, kernel_size)
    if (
        not isinstance(kernel_size, (tuple, list))
        or len(kernel_size) != 2
        or not all(
            isinstance(k, int) and not isinstance(k, bool) and k >= 1
            for k in kernel_size
        )
    ):
        raise ValueError(
            "`kernel_size` must be a positive integer or a tuple of two positive "
            f"integers; received kernel_size={kernel_size!r}."
        )
    return tuple(kernel_size)


def _taps(sigma, size, dtype):
    """Normalized 1-D Gaussian taps, one row per image: (batch, size)."""
    offsets = ops.arange(size, dtype=dtype) - (size - 1) / 2.0
    sigma = ops.maximum(ops.reshape(sigma, (-1, 1)), 1e-6)
    weights = ops.exp(-ops.square(offsets[None, :]) / (2.0 * ops.square(sigma)))
    return weights / ops.sum(weights, axis=-1, keepdims=True)


def _blur_axis(images, taps, size, axis):
    """Zero-padded "same" 1-D filtering of a channels-last batch along `axis`
    (1: rows, 2: columns), with per-image taps."""
    length = images.shape[axis]
    if length is None:
        raise ValueError(
            "RandomGaussianBlur needs images of known height and width; received "
            f"shape {tuple(images.shape)}."
        )
    before = (size - 1) // 2
    padding = [(0, 0)] * 4
    padding[axis] = (before, size - 1 - before)
    padded = ops.pad(images, padding)
    out = 0.0
    for i in range(size):
        if axis == 1:
            window = padded[:, i : i + length]
        else:
            window = padded[:, :, i : i + length]
        out = out + per_image(taps[:, i]) * window
    return out


class RandomGaussianBlur(AugmentationLayer):
    """Blurs images with a Gaussian kernel, at random.

    Per call, a probability `p` is drawn uniformly in `factor`, and each image is
    blurred with probability `p`, by a separable Gaussian (zero padded, same size)
    whose vertical and horizontal widths are drawn uniformly in `sigma`; the result
    is clipped to `value_range`. Identity when not training.

    Args:
        factor: a number `f` (the tuple `(0, f)`) or a tuple `(lower, upper)`, in
            `[0, 1]`.
        kernel_size: an integer or a tuple `(width, height)` of the kernel (the
            Keras order).
        sigma: a number `s` (the tuple `(0, s)`) or a tuple `(lower, upper)`, in
            `[0, 1]`: the standard deviation, in pixels.
        value_range: the `(low, high)` range of the input pixels.
        data_format: "channels_last" or "channels_first".
        seed: an integer seed for reproducible draws.
    """

    def __init__(
        self,
        factor=1.0,
        kernel_size=3,
        sigma=1.0,
        value_range=(0, 255),
        data_format=None,
        seed=None,
        **kwargs,
    ):
        super().__init__(
            value_range=value_range, seed=seed, data_format=data_format, **kwargs
        )
        self.factor = check_range(factor, "factor", 0, 1)
        self.kernel_size = _kernel_size(kernel_size)
        self.sigma = check_range(sigma, "sigma", 0, 1)

    def draw(self, images):
        probability = self.uniform(images, *self.factor)
        return {
            "apply": self.coin(images, probability),
            "sigma_y": self.uniform(images, *self.sigma),
            "sigma_x": self.uniform(images, *self.sigma),
        }

    def apply(self, images, transformation):
        # Keras reads kernel_size as (width, height).
        cols, rows = self.kernel_size
        blurred = _blur_axis(
            images, _taps(transformation["sigma_y"], rows, images.dtype), rows, 1
        )
        blurred = _blur_axis(
            blurred, _taps(transformation["sigma_x"], cols, images.dtype), cols, 2
        )
        blurred = self.clip(blurred)
        return ops.where(per_image(transformation["apply"]), blurred, images)

    def get_config(self):
        config = super().get_config()
        config.update(
            factor=self.factor,
            kernel_size=self.kernel_size,
            sigma=self.sigma,
            value_range=self.value_range,
            seed=self.seed,
        )
        return config

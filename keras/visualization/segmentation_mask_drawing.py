"""`keras.visualization.draw_segmentation_masks`: class masks painted over images."""

import numpy as np

from keras.visualization import image_arrays

# Multipliers that spread class ids over distinct colors: class c gets
# (c * _PALETTE) % 255 as its RGB color (class 0 is black).
_PALETTE = np.array([2**25 - 1, 2**15 - 1, 2**21 - 1], dtype="int64")


def class_colors(num_classes, color_mapping=None):
    """An `(num_classes, 3)` table of RGB colors: `color_mapping[c]` where given,
    else a fixed palette color."""
    colors = (np.arange(num_classes)[:, None] * _PALETTE) % 255
    for class_id, color in (color_mapping or {}).items():
        if 0 <= class_id < num_classes:
            colors[class_id] = color
    return colors.astype("float64")


def draw_segmentation_masks(
    images,
    segmentation_masks,
    num_classes=None,
    color_mapping=None,
    alpha=0.8,
    blend=True,
    ignore_index=-1,
    data_format=None,
):
    """Paints each class of a segmentation mask over a batch of images.

    Every pixel whose class id is in `[0, num_classes)` and not `ignore_index` takes
    its class's color; the other pixels keep the image's.

    Args:
        images: a batch of images, shape `(batch, height, width, 3)` (or channels
            first), values in 0-255.
        segmentation_masks: integer class ids, shape `(batch, height, width, 1)` (or
            channels first, or without the channel axis).
        num_classes: the number of classes; by default the largest id in the masks
            plus one.
        color_mapping: optional dict `class id -> (r, g, b)`; other classes get colors
            from a fixed palette.
        alpha: the opacity of the mask colors when blending (0: invisible, 1: opaque).
        blend: whether to blend colors with the image (the result is then uint8) or
            to replace the masked pixels (keeping the images' dtype).
        ignore_index: a class id left unpainted when blending (as in Keras 3,
            `blend=False` paints every class id in `[0, num_classes)`).
        data_format: `"channels_last"` or `"channels_first"`, for `images` and
            `segmentation_masks`; defaults to `keras.config.image_data_format()`.

    Returns:
        A NumPy array of shape `(batch, height, width, 3)`, channels last.
    """
    caller = "draw_segmentation_masks"
    images = image_arrays.batched_images(images, data_format, caller)
    masks = image_arrays.batched_masks(segmentation_masks, data_format, caller)
    if masks.shape != images.shape[:3]:
        raise ValueError(
            f"{caller}: `segmentation_masks` must cover the images pixel for pixel; "
            f"received masks of shape {masks.shape} for images of shape "
            f"{images.shape}."
        )
    if num_classes is None:
        num_classes = int(masks.max()) + 1 if masks.size else 0
    if not isinstance(num_classes, (int, np.integer)) or num_classes < 0:
        raise ValueError(
            f"{caller}: `num_classes` must be a non-negative int; received "
            f"num_classes={num_classes!r}."
        )
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(
            f"{caller}: `alpha` must be between 0 and 1; received alpha={alpha!r}."
        )
    colors = class_colors(num_classes, color_mapping)
    in_range = (masks >= 0) & (masks < num_classes)
    painted = in_range & (masks != ignore_index)
    mask_colors = colors[np.where(in_range, masks, 0)]
    if blend:
        # In float32, as Keras 3 blends (its rounding decides the uint8 values).
        base = images.astype("float32")
        keep, weight = np.float32(1.0 - alpha), np.float32(alpha)
        mixed = base * keep + mask_colors.astype("float32") * weight
        result = np.where(painted[..., None], mixed, base)
        return np.clip(result, 0, 255).astype("uint8")
    # Without blending Keras 3 paints every class in range, `ignore_index` included.
    return np.where(in_range[..., None], mask_colors, images).astype(images.dtype)

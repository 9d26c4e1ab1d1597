"""`keras.visualization.plot_segmentation_mask_gallery`: images beside their true and
predicted segmentation masks."""

import numpy as np

from keras.visualization import image_arrays
from keras.visualization.image_gallery import plot_image_gallery
from keras.visualization.segmentation_mask_drawing import draw_segmentation_masks


def plot_segmentation_mask_gallery(
    images,
    num_classes,
    value_range=(0, 255),
    y_true=None,
    y_pred=None,
    color_mapping=None,
    blend=True,
    alpha=0.8,
    ignore_index=-1,
    data_format=None,
    **kwargs,
):
    """Draws each image of a batch in a row, followed by its true mask and its
    predicted mask (each painted over the image with `draw_segmentation_masks`).

    Args:
        images: a batch of images, shape `(batch, height, width, 3)` (or channels
            first).
        num_classes: the number of classes in the masks.
        value_range: the `(low, high)` range of the image values.
        y_true: optional true masks, shape `(batch, height, width, 1)`.
        y_pred: optional predicted masks, same shape.
        color_mapping: optional dict `class id -> (r, g, b)`.
        blend: whether mask colors are blended with the image.
        alpha: the opacity of the mask colors when blending.
        ignore_index: a class id that is never painted.
        data_format: `"channels_last"` or `"channels_first"`.
        **kwargs: passed to `plot_image_gallery` (`scale`, `path`, `show`, `dpi`...);
            `rows` and `cols` default to one row per image.
    """
    caller = "plot_segmentation_mask_gallery"
    images = image_arrays.batched_images(images, data_format, caller)
    images = image_arrays.to_uint8(images, value_range)
    panels = [images]
    for masks in (y_true, y_pred):
        if masks is None:
            continue
        panels.append(
            draw_segmentation_masks(
                images,
                image_arrays.batched_masks(masks, data_format, caller, "y_true/y_pred"),
                num_classes=num_classes,
                color_mapping=color_mapping,
                alpha=alpha,
                blend=blend,
                ignore_index=ignore_index,
            ).astype("uint8")
        )
    # Image i's panels side by side: [image_i, true_i, pred_i, image_i+1, ...].
    gallery = np.stack(panels, axis=1).reshape((-1,) + images.shape[1:])
    kwargs.setdefault("rows", len(images))
    kwargs.setdefault("cols", len(panels))
    return plot_image_gallery(
        gallery, value_range=(0, 255), data_format="channels_last", **kwargs
    )

"""Public namespace `keras.visualization`: drawing boxes and masks on images, and
matplotlib galleries of images with their labels, boxes or masks.

Lazy: a name loads its module on first access.
"""

from keras.utils.lazy_namespace import lazy_namespace

# Public name -> (module, attribute).
_EXPORTS = {
    "draw_bounding_boxes": (".bounding_box_drawing", "draw_bounding_boxes"),
    "draw_segmentation_masks": (".segmentation_mask_drawing", "draw_segmentation_masks"),
    "plot_bounding_box_gallery": (
        ".bounding_box_gallery",
        "plot_bounding_box_gallery",
    ),
    "plot_image_gallery": (".image_gallery", "plot_image_gallery"),
    "plot_segmentation_mask_gallery": (
        ".segmentation_mask_gallery",
        "plot_segmentation_mask_gallery",
    ),
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)

"""`keras.visualization.plot_bounding_box_gallery`: a grid of images with their true
and predicted boxes."""

from keras.visualization import image_arrays
from keras.visualization.bounding_box_drawing import draw_bounding_boxes
from keras.visualization.image_gallery import plot_image_gallery


def _legend(ground_truth_color, prediction_color):
    from matplotlib import patches

    def color(rgb):
        return tuple(channel / 255.0 for channel in rgb)

    return [
        patches.Patch(color=color(ground_truth_color), label="Ground Truth"),
        patches.Patch(color=color(prediction_color), label="Prediction"),
    ]


def plot_bounding_box_gallery(
    images,
    bounding_box_format,
    y_true=None,
    y_pred=None,
    value_range=(0, 255),
    true_color=(0, 188, 212),
    pred_color=(255, 235, 59),
    line_thickness=2,
    font_scale=1.0,
    text_thickness=None,
    class_mapping=None,
    ground_truth_mapping=None,
    prediction_mapping=None,
    legend=False,
    legend_handles=None,
    rows=None,
    cols=None,
    data_format=None,
    **kwargs,
):
    """Draws a batch of images as a grid, with their true and predicted boxes.

    Args:
        images: a batch of images, shape `(batch, height, width, 3)` (or channels
            first).
        bounding_box_format: the format of the boxes (`"xyxy"`, `"xywh"`...).
        y_true: optional true boxes, a dict of `"boxes"` and `"labels"` (see
            `draw_bounding_boxes`), drawn in `true_color`.
        y_pred: optional predicted boxes, the same kind of dict, drawn in
            `pred_color`.
        value_range: the `(low, high)` range of the image values.
        true_color: the RGB color of the true boxes.
        pred_color: the RGB color of the predicted boxes.
        line_thickness: the width of box outlines, in pixels.
        font_scale: the size of class names.
        text_thickness: the stroke width of class names; defaults to
            `line_thickness`.
        class_mapping: optional dict `label -> class name` for both kinds of boxes.
        ground_truth_mapping: the mapping for the true boxes (default
            `class_mapping`).
        prediction_mapping: the mapping for the predicted boxes (default
            `class_mapping`).
        legend: whether to add a legend telling the two colors apart.
        legend_handles: custom matplotlib legend handles (not with `legend=True`).
        rows: the number of grid rows.
        cols: the number of grid columns.
        data_format: `"channels_last"` or `"channels_first"`.
        **kwargs: passed to `plot_image_gallery` (`scale`, `path`, `show`, `dpi`...).
    """
    caller = "plot_bounding_box_gallery"
    if legend and legend_handles is not None:
        raise ValueError(
            f"{caller}: pass either `legend=True` (a legend of the true and predicted "
            "box colors) or your own `legend_handles`, not both."
        )
    if legend:
        legend_handles = _legend(true_color, pred_color)
    images = image_arrays.batched_images(images, data_format, caller)
    images = image_arrays.to_uint8(images, value_range)
    text_thickness = line_thickness if text_thickness is None else text_thickness
    ground_truth_mapping = ground_truth_mapping or class_mapping
    prediction_mapping = prediction_mapping or class_mapping
    drawn = [
        (y_true, true_color, ground_truth_mapping),
        (y_pred, pred_color, prediction_mapping),
    ]
    for boxes, color, mapping in drawn:
        if boxes is None:
            continue
        images = draw_bounding_boxes(
            images,
            boxes,
            bounding_box_format,
            class_mapping=mapping,
            color=color,
            line_thickness=line_thickness,
            text_thickness=text_thickness,
            font_scale=font_scale,
            data_format="channels_last",
        )
    return plot_image_gallery(
        images,
        value_range=(0, 255),
        legend_handles=legend_handles,
        rows=rows,
        cols=cols,
        data_format="channels_last",
        **kwargs,
    )

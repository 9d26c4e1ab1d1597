"""`keras.visualization.plot_image_gallery`: a grid of images drawn with matplotlib."""

import math

import numpy as np

from keras.visualization import image_arrays


def _import_pyplot():
    try:
        from matplotlib import pyplot
    except ImportError as error:
        raise ImportError(
            "keras.visualization's galleries need matplotlib: install it with "
            "`pip install matplotlib`."
        ) from error
    return pyplot


def grid_shape(count, rows, cols):
    """(rows, cols) of a grid for `count` images; missing sizes are derived."""
    if rows is None and cols is None:
        rows = math.ceil(math.sqrt(count))
    if cols is None:
        cols = math.ceil(count / rows)
    if rows is None:
        rows = math.ceil(count / cols)
    return int(rows), int(cols)


def _caption(index, y_true, y_pred, label_map):
    def name(value):
        value = value.item() if hasattr(value, "item") else value
        return label_map.get(value, value) if label_map else value

    parts = []
    if y_true is not None:
        parts.append(f"Label: {name(y_true[index])}")
    if y_pred is not None:
        parts.append(f"Pred: {name(y_pred[index])}")
    return "  ".join(parts)


def plot_image_gallery(
    images,
    y_true=None,
    y_pred=None,
    label_map=None,
    rows=None,
    cols=None,
    value_range=(0, 255),
    scale=2,
    path=None,
    show=None,
    transparent=True,
    dpi=60,
    legend_handles=None,
    data_format=None,
):
    """Draws a batch of images as a grid with matplotlib.

    Each image gets its own axis (without ticks), captioned with its label and
    prediction when given. The figure is saved to `path`, or shown, or left open as
    the current matplotlib figure (`show=False`), e.g. for notebooks and tests.

    Args:
        images: a batch of images, shape `(batch, height, width, channels)` (or
            channels first).
        y_true: optional labels, one per image, shown as "Label: ...".
        y_pred: optional predictions, one per image, shown as "Pred: ...".
        label_map: optional dict `label -> name` for the captions.
        rows: the number of grid rows; by default about the square root of the
            batch size.
        cols: the number of grid columns; by default enough for the batch.
        value_range: the `(low, high)` range of the image values, mapped to 0-255.
        scale: the size of each grid cell, in inches.
        path: a file to save the figure to (then the figure is closed).
        show: whether to show the figure with `pyplot.show()` (and close it); by
            default when no `path` is given.
        transparent: whether the saved image has a transparent background.
        dpi: the resolution of the saved image.
        legend_handles: optional matplotlib handles drawn as a legend below the grid.
        data_format: `"channels_last"` or `"channels_first"`; defaults to
            `keras.config.image_data_format()`.
    """
    caller = "plot_image_gallery"
    pyplot = _import_pyplot()
    images = image_arrays.batched_images(images, data_format, caller)
    images = image_arrays.to_uint8(images, value_range)
    y_true = image_arrays.to_numpy(y_true)
    y_pred = image_arrays.to_numpy(y_pred)
    rows, cols = grid_shape(len(images), rows, cols)
    if rows < 1 or cols < 1:
        raise ValueError(
            f"{caller}: `rows` and `cols` must be positive; received rows={rows}, "
            f"cols={cols}."
        )
    figure, axes = pyplot.subplots(
        rows, cols, figsize=(cols * scale, rows * scale), squeeze=False
    )
    figure.tight_layout()
    pyplot.subplots_adjust(wspace=0, hspace=0)
    for index, axis in enumerate(np.ravel(axes)):
        axis.axis("off")
        if index >= len(images):
            continue
        image = images[index]
        axis.imshow(image[..., 0] if image.shape[-1] == 1 else image, cmap="gray")
        caption = _caption(index, y_true, y_pred, label_map)
        if caption:
            axis.set_title(caption, fontsize=8)
    if legend_handles is not None:
        figure.legend(handles=legend_handles, loc="lower center")
    if path is not None:
        figure.savefig(path, transparent=transparent, dpi=dpi, bbox_inches="tight")
        pyplot.close(figure)
    elif show or show is None:
        pyplot.show()
        pyplot.close(figure)

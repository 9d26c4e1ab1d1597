"""The matplotlib galleries: their grids, captions, legends and saved PNGs."""

import numpy as np
import pytest

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot  # noqa: E402

from keras import visualization  # noqa: E402

IMAGES = np.random.RandomState(0).randint(0, 255, (6, 16, 16, 3)).astype("float32")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    pyplot.close("all")


def test_image_gallery_grid_and_captions():
    visualization.plot_image_gallery(
        IMAGES, y_true=np.array([0, 1, 2, 0, 1, 0]), y_pred=np.array([0, 1, 1, 0, 1, 0]),
        label_map={0: "a", 1: "b", 2: "c"}, rows=2, cols=3, show=False,
    )
    figure = pyplot.gcf()
    assert len(figure.axes) == 6
    np.testing.assert_allclose(figure.get_size_inches(), [6, 4])  # cols, rows * scale
    assert figure.axes[2].get_title() == "Label: c  Pred: b"
    shown = figure.axes[1].images[0].get_array()
    np.testing.assert_array_equal(shown, IMAGES[1].astype("uint8"))


def test_image_gallery_default_grid_and_value_range():
    visualization.plot_image_gallery(IMAGES / 255.0, value_range=(0, 1), show=False)
    figure = pyplot.gcf()
    np.testing.assert_allclose(figure.get_size_inches(), [4, 6])  # 3 rows of 2
    shown = figure.axes[0].images[0].get_array().astype("int64")
    assert np.abs(shown - IMAGES[0]).max() <= 1


def test_image_gallery_saves_a_png_and_closes(tmp_path):
    path = tmp_path / "gallery.png"
    visualization.plot_image_gallery(IMAGES, path=str(path))
    assert pyplot.get_fignums() == []
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert 100 < width < height < 600  # 2 columns, 3 rows at 60 dpi


def test_bounding_box_gallery_draws_both_box_sets_and_a_legend():
    boxes = {
        "boxes": np.tile(np.array([[[2, 3, 12, 14]]], "float32"), (6, 1, 1)),
        "labels": np.zeros((6, 1), "int32"),
    }
    predicted = {"boxes": boxes["boxes"] + 1, "labels": boxes["labels"]}
    visualization.plot_bounding_box_gallery(
        IMAGES, "xyxy", y_true=boxes, y_pred=predicted, legend=True, show=False,
        line_thickness=1,
    )
    figure = pyplot.gcf()
    assert len(figure.axes) == 6 and len(figure.legends) == 1
    shown = figure.axes[0].images[0].get_array()
    np.testing.assert_array_equal(shown[3, 5], (0, 188, 212))  # true box top edge
    np.testing.assert_array_equal(shown[4, 6], (255, 235, 59))  # predicted box
    with pytest.raises(ValueError, match="not both"):
        visualization.plot_bounding_box_gallery(
            IMAGES, "xyxy", legend=True, legend_handles=[], show=False
        )


@pytest.mark.parametrize("with_pred, panels", [(False, 2), (True, 3)])
def test_segmentation_gallery_has_a_row_per_image(with_pred, panels):
    masks = np.random.RandomState(1).randint(0, 3, (6, 16, 16, 1))
    visualization.plot_segmentation_mask_gallery(
        IMAGES, 3, y_true=masks, y_pred=masks if with_pred else None, show=False
    )
    figure = pyplot.gcf()
    assert len(figure.axes) == 6 * panels
    np.testing.assert_allclose(figure.get_size_inches(), [2 * panels, 12])
    expected = visualization.draw_segmentation_masks(IMAGES, masks, num_classes=3)
    shown = figure.axes[panels + 1].images[0].get_array()  # image 1's true mask
    np.testing.assert_array_equal(shown, expected[1])

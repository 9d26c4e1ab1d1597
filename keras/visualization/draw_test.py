"""draw_bounding_boxes and draw_segmentation_masks against Keras 3.15.1's outputs
(testdata/keras3_drawings.npz, written by testdata/make_keras3_drawings.py)."""

import inspect
import os

import numpy as np
import pytest

from keras import ops
from keras import visualization

DATA = np.load(os.path.join(os.path.dirname(__file__), "testdata", "keras3_drawings.npz"))
COLORS = {0: (0, 0, 255), 1: (255, 0, 0), 2: (0, 255, 0), 3: (9, 99, 199)}


def boxes(key="boxes"):
    return {"boxes": DATA[key], "labels": DATA["labels"]}


@pytest.mark.parametrize("thickness", [1, 2])
def test_box_outlines_match_keras3_pixel_for_pixel(thickness):
    drawn = visualization.draw_bounding_boxes(
        DATA["images"], boxes(), "xyxy", color=(255, 0, 0), line_thickness=thickness
    )
    assert drawn.dtype == np.uint8 and drawn.shape == (2, 32, 32, 3)
    np.testing.assert_array_equal(drawn, DATA[f"boxes_xyxy_t{thickness}"])


def test_boxes_in_another_format_and_as_tensors():
    drawn = visualization.draw_bounding_boxes(
        ops.convert_to_tensor(DATA["images"]),
        {"boxes": ops.convert_to_tensor(DATA["boxes_xywh"]), "labels": DATA["labels"]},
        "xywh",
    )
    np.testing.assert_array_equal(drawn, DATA["boxes_xywh_t2"])


def test_channels_first_images_give_channels_last_drawings():
    images = np.transpose(DATA["images"], (0, 3, 1, 2))
    drawn = visualization.draw_bounding_boxes(
        images, boxes(), "xyxy", color=(255, 0, 0), line_thickness=1,
        data_format="channels_first",
    )
    np.testing.assert_array_equal(drawn, DATA["boxes_xyxy_t1"])


def test_class_names_are_written_near_their_box():
    # Keras 3 writes names with OpenCV's Hershey font; ours are Pillow's, so only
    # where the text goes is compared: pixels beyond the outline, near the corner.
    image = np.zeros((1, 64, 64, 3), "float32")
    box = {"boxes": np.array([[[10, 30, 60, 60]]], "float32"), "labels": np.array([[0]])}
    plain = visualization.draw_bounding_boxes(image, box, "xyxy", line_thickness=1)
    named = visualization.draw_bounding_boxes(
        image, box, "xyxy", class_mapping={0: "cat"}, line_thickness=1, font_scale=0.5
    )
    text = (named[0, :, :, 0] > 0) & ~(plain[0, :, :, 0] > 0)
    rows, cols = np.nonzero(text)
    assert text.sum() > 10
    assert cols.min() >= 10 and rows.max() < 30  # above the box, from its left edge


def test_segmentation_masks_match_keras3():
    images, masks = DATA["images"], DATA["masks"]
    np.testing.assert_array_equal(
        visualization.draw_segmentation_masks(images, masks, num_classes=4),
        DATA["seg_default"],
    )
    np.testing.assert_array_equal(
        visualization.draw_segmentation_masks(
            images, masks, num_classes=4, alpha=0.3, color_mapping=COLORS
        ),
        DATA["seg_alpha"],
    )
    unblended = visualization.draw_segmentation_masks(
        images, masks, num_classes=4, blend=False, ignore_index=2
    )
    assert unblended.dtype == np.float32
    np.testing.assert_array_equal(unblended, DATA["seg_noblend"])


def test_segmentation_blend_is_the_numpy_formula():
    image = np.full((1, 2, 2, 3), 100.0, "float32")
    mask = np.array([[[0, 1], [-1, 5]]])
    drawn = visualization.draw_segmentation_masks(
        image, mask, num_classes=2, color_mapping={0: (200, 0, 0), 1: (0, 0, 50)}, alpha=0.5
    )
    expected = np.array([[[150, 50, 50], [50, 50, 75]], [[100, 100, 100]] * 2])
    np.testing.assert_array_equal(drawn[0], expected)


def test_bad_inputs_name_the_argument():
    with pytest.raises(ValueError, match="`images` must be a batched 4D"):
        visualization.draw_bounding_boxes(DATA["images"][0], boxes(), "xyxy")
    with pytest.raises(ValueError, match="'boxes' and 'labels'"):
        visualization.draw_bounding_boxes(DATA["images"], {"boxes": DATA["boxes"]}, "xyxy")
    with pytest.raises(ValueError, match="cover the images pixel for pixel"):
        visualization.draw_segmentation_masks(DATA["images"], DATA["masks"][:, :8])
    with pytest.raises(ValueError, match="`alpha` must be between 0 and 1"):
        visualization.draw_segmentation_masks(DATA["images"], DATA["masks"], alpha=2)


def test_public_names_are_the_functions():
    # Importing every module first: a module named like its function would shadow it.
    from keras.visualization import bounding_box_gallery  # noqa: F401
    from keras.visualization import segmentation_mask_gallery  # noqa: F401

    for name in visualization.__all__:
        assert inspect.isfunction(getattr(visualization, name)), name

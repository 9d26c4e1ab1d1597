"""MixUp and CutMix: images and labels mixed across the batch."""

import numpy as np
import pytest

from keras import ops
from keras.layers.preprocessing.image_augmentation.cut_mix import CutMix
from keras.layers.preprocessing.image_augmentation.mix_up import MixUp


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _data():
    images = np.random.default_rng(0).uniform(0, 255, (4, 5, 6, 3)).astype("float32")
    return images, np.eye(4, dtype="float32")


def test_mix_up_blends_with_the_permuted_batch():
    images, labels = _data()
    layer = MixUp()
    transformation = {
        "mix_weight": np.array([0.3, 1.0, 0.0, 0.75], "float32"),
        "permutation_order": np.array([2, 0, 3, 1], "int32"),
    }
    out = _np(layer.transform_images(images, transformation))
    mixed = _np(layer.transform_labels(labels, transformation))
    for i in range(4):
        w, j = transformation["mix_weight"][i], transformation["permutation_order"][i]
        expected = w * images[i] + (1 - w) * images[j]
        np.testing.assert_allclose(out[i], expected, rtol=1e-5)
        np.testing.assert_allclose(mixed[i], w * labels[i] + (1 - w) * labels[j])


def test_cut_mix_pastes_the_partner_box_and_mixes_labels():
    images, labels = _data()
    layer = CutMix()
    transformation = {
        "mix_weight": np.array([0.5, 0.9, 0.2, 1.0], "float32"),
        "permutation_order": np.array([1, 0, 3, 2], "int32"),
        "top": np.array([1, 0, 2, 0], "float32"),
        "bottom": np.array([4, 2, 5, 0], "float32"),
        "left": np.array([2, 0, 1, 0], "float32"),
        "right": np.array([5, 6, 3, 0], "float32"),
    }
    out = _np(layer.transform_images(images, transformation))
    mixed = _np(layer.transform_labels(labels, transformation))
    for i in range(4):
        j = transformation["permutation_order"][i]
        expected = images[i].copy()
        for y, x in np.ndindex(5, 6):
            if (
                transformation["top"][i] <= y < transformation["bottom"][i]
                and transformation["left"][i] <= x < transformation["right"][i]
            ):
                expected[y, x] = images[j, y, x]
        np.testing.assert_array_equal(out[i], expected)
        w = transformation["mix_weight"][i]
        np.testing.assert_allclose(mixed[i], w * labels[i] + (1 - w) * labels[j])


@pytest.mark.parametrize("cls", [MixUp, CutMix])
def test_drawn_mixes_are_consistent_seeded_and_off_at_inference(cls):
    images, labels = _data()
    out = cls(seed=3)({"images": images, "labels": labels})
    again = cls(seed=3)({"images": images, "labels": labels})
    np.testing.assert_allclose(_np(out["images"]), _np(again["images"]), rtol=1e-6)
    mixed = _np(out["labels"])
    # Each row is a convex mix of one-hot labels: sums to one, within [0, 1].
    np.testing.assert_allclose(mixed.sum(-1), np.ones(4), rtol=1e-5)
    assert mixed.min() >= 0 and mixed.max() <= 1 + 1e-6
    if cls is MixUp:
        # The image is the same blend of the batch as its label row.
        np.testing.assert_allclose(
            _np(out["images"]), np.einsum("ij,jhwc->ihwc", mixed, images), rtol=1e-4
        )
    still = cls(seed=3)({"images": images, "labels": labels}, training=False)
    np.testing.assert_array_equal(_np(still["images"]), images)
    np.testing.assert_array_equal(_np(still["labels"]), labels)


def test_channels_first_matches_channels_last():
    images, labels = _data()
    transformation = {
        "mix_weight": np.array([0.5, 0.9, 0.2, 1.0], "float32"),
        "permutation_order": np.array([1, 0, 3, 2], "int32"),
        "top": np.array([1, 0, 2, 0], "float32"),
        "bottom": np.array([4, 2, 5, 0], "float32"),
        "left": np.array([2, 0, 1, 0], "float32"),
        "right": np.array([5, 6, 3, 0], "float32"),
    }
    last = _np(CutMix().transform_images(images, transformation))
    first = CutMix(data_format="channels_first").transform_images(
        np.transpose(images, (0, 3, 1, 2)), transformation
    )
    np.testing.assert_array_equal(np.transpose(_np(first), (0, 2, 3, 1)), last)


def test_config_round_trip_and_errors():
    config = MixUp(alpha=0.4, seed=2).get_config()
    assert config["alpha"] == 0.4 and config["seed"] == 2
    assert MixUp.from_config(config).get_config() == config
    config = CutMix(factor=0.5).get_config()
    assert config["factor"] == (0, 0.5) and config["seed"] is None
    assert CutMix.from_config(config).get_config() == config
    with pytest.raises(ValueError, match="alpha.*received alpha=0"):
        MixUp(alpha=0)
    with pytest.raises(ValueError, match="factor"):
        CutMix(factor=1.5)

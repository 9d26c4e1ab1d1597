"""Color layers: brightness, contrast, degeneration, saturation, hue, jitter,
grayscale, invert, posterization and solarization, against NumPy references."""

import colorsys

import numpy as np
import pytest

from keras import ops
from keras.layers.preprocessing.image_augmentation.random_brightness import (
    RandomBrightness,
)
from keras.layers.preprocessing.image_augmentation.random_color_degeneration import (
    RandomColorDegeneration,
)
from keras.layers.preprocessing.image_augmentation.random_color_jitter import (
    RandomColorJitter,
)
from keras.layers.preprocessing.image_augmentation.random_contrast import (
    RandomContrast,
)
from keras.layers.preprocessing.image_augmentation.random_grayscale import (
    RandomGrayscale,
)
from keras.layers.preprocessing.image_augmentation.random_hue import RandomHue
from keras.layers.preprocessing.image_augmentation.random_invert import RandomInvert
from keras.layers.preprocessing.image_augmentation.random_posterization import (
    RandomPosterization,
)
from keras.layers.preprocessing.image_augmentation.random_saturation import (
    RandomSaturation,
)
from keras.layers.preprocessing.image_augmentation.solarization import Solarization

GRAY = np.array([0.2989, 0.5870, 0.1140])


def _images(shape=(2, 4, 5, 3), low=0.0, high=255.0, seed=0):
    return np.random.default_rng(seed).uniform(low, high, shape).astype("float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _gray(x):
    return (x.astype("float64") * GRAY).sum(-1, keepdims=True)


def _hsv_map(x, function):
    """Apply `function(h, s, v) -> (h, s, v)` pixel by pixel, on [0, 1] RGB."""
    out = np.empty_like(x, dtype="float64")
    for index in np.ndindex(x.shape[:-1]):
        h, s, v = colorsys.rgb_to_hsv(*x[index].astype("float64"))
        out[index] = colorsys.hsv_to_rgb(*function(h, s, v))
    return out


def test_brightness_adds_a_fraction_of_the_range_and_clips():
    x = _images()
    out = _np(RandomBrightness(factor=(0.2, 0.2))(x))
    np.testing.assert_allclose(out, np.clip(x + 0.2 * 255, 0, 255), rtol=1e-6)
    out = _np(RandomBrightness(factor=(-0.5, -0.5), value_range=(0, 1))(x / 255))
    np.testing.assert_allclose(out, np.clip(x / 255 - 0.5, 0, 1), atol=1e-6)


def test_contrast_scales_around_the_channel_mean():
    x = _images(low=100, high=150)
    layer = RandomContrast(factor=0.5)
    out = _np(layer.transform_images(x, {"factor": np.array([0.5, 1.4], "float32")}))
    for b, c in np.ndindex(2, 3):
        mean = x[b, :, :, c].mean()
        scale = [0.5, 1.4][b]
        expected = np.clip((x[b, :, :, c] - mean) * scale + mean, 0, 255)
        np.testing.assert_allclose(out[b, :, :, c], expected, rtol=1e-5)
    # A scalar factor f means (0, f): contrast factors lie in [1, 1 + f].
    assert layer.factor == (0, 0.5)
    batch = {"images": _images((64, 2, 2, 3))}
    draws = _np(layer.get_random_transformation(batch)["factor"])
    assert draws.min() >= 1.0 and draws.max() <= 1.5 and draws.std() > 0.05


def test_color_degeneration_blends_toward_gray():
    x = _images()
    for factor in (0.3, -0.4):
        out = _np(RandomColorDegeneration(factor=(factor, factor))(x))
        expected = np.clip(x + factor * (_gray(x) - x), 0, 255)
        np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-3)


def test_saturation_multiplies_hsv_saturation():
    x = _images(high=1.0)
    factor = 0.3
    out = _np(RandomSaturation(factor=(factor, factor), value_range=(0, 1))(x))
    scale = factor / (1 - factor)
    expected = _hsv_map(x, lambda h, s, v: (h, min(s * scale, 1.0), v))
    np.testing.assert_allclose(out, expected, atol=1e-5)
    # 0.5 keeps the image; on [0, 255] too.
    out = _np(RandomSaturation(factor=(0.5, 0.5))(x * 255))
    np.testing.assert_allclose(out, x * 255, atol=1e-3)


def test_hue_rotates_by_half_the_factor_in_either_direction():
    x = _images(high=255.0)
    layer = RandomHue(factor=0.6)
    shifts = np.array([0.25, -0.1], "float32")
    out = _np(layer.transform_images(x, {"factor": shifts}))
    for b in range(2):
        expected = _hsv_map(
            x[b] / 255, lambda h, s, v, d=float(shifts[b]): ((h + d) % 1.0, s, v)
        )
        np.testing.assert_allclose(out[b], expected * 255, atol=2e-3)
    batch = {"images": _images((64, 2, 2, 3))}
    draws = _np(layer.get_random_transformation(batch)["factor"])
    assert np.abs(draws).max() <= 0.3 and draws.min() < 0 < draws.max()


def test_color_jitter_chains_its_steps():
    x = _images()
    out = _np(
        RandomColorJitter(brightness_factor=(0.1, 0.1), contrast_factor=(0.0, 0.0))(x)
    )
    np.testing.assert_allclose(out, np.clip(x + 25.5, 0, 255), rtol=1e-5)
    layer = RandomColorJitter(saturation_factor=0.3, hue_factor=0.2, seed=3)
    assert [key for key, _ in layer._steps] == ["saturation", "hue"]


def test_grayscale_and_invert_follow_their_probability():
    x = _images()
    out = _np(RandomGrayscale(factor=1.0)(x))
    np.testing.assert_allclose(out, np.repeat(_gray(x), 3, axis=-1), rtol=1e-5)
    np.testing.assert_array_equal(_np(RandomGrayscale(factor=0.0)(x)), x)
    layer = RandomInvert()
    out = _np(layer.transform_images(x, {"apply": np.array([True, False])}))
    np.testing.assert_allclose(out[0], 255 - x[0], rtol=1e-6)
    np.testing.assert_array_equal(out[1], x[1])
    out = _np(RandomInvert(factor=(1.0, 1.0), value_range=(10, 20))(x / 25.5 + 10))
    np.testing.assert_allclose(out, 20 - (x / 25.5 + 10), atol=1e-5)


def test_posterization_keeps_the_top_bits():
    x = _images()
    for bits, value_range, scale in ((3, (0, 255), 1.0), (5, (0, 1), 255.0)):
        layer = RandomPosterization(factor=(bits, bits), value_range=value_range)
        out = _np(layer(x / scale)) * scale
        levels = np.floor(x).astype("uint8")
        expected = (levels >> (8 - bits)) << (8 - bits)
        np.testing.assert_allclose(out, expected, atol=1e-3)
    assert RandomPosterization(factor=4).factor == (1, 4)


def test_solarization_inverts_at_and_above_the_threshold():
    x = np.arange(0, 256, 8, dtype="float32").reshape(1, 4, 8, 1)
    layer = Solarization(addition_factor=0.2, threshold_factor=0.5)
    transformation = {
        "additions": np.array([0.1], "float32"),
        "thresholds": np.array([0.4], "float32"),
    }
    out = _np(layer.transform_images(x, transformation))
    expected = np.empty_like(x)
    for index, value in np.ndenumerate(x):
        shifted = min(value + 25.5, 255.0)
        expected[index] = shifted if shifted < 102.0 else 255.0 - shifted
    np.testing.assert_allclose(out, expected, atol=1e-4)
    # The default factors (0, 0) invert every pixel.
    np.testing.assert_allclose(_np(Solarization()(x)), 255 - x, atol=1e-3)


def test_inference_is_the_identity_and_seeds_repeat():
    x = _images()
    for cls, kwargs in (
        (RandomBrightness, {"factor": 0.5}),
        (RandomHue, {"factor": 0.5}),
        (RandomGrayscale, {"factor": 1.0}),
        (Solarization, {"threshold_factor": 0.5}),
    ):
        np.testing.assert_array_equal(_np(cls(**kwargs)(x, training=False)), x)
        first = _np(cls(seed=7, **kwargs)(x))
        np.testing.assert_allclose(_np(cls(seed=7, **kwargs)(x)), first, atol=1e-5)
        assert not np.allclose(first, x)


def test_single_image_channels_first_and_dict_inputs():
    x = _images()
    layer = RandomColorDegeneration(factor=(0.5, 0.5))
    expected = _np(layer(x))
    np.testing.assert_allclose(_np(layer(x[1])), expected[1], rtol=1e-6)
    first = RandomColorDegeneration(factor=(0.5, 0.5), data_format="channels_first")
    out = _np(first(np.transpose(x, (0, 3, 1, 2))))
    np.testing.assert_allclose(np.transpose(out, (0, 2, 3, 1)), expected, rtol=1e-6)
    masks = np.ones((2, 4, 5, 1), "float32")
    labels = np.array([[0.0, 1.0], [1.0, 0.0]], "float32")
    out = layer({"images": x, "labels": labels, "segmentation_masks": masks})
    np.testing.assert_allclose(_np(out["images"]), expected, rtol=1e-6)
    np.testing.assert_array_equal(_np(out["labels"]), labels)
    np.testing.assert_array_equal(_np(out["segmentation_masks"]), masks)


def test_integer_images_keep_their_dtype():
    x = _images().astype("uint8")
    out = _np(RandomBrightness(factor=(0.1, 0.1))(x))
    assert out.dtype == np.uint8
    np.testing.assert_array_equal(out, np.clip(np.round(x + 25.5), 0, 255))


@pytest.mark.parametrize(
    "cls, kwargs, keys",
    [
        (RandomBrightness, {"factor": 0.5}, {"factor": (-0.5, 0.5)}),
        (RandomContrast, {"factor": 0.5}, {"factor": (0, 0.5)}),
        (RandomColorDegeneration, {"factor": 0.5}, {"factor": (-0.5, 0.5)}),
        (RandomSaturation, {"factor": (0.2, 0.3)}, {"factor": (0.2, 0.3)}),
        (RandomHue, {"factor": 0.5}, {"factor": (0, 0.5)}),
        (RandomGrayscale, {"factor": 0.3}, {"factor": 0.3}),
        (RandomInvert, {}, {"factor": (0, 1.0), "value_range": (0, 255)}),
        (RandomPosterization, {"factor": 4}, {"factor": (1, 4)}),
        (
            Solarization,
            {"addition_factor": 0.2, "threshold_factor": 0.3},
            {"addition_factor": (0, 0.2), "threshold_factor": (0, 0.3)},
        ),
        (
            RandomColorJitter,
            {"brightness_factor": 0.2, "hue_factor": 0.1, "seed": 4},
            {"brightness_factor": 0.2, "contrast_factor": None, "hue_factor": 0.1},
        ),
    ],
)
def test_config_round_trip(cls, kwargs, keys):
    layer = cls(**kwargs)
    config = layer.get_config()
    for key, value in keys.items():
        assert config[key] == value
    assert config["data_format"] == "channels_last"
    assert ("seed" in config) == (cls is not RandomGrayscale)
    clone = cls.from_config(config)
    assert clone.get_config() == config


def test_value_range_lists_match_keras():
    assert RandomBrightness(factor=0.1).get_config()["value_range"] == [0, 255]
    assert RandomContrast(factor=0.1).get_config()["value_range"] == (0, 255)


def test_argument_errors_name_the_argument():
    with pytest.raises(ValueError, match="factor.*received factor=2"):
        RandomBrightness(factor=2)
    with pytest.raises(ValueError, match="factor"):
        RandomContrast(factor=(0.5, 0.2))
    with pytest.raises(ValueError, match="value_range.*received value_range"):
        RandomHue(factor=0.1, value_range=(1, 0))
    with pytest.raises(ValueError, match="factor.*probability"):
        RandomGrayscale(factor=1.5)
    with pytest.raises(ValueError, match="factor.*integers in \\[1, 8\\]"):
        RandomPosterization(factor=9)
    with pytest.raises(ValueError, match="threshold_factor"):
        Solarization(threshold_factor=-0.1)
    with pytest.raises(ValueError, match="data_format"):
        RandomInvert(data_format="channels_middle")
    with pytest.raises(ValueError, match="rank 3"):
        RandomInvert()(np.zeros((4, 4), "float32"))

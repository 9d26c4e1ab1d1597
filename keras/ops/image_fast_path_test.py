"""Fast paths of the image warps (the registry's "image.affine_transform" entries, such
as TensorFlow's ImageProjectiveTransformV3): each one agrees with the reference
composition on the inputs it takes, in values and gradients, and declines the others
with NotImplemented."""

import numpy as np
import pytest

from keras import ops
from keras.backends import active
from keras.backends.common import registry
from keras.ops import image
from keras.ops import testing

NAME = "image.affine_transform"
FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")


def _entries():
    active.fast_paths()  # loads every op family, so every entry is registered
    return [e for e in active.registry.entries(NAME) if e.guard == "call"]


def _reference(*args, **kwargs):
    registry.set_reference_only(True, active.name)
    try:
        return testing.to_numpy(active.image.affine_transform(*args, **kwargs))
    finally:
        registry.set_reference_only(False, active.name)


def _transforms(batch, height, width, seed):
    """Random rotations, scalings and shifts about the centre, many points outside."""
    rng = np.random.default_rng(seed)
    angle = rng.uniform(-0.8, 0.8, batch)
    scale = rng.uniform(0.6, 1.8, batch)
    cos, sin = np.cos(angle) * scale, np.sin(angle) * scale
    cx, cy = (width - 1) / 2, (height - 1) / 2
    shift_x = rng.uniform(-0.6, 0.6, batch) * width
    shift_y = rng.uniform(-0.6, 0.6, batch) * height
    # c0 and c1 are not read by affine_transform: nonzero ones check that.
    c = rng.uniform(-0.01, 0.01, (2, batch))
    return np.stack(
        [cos, -sin, cx - cos * cx + sin * cy + shift_x,
         sin, cos, cy - sin * cx - cos * cy + shift_y, c[0], c[1]], -1
    ).astype("float32")


def _cases():
    """`(images, transform, kwargs)` covering layouts, ranks and dtypes."""
    x = testing.random_array((3, 9, 11, 2), seed=1, low=0.0, high=1.0)
    t = _transforms(3, 9, 11, seed=2)
    for fill_mode in FILL_MODES:
        for interpolation in ("nearest", "bilinear"):
            kwargs = dict(interpolation=interpolation, fill_mode=fill_mode,
                          fill_value=0.25)
            yield x, t, dict(kwargs, data_format="channels_last")
            yield np.moveaxis(x, -1, 1), t, dict(kwargs, data_format="channels_first")
            yield x[1], t[1], dict(kwargs, data_format="channels_last")
    kwargs = dict(interpolation="bilinear", fill_mode="reflect", fill_value=0.0,
                  data_format="channels_last")
    for dtype in ("float16", "uint8", "int32", "float64"):
        scaled = x * 200 if "int" in dtype else x
        yield scaled.astype(dtype), t, kwargs
    # perspective_transform's (one set of points for the batch) projective warp.
    start = np.asarray([[0, 0], [10, 0], [0, 8], [10, 8]], "float32")
    end = np.asarray([[0.7, 0.4], [9.3, 1.1], [0.2, 7.6], [10.4, 8.3]], "float32")
    projective = testing.to_numpy(active.image.perspective_coefficients(start, end))
    for interpolation in ("nearest", "bilinear"):
        yield x, projective, dict(interpolation=interpolation, fill_mode="constant",
                                  fill_value=0.5, data_format="channels_last",
                                  projective=True)


def _tolerance(dtype):
    if dtype == "float16":
        return 2e-3
    # Integer results are rounded: a float32 sum a hair either side of .5 rounds apart.
    return 1.0 if "int" in dtype else 1e-5


def test_entries_agree_with_the_reference_or_decline():
    entries = _entries()
    accepted = 0
    for images, transform, kwargs in _cases():
        dtype = str(images.dtype)
        expected = _reference(images, transform, **kwargs)
        for entry in entries:
            taken = entry.function(
                active.convert_to_tensor(images), transform, **kwargs
            )
            if taken is NotImplemented:
                continue
            accepted += 1
            taken = testing.to_numpy(taken)
            assert taken.dtype == expected.dtype, (kwargs, dtype)
            tolerance = _tolerance(dtype)
            np.testing.assert_allclose(
                taken.astype("float64"), expected.astype("float64"), rtol=tolerance,
                atol=tolerance, err_msg=f"{entry.note} {dtype} {kwargs}",
            )
    assert accepted or not entries, "every case declined"


def test_entries_take_the_warps_of_the_augmentation_layers():
    """The layers' defaults (bilinear, "reflect") and "constant"/"nearest" in float32
    reach an entry where the backend has one (else the fast path silently idles)."""
    entries = _entries()
    if not entries:
        pytest.skip(f"the {active.name} backend registers no {NAME} entry")
    x = testing.random_array((2, 6, 5, 3), seed=3, low=0.0, high=1.0)
    t = _transforms(2, 6, 5, seed=4)
    for fill_mode in ("reflect", "constant", "nearest"):
        kwargs = dict(interpolation="bilinear", fill_mode=fill_mode, fill_value=0.0,
                      data_format="channels_last")
        taken = [e.function(active.convert_to_tensor(x), t, **kwargs) for e in entries]
        assert any(r is not NotImplemented for r in taken), fill_mode


@pytest.mark.skipif(not testing.has_gradients(), reason="no autodiff on this backend")
@pytest.mark.parametrize("fill_mode", ["constant", "nearest", "reflect"])
def test_gradients_are_the_references(fill_mode):
    x = testing.random_array((2, 6, 7, 2), seed=5, low=0.0, high=1.0)
    t = _transforms(2, 6, 7, seed=6)
    w = ops.convert_to_tensor(testing.random_array((2, 6, 7, 2), seed=7))

    def loss(v):
        out = image.affine_transform(v, t, fill_mode=fill_mode, fill_value=0.5,
                                     data_format="channels_last")
        return ops.sum(out * w)

    fast = testing.gradient(loss, x)
    registry.set_reference_only(True, active.name)
    try:
        expected = testing.gradient(loss, x)
    finally:
        registry.set_reference_only(False, active.name)
    np.testing.assert_allclose(fast, expected, rtol=1e-5, atol=1e-5)

import numpy as np
import pytest

from keras import config
from keras import ops
from keras.layers.regularization.spatial_dropout import SpatialDropout1D
from keras.layers.regularization.spatial_dropout import SpatialDropout2D
from keras.layers.regularization.spatial_dropout import SpatialDropout3D
from keras.layers.testing import run_layer_test

CASES = [
    (SpatialDropout1D, (2, 5, 3), {}),
    (SpatialDropout2D, (2, 4, 5, 3), {"data_format": "channels_last"}),
    (SpatialDropout2D, (2, 3, 4, 5), {"data_format": "channels_first"}),
    (SpatialDropout3D, (2, 3, 4, 2, 3), {"data_format": "channels_last"}),
    (SpatialDropout3D, (2, 3, 2, 4, 3), {"data_format": "channels_first"}),
]


@pytest.mark.parametrize("training", [None, True])
@pytest.mark.parametrize("cls,shape,kwargs", CASES)
def test_harness(cls, shape, kwargs, training):
    run_layer_test(
        cls,
        init_kwargs={"rate": 0.5, "seed": 1, **kwargs},
        input_shape=shape,
        training=training,
        expected_output_shape=shape,
        expected_num_non_trainable_variables=1,
        expected_num_seed_generators=1,
        supports_masking=True,
        # fit() trains whatever `training` is given here: one fit per case.
        run_training_check=training is None,
        input_mask=np.random.default_rng(2).random(shape[:-1]) > 0.3,
        expected_mask_shape=shape[:-1],
    )


@pytest.mark.parametrize("cls,shape,kwargs", CASES)
def test_whole_channels_dropped(cls, shape, kwargs):
    batch_and_channels = (400, 50)
    channels_first = kwargs.get("data_format") == "channels_first"
    spatial = shape[2:] if channels_first else shape[1:-1]
    full = (
        batch_and_channels + spatial
        if channels_first
        else batch_and_channels[:1] + spatial + batch_and_channels[1:]
    )
    x = np.random.default_rng(0).uniform(1.0, 2.0, full).astype("float32")
    rate = 0.3
    out = ops.convert_to_numpy(cls(rate, seed=2, **kwargs)(x, training=True))
    channel_axis = 1 if channels_first else -1
    spatial_axes = tuple(
        a for a in range(1, x.ndim) if a != (channel_axis % x.ndim)
    )
    dropped = out == 0
    # Each (sample, channel) map is dropped entirely or kept entirely.
    all_dropped = dropped.all(axis=spatial_axes)
    none_dropped = (~dropped).all(axis=spatial_axes)
    assert np.all(all_dropped | none_dropped)
    assert abs(all_dropped.mean() - rate) < 0.02
    np.testing.assert_allclose(out[~dropped], x[~dropped] / (1 - rate), rtol=1e-5)


def test_identity_at_inference():
    x = np.random.default_rng(1).standard_normal((2, 4, 4, 3)).astype("float32")
    np.testing.assert_array_equal(ops.convert_to_numpy(SpatialDropout2D(0.5)(x)), x)


def test_same_seed_same_mask():
    x = np.ones((4, 3, 3, 16), dtype="float32")
    a = SpatialDropout2D(0.5, seed=9)(x, training=True)
    b = SpatialDropout2D(0.5, seed=9)(x, training=True)
    np.testing.assert_array_equal(ops.convert_to_numpy(a), ops.convert_to_numpy(b))


def test_default_data_format_follows_config():
    assert SpatialDropout2D(0.5).data_format == config.image_data_format()
    config.set_image_data_format("channels_first")
    try:
        assert SpatialDropout3D(0.5).data_format == "channels_first"
    finally:
        config.set_image_data_format("channels_last")


def test_config_keys():
    assert "data_format" not in SpatialDropout1D(0.2).get_config()
    config_2d = SpatialDropout2D(0.2, data_format="channels_first", seed=3).get_config()
    assert config_2d["data_format"] == "channels_first"
    assert config_2d["rate"] == 0.2 and config_2d["seed"] == 3
    assert "noise_shape" not in config_2d


def test_invalid_arguments():
    with pytest.raises(ValueError, match="`data_format` must be"):
        SpatialDropout2D(0.5, data_format="nhwc")
    with pytest.raises(ValueError, match="`rate` must be a float between 0 and 1"):
        SpatialDropout1D(2.0)
    with pytest.raises(ValueError, match="expected ndim=4"):
        SpatialDropout2D(0.5)(np.ones((2, 3, 4), dtype="float32"))

import numpy as np
import pytest

from keras import layers
from keras.backends import active
from keras.layers.pooling import numpy_reference
from keras.layers.pooling.max_pooling import MaxPooling1D
from keras.layers.pooling.max_pooling import MaxPooling2D
from keras.layers.pooling.max_pooling import MaxPooling3D
from keras.layers.testing import FIT_GAPS
from keras.layers.testing import run_layer_test
from keras.models import Model

CLASSES = {1: MaxPooling1D, 2: MaxPooling2D, 3: MaxPooling3D}

# (spatial shape, pool_size, strides, padding): odd sizes, windows that do not tile
# the input, overlapping windows and "same" padding on both sides.
CASES = [
    ((7,), 2, None, "valid"),
    ((7,), 3, 2, "same"),
    ((6,), 4, 1, "same"),
    ((7,), 3, 1, "valid"),
    ((7, 6), (2, 2), None, "valid"),
    ((7, 6), (3, 2), (2, 1), "same"),
    ((5, 7), 3, 2, "valid"),
    ((5, 4), (2, 3), 1, "same"),
    ((5, 4, 3), 2, None, "valid"),
    ((5, 4, 3), (3, 2, 2), (2, 1, 2), "same"),
]


def _random(shape):
    return np.random.default_rng(0).standard_normal(shape).astype("float32")


def _image(spatial, data_format, batch=2, channels=3):
    if data_format == "channels_first":
        return _random((batch, channels, *spatial))
    return _random((batch, *spatial, channels))


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("spatial,pool_size,strides,padding", CASES)
def test_max_pooling(spatial, pool_size, strides, padding, data_format):
    rank = len(spatial)
    x = _image(spatial, data_format)
    sizes = (pool_size,) * rank if isinstance(pool_size, int) else pool_size
    steps = sizes if strides is None else strides
    steps = (steps,) * rank if isinstance(steps, int) else steps
    expected = numpy_reference.pool(x, sizes, steps, padding, data_format, "max")
    run_layer_test(
        CLASSES[rank],
        init_kwargs={
            "pool_size": pool_size,
            "strides": strides,
            "padding": padding,
            "data_format": data_format,
        },
        input_data=x,
        expected_output=expected,
        expected_output_shape=expected.shape,
        # float16 pools alike: once per rank and data format is enough (3-D has its
        # own test below).
        run_mixed_precision_check=strides is None and rank < 3,
    )


# TensorFlow has no float16 MaxPool3D kernel on CPU: its backend pools in float32.
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_max_pooling3d_mixed_float16(data_format):
    x = _image((5, 4, 3), data_format)
    expected = numpy_reference.pool(
        x, (2, 2, 2), (2, 2, 2), "valid", data_format, "max"
    )
    run_layer_test(
        MaxPooling3D,
        init_kwargs={"data_format": data_format},
        input_data=x,
        expected_output=expected,
        run_mixed_precision_check=True,
    )


def test_known_values():
    # "same" with window 2, stride 1 over 5 steps pads one step after the end.
    x = np.array([1.0, 3.0, 2.0, 0.0, 5.0], dtype="float32").reshape(1, 5, 1)
    run_layer_test(
        MaxPooling1D,
        init_kwargs={"pool_size": 2, "strides": 1, "padding": "same"},
        input_data=x,
        expected_output=np.array([3.0, 3.0, 2.0, 5.0, 5.0]).reshape(1, 5, 1),
    )


def test_defaults_and_config():
    for rank, cls in CLASSES.items():
        config = cls().get_config()
        assert config["pool_size"] == (2,) * rank
        assert config["strides"] == (2,) * rank
        assert config["padding"] == "valid"
        assert config["data_format"] == "channels_last"
        assert set(config) == {
            "name", "trainable", "dtype", "pool_size", "padding", "strides",
            "data_format",
        }
    layer = MaxPooling2D([3, 2], strides=[1, 2], padding="SAME", name="pool")
    config = layer.get_config()
    assert (config["pool_size"], config["strides"]) == ((3, 2), (1, 2))
    assert config["padding"] == "same" and config["name"] == "pool"
    assert MaxPooling2D.from_config(config).get_config() == config


def test_aliases_are_the_same_classes():
    assert layers.MaxPool1D is layers.MaxPooling1D is MaxPooling1D
    assert layers.MaxPool2D is layers.MaxPooling2D is MaxPooling2D
    assert layers.MaxPool3D is layers.MaxPooling3D is MaxPooling3D


def test_compute_output_shape_with_unknown_dims():
    layer = MaxPooling2D((3, 2), strides=(2, 1), padding="valid")
    assert layer.compute_output_shape((None, 7, None, 4)) == (None, 3, None, 4)
    layer = MaxPooling1D(3, strides=2, padding="same", data_format="channels_first")
    assert layer.compute_output_shape((None, 4, 7)) == (None, 4, 4)


def test_invalid_arguments():
    with pytest.raises(ValueError, match="`pool_size` must be an int or a tuple of 2"):
        MaxPooling2D(0)
    with pytest.raises(ValueError, match="`pool_size` must be an int or a tuple of 2"):
        MaxPooling2D((2, 2, 2))
    with pytest.raises(ValueError, match="`pool_size` must be .* got pool_size=2.5"):
        MaxPooling1D(2.5)
    with pytest.raises(ValueError, match="`strides` must be an int or a tuple of 3"):
        MaxPooling3D(2, strides=(1, 0, 1))
    with pytest.raises(ValueError, match="`padding` must be 'valid' or 'same'"):
        MaxPooling1D(2, padding="full")
    with pytest.raises(ValueError, match="`data_format` must be 'channels_last' or"):
        MaxPooling2D(data_format="nhwc")
    with pytest.raises(ValueError, match="expected ndim=4"):
        MaxPooling2D()(_random((1, 4, 4)))


def test_window_larger_than_symbolic_input():
    with pytest.raises(ValueError, match="MaxPooling2D: the output would be empty"):
        MaxPooling2D(3).compute_output_shape((None, 2, 2, 1))


@pytest.mark.skipif(active.name in FIT_GAPS, reason=FIT_GAPS.get(active.name, ""))
def test_gradients_flow_through_pooling_in_fit():
    # The layer has no weights of its own: a Dense before it must still train.
    inputs = layers.Input((5, 4, 3))
    dense = layers.Dense(2)
    model = Model(inputs, MaxPooling2D(2, padding="same")(dense(inputs)))
    model.compile(optimizer="sgd", loss="mse")
    kernel = np.array(dense.kernel.numpy())
    history = model.fit(
        _random((4, 5, 4, 3)), _random((4, 3, 2, 2)), epochs=2, verbose=0
    )
    assert np.all(np.isfinite(history.history["loss"]))
    assert not np.array_equal(np.asarray(dense.kernel.numpy()), kernel)

import numpy as np
import pytest

from keras import layers
from keras.backends import active
from keras.layers.pooling import numpy_reference
from keras.layers.pooling.adaptive_pooling import AdaptiveAveragePooling1D
from keras.layers.pooling.adaptive_pooling import AdaptiveAveragePooling2D
from keras.layers.pooling.adaptive_pooling import AdaptiveAveragePooling3D
from keras.layers.pooling.adaptive_pooling import AdaptiveMaxPooling1D
from keras.layers.pooling.adaptive_pooling import AdaptiveMaxPooling2D
from keras.layers.pooling.adaptive_pooling import AdaptiveMaxPooling3D
from keras.layers.testing import FIT_GAPS
from keras.layers.testing import run_layer_test
from keras.models import Model

CLASSES = {
    ("max", 1): AdaptiveMaxPooling1D,
    ("max", 2): AdaptiveMaxPooling2D,
    ("max", 3): AdaptiveMaxPooling3D,
    ("mean", 1): AdaptiveAveragePooling1D,
    ("mean", 2): AdaptiveAveragePooling2D,
    ("mean", 3): AdaptiveAveragePooling3D,
}

# (spatial shape, output_size): sizes that do not divide (overlapping windows), an
# output larger than the input (windows repeat entries), equal sizes, size 1.
CASES = {
    1: [((7,), 3), ((7,), 9), ((5,), 5), ((6,), 1)],
    2: [((7, 5), (3, 2)), ((4, 5), 6), ((5, 6), (5, 1))],
    3: [((5, 4, 3), (2, 3, 2)), ((3, 4, 2), 3)],
}


def _random(shape):
    return np.random.default_rng(0).standard_normal(shape).astype("float32")


def _image(spatial, data_format, batch=2, channels=3):
    if data_format == "channels_first":
        return _random((batch, channels, *spatial))
    return _random((batch, *spatial, channels))


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize(
    "reduce,rank,spatial,output_size",
    [(reduce, rank, *case) for reduce, rank in CLASSES for case in CASES[rank]],
)
def test_adaptive_pooling(reduce, rank, spatial, output_size, data_format):
    x = _image(spatial, data_format)
    sizes = (output_size,) * rank if isinstance(output_size, int) else output_size
    expected = numpy_reference.adaptive_pool(x, sizes, data_format, reduce)
    run_layer_test(
        CLASSES[reduce, rank],
        init_kwargs={"output_size": output_size, "data_format": data_format},
        input_data=x,
        expected_output=expected,
        expected_output_shape=expected.shape,
        # float16 pools alike: once per class and data format is enough.
        run_mixed_precision_check=spatial == CASES[rank][0][0],
    )


def test_known_values():
    # 7 steps to 3: windows [0, 3), [2, 5), [4, 7); to 9: [0, 1), [0, 2), [1, 3)...
    x = np.arange(7, dtype="float32").reshape(1, 7, 1)
    cases = [
        (AdaptiveAveragePooling1D, 3, [1.0, 3.0, 5.0]),
        (AdaptiveMaxPooling1D, 3, [2.0, 4.0, 6.0]),
        (
            AdaptiveAveragePooling1D,
            9,
            [0.0, 0.5, 1.5, 2.5, 3.0, 3.5, 4.5, 5.5, 6.0],
        ),
    ]
    for cls, output_size, expected in cases:
        got = active.convert_to_numpy(cls(output_size)(x))
        np.testing.assert_allclose(np.ravel(got), expected, rtol=1e-6)


def test_config():
    for (_, rank), cls in CLASSES.items():
        config = cls(2).get_config()
        assert config["output_size"] == (2,) * rank
        assert config["data_format"] == "channels_last"
        assert set(config) == {
            "name", "trainable", "dtype", "output_size", "data_format"
        }
    config = AdaptiveMaxPooling2D([2, 3], data_format="channels_first").get_config()
    assert config["output_size"] == (2, 3)
    assert AdaptiveMaxPooling2D.from_config(config).get_config() == config


def test_aliases_resolve():
    assert layers.AdaptiveAveragePooling1D is AdaptiveAveragePooling1D
    assert layers.AdaptiveAveragePooling2D is AdaptiveAveragePooling2D
    assert layers.AdaptiveAveragePooling3D is AdaptiveAveragePooling3D
    assert layers.AdaptiveMaxPooling1D is AdaptiveMaxPooling1D
    assert layers.AdaptiveMaxPooling2D is AdaptiveMaxPooling2D
    assert layers.AdaptiveMaxPooling3D is AdaptiveMaxPooling3D


def test_compute_output_shape_with_unknown_dims():
    layer = AdaptiveAveragePooling1D(3)
    assert layer.compute_output_shape((None, None, 4)) == (None, 3, 4)
    layer = AdaptiveMaxPooling2D((2, 5), data_format="channels_first")
    assert layer.compute_output_shape((None, 4, None, 7)) == (None, 4, 2, 5)


def test_invalid_arguments():
    # A wrong kind of output_size is a TypeError, as in Keras.
    with pytest.raises(TypeError, match="`output_size` must be an int or a tuple of 2"):
        AdaptiveAveragePooling2D((2, 3, 4))
    with pytest.raises(TypeError, match="got output_size=2.0"):
        AdaptiveMaxPooling2D(2.0)
    with pytest.raises(ValueError, match="each >= 1; got output_size=0"):
        AdaptiveMaxPooling1D(0)
    with pytest.raises(ValueError, match="`data_format` must be 'channels_last' or"):
        AdaptiveAveragePooling2D(2, data_format="foo")
    with pytest.raises(ValueError, match="expected ndim=4"):
        AdaptiveAveragePooling2D(2)(_random((1, 5, 5)))


@pytest.mark.skipif(active.name in FIT_GAPS, reason=FIT_GAPS.get(active.name, ""))
@pytest.mark.parametrize("cls", [AdaptiveAveragePooling2D, AdaptiveMaxPooling2D])
def test_gradients_flow_through_pooling_in_fit(cls):
    # The layer has no weights of its own: a Dense before it must still train.
    inputs = layers.Input((7, 5, 3))
    dense = layers.Dense(2)
    model = Model(inputs, cls((3, 2))(dense(inputs)))
    model.compile(optimizer="sgd", loss="mse")
    kernel = np.array(dense.kernel.numpy())
    history = model.fit(
        _random((4, 7, 5, 3)), _random((4, 3, 2, 2)), epochs=2, verbose=0
    )
    assert np.all(np.isfinite(history.history["loss"]))
    assert not np.array_equal(np.asarray(dense.kernel.numpy()), kernel)

import numpy as np
import pytest

from keras import config
from keras import layers
from keras.backends import active
from keras.layers.pooling import numpy_reference
from keras.layers.pooling.global_pooling import GlobalAveragePooling1D
from keras.layers.pooling.global_pooling import GlobalAveragePooling2D
from keras.layers.pooling.global_pooling import GlobalAveragePooling3D
from keras.layers.pooling.global_pooling import GlobalMaxPooling1D
from keras.layers.pooling.global_pooling import GlobalMaxPooling2D
from keras.layers.pooling.global_pooling import GlobalMaxPooling3D
from keras.layers.testing import FIT_GAPS
from keras.layers.testing import run_layer_test
from keras.models import Model

CLASSES = {
    ("max", 1): GlobalMaxPooling1D,
    ("max", 2): GlobalMaxPooling2D,
    ("max", 3): GlobalMaxPooling3D,
    ("mean", 1): GlobalAveragePooling1D,
    ("mean", 2): GlobalAveragePooling2D,
    ("mean", 3): GlobalAveragePooling3D,
}
SPATIAL = {1: (7,), 2: (5, 3), 3: (3, 4, 5)}


def _random(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def _image(spatial, data_format, batch=2, channels=3):
    if data_format == "channels_first":
        return _random((batch, channels, *spatial))
    return _random((batch, *spatial, channels))


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("reduce,rank", list(CLASSES))
def test_global_pooling(reduce, rank, data_format, keepdims):
    x = _image(SPATIAL[rank], data_format)
    expected = numpy_reference.global_pool(x, data_format, reduce, keepdims)
    run_layer_test(
        CLASSES[reduce, rank],
        init_kwargs={"data_format": data_format, "keepdims": keepdims},
        input_data=x,
        expected_output=expected,
        expected_output_shape=expected.shape,
        supports_masking=reduce == "mean" and rank == 1,
        run_mixed_precision_check=not keepdims,
    )


def _mask(batch, steps, seed=1):
    mask = np.random.default_rng(seed).random((batch, steps)) < 0.6
    mask[:, 0] = True  # every sequence keeps a step: the mean is defined
    return mask


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_masked_average_1d(data_format, keepdims):
    x = _image((6,), data_format, batch=3)
    mask = _mask(3, 6)
    expected = numpy_reference.global_pool(x, data_format, "mean", keepdims, mask)
    # The masked mean differs from the plain one: the mask is really used.
    plain = numpy_reference.global_pool(x, data_format, "mean", keepdims)
    assert not np.allclose(expected, plain)
    run_layer_test(
        GlobalAveragePooling1D,
        init_kwargs={"data_format": data_format, "keepdims": keepdims},
        input_data=x,
        input_mask=mask,
        expected_output=expected,
        expected_output_shape=expected.shape,
        supports_masking=True,
    )


def test_mask_entries_count_as_kept_or_not():
    # A float mask is read as kept (non-zero) or not, never as weights.
    x = _random((2, 4, 3))
    weights = np.array([[2.0, 0.0, 1.0, 0.5], [0.0, 3.0, 0.0, 1.0]], dtype="float32")
    got = GlobalAveragePooling1D()(x, mask=weights)
    expected = numpy_reference.global_pool(x, "channels_last", "mean", False, weights)
    np.testing.assert_allclose(active.convert_to_numpy(got), expected, rtol=1e-5)


# 0 / 0 is the point of this test: NumPy warns about it.
@pytest.mark.filterwarnings("ignore:invalid value encountered")
def test_fully_masked_sequence_gives_nan():
    x = _random((2, 3, 2))
    mask = np.array([[True, False, True], [False, False, False]])
    got = np.asarray(active.convert_to_numpy(GlobalAveragePooling1D()(x, mask=mask)))
    np.testing.assert_allclose(got[0], (x[0, 0] + x[0, 2]) / 2, rtol=1e-5)
    assert np.all(np.isnan(got[1]))


def test_mask_of_an_embedding_is_used_and_not_passed_on():
    tokens = np.array([[3, 1, 0, 0], [2, 4, 4, 0]], dtype="int32")
    inputs = layers.Input((4,), dtype="int32")
    embedding = layers.Embedding(5, 3, mask_zero=True)
    pooled = GlobalAveragePooling1D()(embedding(inputs))
    assert getattr(pooled, "_keras_mask", None) is None
    got = Model(inputs, pooled).predict(tokens, verbose=0)
    table = np.asarray(embedding.embeddings.numpy())
    expected = numpy_reference.global_pool(
        table[tokens], "channels_last", "mean", False, tokens != 0
    )
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_defaults_and_config():
    for cls in CLASSES.values():
        config_ = cls().get_config()
        assert config_["data_format"] == "channels_last"
        assert config_["keepdims"] is False
        assert set(config_) == {"name", "trainable", "dtype", "data_format", "keepdims"}
    layer = GlobalMaxPooling2D(data_format="channels_first", keepdims=True)
    assert GlobalMaxPooling2D.from_config(layer.get_config()).keepdims is True


def test_default_data_format_follows_config():
    config.set_image_data_format("channels_first")
    try:
        assert GlobalAveragePooling2D().data_format == "channels_first"
    finally:
        config.set_image_data_format("channels_last")


def test_only_the_1d_average_supports_masking():
    assert GlobalAveragePooling1D().supports_masking
    for key, cls in CLASSES.items():
        if key != ("mean", 1):
            assert not cls().supports_masking


def test_aliases_are_the_same_classes():
    assert layers.GlobalMaxPool1D is layers.GlobalMaxPooling1D is GlobalMaxPooling1D
    assert layers.GlobalMaxPool2D is layers.GlobalMaxPooling2D is GlobalMaxPooling2D
    assert layers.GlobalMaxPool3D is layers.GlobalMaxPooling3D is GlobalMaxPooling3D
    assert layers.GlobalAvgPool1D is layers.GlobalAveragePooling1D
    assert layers.GlobalAvgPool2D is layers.GlobalAveragePooling2D
    assert layers.GlobalAvgPool3D is layers.GlobalAveragePooling3D
    assert layers.GlobalAveragePooling3D is GlobalAveragePooling3D


def test_compute_output_shape_with_unknown_dims():
    assert GlobalMaxPooling1D().compute_output_shape((None, None, 4)) == (None, 4)
    layer = GlobalAveragePooling2D(data_format="channels_first", keepdims=True)
    assert layer.compute_output_shape((None, 3, None, 5)) == (None, 3, 1, 1)
    layer = GlobalMaxPooling3D(keepdims=True)
    assert layer.compute_output_shape((None, 2, None, 4, 6)) == (None, 1, 1, 1, 6)


def test_invalid_arguments():
    with pytest.raises(ValueError, match="`data_format` must be 'channels_last' or"):
        GlobalMaxPooling2D(data_format="x")
    with pytest.raises(ValueError, match="expected ndim=3"):
        GlobalAveragePooling1D()(_random((2, 3, 4, 5)))
    with pytest.raises(ValueError, match="expected ndim=5"):
        GlobalMaxPooling3D()(_random((2, 3, 4, 5)))


@pytest.mark.skipif(active.name in FIT_GAPS, reason=FIT_GAPS.get(active.name, ""))
@pytest.mark.parametrize("cls", [GlobalMaxPooling2D, GlobalAveragePooling1D])
def test_gradients_flow_through_pooling_in_fit(cls):
    # The layer has no weights of its own: a Dense before it must still train.
    shape = (5, 4, 3) if cls is GlobalMaxPooling2D else (5, 3)
    inputs = layers.Input(shape)
    dense = layers.Dense(2)
    model = Model(inputs, cls()(dense(inputs)))
    model.compile(optimizer="sgd", loss="mse")
    kernel = np.array(dense.kernel.numpy())
    history = model.fit(_random((4, *shape)), _random((4, 2)), epochs=2, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
    assert not np.array_equal(np.asarray(dense.kernel.numpy()), kernel)


@pytest.mark.skipif(active.name in FIT_GAPS, reason=FIT_GAPS.get(active.name, ""))
def test_masked_average_trains_an_embedding():
    tokens = np.array([[3, 1, 0, 0], [2, 4, 4, 0], [1, 0, 0, 0]], dtype="int32")
    inputs = layers.Input((4,), dtype="int32")
    embedding = layers.Embedding(5, 3, mask_zero=True)
    model = Model(inputs, GlobalAveragePooling1D()(embedding(inputs)))
    model.compile(optimizer="sgd", loss="mse")
    table = np.array(embedding.embeddings.numpy())
    history = model.fit(tokens, _random((3, 3)), epochs=2, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
    moved = ~np.all(np.isclose(np.asarray(embedding.embeddings.numpy()), table), axis=1)
    # Only the rows of kept tokens get a gradient; row 0 (the padding) is masked out.
    np.testing.assert_array_equal(moved, [False, True, True, True, True])

"""Cross-entropy losses against NumPy references: logits, smoothing, ignore_class."""

import numpy as np
import pytest

from keras import losses
from keras.ops import testing

EPSILON = 1e-7


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def ref_bce(t, p, smoothing=0.0, axis=-1):
    t = t * (1 - smoothing) + 0.5 * smoothing
    p = np.clip(p, EPSILON, 1 - EPSILON)
    return np.mean(-(t * np.log(p) + (1 - t) * np.log(1 - p)), axis=axis)


def ref_cce(t, p, smoothing=0.0, axis=-1):
    t = t * (1 - smoothing) + smoothing / t.shape[axis]
    p = np.clip(p / p.sum(axis=axis, keepdims=True), EPSILON, 1 - EPSILON)
    return -np.sum(t * np.log(p), axis=axis)


def ref_scce(labels, p):
    p = np.clip(p / p.sum(axis=-1, keepdims=True), EPSILON, 1 - EPSILON)
    return -np.log(np.take_along_axis(p, labels[..., None], axis=-1)[..., 0])


def probabilities(shape, seed):
    return testing.random_array(shape, seed=seed, low=0.01, high=1.0)


def binary_labels(shape, seed):
    draws = testing.random_array(shape, seed=seed, low=0, high=1)
    return (draws > 0.5).astype("float32")


def one_hot(labels, classes):
    return np.eye(classes, dtype="float32")[labels]


@pytest.mark.parametrize("shape", [(6,), (6, 4), (6, 3, 4)])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_binary_crossentropy(shape, smoothing):
    y_true = binary_labels(shape, seed=1)
    y_pred = probabilities(shape, seed=2)
    expected = ref_bce(y_true, y_pred.astype("float64"), smoothing).astype("float32")
    result = losses.binary_crossentropy(y_true, y_pred, label_smoothing=smoothing)
    testing.assert_close(result, expected, rtol=1e-5)
    loss = losses.BinaryCrossentropy(label_smoothing=smoothing)
    testing.assert_close(loss(y_true, y_pred), np.float32(np.mean(expected)), rtol=1e-5)


@pytest.mark.parametrize("shape", [(6,), (6, 4), (6, 3, 4)])
def test_binary_crossentropy_from_logits_equals_sigmoid_first(shape):
    y_true = testing.random_array(shape, seed=3, low=0, high=1)
    logits = testing.random_array(shape, seed=4)
    testing.assert_close(
        losses.binary_crossentropy(y_true, logits, from_logits=True),
        losses.binary_crossentropy(y_true, sigmoid(logits).astype("float32")),
        rtol=1e-4,
        atol=1e-6,
    )


def test_binary_crossentropy_axis():
    y_true = testing.random_array((4, 5), seed=5, low=0, high=1)
    y_pred = probabilities((4, 5), seed=6)
    expected = ref_bce(y_true, y_pred, axis=0).astype("float32")
    result = losses.binary_crossentropy(y_true, y_pred, axis=0)
    testing.assert_close(result, expected, rtol=1e-5)
    loss = losses.BinaryCrossentropy(axis=0, reduction=None)
    testing.assert_close(loss(y_true, y_pred), expected, rtol=1e-5)


@pytest.mark.parametrize("shape", [(6, 4), (6, 3, 4)])
@pytest.mark.parametrize("smoothing", [0.0, 0.1])
def test_categorical_crossentropy(shape, smoothing):
    labels = testing.random_array(shape[:-1], "int32", seed=7, low=0, high=shape[-1])
    y_true = one_hot(labels, shape[-1])
    y_pred = probabilities(shape, seed=8)
    expected = ref_cce(y_true, y_pred.astype("float64"), smoothing).astype("float32")
    result = losses.categorical_crossentropy(y_true, y_pred, label_smoothing=smoothing)
    testing.assert_close(result, expected, rtol=1e-5)
    loss = losses.CategoricalCrossentropy(label_smoothing=smoothing)
    testing.assert_close(loss(y_true, y_pred), np.float32(expected.mean()), rtol=1e-5)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_categorical_crossentropy_from_logits_and_axis(axis):
    y_true = softmax(testing.random_array((4, 5, 3), seed=9), axis=axis)
    logits = testing.random_array((4, 5, 3), seed=10)
    result = losses.categorical_crossentropy(
        y_true, logits, from_logits=True, axis=axis
    )
    expected = ref_cce(y_true, softmax(logits.astype("float64"), axis=axis), axis=axis)
    testing.assert_close(result, expected.astype("float32"), rtol=1e-4, atol=1e-6)


def test_categorical_crossentropy_warns_on_one_class():
    with pytest.warns(SyntaxWarning, match="num_classes > 1"):
        ones = np.ones((3, 1), "float32")
        losses.categorical_crossentropy(ones, ones)


@pytest.mark.parametrize("shape", [(6, 4), (6, 3, 4)])
@pytest.mark.parametrize("trailing_axis", [False, True])
def test_sparse_categorical_crossentropy(shape, trailing_axis):
    labels = testing.random_array(shape[:-1], "int32", seed=11, low=0, high=shape[-1])
    y_pred = probabilities(shape, seed=12)
    expected = ref_scce(labels, y_pred.astype("float64")).astype("float32")
    y_true = labels[..., None] if trailing_axis else labels
    testing.assert_close(
        losses.sparse_categorical_crossentropy(y_true, y_pred), expected, rtol=1e-5
    )
    loss = losses.SparseCategoricalCrossentropy()
    testing.assert_close(loss(y_true, y_pred), np.float32(expected.mean()), rtol=1e-5)


def test_sparse_categorical_crossentropy_from_logits():
    labels = testing.random_array((6,), "int32", seed=13, low=0, high=5)
    logits = testing.random_array((6, 5), seed=14)
    expected = -np.log(softmax(logits.astype("float64"))[np.arange(6), labels])
    result = losses.SparseCategoricalCrossentropy(from_logits=True, reduction=None)(
        labels, logits
    )
    testing.assert_close(result, expected.astype("float32"), rtol=1e-5)


@pytest.mark.parametrize("label_dtype", ["int32", "int64", "float32"])
@pytest.mark.parametrize("from_logits", [True, False])
def test_sparse_categorical_crossentropy_class_on_tensors(label_dtype, from_logits):
    # Tensors take the loss's shortest route (one fused op on torch); labels out of
    # range (-100 is torch's ignore_index) add 0 and still count in the mean, as on the
    # general route that sample weights take.
    from keras import ops

    labels = np.array([0, 3, -100, 2, 7, -1, 1, 3], dtype=label_dtype)
    y_pred = probabilities((8, 4), seed=18)
    if from_logits:
        y_pred = np.log(y_pred)
    p = softmax(y_pred.astype("float64")) if from_logits else y_pred.astype("float64")
    p = p if from_logits else np.clip(p / p.sum(-1, keepdims=True), EPSILON, 1 - EPSILON)
    int_labels = labels.astype("int64")
    valid = (int_labels >= 0) & (int_labels < 4)
    picked = p[np.arange(8), np.where(valid, int_labels, 0)]
    expected = np.float32(np.mean(np.where(valid, -np.log(picked), 0.0)))
    loss = losses.SparseCategoricalCrossentropy(from_logits=from_logits)
    y_true_t, y_pred_t = ops.convert_to_tensor(labels), ops.convert_to_tensor(y_pred)
    testing.assert_close(loss(y_true_t, y_pred_t), expected, rtol=1e-5)
    weighted = loss(y_true_t, y_pred_t, sample_weight=np.ones(8, "float32"))
    testing.assert_close(weighted, expected, rtol=1e-5)
    # Half-precision predictions are computed in the loss dtype (float32).
    half = loss(y_true_t, ops.convert_to_tensor(y_pred.astype("float16")))
    testing.assert_close(half, expected, rtol=2e-3, atol=2e-3)


@pytest.mark.parametrize(
    "labels, ignore_class",
    [
        ([[0, 2, 1], [-1, 1, 2], [2, 0, -1]], -1),
        ([[0, 2, 1], [1, 1, 2], [2, 0, 0]], 2),
    ],
)
def test_sparse_categorical_crossentropy_ignore_class(labels, ignore_class):
    labels = np.array(labels, "int32")
    y_pred = probabilities((3, 3, 3), seed=15)
    keep = labels != ignore_class
    per_element = ref_scce(np.where(keep, labels, 0), y_pred.astype("float64"))
    per_element = np.where(keep, per_element, 0.0)
    function = losses.sparse_categorical_crossentropy(
        labels, y_pred, ignore_class=ignore_class
    )
    testing.assert_close(function, per_element.astype("float32"), rtol=1e-5)
    # The mean is over the kept labels only.
    loss = losses.SparseCategoricalCrossentropy(ignore_class=ignore_class)
    expected = per_element.sum() / keep.sum()
    testing.assert_close(loss(labels, y_pred), np.float32(expected), rtol=1e-5)
    total = losses.SparseCategoricalCrossentropy(
        ignore_class=ignore_class, reduction="sum"
    )
    expected = np.float32(per_element.sum())
    testing.assert_close(total(labels, y_pred), expected, rtol=1e-5)


@pytest.mark.parametrize("q", [0.3, 0.5, 1.0])
@pytest.mark.parametrize("trailing_axis", [False, True])
def test_categorical_generalized_cross_entropy(q, trailing_axis):
    labels = testing.random_array((8,), "int32", seed=16, low=0, high=4)
    y_pred = softmax(testing.random_array((8, 4), seed=17)).astype("float32")
    p = y_pred.astype("float64")[np.arange(8), labels]
    expected = ((1 - p**q) / q).astype("float32")
    y_true = labels[:, None] if trailing_axis else labels
    testing.assert_close(
        losses.categorical_generalized_cross_entropy(y_true, y_pred, q=q),
        expected,
        rtol=1e-5,
    )
    loss = losses.CategoricalGeneralizedCrossEntropy(q=q)
    testing.assert_close(loss(y_true, y_pred), np.float32(expected.mean()), rtol=1e-5)


CONFIGS = [
    (
        losses.BinaryCrossentropy,
        {"from_logits": True, "label_smoothing": 0.1, "axis": 0},
    ),
    (
        losses.CategoricalCrossentropy,
        {"from_logits": True, "label_smoothing": 0.2, "axis": 1},
    ),
    (losses.SparseCategoricalCrossentropy, {"from_logits": True, "ignore_class": -1}),
    (losses.CategoricalGeneralizedCrossEntropy, {"q": 0.7}),
]


@pytest.mark.parametrize("cls, arguments", CONFIGS)
def test_config_round_trip(cls, arguments):
    loss = cls(reduction="sum", name="custom", **arguments)
    config = loss.get_config()
    assert {key: config[key] for key in arguments} == arguments
    assert config["reduction"] == "sum" and config["name"] == "custom"
    assert cls.from_config(config).get_config() == config


def test_default_configs():
    assert losses.BinaryCrossentropy().get_config() == {
        "name": "binary_crossentropy",
        "reduction": "sum_over_batch_size",
        "dtype": "float32",
        "from_logits": False,
        "label_smoothing": 0.0,
        "axis": -1,
    }
    assert losses.SparseCategoricalCrossentropy().get_config()["ignore_class"] is None
    assert losses.CategoricalGeneralizedCrossEntropy().q == 0.5


def test_errors():
    with pytest.raises(ValueError, match=r"`label_smoothing` must be a float in"):
        losses.BinaryCrossentropy(label_smoothing=1.5)
    with pytest.raises(TypeError, match="`from_logits` must be a bool"):
        losses.CategoricalCrossentropy(from_logits="yes")
    with pytest.raises(ValueError, match="`axis` must be an int"):
        losses.categorical_crossentropy(np.ones((2, 2)), np.ones((2, 2)), axis=True)
    with pytest.raises(TypeError, match="`ignore_class` must be an int or None"):
        losses.SparseCategoricalCrossentropy(ignore_class=1.5)
    with pytest.raises(ValueError, match="`q` must be a positive number"):
        losses.CategoricalGeneralizedCrossEntropy(q=0.0)
    with pytest.raises(ValueError, match="same shape"):
        losses.binary_crossentropy(
            np.ones((2, 3), "float32"), np.ones((2, 4), "float32")
        )

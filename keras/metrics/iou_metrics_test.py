import numpy as np
import pytest

from keras import metrics
from keras.metrics import testing

EPS = 1e-7
C = 4
SIZES = [7, 6, 5]
N = sum(SIZES)


def _data(seed=0, shape=(N,)):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, C, shape).astype("int32")
    y_pred = np.where(rng.random(shape) < 0.5, y_true, rng.integers(0, C, shape))
    weights = rng.uniform(0.1, 2.0, shape).astype("float32")
    return y_true, y_pred.astype("int32"), weights


def _iou_reference(y_true, y_pred, weights, targets, num_classes=C, ignore=None):
    y_true, y_pred = y_true.ravel(), y_pred.ravel()
    weights = np.ones(y_true.shape) if weights is None else weights.ravel()
    if ignore is not None:
        weights = weights * (y_true != ignore)
    cm = np.zeros((num_classes, num_classes))
    np.add.at(cm, (y_true, y_pred), weights)
    tp = np.diag(cm)
    union = cm.sum(0) + cm.sum(1) - tp
    tp, union = tp[targets], union[targets]
    return np.sum(tp / (union + EPS)) / (np.sum(union > 1e-9) + EPS)


@pytest.mark.parametrize("targets", [[0], [1, 3], [0, 1, 2, 3]])
def test_iou(targets):
    y_true, y_pred, weights = _data()
    expected = _iou_reference(y_true, y_pred, weights, targets)
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(lambda: metrics.IoU(C, targets), batches, expected)


def test_iou_unweighted_2d_inputs_and_absent_class():
    y_true, y_pred, _ = _data(1, shape=(N, 3))
    y_true[y_true == 2] = 1  # class 2 never occurs in the labels...
    y_pred[y_pred == 2] = 3  # ...nor in the predictions: it is left out of the mean.
    expected = _iou_reference(y_true, y_pred, None, [0, 1, 2, 3])
    batches = testing.split([y_true, y_pred, None], SIZES)
    testing.check_metric(lambda: metrics.IoU(C, [0, 1, 2, 3]), batches, expected)


def test_iou_ignore_class():
    y_true, y_pred, weights = _data(2)
    expected = _iou_reference(y_true, y_pred, weights, [0, 1, 2], ignore=3)
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(
        lambda: metrics.IoU(C, [0, 1, 2], ignore_class=3), batches, expected
    )


def test_iou_documented_example():
    m = metrics.IoU(num_classes=2, target_class_ids=[0])
    m.update_state(np.array([0, 0, 1, 1], "int32"), np.array([0, 1, 0, 1], "int32"))
    np.testing.assert_allclose(testing.to_numpy(m.result()), 1 / 3, rtol=1e-5)


def test_mean_iou():
    y_true, y_pred, weights = _data(3)
    expected = _iou_reference(y_true, y_pred, weights, list(range(C)))
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(lambda: metrics.MeanIoU(C), batches, expected)


def test_one_hot_iou_and_mean_iou():
    y_true, y_pred, weights = _data(4)
    one_hot = np.eye(C, dtype="float32")[y_true]
    scores = np.random.default_rng(5).random((N, C)).astype("float32")
    predicted = scores.argmax(-1)
    batches = testing.split([one_hot, scores, weights], SIZES)
    expected = _iou_reference(y_true, predicted, weights, [1, 2])
    testing.check_metric(lambda: metrics.OneHotIoU(C, [1, 2]), batches, expected)
    expected = _iou_reference(y_true, predicted, weights, list(range(C)))
    testing.check_metric(lambda: metrics.OneHotMeanIoU(C), batches, expected)
    sparse_batches = testing.split([one_hot, predicted.astype("int32"), weights], SIZES)
    testing.check_metric(
        lambda: metrics.OneHotMeanIoU(C, sparse_y_pred=True), sparse_batches, expected
    )


@pytest.mark.parametrize("threshold", [0.5, 0.3])
@pytest.mark.parametrize("targets", [[0, 1], [1]])
def test_binary_iou(threshold, targets):
    rng = np.random.default_rng(6)
    y_true = rng.integers(0, 2, N).astype("float32")
    y_pred = rng.random(N).astype("float32")
    _, _, weights = _data()
    predicted = (y_pred >= threshold).astype("int32")
    expected = _iou_reference(y_true.astype("int32"), predicted, weights, targets, 2)
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(
        lambda: metrics.BinaryIoU(targets, threshold=threshold), batches, expected
    )


def test_binary_iou_documented_example():
    m = metrics.BinaryIoU(target_class_ids=[0, 1], threshold=0.3)
    y_true = np.array([0, 1, 0, 1], "float32")
    y_pred = np.array([0.1, 0.2, 0.4, 0.7], "float32")
    m.update_state(y_true, y_pred)
    np.testing.assert_allclose(testing.to_numpy(m.result()), 1 / 3, rtol=1e-5)
    m.reset_state()
    weights = np.array([0.2, 0.3, 0.4, 0.1], "float32")
    m.update_state(y_true, y_pred, sample_weight=weights)
    np.testing.assert_allclose(testing.to_numpy(m.result()), 0.17361112, rtol=1e-5)


def test_errors():
    with pytest.raises(ValueError, match="`num_classes` must be a positive integer"):
        metrics.IoU(0, [0])
    with pytest.raises(ValueError, match="`target_class_ids` must be a non-empty list"):
        metrics.IoU(3, [3])
    with pytest.raises(ValueError, match="`target_class_ids` must be a non-empty list"):
        metrics.BinaryIoU([])


def test_configs():
    iou = metrics.IoU(
        3, [0, 2], name="iou", ignore_class=1, sparse_y_pred=False, axis=1
    )
    assert iou.get_config() == {
        "name": "iou",
        "dtype": "float32",
        "num_classes": 3,
        "target_class_ids": [0, 2],
        "ignore_class": 1,
        "sparse_y_true": True,
        "sparse_y_pred": False,
        "axis": 1,
    }
    testing.check_config(iou)
    assert testing.check_config(metrics.BinaryIoU([1], threshold=0.2)).threshold == 0.2
    mean = metrics.MeanIoU(3, sparse_y_true=False)
    assert "target_class_ids" not in mean.get_config()
    testing.check_config(mean)
    one_hot = metrics.OneHotIoU(3, [1])
    assert "sparse_y_true" not in one_hot.get_config()
    testing.check_config(one_hot)
    one_hot_mean = metrics.OneHotMeanIoU(3, ignore_class=0)
    assert "sparse_y_true" not in one_hot_mean.get_config()
    testing.check_config(one_hot_mean)
    assert [v.path for v in iou.variables] == ["iou/total_confusion_matrix"]

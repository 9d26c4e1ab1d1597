import numpy as np
import pytest

from keras import metrics
from keras.metrics import testing

N = 40
SIZES = [15, 15, 10]


def _data(seed=0, shape=(N,)):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, 2, shape).astype("float32")
    # Scores that lean towards the label, so every rate varies with the threshold.
    y_pred = np.clip(0.35 * y_true + 0.65 * rng.random(shape), 0, 1).astype("float32")
    weights = rng.uniform(0.1, 2.0, shape[0]).astype("float32")
    return y_true, y_pred, weights


def _rates(y_true, y_pred, weights, num_thresholds):
    thresholds = np.linspace(0.0, 1.0, num_thresholds) if num_thresholds > 1 else [0.5]
    tp, fp, tn, fn = testing.confusion_counts(y_true, y_pred, weights, thresholds)
    return {
        "sensitivity": testing.safe_ratio(tp, tp + fn),
        "specificity": testing.safe_ratio(tn, tn + fp),
        "precision": testing.safe_ratio(tp, tp + fp),
    }


def _best(rates, constrained, dependent, target):
    feasible = rates[constrained] >= target
    return np.max(np.where(feasible, rates[dependent], 0.0))


# class, target argument, constrained rate, dependent rate
CASES = [
    (metrics.SensitivityAtSpecificity, "specificity", "specificity", "sensitivity"),
    (metrics.SpecificityAtSensitivity, "sensitivity", "sensitivity", "specificity"),
    (metrics.PrecisionAtRecall, "recall", "sensitivity", "precision"),
    (metrics.RecallAtPrecision, "precision", "precision", "sensitivity"),
]


@pytest.mark.parametrize("cls,argument,constrained,dependent", CASES)
@pytest.mark.parametrize("target,num_thresholds", [(0.4, 200), (0.8, 7), (0.6, 1)])
def test_matches_numpy(cls, argument, constrained, dependent, target, num_thresholds):
    y_true, y_pred, weights = _data()
    rates = _rates(y_true, y_pred, weights, num_thresholds)
    expected = _best(rates, constrained, dependent, target)
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(
        lambda: cls(target, num_thresholds=num_thresholds), batches, expected
    )
    assert cls(target).get_config()[argument] == target


@pytest.mark.parametrize("cls,argument,constrained,dependent", CASES)
def test_class_id(cls, argument, constrained, dependent):
    y_true, y_pred, weights = _data(1, shape=(N, 3))
    rates = _rates(y_true[:, 1], y_pred[:, 1], weights, 50)
    expected = _best(rates, constrained, dependent, 0.5)
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(
        lambda: cls(0.5, num_thresholds=50, class_id=1), batches, expected
    )


def test_unreachable_target_gives_zero():
    m = metrics.RecallAtPrecision(1.0, num_thresholds=10)
    # Every positive prediction is wrong at every threshold: precision never reaches 1.
    m.update_state(np.array([0, 0, 1], "float32"), np.array([0.9, 0.8, 0.1], "float32"))
    assert float(testing.to_numpy(m.result())) == 0.0


@pytest.mark.parametrize("cls,argument,constrained,dependent", CASES)
def test_errors_and_config(cls, argument, constrained, dependent):
    with pytest.raises(ValueError, match=f"`{argument}` must be in \\[0, 1\\]"):
        cls(1.5)
    with pytest.raises(ValueError, match="`num_thresholds` must be an integer > 0"):
        cls(0.5, num_thresholds=0)
    m = cls(0.3, num_thresholds=20, class_id=2, name="op")
    assert m.get_config() == {
        "name": "op",
        "dtype": "float32",
        "num_thresholds": 20,
        "class_id": 2,
        argument: 0.3,
    }
    testing.check_config(m)
    assert [v.path for v in m.variables] == [
        "op/true_positives",
        "op/false_positives",
        "op/true_negatives",
        "op/false_negatives",
    ]

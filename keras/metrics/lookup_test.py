import pytest

import keras
from keras import metrics


@pytest.mark.parametrize(
    "identifier,cls",
    [
        ("accuracy", "Accuracy"),
        ("Accuracy", "Accuracy"),
        ("binary_accuracy", "BinaryAccuracy"),
        ("auc", "AUC"),
        ("AUC", "AUC"),
        ("mse", "MeanSquaredError"),
        ("MSE", "MeanSquaredError"),
        ("mean_squared_error", "MeanSquaredError"),
        ("mae", "MeanAbsoluteError"),
        ("mape", "MeanAbsolutePercentageError"),
        ("msle", "MeanSquaredLogarithmicError"),
        ("bce", "BinaryCrossentropy"),
        ("kl_divergence", "KLDivergence"),
        ("f1_score", "F1Score"),
        ("r2_score", "R2Score"),
        ("precision", "Precision"),
    ],
)
def test_get_by_name(identifier, cls):
    metric = metrics.get(identifier)
    assert type(metric) is getattr(metrics, cls)


def test_get_passes_through_and_instantiates():
    assert metrics.get(None) is None
    m = metrics.Mean()
    assert metrics.get(m) is m
    assert metrics.get(metrics.mean_squared_error) is metrics.mean_squared_error
    assert type(metrics.get(metrics.Recall)) is metrics.Recall


def test_get_from_config_dict():
    config = metrics.serialize(metrics.BinaryAccuracy(threshold=0.3, name="acc"))
    m = metrics.get(config)
    assert type(m) is metrics.BinaryAccuracy
    assert (m.threshold, m.name) == (0.3, "acc")


def test_unknown_name_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown metric 'not_a_metric'"):
        metrics.get("not_a_metric")
    with pytest.raises(ValueError, match="Could not interpret the metric identifier 3"):
        metrics.get(3)


def test_serialize_schema():
    config = metrics.serialize(metrics.Mean(name="m"))
    assert config == {
        "module": "keras.metrics",
        "class_name": "Mean",
        "config": {"name": "m", "dtype": "float32"},
        "registered_name": None,
    }


def test_deserialize_by_name_and_function():
    assert type(metrics.deserialize("mse")) is metrics.MeanSquaredError
    function_config = keras.saving.serialize_keras_object(metrics.mean_squared_error)
    assert metrics.deserialize(function_config) is metrics.mean_squared_error


def test_custom_metric_round_trip():
    @keras.saving.register_keras_serializable(package="LookupTest")
    class Counter(metrics.Sum):
        pass

    config = metrics.serialize(Counter(name="counter"))
    assert config["registered_name"] == "LookupTest>Counter"
    restored = metrics.deserialize(config)
    assert type(restored) is Counter and restored.name == "counter"
    assert type(metrics.get("LookupTest>Counter")) is Counter


def test_every_public_metric_class_round_trips():
    required = {
        "IoU": {"num_classes": 3, "target_class_ids": [0]},
        "MeanIoU": {"num_classes": 3},
        "OneHotIoU": {"num_classes": 3, "target_class_ids": [0]},
        "OneHotMeanIoU": {"num_classes": 3},
        "PrecisionAtRecall": {"recall": 0.5},
        "RecallAtPrecision": {"precision": 0.5},
        "SensitivityAtSpecificity": {"specificity": 0.5},
        "SpecificityAtSensitivity": {"sensitivity": 0.5},
        "MeanMetricWrapper": {"fn": metrics.hinge},
    }
    for name in metrics.__all__:
        cls = getattr(metrics, name)
        if not isinstance(cls, type) or cls is metrics.Metric:
            continue
        metric = cls(**required.get(name, {}))
        restored = metrics.deserialize(metrics.serialize(metric))
        assert type(restored) is cls, name
        assert restored.get_config() == metric.get_config(), name

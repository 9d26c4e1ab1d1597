"""LogitsDistillation and FeatureDistillation: their values against NumPy and against
numbers measured with Keras 3.15.1 on the same inputs, the loss structures, errors and
configs. No training: runs on every backend."""

import numpy as np
import pytest

import keras
from keras import ops
from keras.distillation import DistillationLoss
from keras.distillation import FeatureDistillation
from keras.distillation import LogitsDistillation
from keras.saving import serialization_lib

EPS = 1e-7


def _pair():
    rng = np.random.default_rng(0)
    teacher = rng.normal(size=(5, 3)).astype("float32")
    student = rng.normal(size=(5, 3)).astype("float32")
    return teacher, student


def _softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _kl(p, q):
    """keras.losses.kl_divergence in NumPy: both sides clipped to [eps, 1]."""
    p, q = np.clip(p, EPS, 1), np.clip(q, EPS, 1)
    return (p * np.log(p / q)).sum(-1)


def _value(loss, teacher, student):
    return float(ops.convert_to_numpy(loss.compute_loss(teacher, student)))


@pytest.mark.parametrize(
    # Keras 3.15.1 gives these on the inputs of `_pair()`.
    "temperature, keras3_value",
    [(1.0, 6.573573589324951), (3.0, 2.0321340560913086)],
)
def test_default_loss_is_kl_divergence_of_the_scaled_logits(temperature, keras3_value):
    # The string "kl_divergence" names the plain function, which Keras 3.15 applies to
    # logits / T themselves (no softmax, no T**2).
    teacher, student = _pair()
    value = _value(LogitsDistillation(temperature=temperature), teacher, student)
    expected = _kl(teacher / temperature, student / temperature).mean()
    np.testing.assert_allclose(value, expected, rtol=1e-5)
    np.testing.assert_allclose(value, keras3_value, rtol=1e-5)


@pytest.mark.parametrize("reduction, keras3_value", [
    ("sum_over_batch_size", 0.38417762517929077), ("sum", 1.9208881855010986),
])
def test_kl_divergence_object_compares_softened_distributions(reduction, keras3_value):
    teacher, student = _pair()
    t = 2.0
    loss = LogitsDistillation(t, keras.losses.KLDivergence(reduction=reduction))
    per_sample = _kl(_softmax(teacher / t), _softmax(student / t)) * t * t
    expected = per_sample.sum() if reduction == "sum" else per_sample.mean()
    value = _value(loss, teacher, student)
    np.testing.assert_allclose(value, expected, rtol=1e-5)
    np.testing.assert_allclose(value, keras3_value, rtol=1e-5)


def test_other_losses_take_the_scaled_logits():
    teacher, student = _pair()
    t = 2.0
    mse = _value(LogitsDistillation(t, "mse"), teacher, student)
    np.testing.assert_allclose(mse, np.mean((teacher / t - student / t) ** 2), rtol=1e-5)
    cce = LogitsDistillation(t, keras.losses.CategoricalCrossentropy(from_logits=True))
    log_q = np.log(_softmax(student / t))
    expected = np.mean(-(teacher / t * log_q).sum(-1))
    np.testing.assert_allclose(_value(cce, teacher, student), expected, rtol=1e-5)
    np.testing.assert_allclose(expected, -0.3636084198951721, rtol=1e-5)  # Keras 3.15.1


@pytest.mark.parametrize("loss, keras3_value", [
    ("mse", 1.2249042987823486),
    ("mae", 0.9407501220703125),
    ("cosine_similarity", 0.16288690268993378),
])
def test_feature_distillation_values(loss, keras3_value):
    teacher, student = _pair()
    np.testing.assert_allclose(
        _value(FeatureDistillation(loss=loss), teacher, student), keras3_value, rtol=1e-5
    )


def test_feature_distillation_mse_matches_numpy():
    teacher, student = _pair()
    np.testing.assert_allclose(
        _value(FeatureDistillation(), teacher, student),
        np.mean((teacher - student) ** 2),
        rtol=1e-6,
    )


def test_a_list_of_losses_sums_over_outputs_and_none_skips_one():
    teacher, student = _pair()
    loss = FeatureDistillation(loss=["mse", None, "mae"])
    value = _value(loss, [teacher, student, teacher], [student, teacher, 2 * student])
    expected = np.mean((teacher - student) ** 2) + np.mean(np.abs(teacher - 2 * student))
    np.testing.assert_allclose(value, expected, rtol=1e-5)


def test_a_dict_of_losses_matches_dict_outputs():
    teacher, student = _pair()
    loss = LogitsDistillation(temperature=1.0, loss={"a": "mse", "b": None})
    value = _value(loss, {"a": teacher, "b": student}, {"a": student, "b": student})
    np.testing.assert_allclose(value, np.mean((teacher - student) ** 2), rtol=1e-5)


def test_a_structure_mismatch_is_a_clear_error():
    teacher, student = _pair()
    with pytest.raises(ValueError, match="one `loss` was given but the models have 2"):
        LogitsDistillation().compute_loss([teacher, teacher], [student, student])
    with pytest.raises(ValueError, match="structure of `loss` must match"):
        FeatureDistillation(loss=["mse", "mse"]).compute_loss([teacher] * 3, [student] * 3)
    with pytest.raises(ValueError, match="same structure"):
        LogitsDistillation().validate_outputs([teacher, teacher], teacher)
    LogitsDistillation().validate_outputs(teacher, student)  # same structure: fine


@pytest.mark.parametrize("temperature", [0, -1.0, "3", True, None])
def test_temperature_must_be_a_positive_number(temperature):
    with pytest.raises(ValueError, match="temperature"):
        LogitsDistillation(temperature=temperature)


@pytest.mark.parametrize("cls", [LogitsDistillation, FeatureDistillation])
def test_loss_argument_errors(cls):
    with pytest.raises(ValueError, match="at least one non-`None`"):
        cls(loss=None)
    with pytest.raises(ValueError, match="at least one non-`None`"):
        cls(loss=[None, None])
    with pytest.raises(ValueError, match="nope"):
        cls(loss="nope")
    with pytest.raises(TypeError, match="must be a loss name"):
        cls(loss=3)


def test_layer_names_must_be_strings():
    with pytest.raises(TypeError, match="teacher_layer_name"):
        FeatureDistillation(teacher_layer_name=1)


def test_base_class_needs_compute_loss():
    teacher, student = _pair()
    with pytest.raises(NotImplementedError, match="must implement compute_loss"):
        DistillationLoss().compute_loss(teacher, student)
    assert DistillationLoss().validate_model_compatibility(None, None) is None


def test_configs_are_those_keras3_writes_and_round_trip():
    function = {
        "module": "builtins",
        "class_name": "function",
        "config": "kl_divergence",
        "registered_name": "function",
    }
    assert LogitsDistillation().get_config() == {"temperature": 3.0, "loss": function}
    mse = dict(function, config="mean_squared_error")
    assert FeatureDistillation(teacher_layer_name="h").get_config() == {
        "loss": mse, "teacher_layer_name": "h", "student_layer_name": None,
    }
    assert serialization_lib.serialize_keras_object(LogitsDistillation()) == {
        "module": "keras.distillation",
        "class_name": "LogitsDistillation",
        "config": {"temperature": 3.0, "loss": function},
        "registered_name": None,
    }
    original = LogitsDistillation(2.0, [keras.losses.KLDivergence(), None, "mae"])
    restored = serialization_lib.deserialize_keras_object(
        serialization_lib.serialize_keras_object(original)
    )
    assert isinstance(restored, LogitsDistillation)
    assert restored.get_config() == original.get_config()
    assert isinstance(restored.loss[0], keras.losses.KLDivergence)
    teacher, student = _pair()
    args = ([teacher, teacher, teacher], [student, student, student])
    np.testing.assert_allclose(
        _value(restored, *args), _value(original, *args), rtol=1e-6
    )
    feature = FeatureDistillation("mae", "t_h", "s_h")
    again = FeatureDistillation.from_config(feature.get_config())
    assert again.get_config() == feature.get_config()

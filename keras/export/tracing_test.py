import numpy as np
import pytest

import keras
from keras.export import tracing


def test_signature_from_functional_inputs_has_dynamic_batch():
    a = keras.Input((3,), batch_size=4, name="a")
    b = keras.Input((2, 5), dtype="int32", name="b")
    model = keras.Model([a, b], keras.layers.Concatenate()([a, keras.ops.cast(b[:, 0], "float32")]))
    (signature,) = tracing.input_signature(model)
    assert [s.shape for s in signature] == [(None, 3), (None, 2, 5)]
    assert [s.dtype for s in signature] == ["float32", "int32"]
    assert [s.name for s in tracing.flat_specs(signature)] == ["a", "b"]


def test_signature_as_given_and_names_made_unique():
    signature = tracing.input_signature(
        None, [keras.InputSpec(shape=(None, 4)), keras.InputSpec(shape=(2,), dtype="int64")]
    )
    assert signature == [
        tracing.Spec((None, 4), "float32", None),
        tracing.Spec((2,), "int64", None),
    ]
    assert [s.name for s in tracing.flat_specs(signature)] == ["inputs", "inputs_1"]
    assert tracing.rebuild({"x": signature[0], "y": [signature[1]]}, [1, 2]) == {
        "x": 1,
        "y": [2],
    }


def test_signature_errors_name_what_is_expected():
    with pytest.raises(ValueError, match="input_signature\\[0\\]"):
        tracing.input_signature(None, [object()])
    with pytest.raises(ValueError, match="Pass `input_signature="):
        tracing.input_signature(keras.layers.Dense(2))


def test_holding_maps_variables_without_conversion():
    v = keras.Variable(np.ones((2,), "float32"))
    marker = np.full((2,), 7.0, "float32")
    with tracing.holding([(v, marker)]):
        assert v.value is marker
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(v.value), np.ones(2))

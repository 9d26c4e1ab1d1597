"""OpenVINO specifics of the backend contract: constants, graph evaluation, f32 precision."""

import numpy as np

from keras.backends.openvino import core


def test_constants_are_read_without_compiling():
    data = np.random.default_rng(0).standard_normal((3, 2)).astype("float32")
    tensor = core.convert_to_tensor(data)
    assert tensor.output.get_node().get_type_name() == "Constant"
    np.testing.assert_array_equal(core.convert_to_numpy(tensor), data)


def test_cast_builds_a_convert_node_evaluated_in_float32():
    data = np.array([1.0001, 2.5, -3.75], "float32")
    converted = core.cast(core.convert_to_tensor(data.astype("float64")), "float32")
    assert converted.output.get_node().get_type_name() == "Convert"
    # bf16 inference would round 1.0001 to 1.0.
    np.testing.assert_array_equal(core.convert_to_numpy(converted), data)
    as_int = core.cast(core.convert_to_tensor(data), "int32")
    assert as_int.dtype == "int32"
    np.testing.assert_array_equal(np.asarray(as_int), data.astype("int32"))


def test_variable_assign_add_replaces_the_constant():
    v = core.Variable(np.ones((2, 2), "float32"))
    v.assign_add(np.full((2, 2), 2.0, "float32"))
    np.testing.assert_array_equal(v.numpy(), np.full((2, 2), 3.0))

"""keras.config and keras.backend settings: values, validation, errors."""

import pytest

import keras


def test_defaults():
    assert keras.config.floatx() == "float32"
    assert keras.config.epsilon() == pytest.approx(1e-7)
    assert keras.config.image_data_format() == "channels_last"
    assert keras.backend.floatx() == keras.config.floatx()


def test_setters_round_trip():
    keras.config.set_epsilon(1e-5)
    keras.config.set_image_data_format("channels_first")
    keras.backend.set_floatx("float64")
    try:
        assert keras.backend.epsilon() == pytest.approx(1e-5)
        assert keras.backend.image_data_format() == "channels_first"
        assert keras.config.floatx() == "float64"
    finally:
        keras.config.set_epsilon(1e-7)
        keras.config.set_image_data_format("channels_last")
        keras.config.set_floatx("float32")


@pytest.mark.parametrize(
    "setter,value,message",
    [
        ("set_floatx", "int32", "Unknown floatx 'int32'"),
        ("set_image_data_format", "nhwc", "channels_last, channels_first"),
        ("set_epsilon", -1.0, "positive"),
        ("set_epsilon", "small", "positive"),
    ],
)
def test_setters_reject_bad_values(setter, value, message):
    before = (keras.config.floatx(), keras.config.epsilon(), keras.config.image_data_format())
    with pytest.raises(ValueError, match=message):
        getattr(keras.config, setter)(value)
    after = (keras.config.floatx(), keras.config.epsilon(), keras.config.image_data_format())
    assert before == after


def test_set_backend_rejects_unknown_names():
    with pytest.raises(ValueError, match="Unknown backend 'mxnet'"):
        keras.config.set_backend("mxnet")


def test_get_uid_counts_per_prefix():
    keras.backend.clear_session()
    assert [keras.backend.get_uid("dense") for _ in range(3)] == [1, 2, 3]
    assert keras.backend.get_uid("conv") == 1

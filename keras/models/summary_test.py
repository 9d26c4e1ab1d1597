import pytest

import keras
from keras import layers


def lines_of(model, **kwargs):
    lines = []
    model.summary(print_fn=lines.append, **kwargs)
    return lines


def test_three_layer_sequential_totals_match_a_hand_count():
    model = keras.Sequential(
        [
            keras.Input((784,)),
            layers.Dense(64, activation="relu"),
            layers.Dense(64, activation="relu"),
            layers.Dense(10),
        ],
        name="mnist",
    )
    # (784*64 + 64) + (64*64 + 64) + (64*10 + 10) = 50240 + 4160 + 650
    total = (784 * 64 + 64) + (64 * 64 + 64) + (64 * 10 + 10)
    assert total == 55050
    text = "\n".join(lines_of(model))
    assert 'Model: "mnist"' in text
    # 55050 float32 = 220200 bytes = 215.04 KB, as Keras 3 prints it.
    assert "Total params: 55,050 (215.04 KB)" in text
    assert "Trainable params: 55,050 (215.04 KB)" in text
    assert "Non-trainable params: 0 (0.00 B)" in text
    for count in ("50,240", "4,160", "650"):
        assert count in text
    assert "(None, 64)" in text and "(None, 10)" in text
    assert "Connected to" not in text


def test_frozen_layers_count_as_non_trainable():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(2), layers.Dense(1)])
    model.layers[0].trainable = False
    text = "\n".join(lines_of(model))
    assert "Trainable params: 3 (12.00 B)" in text
    assert "Non-trainable params: 8 (32.00 B)" in text


def test_functional_summary_lists_connections():
    a = keras.Input((3,), name="a")
    b = keras.Input((3,), name="b")
    out = layers.Add(name="sum")([a, b])
    model = keras.Model([a, b], out)
    text = "\n".join(lines_of(model))
    assert "Connected to" in text
    assert "a[0][0], b[0][0]" in text
    assert "a (InputLayer)" in text


def test_unbuilt_model_summary_is_a_clear_error():
    with pytest.raises(ValueError, match="has not yet been built"):
        keras.Sequential([layers.Dense(2)]).summary()

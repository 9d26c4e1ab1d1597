"""SwapEMAWeights exchanges model weights with the optimizer's moving averages."""

import numpy as np
import pytest

import keras
from keras import callbacks
from keras.callbacks import testing


def ema_model(seed=0):
    model = testing.FakeModel(seed=seed)
    rng = np.random.default_rng(seed + 10)
    model.optimizer._model_variables_moving_average = [
        keras.Variable(rng.normal(size=v.shape).astype("float32"))
        for v in model.trainable_variables
    ]
    return model


def averages(model):
    return model.optimizer._model_variables_moving_average


def values(variables):
    return [np.array(v.numpy()) for v in variables]


def test_swaps_for_evaluate_and_predict_then_back():
    model = ema_model()
    raw = values(model.trainable_variables)
    ema = values(averages(model))
    callback = callbacks.SwapEMAWeights()
    callback.set_model(model)
    runs = [("on_test_begin", "on_test_end"), ("on_predict_begin", "on_predict_end")]
    for begin, end in runs:
        getattr(callback, begin)({})
        for got, want in zip(values(model.trainable_variables), ema):
            np.testing.assert_array_equal(got, want)
        for got, want in zip(values(averages(model)), raw):
            np.testing.assert_array_equal(got, want)
        getattr(callback, end)({})
        for got, want in zip(values(model.trainable_variables), raw):
            np.testing.assert_array_equal(got, want)


def test_swap_on_epoch_keeps_ema_for_later_callbacks_and_at_the_end():
    model = ema_model()
    seen = []
    callback = callbacks.SwapEMAWeights(swap_on_epoch=True)
    reader = callbacks.LambdaCallback(
        on_epoch_end=lambda e, logs: seen.append(
            (values(model.trainable_variables), values(averages(model)))
        )
    )
    testing.fit(model, [callback, reader], 2, 1)
    # At each epoch end, later callbacks see the averages in the model.
    for model_values, average_values in seen:
        assert not np.array_equal(model_values[0], average_values[0])
    final_ema = seen[-1][0]
    # Training ends with the EMA weights in the model (and in the averages).
    for got, want in zip(values(model.trainable_variables), final_ema):
        np.testing.assert_array_equal(got, want)
    for got, want in zip(values(averages(model)), final_ema):
        np.testing.assert_array_equal(got, want)


def test_validation_during_swapped_epoch_end_does_not_swap_twice():
    model = ema_model()
    ema = values(averages(model))
    callback = callbacks.SwapEMAWeights(swap_on_epoch=True)
    callback.set_model(model)
    callback.on_epoch_end(0, {})
    callback.on_test_begin({})
    callback.on_test_end({})
    np.testing.assert_array_equal(model.trainable_variables[0].numpy(), ema[0])


def test_requires_an_ema_optimizer():
    callback = callbacks.SwapEMAWeights()
    callback.set_model(testing.FakeModel())
    with pytest.raises(ValueError, match="optimizer created with `use_ema=True`"):
        callback.on_test_begin({})

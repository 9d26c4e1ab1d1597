"""TerminateOnNaN stops (or raises) on a NaN or infinite batch loss."""

import numpy as np
import pytest

import keras
from keras import callbacks
from keras.callbacks import testing


def batch_losses(bad_step, bad_value):
    def logs(epoch, step):
        loss = bad_value if step == bad_step else 1.0 / (step + 1)
        return {"loss": keras.ops.convert_to_tensor(np.float32(loss))}

    return logs


@pytest.mark.parametrize("bad_value", [np.nan, np.inf, -np.inf])
def test_stops_after_the_bad_batch(bad_value, capsys):
    model = testing.FakeModel()
    ended = []
    history = testing.fit(
        model,
        [
            callbacks.TerminateOnNaN(),
            callbacks.LambdaCallback(on_train_end=ended.append),
        ],
        epochs=3,
        steps=5,
        batch_logs=batch_losses(2, bad_value),
    )
    assert model.stop_training
    assert model.steps_run == [(0, 0), (0, 1), (0, 2)]
    assert history.epoch == [0] and len(ended) == 1
    assert capsys.readouterr().out == "Batch 2: Invalid loss, terminating training\n"


def test_finite_losses_do_not_stop():
    model = testing.FakeModel()
    callback = callbacks.TerminateOnNaN()
    testing.fit(model, [callback], 2, 3, batch_logs=batch_losses(-1, 0))
    assert not model.stop_training and len(model.steps_run) == 6
    # No loss in the logs: nothing to check.
    callback = callbacks.TerminateOnNaN()
    callback.set_model(model)
    callback.on_train_batch_end(0, {"accuracy": float("nan")})
    assert not model.stop_training


def test_raise_error_skips_cleanup():
    ended = []
    with pytest.raises(RuntimeError, match="NaN or Inf loss encountered at batch 1"):
        testing.fit(
            testing.FakeModel(),
            [
                callbacks.TerminateOnNaN(raise_error=True),
                callbacks.LambdaCallback(on_train_end=ended.append),
            ],
            2,
            3,
            batch_logs=batch_losses(1, np.nan),
        )
    assert ended == []

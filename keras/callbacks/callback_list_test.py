"""Callback, CallbackList, History and LambdaCallback through the fit protocol."""

import numpy as np
import pytest

import keras
from keras import callbacks
from keras.callbacks import testing
from keras.callbacks.callback import HOOKS


class Recorder(callbacks.Callback):
    """Records every hook call as (name, argument, logs)."""

    def __init__(self, calls):
        super().__init__()
        self.calls = calls

    def __getattribute__(self, name):
        if name in HOOKS and name not in ("on_batch_begin", "on_batch_end"):
            calls = object.__getattribute__(self, "calls")

            def hook(*args):
                calls.append((self, name) + args)

            return hook
        return object.__getattribute__(self, name)


def call_hook(target, name, logs):
    if HOOKS[name] is None:
        getattr(target, name)(logs)
    else:
        getattr(target, name)(3, logs)


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_every_hook_reaches_every_callback_in_order_with_the_same_logs(name):
    calls = []
    first, second = Recorder(calls), Recorder(calls)
    callback_list = callbacks.CallbackList([first, second])
    call_hook(callback_list, name, {"loss": 0.5})
    if name in ("on_batch_begin", "on_batch_end"):
        assert calls == []  # the Recorder keeps the base no-op for the aliases
        return
    assert [c[:2] for c in calls] == [(first, name), (second, name)]
    assert calls[0][-1] == {"loss": 0.5}
    assert calls[0][-1] is calls[1][-1]
    if HOOKS[name] is not None:
        assert calls[0][2] == 3


def test_base_callback_hooks_are_no_ops_and_batch_hooks_call_aliases():
    seen = []

    class Legacy(callbacks.Callback):
        def on_batch_begin(self, batch, logs=None):
            seen.append(("begin", batch, logs))

        def on_batch_end(self, batch, logs=None):
            seen.append(("end", batch, logs))

    callback = Legacy()
    for name in HOOKS:
        if not name.startswith("on_batch"):
            call_hook(callback, name, {"a": 1.0})
    assert seen == [("begin", 3, {"a": 1.0}), ("end", 3, {"a": 1.0})]


def test_set_model_and_params_reach_callbacks():
    model = testing.FakeModel()
    inner = callbacks.Callback()
    callback_list = callbacks.CallbackList([inner], model=model, epochs=2, steps=5)
    assert inner.model is model and callback_list.model is model
    assert inner.params == {"epochs": 2, "steps": 5}
    other = callbacks.Callback()
    callback_list.append(other)
    callback_list.set_params({"verbose": 0})
    assert other.params == {"verbose": 0}
    callback_list.set_model(None)  # ignored
    assert inner.model is model


def test_default_history_and_progbar_are_added_once():
    model = testing.FakeModel()
    callback_list = callbacks.CallbackList(
        None, add_history=True, add_progbar=True, model=model, verbose=0, epochs=1
    )
    kinds = [type(c) for c in callback_list.callbacks]
    assert kinds == [callbacks.History, callbacks.ProgbarLogger]
    assert model.history is callback_list.callbacks[0]

    history, progbar = callbacks.History(), callbacks.ProgbarLogger()
    callback_list = callbacks.CallbackList(
        [progbar, history], add_history=True, add_progbar=True, model=model
    )
    assert callback_list.callbacks == [progbar, history]
    assert model.history is history
    assert callbacks.CallbackList(add_history=False).callbacks == []


def test_single_callback_and_type_errors():
    callback = callbacks.Callback()
    assert callbacks.CallbackList(callback).callbacks == [callback]
    with pytest.raises(TypeError, match="must be a keras.callbacks.Callback.*str"):
        callbacks.CallbackList(["loss"])
    with pytest.raises(TypeError, match="must be a keras.callbacks.Callback"):
        callbacks.CallbackList().append(print)


def test_logs_are_sorted_flattened_and_converted_at_epoch_level():
    calls = []
    callback_list = callbacks.CallbackList([Recorder(calls)])
    loss = keras.ops.convert_to_tensor(np.float32(0.25))
    callback_list.on_epoch_end(0, {"loss": loss, "b": {"val_x": np.float64(2.0)}})
    logs = calls[-1][-1]
    assert list(logs) == ["loss", "val_x"]
    assert type(logs["loss"]) is float and logs["loss"] == 0.25
    assert type(logs["val_x"]) is float
    # Batch logs are not waited on: values are passed as the trainer gave them.
    callback_list.on_train_batch_end(0, {"loss": loss})
    assert calls[-1][-1]["loss"] is loss
    callback_list.on_train_end(None)
    assert calls[-1][-1] == {}


def test_history_records_epochs_of_fit():
    model = testing.FakeModel()
    rng = np.random.default_rng(1)
    values = rng.uniform(size=(4, 2))
    history = testing.fit(
        model,
        [],
        epochs=4,
        steps=2,
        epoch_logs=lambda e: {"loss": values[e, 0], "val_loss": values[e, 1]},
    )
    assert isinstance(history, callbacks.History)
    assert history.epoch == [0, 1, 2, 3]
    np.testing.assert_allclose(history.history["loss"], values[:, 0])
    np.testing.assert_allclose(history.history["val_loss"], values[:, 1])
    assert all(type(v) is float for v in history.history["loss"])


def test_history_reused_across_fits_resets_epochs_but_keeps_values():
    model = testing.FakeModel()
    history = callbacks.History()
    testing.fit(model, [history], 2, 1, epoch_logs=lambda e: {"loss": float(e)})
    testing.fit(model, [history], 1, 1, epoch_logs=lambda e: {"loss": 10.0 + e})
    assert history.epoch == [0]
    assert history.history == {"loss": [0.0, 1.0, 10.0]}
    assert model.history is history


def test_lambda_callback_hooks():
    seen = []
    callback = callbacks.LambdaCallback(
        on_epoch_begin=lambda epoch, logs: seen.append(("epoch_begin", epoch)),
        on_epoch_end=lambda epoch, logs: seen.append(("epoch_end", epoch, logs)),
        on_train_begin=lambda logs: seen.append(("train_begin",)),
        on_train_end=lambda logs: seen.append(("train_end",)),
        on_train_batch_end=lambda batch, logs: seen.append(("batch_end", batch)),
        on_test_begin=lambda logs: seen.append(("test_begin",)),
    )
    testing.fit(testing.FakeModel(), [callback], 1, 2, epoch_logs=lambda e: {"l": 1.0})
    callback.on_test_begin({})
    assert seen == [
        ("train_begin",),
        ("epoch_begin", 0),
        ("batch_end", 0),
        ("batch_end", 1),
        ("epoch_end", 0, {"l": 1.0}),
        ("train_end",),
        ("test_begin",),
    ]
    # Hooks not given stay the base no-ops.
    callbacks.LambdaCallback().on_epoch_end(0, {})


def test_lambda_callback_rejects_unknown_hooks():
    with pytest.raises(TypeError, match=r"unknown hook\(s\) \['on_epoch_ends'\]"):
        callbacks.LambdaCallback(on_epoch_ends=print)


def test_model_property_syncs_jax_state():
    class SyncedModel(testing.FakeModel):
        syncs = 0

        def jax_state_sync(self):
            self.syncs += 1

    model = SyncedModel()
    callback = callbacks.Callback()
    callback.set_model(model)
    assert callback.model is model
    assert model.syncs == 1

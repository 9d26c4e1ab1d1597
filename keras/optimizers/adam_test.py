import numpy as np
import pytest

from keras.optimizers import testing
from keras.optimizers.adam import Adam


def adam_reference(lr, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False):
    def reference(w, grads):
        m = np.zeros_like(w)
        v = np.zeros_like(w)
        v_hat = np.zeros_like(w)
        out = []
        for t, g in enumerate(grads, start=1):
            m = m + (g - m) * (1 - beta_1)
            v = v + (g * g - v) * (1 - beta_2)
            v_hat = np.maximum(v_hat, v)
            alpha = lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
            w = w - alpha * m / (np.sqrt(v_hat if amsgrad else v) + epsilon)
            out.append(w)
        return out

    return reference


def test_defaults():
    testing.assert_matches_reference(Adam(), adam_reference(0.001))


def test_custom_betas():
    optimizer = Adam(learning_rate=0.05, beta_1=0.8, beta_2=0.95, epsilon=1e-3)
    testing.assert_matches_reference(
        optimizer, adam_reference(0.05, 0.8, 0.95, 1e-3), steps=6
    )


def test_amsgrad():
    optimizer = Adam(learning_rate=0.02, beta_2=0.5, amsgrad=True)
    testing.assert_matches_reference(
        optimizer, adam_reference(0.02, beta_2=0.5, amsgrad=True), steps=6
    )


def test_slot_order_is_interleaved_like_keras_3():
    optimizer = Adam(amsgrad=True, name="adam")
    optimizer.build(testing.make_variables([np.zeros((2, 3)), np.zeros(4)]))
    assert [v.path for v in optimizer.variables] == [
        "adam/iteration",
        "adam/learning_rate",
        "adam/w0_momentum",
        "adam/w0_velocity",
        "adam/w1_momentum",
        "adam/w1_velocity",
        "adam/w0_velocity_hat",
        "adam/w1_velocity_hat",
    ]


def test_config_round_trip():
    optimizer = Adam(learning_rate=0.01, beta_1=0.5, epsilon=1e-4, amsgrad=True)
    config = optimizer.get_config()
    assert {k: config[k] for k in ("beta_1", "beta_2", "epsilon", "amsgrad")} == {
        "beta_1": 0.5,
        "beta_2": 0.999,
        "epsilon": 1e-4,
        "amsgrad": True,
    }
    assert config["learning_rate"] == pytest.approx(0.01)
    assert Adam.from_config(config).get_config() == config

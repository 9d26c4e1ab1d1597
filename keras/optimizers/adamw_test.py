import numpy as np
import pytest

from keras.optimizers import testing
from keras.optimizers.adamw import AdamW


def adamw_reference(lr, weight_decay, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    def reference(w, grads):
        m = np.zeros_like(w)
        v = np.zeros_like(w)
        out = []
        for t, g in enumerate(grads, start=1):
            w = w - w * weight_decay * lr  # decoupled decay, before the Adam step
            m = m + (g - m) * (1 - beta_1)
            v = v + (g * g - v) * (1 - beta_2)
            alpha = lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
            w = w - alpha * m / (np.sqrt(v) + epsilon)
            out.append(w)
        return out

    return reference


def test_defaults():
    optimizer = AdamW()
    assert optimizer.weight_decay == 0.004
    testing.assert_matches_reference(optimizer, adamw_reference(0.001, 0.004))


def test_strong_decay():
    optimizer = AdamW(learning_rate=0.1, weight_decay=0.5, beta_1=0.7)
    testing.assert_matches_reference(
        optimizer, adamw_reference(0.1, 0.5, beta_1=0.7), steps=6
    )


def test_excluded_variables_are_not_decayed():
    optimizer = AdamW(learning_rate=0.1, weight_decay=0.5)
    optimizer.exclude_from_weight_decay(var_names=["w1"])
    values, grads = testing.random_problem()
    history = testing.run(optimizer, values, grads)
    decayed = adamw_reference(0.1, 0.5)(values[0].astype("float64"), [
        g[0].astype("float64") for g in grads
    ])
    plain = adamw_reference(0.1, 0.0)(values[1].astype("float64"), [
        g[1].astype("float64") for g in grads
    ])
    np.testing.assert_allclose(history[-1][0], decayed[-1], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(history[-1][1], plain[-1], rtol=1e-5, atol=1e-6)


def test_weight_decay_is_required():
    with pytest.raises(ValueError, match="`weight_decay` must be a float"):
        AdamW(weight_decay=None)


def test_config_round_trip():
    config = AdamW(weight_decay=0.1, amsgrad=True).get_config()
    assert config["weight_decay"] == 0.1 and config["amsgrad"] is True
    assert AdamW.from_config(config).get_config() == config

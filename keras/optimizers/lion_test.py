import numpy as np
import pytest

from keras.optimizers import testing
from keras.optimizers.lion import Lion


def lion_reference(lr, beta_1=0.9, beta_2=0.99):
    def reference(w, grads):
        m = np.zeros_like(w)
        out = []
        for g in grads:
            w = w - lr * np.sign(beta_1 * m + (1 - beta_1) * g)
            m = beta_2 * m + (1 - beta_2) * g
            out.append(w)
        return out

    return reference


def test_defaults():
    testing.assert_matches_reference(Lion(), lion_reference(0.001))


def test_custom_arguments():
    optimizer = Lion(learning_rate=0.03, beta_1=0.5, beta_2=0.8)
    testing.assert_matches_reference(optimizer, lion_reference(0.03, 0.5, 0.8))


@pytest.mark.parametrize("beta_1", [0.0, 1.5])
def test_invalid_beta_1(beta_1):
    with pytest.raises(ValueError, match="`beta_1` must be in the"):
        Lion(beta_1=beta_1)


def test_config_round_trip():
    config = Lion(beta_1=0.8, beta_2=0.9).get_config()
    assert (config["beta_1"], config["beta_2"]) == (0.8, 0.9)
    assert Lion.from_config(config).get_config() == config

import numpy as np

from keras.optimizers import testing
from keras.optimizers.lamb import Lamb


def lamb_reference(lr, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    def reference(w, grads):
        m = np.zeros_like(w)
        v = np.zeros_like(w)
        out = []
        for t, g in enumerate(grads, start=1):
            m = m + (g - m) * (1 - beta_1)
            v = v + (g * g - v) * (1 - beta_2)
            update = (m / (1 - beta_1**t)) / (np.sqrt(v / (1 - beta_2**t)) + epsilon)
            w_norm = np.linalg.norm(w)
            u_norm = np.linalg.norm(update)
            ratio = w_norm / u_norm if w_norm > 0 and u_norm > 0 else 1.0
            w = w - ratio * lr * update
            out.append(w)
        return out

    return reference


def test_defaults():
    testing.assert_matches_reference(Lamb(), lamb_reference(0.001))


def test_custom_arguments():
    optimizer = Lamb(learning_rate=0.05, beta_1=0.8, beta_2=0.9, epsilon=1e-4)
    testing.assert_matches_reference(optimizer, lamb_reference(0.05, 0.8, 0.9, 1e-4))


def test_zero_weights_use_a_ratio_of_one():
    optimizer = Lamb(learning_rate=0.1)
    (w,) = testing.make_variables([np.zeros(3, "float32")])
    optimizer.apply([np.array([1.0, -2.0, 0.5], "float32")], [w])
    expected = lamb_reference(0.1)(np.zeros(3), [np.array([1.0, -2.0, 0.5])])
    np.testing.assert_allclose(w.numpy(), expected[0], rtol=1e-5)


def test_config_round_trip():
    config = Lamb(beta_1=0.5, epsilon=1e-3).get_config()
    assert (config["beta_1"], config["beta_2"], config["epsilon"]) == (0.5, 0.999, 1e-3)
    assert Lamb.from_config(config).get_config() == config

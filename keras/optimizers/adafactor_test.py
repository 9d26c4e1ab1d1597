import numpy as np

from keras.optimizers import testing
from keras.optimizers.adafactor import Adafactor


def _rms(x):
    return np.sqrt(np.mean(x * x))


def adafactor_reference(
    lr, beta_2_decay=-0.8, epsilon_1=1e-30, epsilon_2=1e-3, clip_threshold=1.0
):
    def reference(w, grads):
        r = np.zeros(w.shape[:-1]) if w.ndim >= 2 else None
        c = np.zeros(w.shape[:-2] + w.shape[-1:]) if w.ndim >= 2 else None
        v = np.zeros_like(w)
        out = []
        for t, g in enumerate(grads, start=1):
            rho = min(lr, 1 / np.sqrt(t))
            alpha = max(epsilon_2, _rms(w)) * rho
            squared = g * g + epsilon_1
            beta_2 = 1 - t**beta_2_decay
            if w.ndim >= 2:
                r = beta_2 * r + (1 - beta_2) * squared.mean(axis=-1)
                c = beta_2 * c + (1 - beta_2) * squared.mean(axis=-2)
                v = (r / r.mean(axis=-1, keepdims=True))[..., None] * c[..., None, :]
            else:
                v = beta_2 * v + (1 - beta_2) * squared
            u = g / np.sqrt(v)
            u = u / max(1.0, _rms(u) / clip_threshold)
            w = w - alpha * u
            out.append(w)
        return out

    return reference


def test_defaults():
    testing.assert_matches_reference(Adafactor(), adafactor_reference(0.001))


def test_large_learning_rate_is_capped_by_relative_step():
    optimizer = Adafactor(learning_rate=5.0, beta_2_decay=-0.5, clip_threshold=0.5)
    reference = adafactor_reference(5.0, beta_2_decay=-0.5, clip_threshold=0.5)
    testing.assert_matches_reference(optimizer, reference, rtol=2e-5)


def test_factored_slots_of_a_matrix_and_placeholders_of_a_vector():
    optimizer = Adafactor()
    optimizer.build(testing.make_variables([np.zeros((2, 3, 4)), np.zeros(5)]))
    shapes = [v.shape for v in optimizer.variables[2:]]
    assert shapes == [(2, 3), (2, 4), (2, 3, 4), (), (), (5,)]
    config = optimizer.get_config()
    assert config["beta_2_decay"] == -0.8 and config["relative_step"] is True
    assert Adafactor.from_config(config).get_config() == config

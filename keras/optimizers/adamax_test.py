import numpy as np

from keras.optimizers import testing
from keras.optimizers.adamax import Adamax


def adamax_reference(lr, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    def reference(w, grads):
        m = np.zeros_like(w)
        u = np.zeros_like(w)
        out = []
        for t, g in enumerate(grads, start=1):
            m = m + (g - m) * (1 - beta_1)
            u = np.maximum(beta_2 * u, np.abs(g))
            w = w - lr * m / ((1 - beta_1**t) * (u + epsilon))
            out.append(w)
        return out

    return reference


def test_defaults():
    testing.assert_matches_reference(Adamax(), adamax_reference(0.001))


def test_custom_arguments():
    optimizer = Adamax(learning_rate=0.05, beta_1=0.6, beta_2=0.5, epsilon=1e-3)
    testing.assert_matches_reference(
        optimizer, adamax_reference(0.05, 0.6, 0.5, 1e-3), steps=6
    )


def test_slots_and_config():
    optimizer = Adamax(name="adamax")
    optimizer.build(testing.make_variables([np.zeros(2, "float32")]))
    paths = [v.path for v in optimizer.variables]
    assert paths[2:] == ["adamax/w0_momentum", "adamax/w0_norm"]
    config = optimizer.get_config()
    assert (config["beta_1"], config["beta_2"], config["epsilon"]) == (0.9, 0.999, 1e-7)
    assert Adamax.from_config(config).get_config() == config

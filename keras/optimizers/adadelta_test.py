import numpy as np

from keras.optimizers import testing
from keras.optimizers.adadelta import Adadelta


def adadelta_reference(lr, rho=0.95, epsilon=1e-7):
    def reference(w, grads):
        grads_average = np.zeros_like(w)
        deltas_average = np.zeros_like(w)
        out = []
        for g in grads:
            grads_average = rho * grads_average + (1 - rho) * g * g
            delta = -np.sqrt(deltas_average + epsilon) / np.sqrt(
                grads_average + epsilon
            ) * g
            deltas_average = rho * deltas_average + (1 - rho) * delta * delta
            w = w + lr * delta
            out.append(w)
        return out

    return reference


def test_defaults():
    testing.assert_matches_reference(Adadelta(), adadelta_reference(0.001))


def test_custom_arguments():
    optimizer = Adadelta(learning_rate=1.0, rho=0.7, epsilon=1e-4)
    testing.assert_matches_reference(optimizer, adadelta_reference(1.0, 0.7, 1e-4))


def test_slots_and_config():
    optimizer = Adadelta(name="adadelta")
    optimizer.build(testing.make_variables([np.zeros(2), np.zeros(3)]))
    assert [v.path for v in optimizer.variables][2:] == [
        "adadelta/w0_accumulated_grad",
        "adadelta/w0_accumulated_delta_var",
        "adadelta/w1_accumulated_grad",
        "adadelta/w1_accumulated_delta_var",
    ]
    config = optimizer.get_config()
    assert (config["rho"], config["epsilon"]) == (0.95, 1e-7)
    assert Adadelta.from_config(config).get_config() == config

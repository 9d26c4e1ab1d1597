import numpy as np

from keras.optimizers import testing
from keras.optimizers.adagrad import Adagrad


def adagrad_reference(lr, initial_accumulator_value=0.1, epsilon=1e-7):
    def reference(w, grads):
        accumulator = np.full_like(w, initial_accumulator_value)
        out = []
        for g in grads:
            accumulator = accumulator + g * g
            w = w - lr * g / np.sqrt(accumulator + epsilon)
            out.append(w)
        return out

    return reference


def test_defaults():
    testing.assert_matches_reference(Adagrad(), adagrad_reference(0.001))


def test_custom_arguments():
    optimizer = Adagrad(learning_rate=0.2, initial_accumulator_value=0.5, epsilon=1e-3)
    testing.assert_matches_reference(optimizer, adagrad_reference(0.2, 0.5, 1e-3))


def test_accumulators_start_at_the_initial_value():
    optimizer = Adagrad(initial_accumulator_value=0.25)
    optimizer.build(testing.make_variables([np.zeros((2, 2), "float32")]))
    np.testing.assert_allclose(optimizer.variables[-1].numpy(), np.full((2, 2), 0.25))
    config = optimizer.get_config()
    assert config["initial_accumulator_value"] == 0.25
    assert Adagrad.from_config(config).get_config() == config

import numpy as np
import pytest

from keras.optimizers import testing
from keras.optimizers.rmsprop import RMSprop


def rmsprop_reference(lr, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False):
    def reference(w, grads):
        velocity = np.zeros_like(w)
        average = np.zeros_like(w)
        mom = np.zeros_like(w)
        out = []
        for g in grads:
            velocity = rho * velocity + (1 - rho) * g * g
            average = rho * average + (1 - rho) * g
            denominator = velocity - average**2 if centered else velocity
            increment = lr * g / np.sqrt(denominator + epsilon)
            if momentum > 0:
                mom = momentum * mom + increment
                w = w - mom
            else:
                w = w - increment
            out.append(w)
        return out

    return reference


def test_defaults():
    testing.assert_matches_reference(RMSprop(), rmsprop_reference(0.001))


@pytest.mark.parametrize("momentum", [0.0, 0.9])
@pytest.mark.parametrize("centered", [False, True])
def test_momentum_and_centered(momentum, centered):
    optimizer = RMSprop(
        learning_rate=0.01, rho=0.8, momentum=momentum, centered=centered
    )
    reference = rmsprop_reference(0.01, 0.8, momentum, centered=centered)
    testing.assert_matches_reference(optimizer, reference, rtol=2e-5)


def test_slots_are_grouped_by_kind():
    optimizer = RMSprop(momentum=0.5, centered=True, name="rmsprop")
    optimizer.build(testing.make_variables([np.zeros(2), np.zeros(3)]))
    assert [v.path for v in optimizer.variables][2:] == [
        "rmsprop/w0_velocity",
        "rmsprop/w1_velocity",
        "rmsprop/w0_momentum",
        "rmsprop/w1_momentum",
        "rmsprop/w0_average_gradient",
        "rmsprop/w1_average_gradient",
    ]


def test_config_round_trip():
    config = RMSprop(rho=0.5, momentum=0.1, epsilon=1e-3, centered=True).get_config()
    assert (config["rho"], config["momentum"], config["centered"]) == (0.5, 0.1, True)
    assert RMSprop.from_config(config).get_config() == config

import numpy as np
import pytest

from keras.optimizers import testing
from keras.optimizers.sgd import SGD


def sgd_reference(lr, momentum=0.0, nesterov=False):
    def reference(w, grads):
        velocity = np.zeros_like(w)
        out = []
        for g in grads:
            if momentum == 0.0:
                w = w - lr * g
            else:
                velocity = momentum * velocity - lr * g
                w = w + (momentum * velocity - lr * g if nesterov else velocity)
            out.append(w)
        return out

    return reference


def test_plain():
    testing.assert_matches_reference(SGD(learning_rate=0.1), sgd_reference(0.1))


def test_momentum():
    testing.assert_matches_reference(
        SGD(learning_rate=0.05, momentum=0.9), sgd_reference(0.05, 0.9)
    )


def test_nesterov():
    testing.assert_matches_reference(
        SGD(learning_rate=0.05, momentum=0.8, nesterov=True),
        sgd_reference(0.05, 0.8, nesterov=True),
    )


def test_defaults_and_slots():
    optimizer = SGD()
    assert optimizer.get_config()["learning_rate"] == pytest.approx(0.01)
    assert optimizer.momentum == 0.0 and optimizer.nesterov is False
    optimizer.build(testing.make_variables([np.zeros(3, "float32")]))
    assert len(optimizer.variables) == 2  # no momentum slot without momentum


@pytest.mark.parametrize("momentum", [-0.1, 1.5])
def test_invalid_momentum(momentum):
    with pytest.raises(ValueError, match="`momentum` must be a float in"):
        SGD(momentum=momentum)


def test_config_round_trip():
    optimizer = SGD(learning_rate=0.3, momentum=0.5, nesterov=True, name="my_sgd")
    config = optimizer.get_config()
    assert config["momentum"] == 0.5 and config["nesterov"] is True
    assert SGD.from_config(config).get_config() == config

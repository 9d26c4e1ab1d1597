"""KL divergence and Poisson losses against NumPy references."""

import numpy as np
import pytest

from keras import losses
from keras.ops import testing

EPSILON = 1e-7


def ref_kl(t, p):
    t, p = np.clip(t, EPSILON, 1), np.clip(p, EPSILON, 1)
    return np.sum(t * np.log(t / p), axis=-1)


def ref_poisson(t, p):
    return np.mean(p - t * np.log(p + EPSILON), axis=-1)


CASES = [
    (losses.kl_divergence, losses.KLDivergence, ref_kl, "kl_divergence"),
    (losses.poisson, losses.Poisson, ref_poisson, "poisson"),
]


@pytest.mark.parametrize("function, cls, reference, name", CASES)
@pytest.mark.parametrize("shape", [(6,), (6, 4), (6, 3, 4)])
def test_matches_numpy(function, cls, reference, name, shape):
    # Values outside [0, 1] check the clipping of the KL divergence.
    y_true = testing.random_array(shape, seed=1, low=-0.2, high=1.5)
    y_pred = testing.random_array(shape, seed=2, low=0.0, high=1.5)
    expected = reference(y_true.astype("float64"), y_pred.astype("float64"))
    testing.assert_close(
        function(y_true, y_pred), expected.astype("float32"), rtol=1e-5, atol=1e-6
    )
    weights = testing.random_array(shape[:1], seed=3, low=0.0, high=2.0)
    if expected.ndim == 0:
        # One loss for the whole batch: weights of a higher rank are averaged.
        weighted = expected * weights.mean()
    else:
        weighted = expected * (weights[:, None] if expected.ndim == 2 else weights)
    testing.assert_close(
        cls(reduction="sum")(y_true, y_pred, sample_weight=weights),
        np.float32(weighted.sum()),
        rtol=1e-5,
        atol=1e-5,
    )


@pytest.mark.parametrize("function, cls, reference, name", CASES)
def test_config_round_trip(function, cls, reference, name):
    loss = cls()
    assert loss.name == name
    config = loss.get_config()
    assert config == {
        "name": name,
        "reduction": "sum_over_batch_size",
        "dtype": "float32",
    }
    assert cls.from_config(config).get_config() == config


def test_kl_divergence_of_equal_distributions_is_zero():
    p = np.array([[0.2, 0.3, 0.5]], "float32")
    testing.assert_close(losses.kl_divergence(p, p), np.zeros(1, "float32"), atol=1e-7)

import numpy as np
import pytest

from keras.optimizers import testing
from keras.optimizers.ftrl import Ftrl


def ftrl_reference(
    lr,
    lr_power=-0.5,
    initial_accumulator_value=0.1,
    l1=0.0,
    l2=0.0,
    l2_shrinkage=0.0,
    beta=0.0,
):
    def reference(w, grads):
        accumulator = np.full_like(w, initial_accumulator_value)
        linear = np.zeros_like(w)
        p = -lr_power
        out = []
        for g in grads:
            new_accumulator = accumulator + g * g
            sigma = (new_accumulator**p - accumulator**p) / lr
            linear = linear + g + 2 * l2_shrinkage * w - sigma * w
            quadratic = new_accumulator**p / lr + 2 * (l2 + beta / (2 * lr))
            w = (np.clip(linear, -l1, l1) - linear) / quadratic
            accumulator = new_accumulator
            out.append(w)
        return out

    return reference


def test_defaults():
    testing.assert_matches_reference(Ftrl(), ftrl_reference(0.001))


def test_regularized():
    args = dict(
        learning_rate_power=-0.7,
        initial_accumulator_value=0.3,
        l1_regularization_strength=0.01,
        l2_regularization_strength=0.2,
        l2_shrinkage_regularization_strength=0.05,
        beta=0.3,
    )
    optimizer = Ftrl(learning_rate=0.1, **args)
    reference = ftrl_reference(0.1, -0.7, 0.3, 0.01, 0.2, 0.05, 0.3)
    testing.assert_matches_reference(optimizer, reference, rtol=2e-5)


@pytest.mark.parametrize(
    "argument, value, match",
    [
        ("initial_accumulator_value", -1.0, "`initial_accumulator_value` needs"),
        ("learning_rate_power", 0.5, "`learning_rate_power` needs"),
        ("l1_regularization_strength", -0.1, "`l1_regularization_strength` needs"),
        ("l2_regularization_strength", -0.1, "`l2_regularization_strength` needs"),
        (
            "l2_shrinkage_regularization_strength",
            -0.1,
            "`l2_shrinkage_regularization_strength` needs",
        ),
    ],
)
def test_invalid_arguments(argument, value, match):
    with pytest.raises(ValueError, match=match):
        Ftrl(**{argument: value})


def test_slots_and_config():
    optimizer = Ftrl(initial_accumulator_value=0.2, name="ftrl")
    optimizer.build(testing.make_variables([np.zeros(2, "float32")]))
    assert [v.path for v in optimizer.variables][2:] == [
        "ftrl/w0_accumulator",
        "ftrl/w0_linear",
    ]
    np.testing.assert_allclose(optimizer.variables[2].numpy(), [0.2, 0.2])
    config = optimizer.get_config()
    assert Ftrl.from_config(config).get_config() == config

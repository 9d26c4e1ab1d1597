import numpy as np

from keras.optimizers import testing
from keras.optimizers.schedule_free_adamw import ScheduleFreeAdamW


def schedule_free_reference(lr, beta_1=0.9, beta_2=0.999, epsilon=1e-8, warmup=0):
    def reference(y, grads):
        z = y.copy()
        v = np.zeros_like(y)
        out = []
        for t, g in enumerate(grads, start=1):
            step_lr = lr * min(t / warmup, 1.0) if warmup > 0 else lr
            v = v + (g * g - v) * (1 - beta_2)
            denominator = np.sqrt(v / (1 - beta_2**t)) + epsilon
            x = (y - (1 - beta_1) * z) / beta_1
            z = z - step_lr * g / denominator
            x = (1 - 1 / t) * x + z / t
            y = (1 - beta_1) * z + beta_1 * x
            out.append(y)
        return out

    return reference


def test_defaults():
    testing.assert_matches_reference(
        ScheduleFreeAdamW(), schedule_free_reference(0.0025)
    )


def test_warmup_and_custom_betas():
    optimizer = ScheduleFreeAdamW(
        learning_rate=0.05, beta_1=0.8, beta_2=0.9, epsilon=1e-6, warmup_steps=3
    )
    reference = schedule_free_reference(0.05, 0.8, 0.9, 1e-6, warmup=3)
    testing.assert_matches_reference(optimizer, reference, rtol=2e-5)


def test_momentum_starts_at_the_weights():
    optimizer = ScheduleFreeAdamW(name="sf")
    value = np.array([1.0, -2.0], "float32")
    optimizer.build(testing.make_variables([value]))
    paths = [v.path for v in optimizer.variables][2:]
    assert paths == ["sf/w0_momentum", "sf/w0_velocity"]
    np.testing.assert_allclose(optimizer.variables[2].numpy(), value)
    config = optimizer.get_config()
    assert config["warmup_steps"] == 0 and config["epsilon"] == 1e-8
    assert ScheduleFreeAdamW.from_config(config).get_config() == config

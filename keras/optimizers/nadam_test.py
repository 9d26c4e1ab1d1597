import numpy as np

from keras.optimizers import testing
from keras.optimizers.nadam import Nadam


def nadam_reference(lr, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    def mu(t):
        return beta_1 * (1 - 0.5 * 0.96**t)

    def reference(w, grads):
        m = np.zeros_like(w)
        v = np.zeros_like(w)
        product = 1.0
        out = []
        for t, g in enumerate(grads, start=1):
            product = product * mu(t)
            product_next = product * mu(t + 1)
            m = m + (g - m) * (1 - beta_1)
            v = v + (g * g - v) * (1 - beta_2)
            m_hat = mu(t + 1) * m / (1 - product_next) + (1 - mu(t)) * g / (1 - product)
            v_hat = v / (1 - beta_2**t)
            w = w - lr * m_hat / (np.sqrt(v_hat) + epsilon)
            out.append(w)
        return out

    return reference


def test_defaults():
    testing.assert_matches_reference(Nadam(), nadam_reference(0.001))


def test_custom_arguments():
    optimizer = Nadam(learning_rate=0.05, beta_1=0.7, beta_2=0.9, epsilon=1e-4)
    testing.assert_matches_reference(
        optimizer, nadam_reference(0.05, 0.7, 0.9, 1e-4), steps=6
    )


def test_momentum_product_is_the_last_variable():
    optimizer = Nadam(name="nadam")
    optimizer.build(testing.make_variables([np.zeros(2, "float32")]))
    assert [v.path for v in optimizer.variables][2:] == [
        "nadam/w0_momentum",
        "nadam/w0_velocity",
        "nadam/u_product",
    ]
    np.testing.assert_allclose(optimizer.variables[-1].numpy(), 1.0)
    config = optimizer.get_config()
    assert Nadam.from_config(config).get_config() == config

import numpy as np
import pytest

from keras.optimizers import testing
from keras.optimizers.muon import Muon


def newton_schulz(x, steps, a=3.4445, b=-4.775, c=2.0315):
    tall = x.shape[0] > x.shape[1]
    if tall:
        x = x.T
    x = x / (np.linalg.norm(x) + 1e-7)
    for _ in range(steps):
        gram = x @ x.T
        x = a * x + (b * gram + c * gram @ gram) @ x
    return x.T if tall else x


def muon_reference(lr, momentum=0.95, weight_decay=0.004, nesterov=True, rms_rate=0.2):
    def reference(w, grads):
        m = np.zeros_like(w)
        out = []
        for g in grads:
            w = w - w * weight_decay * lr
            m = momentum * m + g
            direction = g + momentum * m if nesterov else m
            update = lr * newton_schulz(direction, 5)
            if rms_rate is not None:
                update = update * np.sqrt(max(w.shape)) * rms_rate
            w = w - update
            out.append(w)
        return out

    return reference


def adamw_reference(lr, decay_lr=None, weight_decay=0.004, beta_1=0.9, beta_2=0.999):
    """AdamW at `lr`; the decay uses the optimizer's own learning rate `decay_lr`."""
    decay_lr = lr if decay_lr is None else decay_lr

    def reference(w, grads):
        m = np.zeros_like(w)
        v = np.zeros_like(w)
        out = []
        for t, g in enumerate(grads, start=1):
            w = w - w * weight_decay * decay_lr
            m = m + (g - m) * (1 - beta_1)
            v = v + (g * g - v) * (1 - beta_2)
            alpha = lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
            w = w - alpha * m / (np.sqrt(v) + 1e-7)
            out.append(w)
        return out

    return reference


def _check(optimizer, matrix_reference, vector_reference):
    values, grads = testing.random_problem()
    history = testing.run(optimizer, values, grads)
    for i, reference in enumerate([matrix_reference, vector_reference]):
        own = [g[i].astype("float64") for g in grads]
        expected = reference(values[i].astype("float64"), own)
        for step in range(len(grads)):
            np.testing.assert_allclose(
                history[step][i], expected[step], rtol=1e-4, atol=1e-5
            )


def test_matrix_takes_muon_step_and_vector_takes_adamw_step():
    optimizer = Muon(learning_rate=0.02)
    _check(optimizer, muon_reference(0.02), adamw_reference(0.02))


def test_without_nesterov_or_rms_rate():
    optimizer = Muon(learning_rate=0.01, nesterov=False, momentum=0.8, rms_rate=None)
    matrix = muon_reference(0.01, momentum=0.8, nesterov=False, rms_rate=None)
    _check(optimizer, matrix, adamw_reference(0.01))


def test_excluded_layers_and_adam_learning_rate_ratio():
    optimizer = Muon(learning_rate=0.02, exclude_layers=["w0"], adam_lr_ratio=0.5)
    adamw = adamw_reference(0.01, decay_lr=0.02)
    _check(optimizer, adamw, adamw)


def test_slots_and_routing():
    optimizer = Muon(name="muon")
    variables = testing.make_variables([np.zeros((2, 3)), np.zeros(3)])
    optimizer.build(variables)
    assert [v.path for v in optimizer.variables][2:] == [
        "muon/w0_momentum",
        "muon/w1_momentum",
        "muon/w1_velocity",
    ]
    (embedding,) = testing.make_variables([np.zeros((4, 2))], prefix="embedding")
    assert optimizer._should_use_adamw(embedding)
    assert not Muon(exclude_embeddings=False)._should_use_adamw(embedding)


def test_newton_schulz_matches_numpy_on_a_tall_matrix():
    x = np.random.default_rng(1).normal(size=(6, 3)).astype("float32")
    result = Muon().zeropower_via_newtonschulz5(x, 5)
    np.testing.assert_allclose(
        np.asarray(result), newton_schulz(x.astype("float64"), 5), rtol=1e-4, atol=1e-5
    )


def test_config_round_trip():
    config = Muon(exclude_layers=["out"], ns_steps=3, rms_rate=None).get_config()
    assert config["exclude_layers"] == ["out"] and config["ns_steps"] == 3
    assert config["rms_rate"] is None
    assert Muon.from_config(config).get_config() == config


@pytest.mark.parametrize("name", ["adam_beta_1", "muon_a", "adam_weight_decay"])
def test_config_keys(name):
    assert name in Muon().get_config()

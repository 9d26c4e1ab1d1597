import numpy as np
import pytest

from keras.optimizers import testing
from keras.optimizers.adam import Adam
from keras.optimizers.multi_optimizer import MultiOptimizer
from keras.optimizers.multi_optimizer import OptimizerMap
from keras.optimizers.sgd import SGD


def sgd_reference(w, grads, lr=0.1):
    out = []
    for g in grads:
        w = w - lr * g
        out.append(w)
    return out


def adam_reference(w, grads, lr=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m, v, out = np.zeros_like(w), np.zeros_like(w), []
    for t, g in enumerate(grads, start=1):
        m = m + (g - m) * (1 - beta_1)
        v = v + (g * g - v) * (1 - beta_2)
        alpha = lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        w = w - alpha * m / (np.sqrt(v) + epsilon)
        out.append(w)
    return out


def test_variables_are_routed_to_their_optimizers():
    sgd = SGD(learning_rate=0.1, name="sgd")
    adam = Adam(learning_rate=0.01, name="adam")
    optimizer = MultiOptimizer(OptimizerMap([sgd], ["w0"]), adam, name="multi")
    values, grads = testing.random_problem()
    history = testing.run(optimizer, values, grads)
    for i, reference in enumerate([sgd_reference, adam_reference]):
        own = [g[i].astype("float64") for g in grads]
        expected = reference(values[i].astype("float64"), own)
        np.testing.assert_allclose(history[-1][i], expected[-1], rtol=1e-5, atol=1e-6)
    assert [v.path for v in optimizer.variables] == [
        "multi/iteration",
        "multi/learning_rate",
        "sgd/iteration",
        "sgd/learning_rate",
        "adam/iteration",
        "adam/learning_rate",
        "adam/w1_momentum",
        "adam/w1_velocity",
    ]
    assert int(optimizer.iterations.numpy()) == 5
    assert optimizer.num_optimizers == 2 and optimizer.get_optimizer(1) is adam
    np.testing.assert_allclose(np.asarray(optimizer.learning_rate), 0.1)


def test_identifier_kinds():
    w0, w1, w2, w3 = testing.make_variables([np.zeros(1, "float32")] * 4)
    a, b, c = SGD(), SGD(), SGD()
    rules = OptimizerMap([a, b, c], [w0, [w1, w2], lambda v: v.name == "w3"])
    assert [rules(v) for v in (w0, w1, w2, w3)] == [a, b, b, c]
    assert OptimizerMap([a], ["w"])(w2) is a  # a regex matched at the start
    assert OptimizerMap([a], ["x"])(w2) is None
    with pytest.raises(ValueError, match="Several optimizers match variable 'w0'"):
        OptimizerMap([a, b], ["w0", w0])(w0)
    with pytest.raises(ValueError, match="must have the same length"):
        OptimizerMap([a, b], ["w0"])


def test_config_round_trip_keeps_shared_optimizers_shared():
    shared = SGD(learning_rate=0.2, name="shared")
    (w0,) = testing.make_variables([np.zeros(1, "float32")])
    rules = OptimizerMap([shared, shared, Adam(name="a")], ["w1", w0, "w2"])
    optimizer = MultiOptimizer(rules, SGD(name="default"), name="m")
    config = optimizer.get_config()
    identifiers = config["obj_map"]["config"]["variable_identifier"]
    assert identifiers == ["w1", "^w0$", "w2"]
    restored = MultiOptimizer.from_config(config)
    assert restored.obj_map.optimizer[0] is restored.obj_map.optimizer[1]
    assert restored.num_optimizers == 3
    assert restored.get_config() == config


def test_invalid_arguments():
    with pytest.raises(ValueError, match="`obj_map` must be an OptimizerMap"):
        MultiOptimizer({"w": SGD()}, SGD())
    with pytest.raises(ValueError, match="`default_optimizer` must be"):
        MultiOptimizer(OptimizerMap([], []), "sgd")
    with pytest.raises(ValueError, match="does not support arguments"):
        MultiOptimizer(OptimizerMap([], []), SGD(), foo=1)

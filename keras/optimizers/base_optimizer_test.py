import warnings

import numpy as np
import pytest

from keras import ops
from keras.backends import active
from keras.backends.common import name_scope
from keras.constraints import projections
from keras.optimizers import testing
from keras.optimizers.adam import Adam
from keras.optimizers.base_optimizer import Optimizer
from keras.optimizers.schedules import learning_rate_schedule as schedules
from keras.optimizers.sgd import SGD


def _values_and_grads(steps=4, seed=0):
    values, grads = testing.random_problem(steps=steps, seed=seed)
    return values, grads


def sgd_with(transform_grads, lr=0.1):
    """NumPy SGD where `transform_grads(list_of_grads) -> list` runs each step."""

    def run(values, grads):
        ws = [v.astype("float64") for v in values]
        for round_grads in grads:
            round_grads = transform_grads([g.astype("float64") for g in round_grads])
            ws = [w - lr * g for w, g in zip(ws, round_grads)]
        return ws

    return run


def _assert_all_close(actual, expected, rtol=1e-5):
    for a, e in zip(actual, expected):
        np.testing.assert_allclose(a, e, rtol=rtol, atol=1e-6)


def test_variables_start_with_iterations_and_learning_rate():
    with name_scope.name_scope("dense"):
        kernel = active.Variable(np.zeros((2, 3), "float32"), name="kernel")
        bias = active.Variable(np.zeros(3, "float32"), name="bias")
    optimizer = Adam(learning_rate=0.01, name="adam")
    optimizer.build([kernel, bias])
    assert [v.path for v in optimizer.variables] == [
        "adam/iteration",
        "adam/learning_rate",
        "adam/dense_kernel_momentum",
        "adam/dense_kernel_velocity",
        "adam/dense_bias_momentum",
        "adam/dense_bias_velocity",
    ]
    iterations, learning_rate = optimizer.variables[:2]
    assert iterations.dtype in ("int32", "int64") and not iterations.trainable
    assert learning_rate.dtype == "float32"
    np.testing.assert_allclose(learning_rate.numpy(), 0.01)
    assert optimizer.variables[2].shape == (2, 3)


def test_iterations_count_applies():
    optimizer = SGD()
    values, grads = _values_and_grads(steps=3)
    testing.run(optimizer, values, grads)
    assert int(optimizer.iterations.numpy()) == 3
    (w,) = testing.make_variables([np.ones(2, "float32")])
    second = SGD()
    returned = second.apply_gradients([(np.ones(2, "float32"), w)])
    assert int(np.asarray(returned)) == 1


def test_default_names_are_unique_snake_case():
    first, second = Adam(), Adam()
    assert first.name.startswith("adam") and second.name.startswith("adam")
    assert first.name != second.name


def test_learning_rate_setter_assigns_the_variable():
    optimizer = SGD(learning_rate=0.1)
    (w,) = testing.make_variables([np.ones(2, "float32")])
    optimizer.apply([np.ones(2, "float32")], [w])
    optimizer.learning_rate = 0.5
    np.testing.assert_allclose(np.asarray(optimizer.learning_rate), 0.5)
    optimizer.apply([np.ones(2, "float32")], [w])
    np.testing.assert_allclose(w.numpy(), [1 - 0.1 - 0.5] * 2, rtol=1e-6)


def test_schedule_is_evaluated_at_iterations():
    schedule = schedules.ExponentialDecay(0.5, decay_steps=1, decay_rate=0.5)
    optimizer = SGD(learning_rate=schedule)
    assert len(optimizer.variables) == 1  # no learning rate variable
    values, grads = _values_and_grads()
    history = testing.run(optimizer, values, grads)
    expected = [v.astype("float64") for v in values]
    for step, round_grads in enumerate(grads):
        expected = [w - 0.5 * 0.5**step * g for w, g in zip(expected, round_grads)]
    _assert_all_close(history[-1], expected)
    np.testing.assert_allclose(np.asarray(optimizer.learning_rate), 0.5 * 0.5**4)
    with pytest.raises(TypeError, match="cannot be set to a number"):
        optimizer.learning_rate = 0.1


def test_callable_learning_rate_and_replacing_the_variable():
    optimizer = SGD(learning_rate=0.1)
    optimizer.learning_rate = lambda: 0.25
    assert [v.name for v in optimizer.variables] == ["iteration"]
    (w,) = testing.make_variables([np.ones(2, "float32")])
    optimizer.apply([np.ones(2, "float32")], [w])
    np.testing.assert_allclose(w.numpy(), [0.75, 0.75])


def test_clipvalue():
    values, grads = _values_and_grads()
    history = testing.run(SGD(learning_rate=0.1, clipvalue=0.3), values, grads)
    expected = sgd_with(lambda gs: [np.clip(g, -0.3, 0.3) for g in gs])(values, grads)
    _assert_all_close(history[-1], expected)


def test_clipnorm_clips_each_gradient():
    values, grads = _values_and_grads()
    history = testing.run(SGD(learning_rate=0.1, clipnorm=0.8), values, grads)

    def clip(gs):
        return [g * 0.8 / max(np.linalg.norm(g), 0.8) for g in gs]

    _assert_all_close(history[-1], sgd_with(clip)(values, grads))


def test_global_clipnorm_clips_all_gradients_together():
    values, grads = _values_and_grads()
    history = testing.run(SGD(learning_rate=0.1, global_clipnorm=1.0), values, grads)

    def clip(gs):
        norm = np.sqrt(sum(np.sum(g * g) for g in gs))
        return [g * 1.0 / max(norm, 1.0) for g in gs]

    _assert_all_close(history[-1], sgd_with(clip)(values, grads))


def test_weight_decay_and_exclusions():
    values, grads = _values_and_grads()
    optimizer = SGD(learning_rate=0.1, weight_decay=0.2)
    history = testing.run(optimizer, values, grads)
    expected = [v.astype("float64") for v in values]
    for round_grads in grads:
        expected = [w - w * 0.2 * 0.1 - 0.1 * g for w, g in zip(expected, round_grads)]
    _assert_all_close(history[-1], expected)

    variables = testing.make_variables(values)
    excluded = SGD(learning_rate=0.1, weight_decay=0.2)
    excluded.exclude_from_weight_decay(var_list=[variables[0]], var_names=["w1"])
    for round_grads in grads:
        excluded.apply(round_grads, variables)
    plain = sgd_with(lambda gs: gs)(values, grads)
    _assert_all_close(testing.values_of(variables), plain)
    with pytest.raises(ValueError, match="before the optimizer is built"):
        excluded.exclude_from_weight_decay(var_names=["x"])


def test_ema_averages_and_finalize():
    values, grads = _values_and_grads()
    optimizer = SGD(learning_rate=0.1, use_ema=True, ema_momentum=0.9)
    variables = testing.make_variables(values)
    ws = [v.astype("float64") for v in values]
    averages = None
    for round_grads in grads:
        optimizer.apply(round_grads, variables)
        ws = [w - 0.1 * g for w, g in zip(ws, round_grads)]
        if averages is None:
            averages = list(ws)  # the first step copies the weights
        else:
            averages = [0.9 * a + 0.1 * w for a, w in zip(averages, ws)]
    _assert_all_close(testing.values_of(variables), ws)
    assert [v.name for v in optimizer.variables[2:]] == ["w0_average", "w1_average"]
    _assert_all_close([v.numpy() for v in optimizer.variables[2:]], averages)
    optimizer.finalize_variable_values(variables)
    _assert_all_close(testing.values_of(variables), averages)


def test_ema_overwrite_frequency():
    values, grads = _values_and_grads(steps=4)
    optimizer = SGD(
        learning_rate=0.1, use_ema=True, ema_momentum=0.5, ema_overwrite_frequency=2
    )
    variables = testing.make_variables(values)
    ws = [v.astype("float64") for v in values]
    averages = None
    for step, round_grads in enumerate(grads, start=1):
        optimizer.apply(round_grads, variables)
        ws = [w - 0.1 * g for w, g in zip(ws, round_grads)]
        averages = ws if averages is None else [
            0.5 * a + 0.5 * w for a, w in zip(averages, ws)
        ]
        if step % 2 == 0:
            ws = list(averages)
        _assert_all_close(testing.values_of(variables), ws)


def test_gradient_accumulation_applies_the_mean_every_n_steps():
    values, grads = _values_and_grads(steps=6)
    optimizer = SGD(learning_rate=0.1, momentum=0.5, gradient_accumulation_steps=3)
    variables = testing.make_variables(values)
    ws = [v.astype("float64") for v in values]
    velocity = [np.zeros_like(w) for w in ws]
    for step, round_grads in enumerate(grads, start=1):
        optimizer.apply(round_grads, variables)
        if step % 3 == 0:
            means = [
                sum(g[i].astype("float64") for g in grads[step - 3 : step]) / 3
                for i in range(len(ws))
            ]
            velocity = [0.5 * m - 0.1 * g for m, g in zip(velocity, means)]
            ws = [w + m for w, m in zip(ws, velocity)]
        _assert_all_close(testing.values_of(variables), ws)
        assert int(np.asarray(optimizer.iterations)) == step // 3
    names = [v.name for v in optimizer.variables[2:]]
    assert names == [
        "w0_gradient_accumulator",
        "w1_gradient_accumulator",
        "w0_momentum",
        "w1_momentum",
    ]
    for accumulator in optimizer.variables[2:4]:
        np.testing.assert_allclose(accumulator.numpy(), 0.0)


def test_constraints_run_after_the_update():
    (w,) = testing.make_variables([np.array([0.05, 1.0], "float32")])
    w.constraint = projections.NonNeg()
    SGD(learning_rate=0.1).apply([np.array([1.0, 1.0], "float32")], [w])
    np.testing.assert_allclose(w.numpy(), [0.0, 0.9], rtol=1e-6)


def test_loss_scale_factor_divides_gradients():
    optimizer = SGD(learning_rate=0.1, loss_scale_factor=4.0)
    np.testing.assert_allclose(np.asarray(optimizer.scale_loss(2.0)), 8.0)
    (w,) = testing.make_variables([np.ones(2, "float32")])
    optimizer.apply([np.array([4.0, 8.0], "float32")], [w])
    np.testing.assert_allclose(w.numpy(), [0.9, 0.8], rtol=1e-6)


def test_missing_gradients_are_skipped_with_a_warning():
    w0, w1 = testing.make_variables([np.ones(2, "float32"), np.ones(3, "float32")])
    optimizer = SGD(learning_rate=0.1)
    with pytest.warns(UserWarning, match="Gradients do not exist for variables"):
        optimizer.apply([None, np.ones(3, "float32")], [w0, w1])
    np.testing.assert_allclose(w0.numpy(), 1.0)
    np.testing.assert_allclose(w1.numpy(), 0.9, rtol=1e-6)
    with pytest.raises(ValueError, match="No gradients provided"):
        optimizer.apply([None, None], [w0, w1])


def test_overwrite_with_gradient():
    w0, w1 = testing.make_variables([np.ones(2, "float32"), np.ones(2, "float32")])
    w1.overwrite_with_gradient = True
    optimizer = Adam()
    optimizer.build([w0, w1])
    assert len(optimizer.variables) == 4  # no slots for w1
    optimizer.apply([np.ones(2, "float32"), np.array([5.0, 6.0], "float32")])
    np.testing.assert_allclose(w1.numpy(), [5.0, 6.0])


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"foo": 1}, "not recognized"),
        ({"clipnorm": 1.0, "clipvalue": 1.0}, "Only one of"),
        ({"gradient_accumulation_steps": 1}, "must be an integer >= 2"),
        ({"use_ema": True, "ema_momentum": 1.5}, "`ema_momentum` must be in"),
        ({"use_ema": True, "ema_overwrite_frequency": 0}, "must be an integer >= 1"),
        ({"learning_rate": "fast"}, "should be a float"),
    ],
)
def test_invalid_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        SGD(**kwargs)


def test_decay_argument_is_ignored_with_a_warning():
    with pytest.warns(UserWarning, match="`decay` is no longer supported"):
        SGD(decay=0.1)


def test_apply_errors():
    w0, w1 = testing.make_variables([np.ones(2, "float32"), np.ones(2, "float32")])
    optimizer = SGD()
    with pytest.raises(ValueError, match="must already be built"):
        optimizer.apply([np.ones(2, "float32")])
    optimizer.apply([np.ones(2, "float32")], [w0])
    with pytest.raises(ValueError, match="Unknown variable 'w1'"):
        optimizer.apply([np.ones(2, "float32")], [w1])
    with pytest.raises(ValueError, match="Received 2 gradients"):
        optimizer.apply([np.ones(2, "float32")] * 2)
    with pytest.raises(ValueError, match="expected one gradient per variable"):
        optimizer.apply([np.ones(2, "float32")] * 2, [w0])


def test_config_round_trip_with_a_schedule():
    schedule = schedules.PolynomialDecay(0.1, 100, end_learning_rate=0.01)
    optimizer = SGD(learning_rate=schedule, clipnorm=2.0, use_ema=True, name="opt")
    config = optimizer.get_config()
    assert config["learning_rate"]["class_name"] == "PolynomialDecay"
    assert sorted(config) == sorted(
        [
            "name",
            "learning_rate",
            "weight_decay",
            "clipnorm",
            "global_clipnorm",
            "clipvalue",
            "use_ema",
            "ema_momentum",
            "ema_overwrite_frequency",
            "loss_scale_factor",
            "gradient_accumulation_steps",
            "momentum",
            "nesterov",
        ]
    )
    restored = SGD.from_config(config)
    assert isinstance(restored._learning_rate, schedules.PolynomialDecay)
    assert restored.get_config() == config


def test_weights_save_load_and_set():
    values, grads = _values_and_grads(steps=2)
    optimizer = Adam(learning_rate=0.01)
    testing.run(optimizer, values, grads)
    store = {}
    optimizer.save_own_variables(store)
    assert sorted(store, key=int) == [str(i) for i in range(6)]

    fresh = Adam(learning_rate=0.5)
    with pytest.warns(UserWarning, match="Skipping variable loading"):
        fresh.load_own_variables(store)
    fresh.build(testing.make_variables(values))
    fresh.load_own_variables(store)
    for mine, theirs in zip(fresh.variables, optimizer.variables):
        np.testing.assert_allclose(mine.numpy(), theirs.numpy())

    with pytest.raises(ValueError, match="expected 6 values"):
        fresh.set_weights([store["0"]])
    fresh.set_weights([np.zeros_like(store[str(i)]) for i in range(6)])
    assert int(fresh.iterations.numpy()) == 0


def test_update_step_must_be_implemented():
    optimizer = Optimizer(learning_rate=0.1)
    (w,) = testing.make_variables([np.ones(2, "float32")])
    with pytest.raises(NotImplementedError, match="must implement `update_step"):
        optimizer.apply([ops.ones((2,))], [w])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert optimizer.scale_loss(3.0) == 3.0


@pytest.mark.parametrize("bad", [-1.0, -1e-9, float("nan"), float("inf"), -3])
def test_learning_rate_must_be_non_negative_and_finite(bad):
    # Adam(learning_rate=-1.0) was accepted silently.
    with pytest.raises(ValueError, match=r"non-negative finite number.*learning_rate="):
        Adam(learning_rate=bad)
    optimizer = SGD(learning_rate=0.1)
    with pytest.raises(ValueError, match="non-negative finite number"):
        optimizer.learning_rate = bad
    np.testing.assert_allclose(optimizer.learning_rate.numpy(), 0.1)
    assert Adam(learning_rate=0.0).learning_rate.numpy() == 0.0

"""L1, L2, L1L2 and OrthogonalRegularizer against NumPy; configs and errors."""

import numpy as np
import pytest

import keras
from keras import regularizers
from keras.ops import testing

W = testing.random_array((5, 4), seed=0)


def penalty(regularizer, w=W):
    result = regularizer(keras.ops.convert_to_tensor(w))
    assert tuple(result.shape) == ()
    return float(testing.to_numpy(result))


def orthogonal_reference(w, factor, mode):
    w = w.astype("float64")
    if mode == "columns":
        w = w.T
    unit = w / np.linalg.norm(w, axis=1, keepdims=True)
    cosines = unit @ unit.T
    upper = np.triu_indices(len(w), k=1)  # the pairs i < j
    return factor * np.abs(cosines[upper]).mean()


def test_l1_and_l2():
    np.testing.assert_allclose(penalty(regularizers.L1()), 0.01 * np.abs(W).sum(), 1e-5)
    np.testing.assert_allclose(penalty(regularizers.L1(0.3)), 0.3 * np.abs(W).sum(), 1e-5)
    np.testing.assert_allclose(penalty(regularizers.L2()), 0.01 * (W**2).sum(), 1e-5)
    np.testing.assert_allclose(penalty(regularizers.L2(0.2)), 0.2 * (W**2).sum(), 1e-5)


def test_l1_l2():
    assert penalty(regularizers.L1L2()) == 0.0
    expected = 0.1 * np.abs(W).sum() + 0.05 * (W**2).sum()
    np.testing.assert_allclose(penalty(regularizers.L1L2(0.1, 0.05)), expected, 1e-5)
    np.testing.assert_allclose(
        penalty(regularizers.L1L2(l2=0.05)), 0.05 * (W**2).sum(), 1e-5
    )


@pytest.mark.parametrize("mode", ["rows", "columns"])
@pytest.mark.parametrize("factor", [0.01, 1.5])
def test_orthogonal_regularizer(mode, factor):
    result = penalty(regularizers.OrthogonalRegularizer(factor, mode))
    np.testing.assert_allclose(result, orthogonal_reference(W, factor, mode), 1e-5)


def test_orthogonal_rows_give_no_penalty():
    q, _ = np.linalg.qr(testing.random_array((6, 6), seed=1))
    w = q[:3].astype("float32")  # 3 orthonormal rows
    assert abs(penalty(regularizers.OrthogonalRegularizer(1.0), w)) < 1e-6
    assert penalty(regularizers.OrthogonalRegularizer(1.0, "columns"), w) > 0.01


def test_orthogonal_regularizer_needs_a_matrix():
    with pytest.raises(ValueError, match=r"needs a 2-D weight; got shape \(2, 3, 4\)"):
        regularizers.OrthogonalRegularizer()(keras.ops.ones((2, 3, 4)))


@pytest.mark.parametrize(
    "build, match",
    [
        (lambda: regularizers.L1(-0.1), r"`l1` must be a non-negative.*l1=-0.1"),
        (lambda: regularizers.L2("big"), r"`l2` must be a non-negative.*'big'"),
        (lambda: regularizers.L1L2(l2=float("nan")), r"`l2` must be"),
        (lambda: regularizers.OrthogonalRegularizer(-1.0), r"`factor` must be"),
        (lambda: regularizers.OrthogonalRegularizer(mode="diag"), r"`mode` must be"),
    ],
)
def test_bad_arguments(build, match):
    with pytest.raises(ValueError, match=match):
        build()


@pytest.mark.parametrize(
    "regularizer, config",
    [
        (regularizers.L1(), {"l1": 0.01}),
        (regularizers.L2(), {"l2": 0.01}),
        (regularizers.L1L2(), {"l1": 0.0, "l2": 0.0}),
        (regularizers.L1L2(0.2, 0.3), {"l1": 0.2, "l2": 0.3}),
        (regularizers.OrthogonalRegularizer(), {"factor": 0.01, "mode": "rows"}),
    ],
)
def test_config_round_trip(regularizer, config):
    assert regularizer.get_config() == config
    restored = type(regularizer).from_config(config)
    assert restored.get_config() == config
    assert penalty(restored) == penalty(regularizer)


def test_base_class():
    assert regularizers.Regularizer()(W) == 0.0
    with pytest.raises(NotImplementedError, match="must implement get_config"):
        regularizers.Regularizer().get_config()
    assert keras.Regularizer is regularizers.Regularizer


def test_aliases():
    assert regularizers.l1 is regularizers.L1
    assert regularizers.l2 is regularizers.L2
    assert regularizers.l1_l2 is regularizers.L1L2
    assert regularizers.orthogonal_regularizer is regularizers.OrthogonalRegularizer

"""Torch specifics of the backend contract: Parameters, autograd, torch functions."""

import numpy as np
import pytest
import torch

import keras
from keras.backends.torch import core


def test_variable_is_a_parameter_torch_optimizers_update():
    v = core.Variable(np.array([1.0, 2.0], "float32"))
    assert isinstance(v.value, torch.nn.Parameter) and v.value.requires_grad
    optimizer = torch.optim.SGD([v.value], lr=0.5)
    loss = torch.sum(v * v)
    loss.backward()
    optimizer.step()
    np.testing.assert_allclose(v.numpy(), [0.0, 0.0])


def test_frozen_and_integer_variables_need_no_gradient():
    frozen = core.Variable(1.0, trainable=False)
    assert not frozen.value.requires_grad
    counter = core.Variable(0, dtype="int64")
    assert not counter.value.requires_grad
    frozen.trainable = True
    assert frozen.value.requires_grad


def test_torch_functions_accept_variables():
    v = core.Variable(np.array([1.5, -2.0], "float32"))
    np.testing.assert_allclose(torch.add(v, 1.0).numpy(force=True), [2.5, -1.0])
    np.testing.assert_allclose(torch.stack([v, v]).shape, (2, 2))


def test_convert_keeps_gradients_flowing():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = core.cast(x, "float64")
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [1.0, 1.0])
    assert core.convert_to_numpy(x).tolist() == [1.0, 2.0]


def test_public_variable_is_the_torch_one():
    assert keras.Variable is core.Variable


@pytest.mark.parametrize("dtype", [None, "float32", "float64", "int32"])
def test_read_only_arrays_are_copied_without_warning(dtype):
    # A tf.data pipeline on torch hands out read-only NumPy batches.
    import warnings

    array = np.arange(6, dtype="float32").reshape(2, 3)
    array.flags.writeable = False
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tensor = core.convert_to_tensor(array, dtype=dtype)
    tensor.add_(1)  # writing the tensor must not reach the read-only array
    np.testing.assert_array_equal(array, np.arange(6).reshape(2, 3))
    expected = array.astype(tensor.cpu().numpy().dtype) + 1
    np.testing.assert_array_equal(tensor.cpu().numpy(), expected)

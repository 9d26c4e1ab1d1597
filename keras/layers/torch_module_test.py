"""On torch, layers are torch.nn.Modules whose parameters torch optimizers can update."""

import numpy as np
import torch

from keras.layers.layer_test import Block
from keras.layers.layer_test import data


def test_torch_sees_the_parameters():
    block = Block()
    block(data())
    params = list(block.parameters())
    assert len(params) == 8
    assert all(isinstance(p, torch.nn.Parameter) for p in params)
    optimizer = torch.optim.SGD(block.parameters(), lr=0.1)
    before = block.first.kernel.numpy().copy()
    loss = torch.sum(block(torch.tensor(data())) ** 2)
    loss.backward()
    optimizer.step()
    assert not np.allclose(before, block.first.kernel.numpy())
    assert isinstance(block, torch.nn.Module)


def test_state_dict_round_trip():
    block = Block()
    block(data())
    state = {k: v.clone() for k, v in block.state_dict().items()}
    assert len(state) == 8
    other = Block()
    other(data())
    other.load_state_dict({k2: state[k1] for k1, k2 in zip(state, other.state_dict())})
    for a, b in zip(block.get_weights(), other.get_weights()):
        np.testing.assert_array_equal(a, b)

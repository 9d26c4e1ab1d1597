"""The torch binding: torch.library checks (opcheck), autograd and torch.compile."""

import numpy as np
import pytest
import torch

from kernels.bindings import references as shared
from kernels.bindings import torch_ops


def test_opcheck_layer_norm_and_rms_norm():
    rng = np.random.default_rng(0)
    x = torch.tensor(rng.normal(size=(5, 24)).astype("float32"), requires_grad=True)
    g = torch.tensor(rng.normal(size=(24,)).astype("float32"), requires_grad=True)
    b = torch.tensor(rng.normal(size=(24,)).astype("float32"), requires_grad=True)
    torch.library.opcheck(torch_ops.layer_norm_op, (x, g, b, 1e-3))
    torch.library.opcheck(torch_ops.rms_norm_op, (x, g, 1e-5))


def test_opcheck_attention():
    q, k, v, mask, causal = shared.make_attention_inputs("gqa")
    args = [torch.tensor(a, requires_grad=True) for a in (q, k, v)]
    ones = torch.ones((1, 1, 1, 1), dtype=torch.uint8)
    torch.library.opcheck(torch_ops.attention_op, (*args, ones, False, False, 0.3))


@pytest.mark.filterwarnings("ignore:Input #:UserWarning")
def test_gradcheck_layer_norm():
    # gradcheck in float32 with a step and tolerances float32 can resolve.
    rng = np.random.default_rng(2)
    x = torch.tensor(rng.normal(size=(3, 7)).astype("float32"), requires_grad=True)
    g = torch.tensor(rng.normal(size=(7,)).astype("float32"), requires_grad=True)
    b = torch.tensor(rng.normal(size=(7,)).astype("float32"), requires_grad=True)
    assert torch.autograd.gradcheck(
        lambda x, g, b: torch_ops.layer_norm_op(x, g, b, 1e-3)[0],
        (x, g, b), eps=1e-2, atol=2e-2, rtol=2e-2,
    )


def test_torch_compile_fullgraph():
    q, k, v, mask, causal = shared.make_attention_inputs("causal")
    q, k, v = (torch.tensor(a) for a in (q, k, v))

    def block(q, k, v):
        out = torch_ops.dot_product_attention(q, k, v, is_causal=True)
        return torch_ops.layer_normalization(out, None, None, axis=-1, epsilon=1e-3)

    compiled = torch.compile(block, fullgraph=True, backend="aot_eager")
    np.testing.assert_allclose(
        compiled(q, k, v).numpy(), block(q, k, v).numpy(), rtol=1e-6, atol=1e-6
    )


def test_float32_layer_norm_goes_to_torchs_own():
    from keras.backends import active
    from keras.backends.common import registry

    active.fast_paths()  # the backend's nn module, and with it the kernel entries
    x = torch.randn(4, 16)
    entry = registry.for_backend("torch").entries("nn.layer_normalization")[0]
    assert entry.kind == "kernel"
    assert entry.function(x) is NotImplemented
    assert entry.function(x, rms_scaling=True) is not NotImplemented
    assert entry.function(x.to(torch.bfloat16)) is not NotImplemented
    np.testing.assert_allclose(
        entry.function.kernel(x, epsilon=1e-3).numpy(),
        torch.nn.functional.layer_norm(x, (16,), eps=1e-3).numpy(),
        rtol=1e-5, atol=1e-5,
    )

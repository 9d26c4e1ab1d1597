"""The torch base of keras.layers.Layer: every layer (and model) is a `torch.nn.Module`.

The variables of a layer and of all the layers inside it are registered as the module's
parameters (`layer.parameters()`, `named_parameters()`, `state_dict()`), so torch optimizers,
`zero_grad()` and friends see them. Sub-layers are not registered as child modules (their
variables are already listed by the outer layer); Keras tracks them itself.
"""

import contextlib

import torch


class BackendLayer(torch.nn.Module):
    """Mixed into keras.layers.Layer on the torch backend."""

    def _backend_init(self):
        torch.nn.Module.__init__(self)

    def _backend_setattr(self, name, value):
        # Keras tracks layers and variables itself; keep them out of torch's registries.
        object.__setattr__(self, name, value)

    def _sync_torch_parameters(self):
        params = self.__dict__["_parameters"]
        params.clear()
        for index, variable in enumerate(self.variables):
            key = f"{index}_" + variable.path.replace("/", "_").replace(".", "_")
            params[key] = variable._value

    def named_parameters(self, *args, **kwargs):
        self._sync_torch_parameters()
        return super().named_parameters(*args, **kwargs)

    def parameters(self, recurse=True):
        self._sync_torch_parameters()
        return super().parameters(recurse)

    def state_dict(self, *args, **kwargs):
        self._sync_torch_parameters()
        return super().state_dict(*args, **kwargs)

    def load_state_dict(self, state_dict, strict=True, **kwargs):
        self._sync_torch_parameters()
        return super().load_state_dict(state_dict, strict=strict, **kwargs)

    def forward(self, *args, **kwargs):
        return self.__call__(*args, **kwargs)


def remat(f):
    """`f` under `torch.utils.checkpoint` (non-reentrant): its intermediate values are
    recomputed in the backward pass. The recomputation runs `f` to its end
    (early_stop=False): torch's early stop interrupts it with an exception, which
    code inside `f` that handles errors (a fast path declining) must not see."""
    import torch.utils.checkpoint

    def call(*args, **kwargs):
        return torch.utils.checkpoint.checkpoint(
            f, *args, use_reentrant=False, early_stop=False, **kwargs
        )

    return call


@contextlib.contextmanager
def device_scope(kind, index):
    """Within the scope, new tensors are created on the device ("gpu" is CUDA)."""
    from keras.backends.torch import core

    kind = {"gpu": "cuda"}.get(kind, kind)
    if kind == "cuda" and (not torch.cuda.is_available() or index >= torch.cuda.device_count()):
        raise RuntimeError(
            f'keras.device("gpu:{index}"): torch sees {torch.cuda.device_count()} CUDA '
            "device(s) here."
        )
    if kind not in ("cpu", "cuda", "mps", "xpu"):
        raise RuntimeError(f'keras.device: torch has no device type "{kind}".')
    device = torch.device("cpu") if kind == "cpu" else torch.device(kind, index)
    saved = core.DEFAULT_DEVICE
    core.DEFAULT_DEVICE = device
    try:
        with torch.device(device):
            yield
    finally:
        core.DEFAULT_DEVICE = saved

"""The torch base of keras.layers.Layer: every layer (and model) is a `torch.nn.Module`.

The variables of a layer and of all the layers inside it are registered as the module's
parameters (`layer.parameters()`, `named_parameters()`, `state_dict()`), so torch optimizers,
`zero_grad()` and friends see them. Sub-layers are not registered as child modules (their
variables are already listed by the outer layer); Keras tracks them itself.
"""

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

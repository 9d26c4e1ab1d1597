"""LoRA (low-rank adaptation) shared by Dense, EinsumDense and Embedding.

With LoRA enabled, a layer's main weight `W` is frozen and the layer computes with
`W + (alpha / rank) * (A @ B)`, where `A` (W.shape[:-1] + (rank,)) and `B`
(rank, W.shape[-1]) are small trainable matrices. `B` starts at zero, so enabling LoRA
does not change the outputs. Saved files hold the merged weight, as in Keras 3.
"""

import numpy as np

from keras import initializers
from keras import ops


def check_rank(lora_rank, lora_alpha, layer_name):
    """Validates the `lora_rank` / `lora_alpha` constructor arguments."""
    for value, argument in ((lora_rank, "lora_rank"), (lora_alpha, "lora_alpha")):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, np.integer, float)):
            raise ValueError(
                f"{layer_name}: `{argument}` must be a positive number or None; "
                f"received {argument}={value!r}."
            )
        if value <= 0:
            raise ValueError(
                f"{layer_name}: `{argument}` must be positive; received "
                f"{argument}={value!r}."
            )


def add_lora_weights(
    layer,
    base_attr,
    rank,
    constraint,
    prefix,
    a_initializer,
    b_initializer,
    dtype=None,
    shape=None,
):
    """Freezes the variable `layer.<base_attr>` and adds the two low-rank factors
    (for a weight of `shape`, by default the variable's; a packed int4 kernel stands
    for a larger float one).

    Returns:
        (a, b): the new trainable variables, named `{prefix}_a` and `{prefix}_b`.
    """
    if constraint is not None:
        raise ValueError(
            f"Layer '{layer.name}': LoRA is incompatible with a constraint on the "
            "weight it adapts. Remove the constraint to enable LoRA."
        )
    if not layer.built:
        raise ValueError(
            f"Layer '{layer.name}': cannot enable LoRA on a layer that is not built "
            "yet. Call the layer once (or `build` it) first."
        )
    if layer.lora_enabled:
        raise ValueError(
            f"Layer '{layer.name}': LoRA is already enabled; it can only be enabled "
            "once."
        )
    if isinstance(rank, bool) or not isinstance(rank, (int, np.integer)) or rank <= 0:
        raise ValueError(
            f"Layer '{layer.name}': the LoRA `rank` must be a positive integer; "
            f"received rank={rank!r}."
        )
    base = getattr(layer, base_attr)
    shape = tuple(base.shape if shape is None else shape)
    a = layer.add_weight(
        name=f"{prefix}_a",
        shape=shape[:-1] + (int(rank),),
        initializer=initializers.get(a_initializer),
        dtype=dtype,
        regularizer=base.regularizer,
    )
    b = layer.add_weight(
        name=f"{prefix}_b",
        shape=(int(rank), shape[-1]),
        initializer=initializers.get(b_initializer),
        dtype=dtype,
        regularizer=base.regularizer,
    )
    base.trainable = False
    return a, b


def merged(base, a, b, alpha, rank):
    """The adapted weight `base + (alpha / rank) * (a @ b)`."""
    return ops.add(base, (alpha / rank) * ops.matmul(a, b))


def save_variables(layer, store, values):
    """Writes `values` (the merged weight first) to `store` under "0", "1", ..."""
    if not layer.built:
        return
    for index, value in enumerate(values):
        store[str(index)] = np.asarray(ops.convert_to_numpy(value))


def load_variables(layer, store, variables):
    """Assigns `store["0"]`, `store["1"]`, ... to `variables`; resets LoRA factors so
    the loaded weights are used as they are."""
    if not layer.built:
        return
    if len(store.keys()) != len(variables):
        raise ValueError(
            f"Layer '{layer.name}' expects {len(variables)} variables, but the saved "
            f"file holds {len(store.keys())} for it."
        )
    for index, variable in enumerate(variables):
        variable.assign(np.asarray(store[str(index)]))
    if layer.lora_enabled:
        for factor in layer._lora_factors():
            factor.assign(np.zeros(factor.shape, dtype=factor.dtype))


class KernelLoRA:
    """LoRA on a layer's `_kernel` (Dense, EinsumDense, Conv): a mixin placed before
    `Layer` in the bases. The layer has `_kernel`, `bias` (or None), `kernel_constraint`
    and a `kernel` property that merges the factors in when `lora_enabled`."""

    # The dtype of the factors (None: the layer's variable dtype).
    _lora_dtype = "float32"

    def enable_lora(
        self, rank, lora_alpha=None, a_initializer="he_uniform", b_initializer="zeros"
    ):
        """Freezes the kernel and adds the trainable LoRA factors `lora_kernel_a`
        (kernel.shape[:-1] + (rank,)) and `lora_kernel_b` (rank, kernel.shape[-1])."""
        self.lora_kernel_a, self.lora_kernel_b = add_lora_weights(
            self,
            "_kernel",
            rank,
            self.kernel_constraint,
            "lora_kernel",
            a_initializer,
            b_initializer,
            dtype=self._lora_dtype,
            shape=getattr(self, "_float_kernel_shape", None),
        )
        self.lora_enabled = True
        self.lora_rank = rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else rank

    def _lora_factors(self):
        return [self.lora_kernel_a, self.lora_kernel_b]

    def _saved_variables(self):
        return [self._kernel] + ([self.bias] if self.bias is not None else [])

    def save_own_variables(self, store):
        """Stores the kernel (LoRA merged in) and the bias, as Keras 3 does."""
        values = [self.kernel] + ([self.bias] if self.bias is not None else [])
        save_variables(self, store, values)

    def load_own_variables(self, store):
        load_variables(self, store, self._saved_variables())

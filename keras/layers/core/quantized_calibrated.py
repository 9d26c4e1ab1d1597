"""The variables of GPTQ and AWQ layers (Dense, EinsumDense), in Keras 3's layout.

The kernel is seen as a matrix `w` (out, in) (the transpose of the int4 view
(rows, cols) of quantized_kernel.py), quantized to unsigned `weight_bits`-bit levels
with a scale and zero point per output row and input group (see
keras/quantizers/calibrated.py). The layer holds, as Keras 3.15.1 does:

* `kernel`: uint8, (ceil(out / 2), in) with two 4-bit levels per byte along the
  outputs (row 2k in the low nibble), or (out, in) for 2, 3 and 8 bits;
* `kernel_scale`: float32 (out, groups); the zero point, uint8 (out, groups), named
  `kernel_zero` in Dense and `zero_point` in EinsumDense;
* AWQ only: `awq_scales`, float32 (in,): the layer computes with the dequantized
  kernel divided by them, row by row;
* `g_idx`: float32 (in,), the group of each input row.

Saved files list `bias, kernel, kernel_scale, <zero>, [awq_scales,] g_idx`.
`layer.quantize("gptq" | "awq", config=...)` only makes these variables (the layer
keeps computing with its float kernel); `Model.quantize` then fills them from the
calibration data (keras/models/calibration.py) and drops the float kernel.
"""

import numpy as np

from keras import ops
from keras.quantizers import calibrated

MODES = ("gptq", "awq")


def settings(config, policy):
    """(weight_bits, group_size) from the layer's config, else its dtype policy's
    mode ("gptq/4/128")."""
    if config is not None and hasattr(config, "weight_bits"):
        return int(config.weight_bits), int(config.group_size)
    mode = getattr(policy, "mode", None) or policy.name.split("_from_", 1)[0]
    _, bits, group = mode.split("/")
    return int(bits), int(group)


def _zero_name(layer):
    return "zero_point" if hasattr(layer, "equation") else "kernel_zero"


def build_variables(layer, mode, bits, group_size):
    """Creates the quantized variables (zeros; `g_idx` its plain groups, AWQ scales
    ones) and records the layout on the layer."""
    _, rows, cols = layer._int4_view()
    size = rows if group_size == -1 else group_size
    groups = -(-rows // size)
    packed = ((cols + 1) // 2, rows) if bits == 4 else (cols, rows)
    layer._calibrated = {"bits": bits, "group_size": group_size, "zero": _zero_name(layer)}
    layer._calibrated_kernel = layer._frozen("kernel", packed, "uint8")
    layer.kernel_scale = layer._frozen("kernel_scale", (cols, groups), "float32")
    setattr(layer, _zero_name(layer), layer._frozen(_zero_name(layer), (cols, groups), "uint8"))
    if mode == "awq":
        layer.awq_scales = layer._frozen("awq_scales", (rows,), "float32")
        layer.awq_scales.assign(np.ones((rows,), np.float32))
    layer.g_idx = layer._frozen("g_idx", (rows,), "float32")
    layer.g_idx.assign((np.arange(rows) // size).astype(np.float32))


def pending(layer):
    """Whether the layer was given its GPTQ/AWQ variables but not their values yet
    (it still computes with its float kernel)."""
    return getattr(layer, "_calibrated_kernel", None) is not None and layer._kernel is not layer._calibrated_kernel


def float_matrix(layer):
    """The float kernel as the matrix w (out, in) that GPTQ/AWQ quantize."""
    perm, rows, cols = layer._int4_view()
    kernel = ops.convert_to_numpy(layer._kernel)
    return np.transpose(np.transpose(np.asarray(kernel), perm).reshape(rows, cols))


def input_matrix(layer, inputs):
    """The layer's inputs as rows (n, in) in the order of the kernel's reduced axes."""
    x = np.asarray(ops.convert_to_numpy(inputs), np.float64)
    letters = getattr(layer, "_letters", None)
    if letters is None:
        return x.reshape(-1, x.shape[-1])
    ins, ker, out = letters
    reduced = [c for c in ker if c not in out]
    for c in [c for c in ins if c not in ker and c not in out]:
        x = x.sum(axis=ins.index(c), keepdims=True)
    kept = [i for i, c in enumerate(ins) if c not in reduced]
    order = kept + [ins.index(c) for c in reduced]
    _, rows, _ = layer._int4_view()
    return np.transpose(x, order).reshape(-1, rows)


def fill(layer, q, scale, zero, g_idx, awq_scales=None):
    """Assigns the quantized values (out, in) and makes the layer compute with them,
    dropping its float kernel."""
    bits = layer._calibrated["bits"]
    packed = calibrated.pack_rows(q) if bits == 4 else np.asarray(q, np.uint8)
    layer._calibrated_kernel.assign(packed)
    layer.kernel_scale.assign(np.asarray(scale, np.float32))
    getattr(layer, layer._calibrated["zero"]).assign(np.asarray(zero, np.uint8))
    layer.g_idx.assign(np.asarray(g_idx, np.float32))
    if awq_scales is not None:
        layer.awq_scales.assign(np.asarray(awq_scales, np.float32))
    if layer._kernel is not layer._calibrated_kernel:
        layer._untrack_variable(layer._kernel)
        layer._kernel = layer._calibrated_kernel


def attach(layer):
    """After loading (build with a GPTQ/AWQ policy): compute with the quantized kernel."""
    layer._kernel = layer._calibrated_kernel


def dequantized_matrix(layer):
    """The float kernel matrix (in, out) the variables stand for (rows, cols of the
    int4 view)."""
    _, rows, cols = layer._int4_view()
    kernel = layer._calibrated_kernel
    if layer._calibrated["bits"] == 4:
        low = ops.bitwise_and(kernel, 15)
        high = ops.right_shift(kernel, 4)
        levels = ops.reshape(ops.stack([low, high], axis=1), (-1, rows))[:cols]
    else:
        levels = kernel
    g = ops.cast(layer.g_idx, "int32")
    zero = ops.cast(ops.take(getattr(layer, layer._calibrated["zero"]), g, axis=1), "float32")
    scale = ops.take(layer.kernel_scale, g, axis=1)
    matrix = ops.transpose(ops.multiply(ops.subtract(ops.cast(levels, "float32"), zero), scale))
    if hasattr(layer, "awq_scales"):
        matrix = ops.divide(matrix, ops.expand_dims(layer.awq_scales, 1))
    return matrix


def merged_values(layer, kernel):
    """The values `variables` lists, for the float `kernel` (the quantized one plus
    a LoRA delta) rounded to the layer's grid as written to files."""
    perm, rows, cols = layer._int4_view()
    w = np.transpose(np.transpose(np.asarray(ops.convert_to_numpy(kernel)), perm).reshape(rows, cols))
    scales = None
    if hasattr(layer, "awq_scales"):
        scales = np.asarray(ops.convert_to_numpy(layer.awq_scales), np.float64)
        w = w * scales[None, :]
    bits, group = layer._calibrated["bits"], layer._calibrated["group_size"]
    q, scale, zero, g_idx = calibrated.round_to_nearest(w, bits, group)
    packed = calibrated.pack_rows(q) if bits == 4 else q
    values = {
        "_calibrated_kernel": packed,
        "kernel_scale": scale,
        layer._calibrated["zero"]: zero,
        "g_idx": g_idx.astype(np.float32),
    }
    names = ["bias", "_calibrated_kernel", "kernel_scale", layer._calibrated["zero"], "awq_scales", "g_idx"]
    return [values.get(n, getattr(layer, n, None)) for n in names if getattr(layer, n, None) is not None]


def variables(layer):
    """The variables in the order of Keras 3's files (bias first)."""
    names = ["bias", "_calibrated_kernel", "kernel_scale", layer._calibrated["zero"], "awq_scales", "g_idx"]
    found = [getattr(layer, n, None) for n in names]
    return [v for v in found if v is not None]


def load(layer, store, expected):
    """Loads `store` into `expected` (the `variables` list). Keras 3.15.1 writes
    GPTQ/AWQ files without the zero point: when the grid was symmetric the zero
    point is known (2**(bits - 1)) and filled in; otherwise the file cannot stand
    for the layer, which is an error."""
    zero = getattr(layer, layer._calibrated["zero"])
    if len(store.keys()) == len(expected) - 1:
        if not getattr(layer.quantization_config, "symmetric", False):
            raise ValueError(
                f"Layer '{layer.name}' ({layer.dtype_policy.name}): the file holds "
                f"{len(store.keys())} variables, without the zero points "
                f"(`{layer._calibrated['zero']}`) of its asymmetric grid. Keras "
                "3.15.1 leaves them out when saving GPTQ/AWQ models, so such a file "
                "cannot be loaded (not by Keras 3.15.1 either): quantize the float "
                "model again, or save it with this keras, which writes them."
            )
        rest = [v for v in expected if v is not zero]
        for index, variable in enumerate(rest):
            variable.assign(np.asarray(store[str(index)]))
        zero.assign(np.full(zero.shape, 2 ** (layer._calibrated["bits"] - 1), np.uint8))
        return
    if len(store.keys()) != len(expected):
        raise ValueError(
            f"Layer '{layer.name}' expects {len(expected)} variables, but the saved "
            f"file holds {len(store.keys())} for it."
        )
    for index, variable in enumerate(expected):
        variable.assign(np.asarray(store[str(index)]))

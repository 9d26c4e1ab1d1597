"""The kernels as OpenVINO operations (forward only: OpenVINO runs inference).

Each is an `openvino.Op` whose `evaluate` hands the input and output buffers to the
C++ kernels by pointer, so it runs wherever OpenVINO runs the graph: an eager
evaluation, or inside the model `predict` compiles (the CPU plugin calls `evaluate`
for operations it has no kernel of its own for). The registry entries build these nodes
on openvino tensors when the inputs qualify (the same rules as on every backend) and
decline otherwise, leaving the backend's own graph (its native ScaledDotProductAttention
and MVN).

Only what measures faster than OpenVINO's own operation is registered (bench/kernels.py
on openvino, compiled graphs, 2026-12-07, this 2-core AVX-512 machine, idle): causal
attention 4x1024x8x64 float32, 247 GFLOP/s against 143 for OpenVINO's
ScaledDotProductAttention (1.73x). Non-causal attention (145 against 161), layer norm
(10.5 against 11.1 GB/s for MVN) and RMS norm (11.7 against 13.9) are faster on
OpenVINO's own operations, which pay no copy into and out of a reference node; their
operations stay here (LayerNormOp), tested, but are not registered.
"""

import numpy as np
import openvino as ov

from kernels.bindings import common
from kernels.bindings import library

_DTYPES = {ov.Type.f32: "float32", ov.Type.bf16: "bfloat16"}


def available():
    return library.cpu() is not None


def _core():
    from keras.backends.openvino import core

    return core


def _numpy_dtype(name):
    from keras.backends.common import dtypes

    return dtypes.numpy_dtype(name)


def _address(tensor):
    """The address of an ov.Tensor's buffer (its `.data` is a NumPy view of it)."""
    return tensor.data.ctypes.data


class _KernelOp(ov.Op):
    """Base of the kernel operations: output 0 has the type and shape of input 0."""

    _TYPE = None

    def __init__(self, inputs=None, attributes=None):
        super().__init__(self, inputs)
        self._attributes = dict(attributes or {})
        if inputs:
            self.constructor_validate_and_infer_types()

    def validate_and_infer_types(self):
        self.set_output_type(
            0, self.get_input_element_type(0), self.get_input_partial_shape(0)
        )

    def clone_with_new_inputs(self, new_inputs):
        return type(self)(new_inputs, self._attributes)

    def get_type_info(self):
        return ov.DiscreteTypeInfo(self._TYPE, "keras_kernels")

    def visit_attributes(self, visitor):
        return True

    def has_evaluate(self):
        return True


class LayerNormOp(_KernelOp):
    """x, gamma (cols,), beta (cols,) -> layer norm (or RMS norm) over the trailing
    `cols` elements of each row; attributes: epsilon, rms, rows, cols."""

    _TYPE = "KerasLayerNorm"

    def evaluate(self, outputs, inputs):
        a = self._attributes
        x, gamma, beta = inputs
        y = outputs[0]
        y.shape = x.shape
        dtype = _DTYPES[x.element_type]
        kernels = library.cpu()
        if a["rms"]:
            kernels.rms_norm_forward(dtype, _address(x), _address(gamma), _address(y), 0,
                                     a["rows"], a["cols"], a["epsilon"])
        else:
            kernels.layer_norm_forward(dtype, _address(x), _address(gamma),
                                       _address(beta), _address(y), 0, 0, a["rows"],
                                       a["cols"], a["epsilon"])
        return True


class AttentionOp(_KernelOp):
    """q (B, T, N, H), k, v (B, S, K, H), optionally a uint8 mask of `mask4` shape ->
    attention output (B, T, N, H); attributes: geometry, scale, causal, mask4."""

    _TYPE = "KerasAttention"

    def evaluate(self, outputs, inputs):
        a = self._attributes
        q, k, v = inputs[:3]
        out = outputs[0]
        out.shape = q.shape
        mask_args = (0, 0, 0, 0, 0)
        if a["mask4"] is not None:
            mask_args = (_address(inputs[3]),) + common.mask_strides(a["mask4"])
        library.cpu().attention_forward(
            _DTYPES[q.element_type], _address(q), _address(k), _address(v), mask_args,
            a["causal"], a["scale"], _address(out), 0, a["geometry"],
        )
        return True


def _qualifying(*values):
    """The common kernel dtype name of openvino tensors, or None."""
    core = _core()
    names = set()
    for value in values:
        if not isinstance(value, core.OpenVINOTensor):
            return None
        names.add(_DTYPES.get(value.output.get_element_type()))
    return names.pop() if len(names) == 1 and None not in names else None


def _vector(value, cols, fill):
    """A (cols,) float32 graph output of `value` (a constant of `fill` when None)."""
    core = _core()
    if value is None:
        return core._constant(np.full((cols,), fill, np.float32))
    tensor = core.cast(core.convert_to_tensor(value), "float32")
    return ov.opset14.reshape(tensor.output, core._i64([cols]), False).output(0)


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, rms_scaling=False):
    """Registry entry for nn.layer_normalization (declines with NotImplemented)."""
    if _qualifying(x) is None:
        return NotImplemented
    shapes = [None if p is None else tuple(np.shape(p)) for p in (gamma, beta)]
    call = common.norm_call(x.shape, axis, epsilon, rms_scaling, *shapes)
    if call is None:
        return NotImplemented
    rows, cols, epsilon, use_beta = call
    inputs = [
        x.output,
        _vector(gamma, cols, 1.0),
        _vector(beta if use_beta else None, cols, 0.0),
    ]
    attributes = {"epsilon": epsilon, "rms": bool(rms_scaling), "rows": rows, "cols": cols}
    return _core().OpenVINOTensor(LayerNormOp(inputs, attributes).output(0))


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    """Registry entry for nn.rms_normalization."""
    return layer_normalization(x, scale, None, axis, epsilon, rms_scaling=True)


def dot_product_attention(
    query, key, value, bias=None, mask=None, scale=None, is_causal=False,
    flash_attention=None, attn_logits_soft_cap=None,
):
    """Registry entry for nn.dot_product_attention: causal calls only (where it
    measures faster than OpenVINO's own operation, see the module docstring)."""
    if not is_causal:
        return NotImplemented
    return attention(query, key, value, bias, mask, scale, is_causal, flash_attention,
                     attn_logits_soft_cap)


def attention(
    query, key, value, bias=None, mask=None, scale=None, is_causal=False,
    flash_attention=None, attn_logits_soft_cap=None,
):
    """Our attention kernel as an OpenVINO operation, causal or not (NotImplemented
    for what it does not take)."""
    if _qualifying(query, key, value) is None:
        return NotImplemented
    mask_shape = None if mask is None else tuple(np.shape(mask))
    call = common.attention_call(
        query.shape, key.shape, value.shape, mask_shape, bias, scale,
        attn_logits_soft_cap, flash_attention,
    )
    if call is None:
        return NotImplemented
    geometry, mask4, scale = call
    core = _core()
    inputs = [query.output, key.output, value.output]
    if mask4 is not None:
        given = core.convert_to_tensor(mask)
        # Nonzero means "attend", whatever the mask's dtype (as the reference reads it).
        zero = core._constant(np.zeros((), _numpy_dtype(given.dtype)))
        keep = ov.opset14.convert(ov.opset14.not_equal(given.output, zero), ov.Type.u8)
        inputs.append(ov.opset14.reshape(keep, core._i64(mask4), False).output(0))
    attributes = {
        "geometry": tuple(geometry), "scale": scale, "causal": bool(is_causal),
        "mask4": None if mask4 is None else tuple(mask4),
    }
    return core.OpenVINOTensor(AttentionOp(inputs, attributes).output(0))


ENTRIES = {
    "dot_product_attention": dot_product_attention,
}

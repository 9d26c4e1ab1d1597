"""torch backend: the math ops (see keras/ops/math.py for their contract)."""

import torch

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.torch import core

_tensor = core._tensor
_HALVES = (torch.float16, torch.bfloat16)


def _float(x):
    """`x` as a tensor of its floating result dtype: ints and bools become floatx."""
    x = _tensor(x)
    if x.is_floating_point() or x.is_complex():
        return x
    return core.convert_to_tensor(x, backend_utils.float_dtype(x.dtype))


def _special(function, name):
    def op(x):
        x = _float(x)
        if x.dtype in _HALVES:
            # Computed in float32 and rounded once (some half kernels lack on CPU).
            return function(x.float()).to(x.dtype)
        return function(x)

    op.__name__ = name
    return op


erf = _special(torch.special.erf, "erf")
erfc = _special(torch.special.erfc, "erfc")
erfinv = _special(torch.special.erfinv, "erfinv")
rsqrt = _special(torch.rsqrt, "rsqrt")


def logsumexp(x, axis=None, keepdims=False):
    x = _float(x)
    axes = backend_utils.canonicalize_axes(axis, x.ndim)
    if not axes:
        return x.clone()
    # torch.logsumexp subtracts the max (and gives -inf for a slice of -inf); halves
    # are summed in float32.
    work = x.float() if x.dtype in _HALVES else x
    return torch.logsumexp(work, dim=axes, keepdim=keepdims).to(x.dtype)


def top_k(x, k, sorted=True):
    x = _tensor(x)
    if x.dtype == torch.bool:
        values, indices = torch.topk(x.to(torch.uint8), k, sorted=sorted)
        return values.to(torch.bool), indices.to(torch.int32)
    values, indices = torch.topk(x, k, sorted=sorted)
    return values, indices.to(torch.int32)


def in_top_k(targets, predictions, k):
    targets = _tensor(targets)
    predictions = _tensor(predictions)
    n = predictions.shape[-1]
    valid = (targets >= 0) & (targets < n)
    safe = torch.where(valid, targets, 0).to(torch.int64)
    target = torch.take_along_dim(predictions, safe[..., None], dim=-1)
    larger = torch.sum(predictions > target, dim=-1)
    result = valid & (larger < k)
    if predictions.is_floating_point():
        result = result & torch.all(torch.isfinite(predictions), dim=-1)
    return result


_SCATTER_REDUCE = {"sum": "sum", "max": "amax", "min": "amin", "prod": "prod"}


def _identity(reduction, dtype):
    """The value of an empty segment: the identity of the reduction in `dtype`."""
    if reduction == "sum":
        return 0
    if reduction == "prod":
        return 1
    if dtype.is_floating_point:
        return float("-inf") if reduction == "max" else float("inf")
    info = torch.iinfo(dtype)
    return info.min if reduction == "max" else info.max


def _segment(reduction, data, segment_ids, num_segments):
    data = _tensor(data)
    ids = _tensor(segment_ids).to(torch.int64)
    if num_segments is None:
        num_segments = max(int(ids.max()) + 1, 0) if ids.numel() else 0
    if data.dtype == torch.bool:
        # any (sum, max) or all (prod, min) of the rows: a count of True or of False.
        counted = data if reduction in ("sum", "max") else ~data
        counts = _segment("sum", counted.to(torch.int32), ids, num_segments)
        return counts > 0 if reduction in ("sum", "max") else counts == 0
    work = data.float() if data.dtype in _HALVES else data
    # Rows whose id is out of range go to an extra last segment, cut off at the end.
    ids = torch.where((ids >= 0) & (ids < num_segments), ids, num_segments)
    shape = (num_segments + 1,) + tuple(work.shape[1:])
    result = torch.full(
        shape, _identity(reduction, work.dtype), dtype=work.dtype, device=work.device
    )
    index = ids.reshape((-1,) + (1,) * (work.ndim - 1)).expand(work.shape)
    result = result.scatter_reduce(
        0, index, work, _SCATTER_REDUCE[reduction], include_self=False
    )
    return result[:num_segments].to(data.dtype)


def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    return _segment("sum", data, segment_ids, num_segments)


def segment_max(data, segment_ids, num_segments=None, sorted=False):
    return _segment("max", data, segment_ids, num_segments)


def segment_min(data, segment_ids, num_segments=None, sorted=False):
    return _segment("min", data, segment_ids, num_segments)


def segment_prod(data, segment_ids, num_segments=None, sorted=False):
    return _segment("prod", data, segment_ids, num_segments)


def _pair_float(x, y):
    """`x`, `y` in the dtype their distance is computed in, and the result dtype."""
    x, y = _tensor(x), _tensor(y)
    names = {dtypes.standardize_dtype(x.dtype), dtypes.standardize_dtype(y.dtype)}
    if len(names) == 1 and dtypes.is_float_dtype(next(iter(names))):
        out = next(iter(names))
    else:
        out = dtypes.result_type(*names, float)
    work = backend_utils.wide_float_dtype(out)
    return core.cast(x, work), core.cast(y, work), core._torch_dtype(out)


def cdist(x, y):
    x, y, out = _pair_float(x, y)
    batch = torch.broadcast_shapes(x.shape[:-2], y.shape[:-2])
    x = x.expand(batch + x.shape[-2:])
    y = y.expand(batch + y.shape[-2:])
    # The direct kernel (not the |x|^2 + |y|^2 - 2xy matmul, which cancels digits for
    # close points); its gradient is 0 for coincident points.
    distances = torch.cdist(x, y, p=2.0, compute_mode="donot_use_mm_for_euclid_dist")
    return distances.to(out)


def extract_sequences(x, sequence_length, sequence_stride):
    x = _tensor(x)
    if x.shape[-1] < sequence_length:
        return x.new_zeros(tuple(x.shape[:-1]) + (0, sequence_length))
    # A strided view (batch..., count, sequence_length), copied to be its own tensor.
    return x.unfold(-1, sequence_length, sequence_stride).contiguous()

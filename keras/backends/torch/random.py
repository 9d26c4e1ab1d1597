"""torch backend: the random ops (see keras/random/random.py for their contract).

Every function is stateless: `seed` is a (2,) int32 tensor (from
keras.random.seed_generator.draw_seed) that seeds a fresh `torch.Generator`, and `dtype`
is a standardized Keras dtype name. Values are drawn in float32 and then cast, because
several torch samplers lack float16/bfloat16 kernels on the CPU.
"""

import contextlib

import torch

from keras.backends.common import dtypes
from keras.backends.torch import core

_DEVICE = core.DEFAULT_DEVICE


_MASK64 = 2**64 - 1


def _seed_int(seed):
    """A 64-bit torch seed from the (2,) seed tensor, well mixed in all its bits.

    The CPU generator keeps only the low 32 bits of its seed, so `[seed, counter]` is
    hashed (the splitmix64 finalizer) rather than concatenated.
    """
    first, second = (int(v) for v in seed.tolist())
    x = (((first << 32) | second) + 0x9E3779B97F4A7C15) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


def _generator(seed):
    generator = torch.Generator(device=_DEVICE)
    generator.manual_seed(_seed_int(seed))
    return generator


@contextlib.contextmanager
def _seeded_global_rng(seed):
    """Seeds torch's global generator inside the block and restores it afterwards.

    For the torch.distributions samplers, which have no `generator` argument.
    """
    devices = [torch.cuda.current_device()] if _DEVICE == "cuda" else []
    with torch.random.fork_rng(devices=devices):
        torch.manual_seed(_seed_int(seed))
        yield


def _param(x, dtype="float32"):
    return core.convert_to_tensor(x, dtype=dtype)


def _float32(shape, sampler, seed):
    generator = _generator(seed)
    return sampler(shape, generator=generator, dtype=torch.float32, device=_DEVICE)


def normal(shape, mean, stddev, dtype, seed):
    values = _float32(shape, torch.randn, seed) * _param(stddev) + _param(mean)
    return core.cast(values, dtype)


def uniform(shape, minval, maxval, dtype, seed):
    minval, maxval = _param(minval), _param(maxval)
    values = _float32(shape, torch.rand, seed) * (maxval - minval) + minval
    values = core.cast(values, dtype)
    # Rounding to a narrow dtype may reach `maxval`, which is excluded.
    below_maxval = torch.nextafter(_param(maxval, dtype), _param(minval, dtype))
    return torch.minimum(values, below_maxval)


def randint(shape, minval, maxval, dtype, seed):
    # Drawn as int64: torch lacks randint kernels for some dtypes (e.g. uint32).
    values = torch.randint(
        int(minval),
        int(maxval),
        shape,
        generator=_generator(seed),
        dtype=torch.int64,
        device=_DEVICE,
    )
    return core.cast(values, dtype)


def truncated_normal(shape, mean, stddev, dtype, seed):
    values = torch.empty(shape, dtype=torch.float32, device=_DEVICE)
    torch.nn.init.trunc_normal_(values, a=-2.0, b=2.0, generator=_generator(seed))
    return core.cast(values * _param(stddev) + _param(mean), dtype)


def dropout(inputs, rate, noise_shape, seed):
    inputs = core.convert_to_tensor(inputs)
    dtype = dtypes.result_type(dtypes.standardize_dtype(inputs.dtype), float)
    inputs = core.cast(inputs, dtype)
    keep = _float32(noise_shape, torch.rand, seed) >= _param(rate)
    scaled = inputs / _param(1.0 - rate, dtype)
    zero = torch.zeros((), dtype=inputs.dtype, device=_DEVICE)
    return torch.where(keep, scaled, zero)


def shuffle(x, axis, seed):
    x = core.convert_to_tensor(x)
    generator = _generator(seed)
    permutation = torch.randperm(x.shape[axis], generator=generator, device=_DEVICE)
    return torch.index_select(x, axis, permutation)


def gamma(shape, alpha, dtype, seed):
    alpha = torch.broadcast_to(_param(alpha), shape)
    with _seeded_global_rng(seed):
        values = torch.distributions.Gamma(alpha, torch.ones_like(alpha)).sample()
    return core.cast(values, dtype)


def binomial(shape, counts, probabilities, dtype, seed):
    counts = torch.broadcast_to(_param(counts), shape)
    probabilities = torch.broadcast_to(_param(probabilities), shape)
    values = torch.binomial(counts, probabilities, generator=_generator(seed))
    return core.cast(values, dtype)


def beta(shape, alpha, beta, dtype, seed):
    alpha = torch.broadcast_to(_param(alpha), shape)
    beta = torch.broadcast_to(_param(beta), shape)
    with _seeded_global_rng(seed):
        # No argument validation: it cannot reshape empty parameters; the public op
        # checks them.
        values = torch.distributions.Beta(alpha, beta, validate_args=False).sample()
    return core.cast(values, dtype)


def categorical(logits, num_samples, dtype, seed):
    logits = core.cast(core.convert_to_tensor(logits), "float32")
    batch = logits.shape[0]
    if num_samples == 0 or batch == 0:
        # torch.multinomial rejects empty inputs and outputs.
        return core.cast(torch.zeros((batch, num_samples), device=_DEVICE), dtype)
    probabilities = torch.softmax(logits, dim=-1)
    samples = torch.multinomial(
        probabilities, num_samples, replacement=True, generator=_generator(seed)
    )
    return core.cast(samples, dtype)

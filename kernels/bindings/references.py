"""NumPy references and inputs shared by the kernel binding tests."""

import numpy as np


def np_layer_norm(x, gamma, beta, axes, epsilon, rms=False):
    x = x.astype(np.float64)
    if rms:
        y = x / np.sqrt(np.mean(x * x, axis=axes, keepdims=True) + epsilon)
    else:
        mean = np.mean(x, axis=axes, keepdims=True)
        var = np.mean((x - mean) ** 2, axis=axes, keepdims=True)
        y = (x - mean) / np.sqrt(var + epsilon)
    if gamma is not None:
        y = y * gamma
    if beta is not None and not rms:
        y = y + beta
    return y


def np_attention(q, k, v, mask=None, causal=False, scale=None):
    q, k, v = (a.astype(np.float64) for a in (q, k, v))
    b, t, n, h = q.shape
    s, kh = k.shape[1], k.shape[2]
    k = np.repeat(k, n // kh, axis=2)
    v = np.repeat(v, n // kh, axis=2)
    scale = 1 / np.sqrt(h) if scale is None else scale
    logits = np.einsum("btnh,bsnh->bnts", q, k) * scale
    keep = np.ones((b, n, t, s), bool)
    if causal:
        keep &= np.tril(np.ones((t, s), bool))
    if mask is not None:
        keep &= np.broadcast_to(mask.astype(bool), keep.shape)
    logits = np.where(keep, logits, -0.7 * np.finfo(np.float32).max)
    logits -= logits.max(-1, keepdims=True)
    w = np.exp(logits)
    w /= w.sum(-1, keepdims=True)
    return np.einsum("bnts,bsnh->btnh", w, v)


ATTENTION_CASES = {
    # name: (B, T, S, N, K, H, causal, mask kind)
    "plain": (2, 9, 9, 2, 2, 8, False, None),
    "causal": (1, 17, 17, 2, 2, 16, True, None),
    "cross_lengths": (2, 5, 11, 2, 1, 4, False, None),
    "causal_t_gt_s": (1, 12, 7, 2, 2, 8, True, None),
    "gqa": (1, 8, 8, 4, 2, 8, False, None),
    "key_padding": (2, 6, 10, 2, 2, 8, False, "padding"),
    "full_mask_with_empty_row": (1, 5, 6, 2, 2, 4, True, "full"),
    "broadcast_mask": (2, 7, 7, 1, 1, 3, False, "ts"),
    "odd_dims": (3, 1, 13, 3, 1, 5, False, None),
}


def make_attention_inputs(case, dtype="float32"):
    b, t, s, n, k, h, causal, kind = ATTENTION_CASES[case]
    rng = np.random.default_rng(sum(ATTENTION_CASES[case][:6]))
    q = rng.normal(size=(b, t, n, h)).astype("float32")
    kk = rng.normal(size=(b, s, k, h)).astype("float32")
    v = rng.normal(size=(b, s, k, h)).astype("float32")
    mask = None
    if kind == "padding":
        lengths = rng.integers(1, s + 1, size=b)
        mask = (np.arange(s)[None, :] < lengths[:, None])[:, None, None, :]
    elif kind == "full":
        mask = rng.random((b, n, t, s)) > 0.3
        mask[0, 1, 2, :] = False  # a query with no key: equal weights, as the reference
    elif kind == "ts":
        mask = rng.random((t, s)) > 0.2
    return q, kk, v, mask, causal

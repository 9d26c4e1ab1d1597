"""Attention: dot-product (Luong-style) or concat attention over given sequences."""

from keras import ops
from keras import random
from keras.backends.common import dtypes
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.layer import Layer
from keras.utils import argument_validation

_SCORE_MODES = ("dot", "concat")


class Attention(Layer):
    """Dot-product attention layer, a.k.a. Luong-style attention.

    For a query (batch, T, dim), value (batch, S, dim) and key (default: the value),
    the scores are `query . key` ("dot") or `sum(tanh(query + key))` ("concat", over
    every query/key pair); the outputs are `softmax(scores) . value`.

    Args:
        use_scale: if True, a trainable scalar `scale` multiplies the dot scores (or,
            in "concat" mode, the sum `query + key` inside the tanh).
        score_mode: "dot" or "concat". "concat" also learns a scalar
            `concat_score_weight` multiplying the scores.
        dropout: the dropout rate of the attention probabilities.
        seed: the seed of the dropout.
        **kwargs: base layer arguments (`name`, `dtype`...).

    Call arguments:
        inputs: `[query, value]` or `[query, value, key]`.
        mask: `[query_mask, value_mask]` (either may be None): masked query positions
            give zero outputs, masked value positions get no attention.
        training: whether dropout is active.
        return_attention_scores: also return the attention probabilities
            (batch, T, S), after dropout.
        use_causal_mask: hide the values after each query position.

    >>> layer = keras.layers.Attention()
    >>> layer([np.ones((2, 3, 4)), np.ones((2, 5, 4))]).shape
    (2, 3, 4)
    """

    def __init__(
        self, use_scale=False, score_mode="dot", dropout=0.0, seed=None, **kwargs
    ):
        super().__init__(**kwargs)
        name = type(self).__name__
        self.use_scale = argument_validation.check_bool(use_scale, "use_scale", name)
        if score_mode not in _SCORE_MODES:
            raise ValueError(
                f"{name}: `score_mode` must be one of {_SCORE_MODES}; got "
                f"score_mode={score_mode!r}."
            )
        self.score_mode = score_mode
        self.dropout = argument_validation.check_fraction(dropout, "dropout", name)
        self.seed = seed
        if self.dropout > 0:
            self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True

    def build(self, input_shape):
        self._check_inputs(input_shape)
        self.scale = None
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones")
        self.concat_score_weight = None
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(
                name="concat_score_weight", shape=(), initializer="ones"
            )
        self.built = True

    def _check_inputs(self, inputs, mask=None):
        if not isinstance(inputs, (list, tuple)) or len(inputs) not in (2, 3):
            raise ValueError(
                f"Layer '{self.name}': the inputs must be a list [query, value] or "
                f"[query, value, key]; received {type(inputs).__name__} "
                f"{inputs!r:.200}."
            )
        if mask is not None and (
            not isinstance(mask, (list, tuple)) or len(mask) not in (2, 3)
        ):
            raise ValueError(
                f"Layer '{self.name}': `mask` must be a list [query_mask, value_mask] "
                f"(each may be None); received {mask!r:.200}."
            )

    def _scores(self, query, key):
        """(batch, T, S) scores of every query/key pair."""
        if self.score_mode == "dot":
            scores = ops.matmul(query, ops.swapaxes(key, -1, -2))
            if self.scale is not None:
                scores = ops.multiply(scores, self.scale)
            return scores
        # (B, T, 1, dim) + (B, 1, S, dim)
        pairs = ops.add(ops.expand_dims(query, -2), ops.expand_dims(key, -3))
        if self.scale is not None:
            pairs = ops.multiply(pairs, self.scale)
        return ops.multiply(self.concat_score_weight, ops.sum(ops.tanh(pairs), axis=-1))

    def call(
        self,
        inputs,
        mask=None,
        training=False,
        return_attention_scores=False,
        use_causal_mask=False,
    ):
        self._check_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        query_mask = mask[0] if mask is not None else None
        value_mask = mask[1] if mask is not None else None
        scores = self._scores(query, key)
        keep = None
        if value_mask is not None:
            keep = ops.expand_dims(ops.cast(value_mask, "bool"), -2)  # (B, 1, S)
        if use_causal_mask:
            length_q, length_v = ops.shape(scores)[-2], ops.shape(scores)[-1]
            causal = ops.tril(ops.ones((1, length_q, length_v), dtype="bool"))
            keep = causal if keep is None else ops.logical_and(keep, causal)
        if keep is not None:
            # Subtracting (rather than replacing) leaves a fully masked row uniform.
            half = dtypes.standardize_dtype(scores.dtype) == "float16"
            big = 65504.0 if half else 1e9
            hidden = ops.cast(ops.logical_not(keep), scores.dtype)
            scores = ops.subtract(scores, ops.multiply(hidden, big))
        weights = ops.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            weights = random.dropout(weights, self.dropout, seed=self.seed_generator)
        outputs = ops.matmul(weights, value)
        if query_mask is not None:
            query_mask = ops.expand_dims(ops.cast(query_mask, outputs.dtype), -1)
            outputs = ops.multiply(outputs, query_mask)
        if return_attention_scores:
            return outputs, weights
        return outputs

    def compute_mask(self, inputs, mask=None):
        self._check_inputs(inputs, mask)
        if mask is None or mask[0] is None:
            return None
        return mask[0]

    def compute_output_shape(self, input_shape):
        self._check_inputs(input_shape)
        return tuple(input_shape[0][:-1]) + (input_shape[1][-1],)

    def compute_output_spec(self, inputs, return_attention_scores=False, **kwargs):
        self._check_inputs(inputs)
        shape = self.compute_output_shape([tuple(t.shape) for t in inputs])
        outputs = KerasTensor(shape, dtype=self.compute_dtype)
        if not return_attention_scores:
            return outputs
        scores_shape = tuple(inputs[0].shape[:-1]) + (inputs[1].shape[-2],)
        return outputs, KerasTensor(scores_shape, dtype=self.compute_dtype)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "use_scale": self.use_scale,
                "score_mode": self.score_mode,
                "dropout": self.dropout,
                "seed": self.seed,
            }
        )
        return config

"""AdditiveAttention: Bahdanau-style attention over given sequences."""

from keras import ops
from keras.layers.attention.attention import Attention


class AdditiveAttention(Attention):
    """Additive attention layer, a.k.a. Bahdanau-style attention.

    For a query (batch, T, dim), value (batch, S, dim) and key (default: the value),
    the scores are `sum(scale * tanh(query + key), axis=-1)` over every query/key
    pair, and the outputs `softmax(scores) . value`.

    Args:
        use_scale: if True, a trainable vector `scale` of shape (dim,) (Glorot
            uniform) weighs the tanh features; otherwise they are summed.
        dropout: the dropout rate of the attention probabilities.
        **kwargs: base layer arguments (`name`, `dtype`...) and `seed`, the seed of
            the dropout.

    Call arguments: as `Attention`.

    >>> layer = keras.layers.AdditiveAttention()
    >>> layer([np.ones((2, 3, 4)), np.ones((2, 5, 4))]).shape
    (2, 3, 4)
    """

    def __init__(self, use_scale=True, dropout=0.0, **kwargs):
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape):
        self._check_inputs(input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(
                name="scale",
                shape=(input_shape[0][-1],),
                initializer="glorot_uniform",
            )
        self.built = True

    def _scores(self, query, key):
        # (B, T, 1, dim) + (B, 1, S, dim) -> (B, T, S)
        features = ops.tanh(
            ops.add(ops.expand_dims(query, -2), ops.expand_dims(key, -3))
        )
        if self.scale is not None:
            features = ops.multiply(features, self.scale)
        return ops.sum(features, axis=-1)

    def get_config(self):
        config = super().get_config()
        del config["score_mode"]
        return config

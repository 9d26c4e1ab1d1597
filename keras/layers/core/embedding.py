"""Embedding: maps integer indices to rows of a learned table."""

import warnings

import numpy as np

from keras import constraints
from keras import initializers
from keras import ops
from keras import regularizers
from keras.backends.common import dtypes
from keras.layers.core import lora
from keras.layers.core import quantized
from keras.layers.core.quantized_embedding import QuantizedEmbedding
from keras.layers.layer import Layer
from keras.ops import creation


class Embedding(QuantizedEmbedding, Layer):
    """Turns non-negative integer indices into dense vectors of fixed size.

    `outputs[..., :] = embeddings[inputs[...]]`: inputs of shape `(batch, ...)` give
    outputs of shape `(batch, ..., output_dim)` in the compute dtype.

    Indices must lie in `[0, input_dim)`. Called eagerly, the layer checks them (their
    minimum and maximum) and raises a ValueError naming the first out-of-range value.
    Inside a compiled function (`jax.jit`, `tf.function`, as in `fit`), where their
    values are not known yet, out-of-range indices are clipped into range, so every
    backend gives the same rows (the engines differ: NaN, wrap-around or an error).

    Args:
        input_dim: positive integer, the vocabulary size (largest index + 1).
        output_dim: positive integer, the size of each embedding vector.
        embeddings_initializer: initializer of the `embeddings` table
            (shape `(input_dim, output_dim)`).
        embeddings_regularizer: regularizer of the table.
        embeddings_constraint: constraint of the table.
        mask_zero: whether index 0 is padding: the layer then outputs the mask
            `inputs != 0` (and index 0 cannot be used as a token).
        weights: optional initial table (an array of shape `(input_dim, output_dim)`,
            or a list holding it); the layer is built at once.
        lora_rank: if set, enables LoRA with this rank when the layer is built.
        lora_alpha: scales the LoRA delta by `lora_alpha / lora_rank`.
        quantization_config: a `keras.quantizers` config used when the layer is
            built with a quantized dtype policy (e.g. "int8_from_float32").
        **kwargs: base layer arguments (`name`, `dtype`, `activity_regularizer`...).

    >>> layer = keras.layers.Embedding(1000, 64)
    >>> layer(np.array([[4, 20]])).shape
    (1, 2, 64)
    """

    # `quantize(type_check=True)` accepts this class itself, not its subclasses.
    _quantizable = True

    def __init__(
        self,
        input_dim,
        output_dim,
        embeddings_initializer="uniform",
        embeddings_regularizer=None,
        embeddings_constraint=None,
        mask_zero=False,
        weights=None,
        lora_rank=None,
        lora_alpha=None,
        quantization_config=None,
        **kwargs,
    ):
        for value, argument in ((input_dim, "input_dim"), (output_dim, "output_dim")):
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, np.integer))
                or value <= 0
            ):
                raise ValueError(
                    f"Embedding: `{argument}` must be a positive integer; received "
                    f"{argument}={value!r}."
                )
        creation.check_element_count(
            (int(input_dim), int(output_dim)),
            "Embedding: the table shape (input_dim, output_dim)",
        )
        lora.check_rank(lora_rank, lora_alpha, "Embedding")
        if kwargs.pop("input_length", None) is not None:
            warnings.warn(
                "Embedding: the `input_length` argument is deprecated and ignored; "
                "remove it.",
                stacklevel=2,
            )
        super().__init__(**kwargs)
        self.input_dim = int(input_dim)
        self.output_dim = int(output_dim)
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = bool(mask_zero)
        self.supports_masking = self.mask_zero
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False
        self.quantization_config = quantized.config_from_argument(quantization_config)
        if weights is not None:
            self.build()
            if not isinstance(weights, (list, tuple)):
                weights = [weights]
            self.set_weights(weights)

    def build(self, input_shape=None):
        if self.built:
            return
        if self.quantization_mode:
            self._quantized_build(self.quantization_mode)
            self.built = True
            return
        self._embeddings = self.add_weight(
            name="embeddings",
            shape=(self.input_dim, self.output_dim),
            initializer=self.embeddings_initializer,
            regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint,
            trainable=True,
        )
        self.built = True
        if self.lora_rank:
            self.enable_lora(self.lora_rank, lora_alpha=self.lora_alpha)

    @property
    def embeddings(self):
        """The table in use: the `embeddings` variable, plus the LoRA delta if
        enabled."""
        if not self.built:
            raise AttributeError(
                f"Layer '{self.name}' is not built yet: call it (or `build` it) before "
                "reading `embeddings`."
            )
        if self.lora_enabled and not self.quantization_mode:
            return lora.merged(
                self._embeddings,
                self.lora_embeddings_a,
                self.lora_embeddings_b,
                self.lora_alpha,
                self.lora_rank,
            )
        return self._embeddings

    def call(self, inputs):
        if dtypes.standardize_dtype(inputs.dtype) not in ("int32", "int64"):
            inputs = ops.cast(inputs, "int32")
        bounds = _known_bounds(inputs)
        if bounds is None:
            inputs = ops.clip(inputs, 0, self.input_dim - 1)
        elif bounds[0] < 0 or bounds[1] >= self.input_dim:
            bad = bounds[0] if bounds[0] < 0 else bounds[1]
            raise ValueError(
                f"Embedding '{self.name}': indices must lie in [0, {self.input_dim}) "
                f"(input_dim={self.input_dim}); received the index {bad} (the indices "
                f"range from {bounds[0]} to {bounds[1]})."
            )
        if self.quantization_mode:
            outputs = self._quantized_rows(inputs)
        else:
            outputs = ops.take(self.embeddings, inputs, axis=0)
        return ops.cast(outputs, self.compute_dtype)

    def compute_mask(self, inputs, previous_mask=None):
        if not self.mask_zero:
            return None
        return ops.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)

    def enable_lora(
        self, rank, lora_alpha=None, a_initializer="he_uniform", b_initializer="zeros"
    ):
        """Freezes the table and adds the trainable LoRA factors `lora_embeddings_a`
        (input_dim, rank) and `lora_embeddings_b` (rank, output_dim)."""
        self.lora_embeddings_a, self.lora_embeddings_b = lora.add_lora_weights(
            self,
            "_embeddings",
            rank,
            self.embeddings_constraint,
            "lora_embeddings",
            a_initializer,
            b_initializer,
            dtype="float32" if self.quantization_mode else None,
            shape=(self.input_dim, self.output_dim),
        )
        self.lora_enabled = True
        self.lora_rank = rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else rank

    def _lora_factors(self):
        return [self.lora_embeddings_a, self.lora_embeddings_b]

    def save_own_variables(self, store):
        """Stores the table with the LoRA delta merged in, as Keras 3 does (a
        quantized table: its variables, in the Keras 3 order)."""
        if self.quantization_mode:
            lora.save_variables(self, store, self._quantized_variables())
            return
        lora.save_variables(self, store, [self.embeddings])

    def load_own_variables(self, store):
        if self.quantization_mode:
            lora.load_variables(self, store, self._quantized_variables())
            return
        lora.load_variables(self, store, [self._embeddings])

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "input_dim": self.input_dim,
                "output_dim": self.output_dim,
                "embeddings_initializer": initializers.serialize(
                    self.embeddings_initializer
                ),
                "embeddings_regularizer": regularizers.serialize(
                    self.embeddings_regularizer
                ),
                "activity_regularizer": regularizers.serialize(
                    self.activity_regularizer
                ),
                "embeddings_constraint": constraints.serialize(
                    self.embeddings_constraint
                ),
                "mask_zero": self.mask_zero,
                "quantization_config": quantized.serialize_config(
                    self.quantization_config
                ),
            }
        )
        if self.lora_rank:
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        return config


def _known_bounds(indices):
    """(min, max) of `indices` as ints when their values are known now (eager), or
    None inside a traced function, where they are not."""
    if any(dim == 0 for dim in indices.shape):
        return (0, 0)
    try:
        bounds = ops.stack([ops.min(indices), ops.max(indices)])
        low, high = ops.convert_to_numpy(bounds)
    except (TypeError, AttributeError, NotImplementedError, RuntimeError):
        # A jax tracer refuses conversion with a TypeError, a tf.function graph
        # tensor with an AttributeError, a tensor torch.export traces (for
        # model.export) with a RuntimeError.
        return None
    return int(low), int(high)

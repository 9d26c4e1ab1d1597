"""ReversibleEmbedding: an embedding that also maps vectors back to vocabulary
logits."""

import numbers

from keras import ops
from keras.backends.common import dtypes
from keras.layers.core import lora
from keras.layers.core.embedding import Embedding


class ReversibleEmbedding(Embedding):
    """An `Embedding` that can also project hidden vectors back onto the vocabulary.

    `layer(tokens)` looks rows up as `Embedding` does. `layer(hidden, reverse=True)`
    returns the logits `hidden @ embeddings.T` (shape `(..., input_dim)` for `hidden`
    of shape `(..., output_dim)`), as a language model's output head sharing the input
    table; with `tie_weights=False` a separate `reverse_embeddings` table of shape
    `(output_dim, input_dim)` is used instead.

    Args:
        input_dim: positive integer, the vocabulary size.
        output_dim: positive integer, the size of each embedding vector.
        tie_weights: whether the reverse projection uses the transposed `embeddings`
            (True) or its own `reverse_embeddings` weight (False).
        embeddings_initializer: initializer of the table(s).
        embeddings_regularizer: regularizer of the table(s).
        embeddings_constraint: constraint of the table(s).
        mask_zero: whether index 0 is padding (see `Embedding`).
        reverse_dtype: dtype of the reverse projection (the hidden vectors and the
            table are cast to it, e.g. "float32" under mixed precision); None
            computes it in the dtypes the inputs and the table have.
        logit_soft_cap: if set, the logits become
            `tanh(logits / logit_soft_cap) * logit_soft_cap`, bounding them to
            `(-logit_soft_cap, logit_soft_cap)`.
        **kwargs: `Embedding` and base layer arguments.

    >>> layer = keras.layers.ReversibleEmbedding(100, 8)
    >>> hidden = layer(np.array([[1, 2, 3]]))
    >>> layer(hidden, reverse=True).shape
    (1, 3, 100)
    """

    # `quantize(type_check=True)` accepts this class itself, not its subclasses.
    _quantizable = True

    def __init__(
        self,
        input_dim,
        output_dim,
        tie_weights=True,
        embeddings_initializer="uniform",
        embeddings_regularizer=None,
        embeddings_constraint=None,
        mask_zero=False,
        reverse_dtype=None,
        logit_soft_cap=None,
        **kwargs,
    ):
        if reverse_dtype is not None:
            try:
                reverse_dtype = dtypes.standardize_dtype(reverse_dtype)
            except (TypeError, ValueError) as error:
                raise ValueError(
                    "ReversibleEmbedding: argument `reverse_dtype` must be None or a "
                    f"dtype name; received reverse_dtype={reverse_dtype!r}."
                ) from error
        if logit_soft_cap is not None and (
            isinstance(logit_soft_cap, bool)
            or not isinstance(logit_soft_cap, numbers.Real)
            or logit_soft_cap == 0
        ):
            raise ValueError(
                "ReversibleEmbedding: argument `logit_soft_cap` must be None or a "
                f"non-zero number; received logit_soft_cap={logit_soft_cap!r}."
            )
        # Initial weights are set here, once the attributes `build` reads exist.
        weights = kwargs.pop("weights", None)
        super().__init__(
            input_dim,
            output_dim,
            embeddings_initializer=embeddings_initializer,
            embeddings_regularizer=embeddings_regularizer,
            embeddings_constraint=embeddings_constraint,
            mask_zero=mask_zero,
            **kwargs,
        )
        self.tie_weights = bool(tie_weights)
        self.reverse_dtype = reverse_dtype
        self.logit_soft_cap = logit_soft_cap
        if weights is not None:
            self.build()
            if not isinstance(weights, (list, tuple)):
                weights = [weights]
            self.set_weights(weights)

    def build(self, inputs_shape=None):
        if self.built:
            return
        super().build(inputs_shape)
        if not self.tie_weights and not self.quantization_mode:
            self.reverse_embeddings = self.add_weight(
                name="reverse_embeddings",
                shape=(self.output_dim, self.input_dim),
                initializer=self.embeddings_initializer,
                dtype=self.dtype,
            )

    def call(self, inputs, reverse=False):
        if not reverse:
            return super().call(inputs)
        if self.quantization_mode:
            if self.reverse_dtype is not None:
                inputs = ops.cast(inputs, self.reverse_dtype)
            return self._soft_cap(self._quantized_reverse(inputs))
        if self.tie_weights:
            kernel = ops.transpose(self.embeddings)
        else:
            kernel = self.reverse_embeddings
        if self.reverse_dtype is not None:
            inputs = ops.cast(inputs, self.reverse_dtype)
            kernel = ops.cast(kernel, self.reverse_dtype)
        return self._soft_cap(ops.matmul(inputs, kernel))

    def _soft_cap(self, logits):
        if self.logit_soft_cap is not None:
            cap = self.logit_soft_cap
            logits = ops.multiply(ops.tanh(ops.divide(logits, cap)), cap)
        return logits

    def compute_output_shape(self, input_shape, reverse=False):
        if reverse:
            return tuple(input_shape)[:-1] + (self.input_dim,)
        return super().compute_output_shape(input_shape)

    def compute_output_spec(self, inputs, reverse=False):
        from keras.backends.common.keras_tensor import KerasTensor

        shape = self.compute_output_shape(tuple(inputs.shape), reverse=reverse)
        if reverse:
            dtype = self.reverse_dtype or dtypes.result_type(
                inputs.dtype, self.variable_dtype
            )
        else:
            dtype = self.compute_dtype
        return KerasTensor(shape, dtype=dtype)

    def save_own_variables(self, store):
        """Stores the table (LoRA merged in), then `reverse_embeddings` if untied."""
        if self.quantization_mode:
            return super().save_own_variables(store)
        values = [self.embeddings]
        if not self.tie_weights:
            values.append(self.reverse_embeddings)
        lora.save_variables(self, store, values)

    def load_own_variables(self, store):
        if self.quantization_mode:
            return super().load_own_variables(store)
        variables = [self._embeddings]
        if not self.tie_weights:
            variables.append(self.reverse_embeddings)
        lora.load_variables(self, store, variables)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "tie_weights": self.tie_weights,
                "reverse_dtype": self.reverse_dtype,
                "logit_soft_cap": self.logit_soft_cap,
            }
        )
        return config

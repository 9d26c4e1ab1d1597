"""Quantized tables of Embedding and ReversibleEmbedding (`layer.quantize(...)`).

After `quantize`, the layer holds the Keras 3 variables:

* int8: `embeddings` (int8, (input_dim, output_dim)) and `embeddings_scale`
  (input_dim,): one scale per row (token);
* int4: `embeddings` (two values per byte along output_dim) and `embeddings_scale`,
  per row (input_dim,) or, grouped by `block_size` along output_dim,
  (input_dim, groups) with `embeddings_zero` and `g_idx` (output_dim,).

An untied ReversibleEmbedding quantizes its `reverse_embeddings` (output_dim,
input_dim) per column: int8 with `reverse_embeddings_scale` (input_dim,); int4 packed
along output_dim, grouped with `reverse_embeddings_scale` / `_zero` (groups,
input_dim), or per column. The reverse projection quantizes its inputs in int8 mode.
"""

from keras import ops
from keras import quantizers
from keras.layers import quantization
from keras.layers.core import quantized


class QuantizedEmbedding:
    """int8 / int4 quantization of `_embeddings` (and `reverse_embeddings`)."""

    def quantize(self, mode=None, type_check=True, config=None):
        """Replaces the float table(s) by their quantized form, in place."""
        mode = quantization.resolve_mode(mode, config)
        quantization.check_layer(self, mode, type_check)
        table = ops.convert_to_tensor(self._embeddings)
        self._untrack_variable(self._embeddings)
        reverse = None
        if getattr(self, "tie_weights", True) is False:
            reverse = ops.convert_to_tensor(self.reverse_embeddings)
            self._untrack_variable(self.reverse_embeddings)
        self.quantization_config = quantized.default_config(mode, config)
        name = quantization.policy_name(mode, self.quantization_config, self.dtype_policy)
        self._quantized_build(mode, table, reverse)
        self.dtype_policy = name

    def _frozen(self, name, shape, dtype):
        return self.add_weight(
            name=name, shape=tuple(shape), initializer="zeros", dtype=dtype, trainable=False
        )

    def _quantized_build(self, mode, table=None, reverse=None, policy=None):
        rows, cols = self.input_dim, self.output_dim
        if mode not in ("int8", "int4"):
            raise NotImplementedError(
                f"Layer '{self.name}': quantization mode '{mode}' is not supported by "
                "this keras; use 'int8' or 'int4'."
            )
        block = None
        if mode == "int4":
            block = quantization.int4_block_size(self.quantization_config, policy or self.dtype_policy)
        self._int4_block = block
        packed_cols = cols if mode == "int8" else (cols + 1) // 2
        self._embeddings = self._frozen("embeddings", (rows, packed_cols), "int8")
        grouped = mode == "int4" and block is not None
        groups = -(-cols // block) if grouped else None
        scale_shape = (rows, groups) if grouped else (rows,)
        self.embeddings_scale = self._frozen("embeddings_scale", scale_shape, "float32")
        if grouped:
            self.embeddings_zero = self._frozen("embeddings_zero", (rows, groups), "int8")
            self.g_idx = self._frozen("g_idx", (cols,), "float32")
        if getattr(self, "tie_weights", True) is False:
            reverse_rows = cols if mode == "int8" else (cols + 1) // 2
            self.reverse_embeddings = self._frozen("reverse_embeddings", (reverse_rows, rows), "int8")
            reverse_scale = (groups, rows) if grouped else (rows,)
            self.reverse_embeddings_scale = self._frozen("reverse_embeddings_scale", reverse_scale, "float32")
            if grouped:
                self.reverse_embeddings_zero = self._frozen("reverse_embeddings_zero", reverse_scale, "float32")
        if table is not None:
            self._fill(mode, block, table, reverse)

    def _fill(self, mode, block, table, reverse):
        if mode == "int8":
            q, scale = quantizers.abs_max_quantize(table, axis=1)
            self._embeddings.assign(q)
            self.embeddings_scale.assign(ops.reshape(scale, (-1,)))
        else:
            # Groups run along output_dim: quantize the transposed table by rows.
            found = quantized.quantize_2d_int4(ops.transpose(table), block)
            packed, _, _ = quantizers.pack_int4(ops.transpose(found["q"]), axis=-1)
            self._embeddings.assign(packed)
            scale = found["scale"]
            self.embeddings_scale.assign(ops.transpose(scale) if block else scale)
            if block:
                self.embeddings_zero.assign(ops.transpose(found["zero"]))
                self.g_idx.assign(found["g_idx"])
        if reverse is None:
            return
        if mode == "int8":
            q, scale = quantizers.abs_max_quantize(reverse, axis=0)
            self.reverse_embeddings.assign(q)
            self.reverse_embeddings_scale.assign(ops.reshape(scale, (-1,)))
            return
        found = quantized.quantize_2d_int4(reverse, block)
        packed, _, _ = quantizers.pack_int4(found["q"], axis=0)
        self.reverse_embeddings.assign(packed)
        self.reverse_embeddings_scale.assign(found["scale"])
        if block:
            self.reverse_embeddings_zero.assign(ops.cast(found["zero"], "float32"))

    # Reading the quantized tables.
    def _quantized_rows(self, indices):
        """The (dequantized) rows of the table at `indices`, plus the LoRA delta."""
        rows = ops.take(self._embeddings, indices, axis=0)
        scale = ops.take(self.embeddings_scale, indices, axis=0)
        if self.quantization_mode == "int8":
            out = ops.divide(ops.cast(rows, "float32"), ops.expand_dims(scale, -1))
        else:
            q = quantizers.unpack_int4(rows, self.output_dim, axis=-1)
            if self._int4_block:
                group = ops.cast(self.g_idx, "int32")
                zero = ops.take(ops.take(self.embeddings_zero, indices, axis=0), group, axis=-1)
                scale = ops.take(scale, group, axis=-1)
                out = ops.multiply(ops.subtract(ops.cast(q, "float32"), ops.cast(zero, "float32")), scale)
            else:
                out = ops.divide(ops.cast(q, "float32"), ops.expand_dims(scale, -1))
        if self.lora_enabled:
            delta = ops.matmul(ops.take(self.lora_embeddings_a, indices, axis=0), self.lora_embeddings_b)
            out = ops.add(out, delta * (self.lora_alpha / self.lora_rank))
        return out

    def _dequantized_table(self):
        """The whole float table (input_dim, output_dim)."""
        return self._quantized_rows(ops.arange(self.input_dim))

    def _quantized_reverse(self, inputs):
        """Logits `inputs @ table.T` (or `@ reverse_embeddings`) from the quantized
        variables; int8 quantizes `inputs` per row and multiplies in integers."""
        tied = getattr(self, "tie_weights", True)
        if self.quantization_mode == "int8" and quantized.quantizes_inputs(self.quantization_config):
            if tied:
                kernel, scale = ops.transpose(self._embeddings), self.embeddings_scale
            else:
                kernel, scale = self.reverse_embeddings, self.reverse_embeddings_scale
            float_kernel = ops.divide(ops.cast(kernel, "float32"), scale)

            def integer_product(x):
                q, x_scale = quantizers.abs_max_quantize(x, axis=-1)
                logits = ops.cast(ops.matmul(q, kernel), x.dtype)
                return ops.divide(logits, ops.multiply(x_scale, scale))

            return quantized.straight_through(
                integer_product,
                lambda upstream: ops.matmul(upstream, ops.transpose(float_kernel)),
                inputs,
            )
        if tied:
            kernel = ops.transpose(self._dequantized_table())
        else:
            kernel = self._dequantized_reverse()
        return ops.matmul(inputs, ops.cast(kernel, inputs.dtype))

    def _dequantized_reverse(self):
        q = self.reverse_embeddings
        if self.quantization_mode == "int8":
            return ops.divide(ops.cast(q, "float32"), self.reverse_embeddings_scale)
        q = ops.cast(quantizers.unpack_int4(q, self.output_dim, axis=0), "float32")
        if not self._int4_block:
            return ops.divide(q, self.reverse_embeddings_scale)
        group = quantized.group_index(self.output_dim, self._int4_block, "int32")
        zero = ops.take(self.reverse_embeddings_zero, group, axis=0)
        scale = ops.take(self.reverse_embeddings_scale, group, axis=0)
        return ops.multiply(ops.subtract(q, zero), scale)

    # Saving: the Keras 3 order of the variables.
    def _quantized_variables(self):
        names = ["_embeddings", "embeddings_scale"]
        if self._int4_block:
            names += ["embeddings_zero", "g_idx"]
        if getattr(self, "tie_weights", True) is False:
            names += ["reverse_embeddings", "reverse_embeddings_scale"]
            if self._int4_block:
                names.append("reverse_embeddings_zero")
        return [getattr(self, n) for n in names]

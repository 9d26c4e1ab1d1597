"""Quantized kernels of Dense and EinsumDense (`layer.quantize("int8" | "int4" |
"float8")`).

`QuantizedKernel` is a mixin placed before `Layer` in the bases. The layer keeps its
kernel in `_kernel` and describes its product through a few hooks (`_product`,
`_int8_*`, `_int4_view`). After `quantize`, the layer holds the Keras 3 variables:

* int8: `kernel` (int8, the kernel's shape) and `kernel_scale` (float32);
* int4: `kernel` (int8, the kernel seen as a 2-D (rows, cols) matrix with two values
  per byte along cols), `kernel_scale`, and when grouped `kernel_zero` and `g_idx`;
* float8: the float `kernel` (still trained) plus scales and amax histories of the
  inputs, kernel and output gradients (see quantized_float8.py).

Bias and LoRA factors stay float and trainable; the quantized variables are frozen.
Saved files list `kernel, bias, kernel_scale[, kernel_zero, g_idx]` (float8: `kernel,
bias` and its six scaling variables), as Keras 3 does.
"""

from keras import ops
from keras import quantizers
from keras.layers import quantization
from keras.layers.core import quantized
from keras.layers.core import quantized_calibrated
from keras.layers.core import quantized_float8
from keras.ops import fused

# Products of at most this many rows are not run as one compiled program: they go
# through the int8 product kernel, which compiled programs cannot call.
COMPILED_MIN_ROWS = 16

_INT4_ATTRS = (("kernel", "_kernel"), ("scale", "kernel_scale"), ("zero", "kernel_zero"), ("g_idx", "g_idx"))


class QuantizedKernel:
    """int8 / int4 / float8 quantization of a layer's `_kernel` (Dense, EinsumDense)."""

    def quantize(self, mode=None, type_check=True, config=None):
        """Replaces the float kernel by its quantized form ("int8" or "int4"), in
        place; the dtype policy becomes e.g. "int8_from_float32". "float8" keeps the
        float kernel and adds its float8 scaling variables."""
        mode = quantization.resolve_mode(mode, config)
        quantization.check_layer(self, mode, type_check, quantization.KERNEL_SUPPORTED)
        if mode == "float8":
            self.quantization_config = quantized.default_config(mode, config)
            name = quantization.policy_name(mode, self.quantization_config, self.dtype_policy)
            quantized_float8.build_variables(self, quantized_float8.DEFAULT_HISTORY_LENGTH)
            self.dtype_policy = name
            return
        if mode in quantized_calibrated.MODES:
            # The variables only: Model.quantize fills them from calibration data.
            self.quantization_config = config
            name = f"{config.dtype_policy_string()}_from_{self.dtype_policy.name}"
            bits, group = quantized_calibrated.settings(config, None)
            quantized_calibrated.build_variables(self, mode, bits, group)
            self.dtype_policy = name
            return
        kernel = ops.convert_to_tensor(self._kernel)
        self._untrack_variable(self._kernel)
        self.quantization_config = quantized.default_config(mode, config)
        name = quantization.policy_name(mode, self.quantization_config, self.dtype_policy)
        self._quantized_build(mode, kernel)
        self.dtype_policy = name

    def _quantized_build(self, mode, kernel=None, policy=None):
        """Creates the quantized kernel variables (zeros), then fills them from the
        float `kernel` when given."""
        config = self.quantization_config
        if mode == "float8":
            # The float kernel itself is made by the layer's `build`, after these.
            quantized_float8.build_variables(self)
            return
        if mode in quantized_calibrated.MODES:
            bits, group = quantized_calibrated.settings(config, policy or self.dtype_policy)
            quantized_calibrated.build_variables(self, mode, bits, group)
            quantized_calibrated.attach(self)
            return
        if mode == "int8":
            shape = self._kernel_shape()
            self._kernel = self._frozen("kernel", shape, "int8")
            self.kernel_scale = self._frozen("kernel_scale", self._int8_scale_shape(), "float32")
            if kernel is not None:
                q, scale = quantizers.abs_max_quantize(kernel, axis=self._int8_kernel_axes())
                self._kernel.assign(q)
                self.kernel_scale.assign(self._int8_scale_layout(scale))
            return
        if mode != "int4":
            raise NotImplementedError(
                f"Layer '{self.name}': quantization mode '{mode}' is not supported by "
                "this keras; use 'int8' or 'int4'."
            )
        block = quantization.int4_block_size(config, policy or self.dtype_policy)
        _, rows, cols = self._int4_view()
        shapes = quantized.int4_shapes(rows, cols, block)
        for role, attr in _INT4_ATTRS:
            if role in shapes:
                name = "kernel" if role == "kernel" else attr
                variable = self._frozen(name, shapes[role], quantized.ROLE_DTYPES[role])
                setattr(self, attr, variable)
        self._int4_block = block
        if kernel is not None:
            perm, _, _ = self._int4_view()
            matrix = ops.reshape(ops.transpose(kernel, perm), (rows, cols))
            values = quantized.quantize_2d_int4(matrix, block)
            values["kernel"], _, _ = quantizers.pack_int4(values.pop("q"), axis=-1)
            for role, attr in _INT4_ATTRS:
                if role in values:
                    getattr(self, attr).assign(values[role])

    def _frozen(self, name, shape, dtype):
        return self.add_weight(
            name=name,
            shape=tuple(shape),
            initializer="zeros",
            dtype=dtype,
            trainable=False,
        )

    def _kernel_shape(self):
        """The shape of the float kernel (recorded by the layer's `build`)."""
        return tuple(self._float_kernel_shape)

    # The float kernel seen through the quantized variables.
    def _dequantized_kernel(self):
        """The float kernel the quantized variables stand for (kernel layout)."""
        if self.quantization_mode == "float8":
            return ops.convert_to_tensor(self._kernel)
        if self.quantization_mode == "int8":
            q = ops.cast(self._kernel, "float32")
            return ops.divide(q, self._int8_kernel_scale())
        perm, rows, cols = self._int4_view()
        if self.quantization_mode in quantized_calibrated.MODES:
            matrix = quantized_calibrated.dequantized_matrix(self)
        else:
            matrix = quantized.dequantize_2d_int4(
                self._kernel,
                cols,
                self.kernel_scale,
                getattr(self, "kernel_zero", None),
                getattr(self, "g_idx", None),
            )
        shape = [self._kernel_shape()[p] for p in perm]
        inverse = [perm.index(i) for i in range(len(perm))]
        return ops.transpose(ops.reshape(matrix, shape), inverse)

    def _quantized_product(self, inputs, training=None):
        """`inputs` times the quantized kernel (no bias, no activation), plus the
        LoRA delta when enabled; float8 layers update their scaling when training."""
        if self.quantization_mode == "float8":
            return quantized_float8.product(self, inputs, training)
        if quantized_calibrated.pending(self):
            # GPTQ/AWQ variables made, not filled yet: the float kernel computes.
            kernel = ops.cast(self._kernel, inputs.dtype)
            outputs = self._product(inputs, kernel)
        elif self.quantization_mode == "int8":
            if quantized.quantizes_inputs(self.quantization_config):
                outputs = quantized.straight_through(
                    self._int8_forward,
                    lambda upstream: self._input_gradient(upstream),
                    inputs,
                )
            else:
                q = ops.cast(self._kernel, inputs.dtype)
                outputs = self._int8_rescale(self._product(inputs, q), None, inputs.dtype)
        else:
            kernel = ops.cast(self._dequantized_kernel(), inputs.dtype)
            outputs = self._product(inputs, kernel)
        if self.lora_enabled:
            delta = ops.matmul(self.lora_kernel_a, self.lora_kernel_b)
            delta = ops.cast(delta * (self.lora_alpha / self.lora_rank), inputs.dtype)
            outputs = ops.add(outputs, self._product(inputs, delta))
        return outputs

    def _quantized_bias(self):
        """The bias a quantized layer adds: float8 layers add it rounded to bfloat16,
        as Keras 3.15.1 does (measured on jax, torch and tensorflow)."""
        if self.quantization_mode == "float8":
            return quantized_float8.rounded_bias(self)
        return self.bias

    def _int8_forward(self, inputs):
        """`_int8_integer_product`, as one compiled program where the backend runs
        one (`fused.compiled_call`) and the product has more than
        `COMPILED_MIN_ROWS` rows: fewer go through the int8 product kernel
        (kernels/int8_matmul), which runs outside compiled programs."""
        shape = tuple(inputs.shape)
        rows = 1
        for size in shape[:-1]:
            rows = rows * size if isinstance(size, int) else None
            if rows is None:
                break
        if rows is not None and rows > COMPILED_MIN_ROWS:
            return fused.compiled_call(
                self, "int8_product", self._int8_integer_product, inputs
            )
        return self._int8_integer_product(inputs)

    def _int8_integer_product(self, inputs):
        q_inputs, inputs_scale = quantizers.abs_max_quantize(
            inputs, axis=self._int8_input_axes(inputs)
        )
        product = self._product(q_inputs, self._kernel)  # int32
        return self._int8_rescale(product, inputs_scale, inputs.dtype)

    def _input_gradient(self, upstream):
        kernel = ops.cast(self._dequantized_kernel(), upstream.dtype)
        return self._product_input_gradient(upstream, kernel)

    # Saving: the Keras 3 order of the variables.
    def _quantized_variables(self):
        if self.quantization_mode == "float8":
            found = [self._kernel, getattr(self, "bias", None)]
            return [v for v in found if v is not None] + quantized_float8.variables(self)
        if self.quantization_mode in quantized_calibrated.MODES:
            return quantized_calibrated.variables(self)
        names = ["_kernel", "bias", "kernel_scale"]
        if self.quantization_mode == "int4" and getattr(self, "_int4_block", None):
            names += ["kernel_zero", "g_idx"]
        found = [getattr(self, n, None) for n in names]
        return [v for v in found if v is not None]

    def save_own_variables(self, store):
        if not self.quantization_mode:
            return super().save_own_variables(store)
        values = self._quantized_variables()
        if self.lora_enabled:
            values = self._merged_quantized_values(values)
        quantized_save(self, store, values)

    def load_own_variables(self, store):
        if not self.quantization_mode:
            return super().load_own_variables(store)
        from keras.layers.core import lora

        if self.quantization_mode in quantized_calibrated.MODES:
            quantized_calibrated.load(self, store, self._quantized_variables())
            if self.lora_enabled:
                for factor in self._lora_factors():
                    factor.assign(ops.zeros(factor.shape, dtype=factor.dtype))
            return
        lora.load_variables(self, store, self._quantized_variables())

    def _merged_quantized_values(self, values):
        """The variables' values with the LoRA delta folded into the kernel (and the
        kernel quantized again), as written to files."""
        delta = ops.matmul(self.lora_kernel_a, self.lora_kernel_b)
        merged = ops.add(self._dequantized_kernel(), delta * (self.lora_alpha / self.lora_rank))
        mode = self.quantization_mode
        if mode == "float8":
            return [merged if v is self._kernel else v for v in values]
        if mode in quantized_calibrated.MODES:
            return quantized_calibrated.merged_values(self, merged)
        if mode == "int8":
            q, scale = quantizers.abs_max_quantize(merged, axis=self._int8_kernel_axes())
            replaced = {"_kernel": q, "kernel_scale": self._int8_scale_layout(scale)}
        else:
            perm, rows, cols = self._int4_view()
            matrix = ops.reshape(ops.transpose(merged, perm), (rows, cols))
            found = quantized.quantize_2d_int4(matrix, self._int4_block)
            packed, _, _ = quantizers.pack_int4(found["q"], axis=-1)
            replaced = {"_kernel": packed, "kernel_scale": found["scale"]}
            if "zero" in found:
                replaced["kernel_zero"] = found["zero"]
        names = ["_kernel", "bias", "kernel_scale", "kernel_zero", "g_idx"]
        result = []
        variables = self._quantized_variables()
        for variable in variables:
            name = next(n for n in names if getattr(self, n, None) is variable)
            result.append(replaced.get(name, variable))
        return result


def quantized_save(layer, store, values):
    """Writes `values` under "0", "1", ... (the quantized variables' Keras 3 order)."""
    import numpy as np

    for index, value in enumerate(values):
        store[str(index)] = np.asarray(ops.convert_to_numpy(value))

"""EinsumDense: a dense layer whose product is any einsum of the inputs and a kernel."""

import re
import string

from keras import activations
from keras import constraints
from keras import initializers
from keras import ops
from keras import regularizers
from keras.layers import input_spec as input_spec_lib
from keras.layers.core import lora
from keras.layers.core import quantized
from keras.layers.core.quantized_kernel import QuantizedKernel
from keras.layers.layer import Layer
from keras.ops import fused

# "ab,bc->ac", "...b,bc->...c" (leading axes elided), "ab...,bc->ac..." (trailing).
_FORMS = (
    ("none", re.compile(r"^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$")),
    ("left", re.compile(r"^\.\.\.([a-zA-Z]+),([a-zA-Z]+)->\.\.\.([a-zA-Z]+)$")),
    ("right", re.compile(r"^([a-zA-Z]{2,})\.\.\.,([a-zA-Z]+)->([a-zA-Z]{2,})\.\.\.$")),
)


def _parse(equation):
    """(elision, input letters, kernel letters, output letters) of `equation`."""
    if not isinstance(equation, str):
        raise TypeError(
            f"EinsumDense: `equation` must be a string; received {equation!r}."
        )
    compact = equation.replace(" ", "")
    for elision, pattern in _FORMS:
        match = pattern.match(compact)
        if match:
            return (elision,) + match.groups()
    raise ValueError(
        f"EinsumDense: invalid equation {equation!r}. Expected the form 'ab,bc->ac', "
        "'...ab,bc->...ac' or 'ab...,bc->ac...' (letters a-z, A-Z)."
    )


def analyze_equation(equation, bias_axes, input_shape, output_shape):
    """Shapes of the kernel, the bias and the full output for `input_shape`.

    `output_shape` gives the output axes other than the batch axis (axis 0) and the
    axes covered by `...`; a None entry is taken from the input axis of the same
    letter.

    Returns:
        (kernel_shape, bias_shape or None, full_output_shape), as tuples.
    """
    elision, in_letters, kernel_letters, out_letters = _parse(equation)
    input_shape = tuple(input_shape)
    elided = len(input_shape) - len(in_letters)
    if elided < 0 or (elision == "none" and elided != 0):
        raise ValueError(
            f"EinsumDense: the equation {equation!r} names {len(in_letters)} input "
            f"axes, but the inputs have rank {len(input_shape)} (shape {input_shape})."
        )
    rank = len(out_letters) + elided
    # Positions of the letters in the inputs and outputs.
    shift = elided if elision == "left" else 0
    in_pos = {c: i + shift for i, c in enumerate(in_letters)}
    out_pos = {c: i + shift for i, c in enumerate(out_letters)}
    # Output axes under `...`: output position -> input position.
    if elision == "left":
        copied = {p: p for p in range(elided)}
    elif elision == "right":
        copied = {rank - elided + i: len(in_letters) + i for i in range(elided)}
    else:
        copied = {}
    full = [None] * rank
    for position, source in copied.items():
        full[position] = input_shape[source]
    # `output_shape` covers the rest but the batch axis (0), which comes from the
    # input (through `...` or through its letter, below).
    given = [p for p in range(rank) if p != 0 and p not in copied]
    partial = tuple(output_shape)
    if len(partial) != len(given):
        raise ValueError(
            f"EinsumDense: `output_shape` must have {len(given)} entries for the "
            f"equation {equation!r} (the output axes other than the batch axis and "
            f"'...'); received output_shape={partial}."
        )
    for position, size in zip(given, partial):
        full[position] = size
    for letter in out_letters:
        if letter not in in_letters and letter not in kernel_letters:
            raise ValueError(
                f"EinsumDense: output axis '{letter}' of the equation {equation!r} is "
                "in neither the input nor the kernel."
            )
        if letter in in_pos:
            from_input = input_shape[in_pos[letter]]
            position = out_pos[letter]
            if full[position] is None:
                full[position] = from_input
            elif from_input is not None and full[position] != from_input:
                raise ValueError(
                    f"EinsumDense: input and output disagree on the shared axis "
                    f"'{letter}': the input has size {from_input}, `output_shape` "
                    f"gives {full[position]}."
                )
    kernel_shape = []
    for letter in kernel_letters:
        if letter in in_pos:
            size = input_shape[in_pos[letter]]
        elif letter in out_pos:
            size = full[out_pos[letter]]
        else:
            raise ValueError(
                f"EinsumDense: kernel axis '{letter}' of the equation {equation!r} is "
                "in neither the input nor the output; the kernel must be fully "
                "specified."
            )
        if size is None:
            raise ValueError(
                f"EinsumDense: the size of kernel axis '{letter}' is unknown (input "
                f"shape {input_shape}, output shape {tuple(full)}). Give it in "
                "`output_shape` or as a defined input axis."
            )
        kernel_shape.append(size)
    bias_shape = None
    if bias_axes is not None:
        for letter in bias_axes:
            if letter not in out_letters:
                raise ValueError(
                    f"EinsumDense: bias axis '{letter}' is not an output axis of the "
                    f"equation {equation!r} (output axes '{out_letters}')."
                )
        first = min(out_letters.index(letter) for letter in bias_axes)
        bias_shape = [
            full[out_pos[c]] if c in bias_axes else 1 for c in out_letters[first:]
        ]
        if elision == "right":
            bias_shape += [1] * elided
        if any(size is None for size in bias_shape):
            raise ValueError(
                f"EinsumDense: the bias axes '{bias_axes}' must have known sizes; the "
                f"output shape is {tuple(full)}."
            )
        bias_shape = tuple(bias_shape)
    return tuple(kernel_shape), bias_shape, tuple(full)


class EinsumDense(QuantizedKernel, lora.KernelLoRA, Layer):
    """A dense layer computing `activation(einsum(equation, inputs, kernel) + bias)`.

    Args:
        equation: the einsum equation, of the form "ab,bc->ac", "...ab,bc->...ac"
            or "ab...,bc->ac..." (inputs, kernel -> outputs).
        output_shape: the output shape without the batch axis and the axes covered
            by "..." (an int for a single axis); None entries are taken from the
            inputs.
        activation: the activation applied to the outputs.
        bias_axes: letters of the output axes the bias spans (None: no bias).
        kernel_initializer, bias_initializer: initializers of the weights.
        kernel_regularizer, bias_regularizer: regularizers of the weights.
        kernel_constraint, bias_constraint: constraints of the weights.
        lora_rank: if set, enables LoRA with this rank when the layer is built.
        lora_alpha: scales the LoRA delta by `lora_alpha / lora_rank`.
        gptq_unpacked_column_size: the number of output columns of a GPTQ kernel
            (the product of the kernel's output axes), as Keras 3 records it in
            GPTQ layers' configs; checked against the equation when built.
        quantization_config: a `keras.quantizers` config used when the layer is
            built with a quantized dtype policy (e.g. "int8_from_float32").
        **kwargs: base layer arguments (`name`, `dtype`, `activity_regularizer`...).

    >>> layer = keras.layers.EinsumDense("abc,cd->abd", output_shape=(None, 64),
    ...                                  bias_axes="d")
    >>> layer(np.ones((2, 32, 128))).shape
    (2, 32, 64)
    """

    # `quantize(type_check=True)` accepts this class itself, not its subclasses.
    _quantizable = True

    # The LoRA factors take the layer's variable dtype.
    _lora_dtype = None

    def __init__(
        self,
        equation,
        output_shape,
        activation=None,
        bias_axes=None,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        lora_rank=None,
        lora_alpha=None,
        gptq_unpacked_column_size=None,
        quantization_config=None,
        **kwargs,
    ):
        _parse(equation)
        lora.check_rank(lora_rank, lora_alpha, "EinsumDense")
        if gptq_unpacked_column_size is not None and (
            not isinstance(gptq_unpacked_column_size, int)
            or isinstance(gptq_unpacked_column_size, bool)
            or gptq_unpacked_column_size <= 0
        ):
            raise ValueError(
                "EinsumDense: `gptq_unpacked_column_size` must be a positive integer "
                f"or None; received {gptq_unpacked_column_size!r}."
            )
        if bias_axes is not None and not isinstance(bias_axes, str):
            raise TypeError(
                f"EinsumDense: `bias_axes` must be a string of output axis letters or "
                f"None; received {bias_axes!r}."
            )
        super().__init__(**kwargs)
        self.gptq_unpacked_column_size = gptq_unpacked_column_size
        self.equation = equation
        if isinstance(output_shape, int):
            self.partial_output_shape = (output_shape,)
        else:
            self.partial_output_shape = tuple(output_shape)
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False
        self.quantization_config = quantized.config_from_argument(quantization_config)

    def build(self, input_shape):
        kernel_shape, bias_shape, full_output_shape = analyze_equation(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape
        )
        self.full_output_shape = full_output_shape
        self.input_spec = input_spec_lib.InputSpec(ndim=len(input_shape))
        self._float_kernel_shape = tuple(kernel_shape)
        self._letters = _expanded_letters(self.equation, len(input_shape))
        columns = self._int4_view()[2]
        if self.gptq_unpacked_column_size not in (None, columns):
            raise ValueError(
                f"EinsumDense '{self.name}': gptq_unpacked_column_size="
                f"{self.gptq_unpacked_column_size} does not match the {columns} output "
                f"columns of the kernel {tuple(kernel_shape)} of '{self.equation}'."
            )
        if self.quantization_mode:
            self._quantized_build(self.quantization_mode)
        if self.quantization_mode in (None, "float8"):
            # float8 layers train a float kernel (made after their scaling variables).
            self._kernel = self.add_weight(
                name="kernel",
                shape=kernel_shape,
                initializer=self.kernel_initializer,
                regularizer=self.kernel_regularizer,
                constraint=self.kernel_constraint,
            )
        if bias_shape is not None:
            self.bias = self.add_weight(
                name="bias",
                shape=bias_shape,
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        else:
            self.bias = None
        self.built = True
        if self.lora_rank:
            self.enable_lora(self.lora_rank, lora_alpha=self.lora_alpha)

    @property
    def kernel(self):
        """The kernel in use: the `kernel` variable, plus the LoRA delta if enabled."""
        if not self.built:
            raise AttributeError(
                f"Layer '{self.name}' is not built yet: call it (or `build` it) before "
                "reading `kernel`."
            )
        if self.lora_enabled and not self.quantization_mode:
            return lora.merged(
                self._kernel,
                self.lora_kernel_a,
                self.lora_kernel_b,
                self.lora_alpha,
                self.lora_rank,
            )
        return self._kernel

    def call(self, inputs, training=None):
        if self.quantization_mode:
            x = self._quantized_product(inputs, training)
        else:
            x = ops.einsum(self.equation, inputs, self.kernel)
        if self.bias is not None:
            bias = self._quantized_bias() if self.quantization_mode else self.bias
            x = ops.add(x, bias)
        if self.activation is not None:
            x = self.activation(x)
        return x

    def compute_output_shape(self, input_shape):
        return analyze_equation(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape
        )[2]

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "output_shape": self.partial_output_shape,
                "equation": self.equation,
                "activation": activations.serialize(self.activation),
                "bias_axes": self.bias_axes,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer),
                "activity_regularizer": regularizers.serialize(
                    self.activity_regularizer
                ),
                "kernel_constraint": constraints.serialize(self.kernel_constraint),
                "bias_constraint": constraints.serialize(self.bias_constraint),
                "quantization_config": quantized.serialize_config(
                    self.quantization_config
                ),
            }
        )
        if self.lora_rank:
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        if self.quantization_mode == "gptq":
            config["gptq_unpacked_column_size"] = self._int4_view()[2]
        return config

    # The hooks of QuantizedKernel, from the equation's letters (with "..." spelled
    # out as letters of its own): the kernel axes whose letter is not an output axis
    # are reduced. Scales are kept in the layout of the outputs (size 1 on the axes
    # they do not vary along), as Keras 3 stores `kernel_scale`.
    def _product(self, inputs, kernel):
        ins, ker, out = self._letters
        return ops.einsum(f"{ins},{ker}->{out}", inputs, kernel)

    def _product_input_gradient(self, upstream, kernel):
        ins, ker, out = self._letters
        return ops.einsum(f"{out},{ker}->{ins}", upstream, kernel)

    def _int8_kernel_axes(self):
        ins, ker, out = self._letters
        return tuple(i for i, c in enumerate(ker) if c not in out)

    def _int8_input_axes(self, inputs):
        ins, ker, out = self._letters
        return tuple(i for i, c in enumerate(ins) if c not in out)

    def _int8_scale_shape(self):
        ins, ker, out = self._letters
        sizes = dict(zip(ker, self._float_kernel_shape))
        return tuple(sizes[c] if c in sizes else 1 for c in out)

    def _int8_scale_layout(self, scale):
        ins, ker, out = self._letters
        return _to_output_layout(scale, ker, out)

    def _int8_kernel_scale(self):
        """`kernel_scale` in the kernel's layout (to dequantize the kernel)."""
        ins, ker, out = self._letters
        free = [c for c in out if c in ker]
        scale = ops.reshape(self.kernel_scale, [self._int8_scale_shape()[out.index(c)] for c in free])
        order = sorted(range(len(free)), key=lambda i: ker.index(free[i]))
        scale = ops.transpose(scale, order) if len(order) > 1 else scale
        for axis, letter in enumerate(ker):
            if letter not in out:
                scale = ops.expand_dims(scale, axis)
        return scale

    def _int8_rescale(self, product, inputs_scale, dtype):
        if inputs_scale is not None:
            ins, ker, out = self._letters
            inputs_scale = _to_output_layout(inputs_scale, ins, out)
        return fused.int8_dequantize(product, inputs_scale, self.kernel_scale, dtype)

    def _int4_view(self):
        ins, ker, out = self._letters
        reduced = [i for i, c in enumerate(ker) if c not in out]
        free = [i for i, c in enumerate(ker) if c in out]
        shape = self._float_kernel_shape
        rows = 1
        for i in reduced:
            rows *= shape[i]
        cols = 1
        for i in free:
            cols *= shape[i]
        return reduced + free, rows, cols


def _expanded_letters(equation, input_rank):
    """(inputs, kernel, outputs) letters of `equation`, "..." replaced by letters it
    does not use (as many as the inputs have axes under it)."""
    compact = equation.replace(" ", "")
    ins, rest = compact.split(",")
    ker, out = rest.split("->")
    if "..." in ins:
        spare = [c for c in string.ascii_letters if c not in compact]
        count = input_rank - (len(ins) - 3)
        letters = "".join(spare[:count])
        ins, out = ins.replace("...", letters), out.replace("...", letters)
    return ins, ker, out


def _to_output_layout(scale, letters, out):
    """`scale`, with axes named by `letters` (size 1 on those not in `out`),
    rearranged to broadcast against the outputs (axes `out`)."""
    dropped = [i for i, c in enumerate(letters) if c not in out]
    kept = [c for c in letters if c in out]
    if dropped:
        scale = ops.squeeze(scale, axis=tuple(dropped))
    order = sorted(range(len(kept)), key=lambda i: out.index(kept[i]))
    if order != list(range(len(kept))):
        scale = ops.transpose(scale, order)
    for axis, letter in enumerate(out):
        if letter not in kept:
            scale = ops.expand_dims(scale, axis)
    return scale

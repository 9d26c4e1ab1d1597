"""LSTMCell and LSTM: the Long Short-Term Memory recurrence (Hochreiter & Schmidhuber,
1997), gates in Keras's order input, forget, cell, output."""

from keras import activations
from keras import initializers
from keras import ops
from keras.layers.layer import Layer
from keras.layers.rnn import cell_common
from keras.layers.rnn import dropout_rnn_cell
from keras.layers.rnn.rnn import RNN

_FIELDS = (
    "units",
    "activation",
    "recurrent_activation",
    "use_bias",
    "kernel_initializer",
    "recurrent_initializer",
    "bias_initializer",
    "unit_forget_bias",
    "kernel_regularizer",
    "recurrent_regularizer",
    "bias_regularizer",
    "activity_regularizer",
    "kernel_constraint",
    "recurrent_constraint",
    "bias_constraint",
    "dropout",
    "recurrent_dropout",
    "seed",
)


def check_use_cudnn(value, layer):
    if value not in ("auto", True, False):
        raise ValueError(
            f"{layer}: `use_cudnn` must be 'auto', True or False; received "
            f"use_cudnn={value!r}."
        )
    return value


class _ForgetBias(initializers.Initializer):
    """The LSTM bias with `unit_forget_bias`: the bias initializer's values, with ones
    for the forget gate's quarter."""

    def __init__(self, base, units):
        self.base = base
        self.units = units

    def __call__(self, shape, dtype=None):
        units = self.units
        return ops.concatenate(
            [
                self.base((units,), dtype=dtype),
                ops.ones((units,), dtype=dtype),
                self.base((2 * units,), dtype=dtype),
            ]
        )


class LSTMCell(dropout_rnn_cell.DropoutRNNCell, Layer):
    """The cell of an LSTM layer: one step of the recurrence.

    With `z = x_t @ kernel + h @ recurrent_kernel + bias` split into four (i, f, g, o):
    `c_t = sigma(f) * c + sigma(i) * act(g)` and `h_t = sigma(o) * act(c_t)`, where
    sigma is `recurrent_activation`. Its states are `[h, c]`.

    Args:
        units: positive int, the size of the output and of each state.
        activation: `act` above ("tanh").
        recurrent_activation: the gates' activation ("sigmoid").
        use_bias: whether to add a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: initializers of
            `kernel` `(input_dim, 4 * units)`, `recurrent_kernel` `(units, 4 * units)`
            and `bias` `(4 * units,)`.
        unit_forget_bias: start the forget gate's bias at one (Jozefowicz et al.).
        kernel_regularizer, recurrent_regularizer, bias_regularizer: regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: constraints.
        dropout, recurrent_dropout: fractions of the inputs and of `h` dropped in
            training (one mask per call).
        seed: seed of the dropout masks.
        **kwargs: base Layer arguments.

    >>> keras.layers.RNN(keras.layers.LSTMCell(4))(np.ones((2, 5, 3))).shape
    (2, 4)
    """

    def __init__(
        self,
        units,
        activation="tanh",
        recurrent_activation="sigmoid",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        unit_forget_bias=True,
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        cell_common.init_cell(
            self, units, dropout, recurrent_dropout, seed, activation, use_bias,
            kernel_initializer, recurrent_initializer, bias_initializer,
            kernel_regularizer, recurrent_regularizer, bias_regularizer,
            kernel_constraint, recurrent_constraint, bias_constraint,
        )
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.state_size = [self.units, self.units]
        self.output_size = self.units

    def build(self, input_shape):
        bias_initializer = None
        if self.unit_forget_bias:
            bias_initializer = _ForgetBias(self.bias_initializer, self.units)
        cell_common.build_weights(
            self, input_shape[-1], 4 * self.units, (4 * self.units,), bias_initializer
        )

    def call(self, inputs, states, training=False):
        h, c = states[0], states[1]
        if training and self.dropout > 0:
            inputs = inputs * self.get_dropout_mask(inputs)
        if training and self.recurrent_dropout > 0:
            h = h * self.get_recurrent_dropout_mask(h)
        z = ops.matmul(inputs, self.kernel) + ops.matmul(h, self.recurrent_kernel)
        if self.bias is not None:
            z = z + self.bias
        z_i, z_f, z_g, z_o = ops.split(z, 4, axis=-1)  # each (batch, units)
        gate = self.recurrent_activation
        c = gate(z_f) * c + gate(z_i) * self.activation(z_g)
        h = gate(z_o) * self.activation(c)
        return h, [h, c]

    def get_initial_state(self, batch_size=None):
        return [
            ops.zeros((batch_size, self.units), dtype=self.compute_dtype)
            for _ in range(2)
        ]

    def get_config(self):
        config = super().get_config()
        config.update(cell_common.cell_config(self, _FIELDS))
        return config


class LSTM(cell_common.CellAttributes, RNN):
    """Long Short-Term Memory layer: an `LSTMCell` run by `RNN`.

    Takes the arguments of `LSTMCell` (its weights live in `layer.cell`), those of
    `RNN` (`return_sequences`, `return_state`, `go_backwards`, `stateful`, `unroll`),
    `activity_regularizer`, and `use_cudnn` ("auto", True or False: accepted for
    compatibility; the loop here is the same on every device).

    >>> layer = keras.layers.LSTM(4, return_state=True)
    >>> output, h, c = layer(np.ones((2, 5, 3)))
    """

    _CELL_FIELDS = _FIELDS

    def __init__(
        self,
        units,
        activation="tanh",
        recurrent_activation="sigmoid",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        unit_forget_bias=True,
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        use_cudnn="auto",
        **kwargs,
    ):
        cell = LSTMCell(
            units,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            seed=seed,
            **cell_common.cell_kwargs(kwargs),
            name="lstm_cell",
        )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        self.use_cudnn = check_use_cudnn(use_cudnn, "LSTM")

    def get_config(self):
        return cell_common.layer_config(self, RNN.get_config(self), _FIELDS)

"""LSTMCell and LSTM: the Long Short-Term Memory recurrence (Hochreiter & Schmidhuber,
1997), gates in Keras's order input, forget, cell, output."""

from keras import activations
from keras import initializers
from keras import ops
from keras.backends import active
from keras.backends.common import tree
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


# name -> the backend's fused loop ("nn.lstm", "nn.gru"), or None; looked up on first
# use so that importing the layers does not load the backend's nn ops.
_FUSED = {}


def _fused_loop(name):
    if name not in _FUSED:
        _FUSED[name] = active.fast_call("nn", name)
    return _FUSED[name]


def fused_call(layer, name, sequences, initial_state, mask, training):
    """Runs `layer` (an LSTM or GRU) through the backend's fused loop `name`, or
    returns NotImplemented (the caller then runs `RNN.call`, the reference).

    The layer qualifies as Keras's cuDNN layers do: tanh and sigmoid activations, a
    bias, no recurrent dropout (nor input dropout while training), `unroll=False`,
    `use_cudnn` not False and, for GRU, `reset_after`. The backend's entry is called
    as `entry(sequences, *states, kernel, recurrent_kernel, bias, mask=,
    go_backwards=, return_sequences=, zero_output_for_mask=)` and returns
    `(last_output, outputs or None, *final_states)` as `time_loop.run` would, or
    NotImplemented for inputs it does not take (dtype, device, a mask that is not
    right-padded).
    """
    cell = layer.cell
    if (
        layer.use_cudnn is False
        or layer.unroll
        or cell.activation is not activations.tanh
        or cell.recurrent_activation is not activations.sigmoid
        or not cell.use_bias
        or cell.recurrent_dropout > 0
        or (training and cell.dropout > 0)
        or not getattr(cell, "reset_after", True)
    ):
        return NotImplemented
    loop = _fused_loop(name)
    if loop is None or not active.is_tensor(sequences):
        return NotImplemented
    if mask is not None:
        mask = tree.flatten(mask)[0]
    states = layer._initial_states(sequences, initial_state)
    result = loop(
        sequences,
        *states,
        cell.kernel,
        cell.recurrent_kernel,
        cell.bias,
        mask=mask,
        go_backwards=layer.go_backwards,
        return_sequences=layer.return_sequences,
        zero_output_for_mask=layer.zero_output_for_mask,
    )
    if result is NotImplemented:
        return NotImplemented
    last_output, outputs, *final_states = result
    if layer.stateful:
        for variable, value in zip(layer._held.variables, final_states):
            variable.assign(value)
    output = outputs if layer.return_sequences else last_output
    if not layer.return_state:
        return output
    return (output, *final_states)


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
    `activity_regularizer`, and `use_cudnn` ("auto", True or False: False always
    runs the step-by-step loop; otherwise a backend's fused loop, one engine call, runs
    it when the configuration allows: see `fused_call`).

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

    def call(self, sequences, initial_state=None, mask=None, training=False):
        result = fused_call(self, "lstm", sequences, initial_state, mask, training)
        if result is NotImplemented:
            return super().call(
                sequences, initial_state=initial_state, mask=mask, training=training
            )
        return result

    def get_config(self):
        return cell_common.layer_config(self, RNN.get_config(self), _FIELDS)

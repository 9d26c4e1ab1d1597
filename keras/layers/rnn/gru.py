"""GRUCell and GRU: the Gated Recurrent Unit (Cho et al., 2014), gates in Keras's
order update, reset, candidate."""

from keras import activations
from keras import ops
from keras.layers.layer import Layer
from keras.layers.rnn import cell_common
from keras.layers.rnn import dropout_rnn_cell
from keras.layers.rnn.lstm import check_use_cudnn
from keras.layers.rnn.lstm import fused_call
from keras.layers.rnn.rnn import RNN

_CELL_FIELDS = (
    "units",
    "activation",
    "recurrent_activation",
    "use_bias",
    "kernel_initializer",
    "recurrent_initializer",
    "bias_initializer",
    "kernel_regularizer",
    "recurrent_regularizer",
    "bias_regularizer",
    "kernel_constraint",
    "recurrent_constraint",
    "bias_constraint",
    "dropout",
    "recurrent_dropout",
    "reset_after",
    "seed",
)
_LAYER_FIELDS = _CELL_FIELDS[:10] + ("activity_regularizer",) + _CELL_FIELDS[10:]


class GRUCell(dropout_rnn_cell.DropoutRNNCell, Layer):
    """The cell of a GRU layer: one step of the recurrence.

    With `x_z, x_r, x_h` the thirds of `x_t @ kernel (+ input bias)`: `z = sigma(x_z +
    h @ U_z)`, `r = sigma(x_r + h @ U_r)`, the candidate `hh = act(x_h + r * (h @ U_h +
    b_h))` when `reset_after` (cuDNN's form; bias `(2, 3 * units)`: input and recurrent
    rows) or `act(x_h + (r * h) @ U_h)` otherwise (bias `(3 * units,)`), and
    `h_t = z * h + (1 - z) * hh`. Its state is `h`.

    Args:
        units: positive int, the size of the output and the state.
        activation: `act` above ("tanh").
        recurrent_activation: `sigma` above ("sigmoid").
        use_bias: whether to add biases.
        kernel_initializer, recurrent_initializer, bias_initializer: initializers of
            `kernel` `(input_dim, 3 * units)`, `recurrent_kernel` `(units, 3 * units)`
            and `bias`.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: constraints.
        dropout, recurrent_dropout: fractions of the inputs and of `h` (in the products
            with the recurrent kernel) dropped in training, one mask per call.
        reset_after: apply the reset gate after the recurrent product (True) or
            before it.
        seed: seed of the dropout masks.
        **kwargs: base Layer arguments.

    >>> keras.layers.RNN(keras.layers.GRUCell(4))(np.ones((2, 5, 3))).shape
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
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        reset_after=True,
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
        self.reset_after = bool(reset_after)
        self.state_size = self.units
        self.output_size = self.units

    def build(self, input_shape):
        width = 3 * self.units
        bias_shape = (2, width) if self.reset_after else (width,)
        cell_common.build_weights(self, input_shape[-1], width, bias_shape)

    def call(self, inputs, states, training=False):
        is_list = isinstance(states, (list, tuple))
        h = states[0] if is_list else states
        units = self.units
        if training and self.dropout > 0:
            inputs = inputs * self.get_dropout_mask(inputs)
        h_in = h
        if training and self.recurrent_dropout > 0:
            # The dropped state feeds the recurrent products, not the final blend.
            h_in = h * self.get_recurrent_dropout_mask(h)
        input_bias = recurrent_bias = None
        if self.bias is not None:
            if self.reset_after:
                input_bias, recurrent_bias = self.bias[0], self.bias[1]
            else:
                input_bias = self.bias
        x = ops.matmul(inputs, self.kernel)
        if input_bias is not None:
            x = x + input_bias
        x_z, x_r, x_h = ops.split(x, 3, axis=-1)  # each (batch, units)
        kernel = self.recurrent_kernel
        gate = self.recurrent_activation
        if self.reset_after:
            inner = ops.matmul(h_in, kernel)
            if recurrent_bias is not None:
                inner = inner + recurrent_bias
            r_z, r_r, r_h = ops.split(inner, 3, axis=-1)
            z = gate(x_z + r_z)
            r = gate(x_r + r_r)
            candidate = self.activation(x_h + r * r_h)
        else:
            inner = ops.matmul(h_in, kernel[:, : 2 * units])
            r_z, r_r = ops.split(inner, 2, axis=-1)
            z = gate(x_z + r_z)
            r = gate(x_r + r_r)
            candidate = self.activation(
                x_h + ops.matmul(r * h_in, kernel[:, 2 * units :])
            )
        h = z * h + (1 - z) * candidate
        return h, ([h] if is_list else h)

    def get_initial_state(self, batch_size=None):
        return [ops.zeros((batch_size, self.state_size), dtype=self.compute_dtype)]

    def get_config(self):
        config = super().get_config()
        config.update(cell_common.cell_config(self, _CELL_FIELDS))
        return config


class GRU(cell_common.CellAttributes, RNN):
    """Gated Recurrent Unit layer: a `GRUCell` run by `RNN`.

    Takes the arguments of `GRUCell` (its weights live in `layer.cell`), those of
    `RNN` (`return_sequences`, `return_state`, `go_backwards`, `stateful`, `unroll`),
    `activity_regularizer`, and `use_cudnn` ("auto", True or False: False always
    runs the step-by-step loop; otherwise the backend's fused loop runs it when the
    configuration allows, as for LSTM).

    >>> layer = keras.layers.GRU(4, return_sequences=True)
    >>> layer(np.ones((2, 5, 3))).shape
    (2, 5, 4)
    """

    _CELL_FIELDS = _LAYER_FIELDS

    def __init__(
        self,
        units,
        activation="tanh",
        recurrent_activation="sigmoid",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
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
        reset_after=True,
        use_cudnn="auto",
        **kwargs,
    ):
        cell = GRUCell(
            units,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            reset_after=reset_after,
            seed=seed,
            **cell_common.cell_kwargs(kwargs),
            name="gru_cell",
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
        self.use_cudnn = check_use_cudnn(use_cudnn, "GRU")

    def call(self, sequences, initial_state=None, mask=None, training=False):
        result = fused_call(self, "gru", sequences, initial_state, mask, training)
        if result is NotImplemented:
            return super().call(
                sequences, initial_state=initial_state, mask=mask, training=training
            )
        return result

    def get_config(self):
        return cell_common.layer_config(self, RNN.get_config(self), _LAYER_FIELDS)

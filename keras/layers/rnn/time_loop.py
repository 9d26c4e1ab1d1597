"""The time loop of every recurrent layer, in keras.ops control flow.

`run` steps a cell over the time axis of a `(batch, time, features)` sequence. The loop
is `ops.scan`: one `lax.scan` on JAX and one `tf.while_loop` inside a `tf.function`, so
compiled code holds one step, not one per time step; torch and NumPy run it eagerly.
`unroll=True` writes the steps out in Python instead (static lengths only).
"""

from keras import ops
from keras.backends.common import tree


def _time_major(x):
    # (batch, time, ...) -> (time, batch, ...)
    return ops.moveaxis(x, 1, 0)


def _select(keep, new, old):
    """`new` where `keep` (a (batch, 1) bool), else `old`; any rank of state."""
    rank = len(new.shape)
    if rank > 2:
        keep = ops.reshape(keep, (-1,) + (1,) * (rank - 1))
    return ops.where(keep, new, old)


def run(
    step,
    sequences,
    states,
    previous_output,
    mask=None,
    go_backwards=False,
    unroll=False,
    zero_output_for_mask=False,
    return_sequences=True,
):
    """Runs `step(input_t, states) -> (output_t, new_states)` over the time axis.

    Args:
        step: the step function; `states` and `new_states` are flat lists of tensors.
        sequences: `(batch, time, features)`.
        states: the initial states, a flat list of `(batch, ...)` tensors.
        previous_output: `(batch, output_size)`: the output a masked first step gives
            when `zero_output_for_mask` is False (Keras gives the first state).
        mask: None or a `(batch, time)` boolean mask; a masked step keeps the states
            and outputs `previous_output` (the last output) or zeros.
        go_backwards: process the time steps last to first; the outputs come in the
            order they were computed, as in Keras.
        unroll: write the loop out in Python (needs a static number of steps).
        zero_output_for_mask: masked steps output zeros instead of the last output.
        return_sequences: whether to stack the outputs of every step.

    Returns:
        `(last_output, outputs, final_states)`: the (masked) output of the last step,
        `(batch, time, output_size)` outputs or None, and the flat final states.
    """
    xs = _time_major(sequences)
    keep = None
    if mask is not None:
        keep = ops.expand_dims(_time_major(ops.cast(mask, "bool")), -1)  # (T, B, 1)
    if go_backwards:
        xs = ops.flip(xs, 0)
        keep = None if keep is None else ops.flip(keep, 0)
    dtypes = [s.dtype for s in states]

    def body(carry, x):
        flat, last = carry
        x_t, keep_t = x if keep is not None else (x, None)
        output, new_flat = step(x_t, list(flat))
        new_flat = [ops.cast(n, d) for n, d in zip(new_flat, dtypes)]
        output = ops.cast(output, last.dtype)
        if keep_t is not None:
            new_flat = [_select(keep_t, n, o) for n, o in zip(new_flat, flat)]
            fallback = ops.zeros_like(output) if zero_output_for_mask else last
            output = _select(keep_t, output, fallback)
        return (new_flat, output), output

    carry = (list(states), previous_output)
    loop_xs = xs if keep is None else (xs, keep)
    if unroll:
        steps = xs.shape[0]
        if steps is None:
            raise ValueError(
                "Cannot unroll an RNN whose number of time steps is not static; got "
                f"sequences of shape {tuple(sequences.shape)}. Pass `unroll=False`."
            )
        outputs = []
        for t in range(steps):
            x_t = tree.map_structure(lambda v, t=t: v[t], loop_xs)
            carry, output = body(carry, x_t)
            outputs.append(output)
        stacked = ops.stack(outputs, axis=1) if return_sequences else None
    else:
        carry, stacked = ops.scan(body, carry, loop_xs)
        stacked = ops.moveaxis(stacked, 0, 1) if return_sequences else None
    flat, last_output = carry
    return last_output, stacked, list(flat)

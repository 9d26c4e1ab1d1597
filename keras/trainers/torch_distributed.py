"""What the torch trainer does under a multi-process DataParallel distribution.

Each process (one per device, launched with torchrun) holds a whole replica of the model
and reads its own part of the data: the arrays or datasets a process gives to `fit` are
its part (as in Keras 3, where each process passes its per-process batch). To keep the
replicas identical, the trainer:

- broadcasts the model's variables from process 0 when fit starts;
- replaces each step's gradients by their average over the processes, weighted by the
  processes' batch sizes: the gradient of the loss over the global batch (the
  concatenation of the processes' batches), for losses that are means over the batch;
- combines the metrics' state across processes before their results are read (at the
  end of each epoch and of evaluate), each variable by its `aggregation` ("sum" adds,
  "mean" averages), and averages the model's non-trainable float variables (e.g.
  BatchNormalization's moving statistics, computed on each process's own batches).

A collective that fails (a process died, or did not answer within the timeout, see
keras/backends/torch/distribution.py) raises a RuntimeError that says so.
"""

import torch
import torch.distributed as dist

from keras.backends.common import distribution_state


def num_replicas():
    """The number of processes training together: > 1 only under a distribution in a
    multi-process job."""
    if distribution_state.current() is None or not dist.is_initialized():
        return 1
    return dist.get_world_size()


def _failed(what, error):
    return RuntimeError(
        f"keras.distribution: process {dist.get_rank()} of {dist.get_world_size()} could "
        f"not {what}: another process of the job has probably stopped or crashed (or "
        "was slower than the timeout, KERAS_DISTRIBUTION_TIMEOUT seconds). Every "
        "process must run the same fit/evaluate calls with the same number of steps. "
        f"({type(error).__name__}: {error})"
    )


def _collective(what, function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except Exception as error:  # gloo and nccl raise several error types
        raise _failed(what, error) from error


def _flat(tensors):
    return torch.cat([t.detach().reshape(-1).to(torch.float64) for t in tensors])


def _unflatten(flat, like):
    out, offset = [], 0
    for t in like:
        n = t.numel()
        out.append(flat[offset : offset + n].reshape(t.shape).to(t.dtype))
        offset += n
    return out


def broadcast_variables(variables):
    """Gives every process process 0's values of `variables` (one collective)."""
    variables = [v for v in variables if v.value.numel()]
    if not variables:
        return
    values = [v.value for v in variables]
    flat = _flat(values)
    _collective("receive the initial weights from process 0", dist.broadcast, flat, src=0)
    for variable, value in zip(variables, _unflatten(flat, values)):
        variable.assign(value)


def average_gradients(grads, batch_size):
    """The processes' gradients averaged, each weighted by its batch size (one
    collective over all the gradients and the batch size)."""
    if not grads:
        return grads
    weight = torch.tensor([float(batch_size)], dtype=torch.float64, device=grads[0].device)
    flat = torch.cat([_flat(grads) * weight, weight])
    _collective("average the gradients", dist.all_reduce, flat)
    total = flat[-1]
    return _unflatten(flat[:-1] / total, grads)


def combine_variables(summed, averaged):
    """Adds up `summed` and averages `averaged` (variables) across the processes, in
    place (one collective)."""
    summed = [v for v in summed if v.value.numel()]
    averaged = [v for v in averaged if v.value.numel()]
    variables = summed + averaged
    if not variables:
        return
    values = [v.value for v in variables]
    flat = _flat(values)
    _collective("combine the metrics", dist.all_reduce, flat)
    world = dist.get_world_size()
    for i, (variable, value) in enumerate(zip(variables, _unflatten(flat, values))):
        if i >= len(summed):
            value = value / world if value.is_floating_point() else value // world
        variable.assign(value)


def combine_metrics(metrics, model_state):
    """Combines the metric variables by their aggregation, and averages `model_state`
    (the model's non-trainable float variables)."""
    summed, averaged = [], []
    for metric in metrics:
        for variable in metric.variables:
            aggregation = getattr(variable, "aggregation", "sum")
            if aggregation == "sum":
                summed.append(variable)
            elif aggregation == "mean":
                averaged.append(variable)
    averaged += [v for v in model_state if v.value.is_floating_point()]
    combine_variables(summed, averaged)


def check_same_steps(steps, what):
    """Raises a clear error unless every process will run `steps` steps (None: unknown,
    not checked)."""
    if steps is None:
        return
    count = torch.tensor([int(steps), -int(steps)], dtype=torch.int64)
    _collective("compare the number of steps", dist.all_reduce, count, op=dist.ReduceOp.MAX)
    most, fewest = int(count[0]), -int(count[1])
    if most != fewest:
        raise ValueError(
            f"{what}: the processes have different numbers of batches per epoch (from "
            f"{fewest} to {most}; this process has {steps}). Give every process a part of "
            "the data of the same size (or the same `steps_per_epoch`), so that all take "
            "the same steps together."
        )

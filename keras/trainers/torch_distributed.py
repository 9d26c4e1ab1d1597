"""What the torch trainer does under a keras.distribution in a multi-process job.

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

Under a ModelParallel, the variables its LayoutMap splits are torch DTensors (each
process holds its shard; keras/backends/torch/core.py), the others plain tensors. The
steps run with DTensor's implicit replication (a plain tensor stands for the same value
on every process); the model's outputs and the loss are gathered into plain tensors
(`gathered`), so losses and metrics run on plain tensors and the gradients of the
DTensors come from DTensor autograd. Processes on the same index of the batch mesh axis
read the same data; those along the batch axis read different parts, and are the
"replicas" above: gradients and metrics are combined over the batch axis's group.

A collective that fails (a process died, or did not answer within the timeout, see
keras/backends/torch/distribution.py) raises a RuntimeError that says so.
"""

import contextlib

import torch
import torch.distributed as dist

from keras.backends.common import distribution_state


def model_parallel():
    """Whether a keras.distribution.ModelParallel is in effect."""
    return getattr(distribution_state.current(), "layout_map", None) is not None


def num_processes():
    """How many processes train together: > 1 only under a distribution in a
    multi-process job."""
    if distribution_state.current() is None or not dist.is_initialized():
        return 1
    return dist.get_world_size()


def num_replicas():
    """How many processes read different data (and combine their gradients and
    metrics): every process under DataParallel, the batch mesh axis's under
    ModelParallel."""
    distribution = distribution_state.current()
    if distribution is None or not dist.is_initialized():
        return 1
    if getattr(distribution, "layout_map", None) is None:
        return dist.get_world_size()
    mesh, batch_axis = distribution.device_mesh, distribution.batch_dim_name
    if batch_axis is None:
        return 1
    return mesh.shape[mesh.axis_names.index(batch_axis)]


def replica_group():
    """The process group gradients and metrics are combined over (None: all)."""
    distribution = distribution_state.current()
    if getattr(distribution, "layout_map", None) is None:
        return None
    mesh = distribution.device_mesh
    if len(mesh.shape) == 1:
        return None
    return mesh.backend_mesh.get_group(distribution.batch_dim_name)


# Nesting depth of `replicating()` (torch's context manager does not nest).
_replicating = [0]


@contextlib.contextmanager
def replicating(active=True):
    """Within it, DTensor ops take plain tensors as replicated on every process."""
    if not active or _replicating[0]:
        yield
        return
    from torch.distributed.tensor.experimental import implicit_replication

    _replicating[0] += 1
    try:
        with implicit_replication():
            yield
    finally:
        _replicating[0] -= 1


@contextlib.contextmanager
def sharded_step(what, active=True):
    """`replicating()` and `collectives(what)` together: how steps run under
    ModelParallel (`active`)."""
    with replicating(active), collectives(what, active):
        yield


def _dtensor():
    from torch.distributed.tensor import DTensor

    return DTensor


def gathered(structure):
    """`structure` (a tensor, or nested lists, tuples and dicts of them) with every
    DTensor replaced by its whole value as a plain tensor (differentiable)."""
    dtensor = _dtensor()

    def gather(value):
        if isinstance(value, dtensor):
            return value.full_tensor()
        if isinstance(value, (list, tuple)):
            return type(value)(gather(v) for v in value)
        if isinstance(value, dict):
            return {k: gather(v) for k, v in value.items()}
        return value

    return gather(structure)


def match_layouts(grads, variables):
    """The gradients laid out as their variables: a DTensor's gradient with its
    placements, a plain variable's gradient as a plain tensor."""
    dtensor = _dtensor()
    out = []
    for grad, variable in zip(grads, variables):
        value = variable.value
        if isinstance(value, dtensor):
            if not isinstance(grad, dtensor):  # a whole gradient: keep this shard
                from torch.distributed.tensor import distribute_tensor

                grad = distribute_tensor(
                    grad, value.device_mesh, value.placements, src_data_rank=None
                )
            elif grad.placements != value.placements:
                grad = grad.redistribute(value.device_mesh, value.placements)
        elif isinstance(grad, dtensor):
            grad = grad.full_tensor()
        out.append(grad)
    return out


def _failed(what, error):
    return RuntimeError(
        f"keras.distribution: process {dist.get_rank()} of {dist.get_world_size()} could "
        f"not {what}: another process of the job has probably stopped or crashed (or "
        "was slower than the timeout, KERAS_DISTRIBUTION_TIMEOUT seconds). Every "
        "process must run the same fit/evaluate calls with the same number of steps. "
        f"({type(error).__name__}: {error})"
    )


@contextlib.contextmanager
def collectives(what, active=True):
    """Turns the errors of torch.distributed's collectives inside (DTensor's, under
    ModelParallel) into the clear RuntimeError of `_failed`."""
    if not active:
        yield
        return
    try:
        yield
    except RuntimeError as error:
        if _in_collective(error):
            raise _failed(what, error) from error
        raise


# The torch modules whose frames show that a collective (not the model) failed.
_COLLECTIVE_FILES = ("_functional_collectives.py", "distributed_c10d.py")


def _in_collective(error):
    """Whether `error` was raised by a torch.distributed collective."""
    if isinstance(error, dist.DistError):
        return True
    frame = error.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_filename.endswith(_COLLECTIVE_FILES):
            return True
        frame = frame.tb_next
    return False


def _collective(what, function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except Exception as error:  # gloo and nccl raise several error types
        raise _failed(what, error) from error


# The classes of plain (not DTensor) variable values.
_PLAIN = (torch.Tensor, torch.nn.Parameter)


def _flat(tensors):
    return torch.cat([t.detach().reshape(-1).to(torch.float64) for t in tensors])


def _unflatten(flat, like):
    out, offset = [], 0
    for t in like:
        n = t.numel()
        out.append(flat[offset : offset + n].reshape(t.shape).to(t.dtype))
        offset += n
    return out


def _local(tensor):
    """A DTensor's shard on this process; a plain tensor as it is."""
    to_local = getattr(tensor, "to_local", None)
    return tensor if to_local is None else to_local()


def broadcast_variables(variables):
    """Gives every process process 0's values of the plain `variables` (one
    collective); DTensors got process 0's values when they were made."""
    variables = [v for v in variables if v.value.numel() and v.value.__class__ in _PLAIN]
    if not variables:
        return
    values = [v.value for v in variables]
    flat = _flat(values)
    _collective("receive the initial weights from process 0", dist.broadcast, flat, src=0)
    for variable, value in zip(variables, _unflatten(flat, values)):
        variable.assign(value)


def average_gradients(grads, batch_size, group=None):
    """The replicas' gradients averaged, each weighted by its batch size (one
    collective over all the gradients and the batch size, over `group`). A DTensor
    gradient is averaged shard by shard."""
    if not grads:
        return grads
    local = [_local(g) for g in grads]
    weight = torch.tensor([float(batch_size)], dtype=torch.float64, device=local[0].device)
    flat = torch.cat([_flat(local) * weight, weight])
    _collective("average the gradients", dist.all_reduce, flat, group=group)
    total = flat[-1]
    averaged = _unflatten(flat[:-1] / total, local)
    return [
        a if g is l else type(g).from_local(
            a, g.device_mesh, g.placements, shape=g.shape, stride=g.stride()
        )
        for a, g, l in zip(averaged, grads, local)
    ]


def combine_variables(summed, averaged, group=None):
    """Adds up `summed` and averages `averaged` (plain variables) across the processes
    of `group` (None: all), in place (one collective)."""
    summed = [v for v in summed if v.value.numel()]
    averaged = [v for v in averaged if v.value.numel()]
    variables = summed + averaged
    if not variables:
        return
    values = [v.value for v in variables]
    flat = _flat(values)
    _collective("combine the metrics", dist.all_reduce, flat, group=group)
    world = dist.get_world_size(group)
    for i, (variable, value) in enumerate(zip(variables, _unflatten(flat, values))):
        if i >= len(summed):
            value = value / world if value.is_floating_point() else value // world
        variable.assign(value)


def combine_metrics(metrics, model_state, group=None):
    """Combines the metric variables by their aggregation, and averages `model_state`
    (the model's plain non-trainable float variables), over `group` (None: all)."""
    summed, averaged = [], []
    for metric in metrics:
        for variable in metric.variables:
            aggregation = getattr(variable, "aggregation", "sum")
            if aggregation == "sum":
                summed.append(variable)
            elif aggregation == "mean":
                averaged.append(variable)
    averaged += [
        v for v in model_state if v.value.is_floating_point() and v.value.__class__ in _PLAIN
    ]
    combine_variables(summed, averaged, group)


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

"""keras.distribution on torch: torch.distributed, one device per process.

A torch job is a group of processes (launched with `torchrun`, or with RANK, WORLD_SIZE,
MASTER_ADDR and MASTER_PORT set), each driving one device: its CPU (gloo) or its GPU
(LOCAL_RANK's; nccl). So the devices of the job are one per process: "cpu:<rank>" or
"gpu:<rank>", and a mesh's devices are processes.

DataParallel: every process holds all the variables (plain tensors, made equal by a
broadcast from process 0 when fit starts), reads its own part of the data, and the
trainer averages the gradients across processes before each optimizer step
(keras/trainers/torch_distributed.py). `distribute_tensor` returns a torch DTensor laid
out as asked.

ModelParallel: a variable its LayoutMap splits over a mesh axis holds a torch DTensor
(Shard(d) on the mesh axis tensor dimension d is split over, Replicate() on the
others), so each process keeps its shard; the other variables stay plain tensors, equal
on every process. Processes along the batch mesh axis read different parts of the data
(as under DataParallel), those along the other axes the same part. torch cannot split a
variable over the batch axis here (its gradient would need the other parts of the
data): `validate` says so when the batch axis has several processes.

Collectives that cannot complete (a process died or stopped answering) fail after
KERAS_DISTRIBUTION_TIMEOUT seconds (default 120) with an error, instead of hanging.
"""

import atexit
import datetime
import os

import numpy as np
import torch
import torch.distributed as dist

from keras.backends.torch import core

# Seconds a collective (and joining the job) may wait for the other processes.
_TIMEOUT_ENV = "KERAS_DISTRIBUTION_TIMEOUT"
_DEFAULT_TIMEOUT_S = 120.0


def _timeout():
    value = os.environ.get(_TIMEOUT_ENV, "")
    try:
        seconds = float(value) if value else _DEFAULT_TIMEOUT_S
    except ValueError:
        raise ValueError(
            f"The environment variable {_TIMEOUT_ENV} must be a number of seconds; got "
            f"{value!r}."
        ) from None
    if seconds <= 0:
        raise ValueError(f"{_TIMEOUT_ENV} must be positive; got {seconds}.")
    return datetime.timedelta(seconds=seconds)


def _gpu():
    return torch.cuda.is_available()


def _kind(device_type):
    """"cpu" or "gpu" (the default kind: gpu where CUDA is), or None for kinds torch
    processes do not drive here (tpu, or gpu without CUDA)."""
    kind = "gpu" if device_type is None and _gpu() else (device_type or "cpu")
    kind = str(kind).lower()
    if kind == "cuda":
        kind = "gpu"
    if kind == "cpu" or (kind == "gpu" and _gpu()):
        return kind
    return None


def list_devices(device_type=None):
    """One device per process of the job: ["cpu:0", "cpu:1"] for two CPU processes."""
    kind = _kind(device_type)
    if kind is None:
        return []
    return [f"{kind}:{rank}" for rank in range(num_processes())]


def get_device_count(device_type=None):
    return len(list_devices(device_type))


def num_processes():
    return dist.get_world_size() if dist.is_initialized() else 1


def process_id():
    return dist.get_rank() if dist.is_initialized() else 0


def _env_int(name):
    value = os.environ.get(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"The environment variable {name} must be an integer; got {value!r}.") from None


def _coordinator(job_addresses):
    """(host, port) of process 0, from `job_addresses` or MASTER_ADDR/MASTER_PORT."""
    if job_addresses:
        first = str(job_addresses).split(",")[0].strip()
        host, sep, port = first.rpartition(":")
        if not sep or not host or not port.isdigit():
            raise ValueError(
                "`job_addresses` must be 'host:port' (or a comma-separated list whose "
                f"first entry is process 0's 'host:port'); got {job_addresses!r}."
            )
        return host, int(port)
    host, port = os.environ.get("MASTER_ADDR"), _env_int("MASTER_PORT")
    if not host or port is None:
        raise ValueError(
            "keras.distribution.initialize() needs the address of process 0: pass "
            "`job_addresses='host:port'` (or set KERAS_DISTRIBUTION_JOB_ADDRESSES), or "
            "launch with torchrun, which sets MASTER_ADDR and MASTER_PORT."
        )
    return host, port


def _process_group_backend():
    # gloo serves CPU tensors (the collectives on small CPU values) beside nccl.
    return "cpu:gloo,cuda:nccl" if _gpu() else "gloo"


def initialize(job_addresses, num_processes, process_id):
    """Joins the torch.distributed job: arguments first, else torchrun's RANK,
    WORLD_SIZE, MASTER_ADDR and MASTER_PORT. One process alone needs no address."""
    world = num_processes if num_processes is not None else _env_int("WORLD_SIZE")
    rank = process_id if process_id is not None else _env_int("RANK")
    if world is None:
        raise ValueError(
            "keras.distribution.initialize() needs the number of processes: pass "
            "`num_processes` (or set KERAS_DISTRIBUTION_NUM_PROCESSES), or launch with "
            "torchrun, which sets WORLD_SIZE."
        )
    if rank is None:
        if world != 1:
            raise ValueError(
                "keras.distribution.initialize() needs this process's id: pass "
                "`process_id` (or set KERAS_DISTRIBUTION_PROCESS_ID), or launch with "
                "torchrun, which sets RANK."
            )
        rank = 0
    if not 0 <= rank < world:
        raise ValueError(f"`process_id` must be in [0, {world}); got {rank}.")
    alone = world == 1 and not job_addresses and not os.environ.get("MASTER_ADDR")
    host, port = (None, None) if alone else _coordinator(job_addresses)
    if dist.is_initialized():
        if (dist.get_world_size(), dist.get_rank()) != (world, rank):
            raise RuntimeError(
                "torch.distributed is already initialized as process "
                f"{dist.get_rank()} of {dist.get_world_size()}; initialize() was asked "
                f"for process {rank} of {world}."
            )
        return
    if _gpu():
        local_rank = _env_int("LOCAL_RANK")
        torch.cuda.set_device(rank % torch.cuda.device_count() if local_rank is None else local_rank)
    if alone:
        _init_alone()
        return
    try:
        dist.init_process_group(
            _process_group_backend(),
            init_method=f"tcp://{host}:{port}",
            rank=rank,
            world_size=world,
            timeout=_timeout(),
        )
        atexit.register(_leave)
    except Exception as error:
        raise RuntimeError(
            f"Process {rank} of {world} could not join the job at {host}:{port} within "
            f"{_timeout().total_seconds():g} s ({_TIMEOUT_ENV}): check that every process "
            f"was started and can reach process 0. ({type(error).__name__}: {error})"
        ) from error


def _leave():
    """Leaves the job at exit (torch aborts a process that exits while its process
    group's threads still run)."""
    if dist.is_initialized():
        dist.destroy_process_group()


def _init_alone():
    """A one-process group (no network), so DTensors work in a single process."""
    dist.init_process_group(
        _process_group_backend(), store=dist.HashStore(), rank=0, world_size=1,
        timeout=_timeout(),
    )


def _ensure_group():
    if not dist.is_initialized():
        _init_alone()


def _ranks(devices):
    """The process of each device name ("cpu:3" -> 3), as an int array of the same shape."""
    flat = []
    for device in np.asarray(devices, dtype=object).ravel():
        _, sep, index = str(device).rpartition(":")
        if not sep or not index.isdigit():
            raise ValueError(
                f"Expected device names such as 'cpu:0' or 'gpu:1' (from "
                f"keras.distribution.list_devices()); got {device!r}."
            )
        flat.append(int(index))
    return np.array(flat, dtype=np.int64).reshape(np.shape(devices))


def validate(distribution):
    """Checks that the mesh's devices are the job's processes, and (ModelParallel)
    that no layout splits a variable over a batch axis of several processes."""
    mesh = distribution.device_mesh
    ranks = sorted(_ranks(mesh.devices).ravel().tolist())
    world = num_processes()
    if ranks != list(range(world)):
        raise ValueError(
            f"On torch each process drives one device, and this job has {world} "
            f"process(es) ({list_devices()}); the mesh has the devices "
            f"{mesh.devices.ravel().tolist()}. Use keras.distribution.list_devices() as "
            f"the devices, or launch {len(ranks)} processes (torchrun --nproc_per_node="
            f"{len(ranks)} ...) and call keras.distribution.initialize() first."
        )
    layout_map = getattr(distribution, "layout_map", None)
    batch_axis = distribution.batch_dim_name
    if layout_map is None or batch_axis is None:
        return
    batch_size = mesh.shape[mesh.axis_names.index(batch_axis)]
    if batch_size == 1:
        return
    for key, layout in layout_map.items():
        if batch_axis in layout.axes:
            raise NotImplementedError(
                f"On the torch backend, a ModelParallel layout cannot split a variable "
                f"over the batch mesh axis '{batch_axis}' (of {batch_size} processes): "
                f"LayoutMap key '{key}' has axes {layout.axes}. Split "
                "variables over the other mesh axes only (e.g. (None, 'model')), or use "
                "KERAS_BACKEND=jax."
            )


def to_backend_mesh(device_mesh):
    """A torch DeviceMesh of the job's processes, with the mesh's axis names."""
    from torch.distributed.device_mesh import DeviceMesh

    _ensure_group()
    ranks = _ranks(device_mesh.devices)
    if ranks.max() >= num_processes():
        raise ValueError(
            f"The mesh names the devices {device_mesh.devices.ravel().tolist()}, but this "
            f"job has {num_processes()} process(es), one device each ({list_devices()})."
        )
    override = None
    if not _gpu() and num_processes() > 1:
        # The mesh axes' process groups (DTensor's collectives) time out as the job's
        # do, not after torch's default half hour.
        from torch._C._distributed_c10d import Backend

        options = Backend.Options("gloo", _timeout())
        override = (("gloo", options),) * len(device_mesh.axis_names)
    return DeviceMesh(
        "cuda" if _gpu() else "cpu",
        torch.from_numpy(ranks),
        mesh_dim_names=tuple(device_mesh.axis_names),
        backend_override=override,
    )


def to_backend_layout(tensor_layout):
    """The DTensor placements of the layout: per mesh axis, Shard(d) where tensor
    dimension d is split over it, else Replicate()."""
    from torch.distributed.tensor import Replicate
    from torch.distributed.tensor import Shard

    mesh = tensor_layout.device_mesh
    placements = []
    for axis_name in mesh.axis_names:
        dims = [d for d, name in enumerate(tensor_layout.axes) if name == axis_name]
        if len(dims) > 1:
            raise ValueError(
                f"TensorLayout axes {tensor_layout.axes} split several dimensions over "
                f"the mesh axis '{axis_name}'; torch splits one dimension per mesh axis."
            )
        placements.append(Shard(dims[0]) if dims else Replicate())
    return tuple(placements)


def distribute_tensor(tensor, layout):
    """A DTensor of `tensor` laid out as `layout` says (process 0's values are the
    ones scattered)."""
    from torch.distributed.tensor import DTensor
    from torch.distributed.tensor import distribute_tensor as torch_distribute

    mesh = layout.device_mesh.backend_mesh
    placements = layout.backend_layout
    if isinstance(tensor, DTensor):
        return tensor.redistribute(mesh, placements)
    tensor = core.convert_to_tensor(tensor)
    if len(layout.axes) != tensor.ndim:
        raise ValueError(
            f"TensorLayout axes {layout.axes} have one entry per dimension; the tensor "
            f"has shape {tuple(tensor.shape)}."
        )
    return torch_distribute(tensor, mesh, placements)


def _replicated(layout):
    return layout is None or all(axis is None for axis in layout.axes)


def distribute_variable(value, layout):
    """The value of a variable laid out as `layout` says: a replicated one stays a
    plain tensor on this process's device, a split one becomes a DTensor."""
    if _replicated(layout):
        return core.convert_to_tensor(value)
    return distribute_tensor(value, layout)


def distribute_data_input(per_process_batch, layout, batch_dim_name):
    """This process's part of the global batch: under DataParallel each process reads
    its own part of the data, so it is the batch itself, as a tensor."""
    return core.convert_to_tensor(per_process_batch)

"""keras.distribution on the jax backend: meshes are `jax.sharding.Mesh`es, layouts are
`NamedSharding`s, and a multi-process job is a `jax.distributed` job.

Devices are named "<platform>:<id>" after `jax.devices()` ("cpu:0", "gpu:3"); in a
multi-process job the list holds every process's devices (their ids are global).
"""

import os
import random

import jax
import numpy as np

from keras.backends.jax import core

# Seconds without a heartbeat after which `jax.distributed` declares a process dead and
# stops the others with an error (JAX's default when unset).
_HEARTBEAT_TIMEOUT_ENV = "KERAS_DISTRIBUTION_HEARTBEAT_TIMEOUT"
_DEVICE_TYPES = ("cpu", "gpu", "tpu")


def list_devices(device_type=None):
    """Every device of the job of `device_type` ("cpu", "gpu", "tpu"; None: JAX's
    default platform), as "platform:id" strings; [] when there is none of that type."""
    if device_type is None:
        devices = jax.devices()
    else:
        device_type = str(device_type).lower()
        if device_type not in _DEVICE_TYPES:
            raise ValueError(
                f"`device_type` must be one of {_DEVICE_TYPES} or None; got {device_type!r}."
            )
        try:
            devices = jax.devices(device_type)
        except RuntimeError:  # no platform of that type on this machine
            return []
    return [_device_name(d) for d in devices]


def get_device_count(device_type=None):
    return len(list_devices(device_type))


def _device_name(device):
    return f"{device.platform}:{device.id}"


def initialize(job_addresses, num_processes, process_id):
    """Starts (or joins) the `jax.distributed` job. `job_addresses` is the coordinator's
    "host:port", or a comma-separated list whose first entry is the coordinator's."""
    if job_addresses and "," in job_addresses:
        job_addresses = job_addresses.split(",")[0].strip()
    if not job_addresses and (num_processes or 1) <= 1:
        return  # one process: nothing to join
    if num_processes is None or process_id is None:
        if not job_addresses:
            jax.distributed.initialize()  # let JAX detect the cluster (TPU pods, SLURM)
            return
        raise ValueError(
            "keras.distribution.initialize() needs `num_processes` and `process_id` with "
            f"`job_addresses`={job_addresses!r} (or the environment variables "
            "KERAS_DISTRIBUTION_NUM_PROCESSES and KERAS_DISTRIBUTION_PROCESS_ID); got "
            f"num_processes={num_processes}, process_id={process_id}."
        )
    kwargs = {}
    heartbeat = os.environ.get(_HEARTBEAT_TIMEOUT_ENV)
    if heartbeat:
        kwargs["heartbeat_timeout_seconds"] = int(heartbeat)
    jax.distributed.initialize(
        coordinator_address=job_addresses,
        num_processes=num_processes,
        process_id=process_id,
        **kwargs,
    )
    _share_seed()


def _share_seed():
    """Seeds Python's `random` (which draws the seeds of unseeded initializers) with
    one value for the whole job, drawn by process 0: every process then creates the
    same initial weights, as replicated variables need."""
    from jax.experimental import multihost_utils

    seed = np.array(random.randint(0, 2**31 - 1), dtype=np.int32)
    random.seed(int(multihost_utils.broadcast_one_to_all(seed)))


def num_processes():
    return jax.process_count()


def process_id():
    return jax.process_index()


def validate(distribution):
    """Checks that the mesh names devices this job has (JAX runs both DataParallel and
    ModelParallel)."""
    to_backend_mesh(distribution.device_mesh)


def to_backend_mesh(device_mesh):
    """A `jax.sharding.Mesh` of the mesh's devices, with its shape and axis names."""
    known = {_device_name(d): d for d in jax.devices()}
    for kind in _DEVICE_TYPES:
        try:
            known.update((_device_name(d), d) for d in jax.devices(kind))
        except RuntimeError:
            pass
    names = [str(d).lower() for d in device_mesh.devices.ravel()]
    missing = [n for n in names if n not in known]
    if missing:
        raise ValueError(
            f"The DeviceMesh names devices JAX does not have: {missing}. The devices of "
            f"this job are {sorted(known)} (see keras.distribution.list_devices())."
        )
    devices = np.array([known[n] for n in names], dtype=object).reshape(device_mesh.shape)
    return jax.sharding.Mesh(devices, tuple(device_mesh.axis_names))


def to_backend_layout(tensor_layout):
    """A `NamedSharding` on the layout's mesh: dimension i split over `axes[i]`."""
    spec = jax.sharding.PartitionSpec(*tensor_layout.axes)
    return jax.sharding.NamedSharding(tensor_layout.device_mesh.backend_mesh, spec)


def distribute_tensor(tensor, layout):
    """`tensor` placed as `layout` says; inside a traced function, a sharding constraint
    on it instead. `layout` is a TensorLayout or a `jax.sharding.Sharding`."""
    sharding = _sharding(layout)
    if isinstance(tensor, jax.core.Tracer):
        return jax.lax.with_sharding_constraint(tensor, sharding)
    return core._place(core.convert_to_tensor(tensor), sharding)


def distribute_variable(value, layout):
    """A variable's initial value placed as `layout` says (every process gives the same
    value; each keeps the pieces its devices hold)."""
    return core._place(value, _sharding(layout))


def distribute_data_input(per_process_batch, layout, batch_dim_name):
    """One global batch made of every process's part, split over the batch axis.

    Each process gives its own rows (`per_process_batch`); the global batch stacks them
    in process order. In one process, a batch that the batch axis cannot split evenly
    (the short last batch of an epoch) is placed whole on every device of the mesh:
    the step computes the same result, only without splitting that batch.
    """
    sharding = _sharding(layout)
    data = per_process_batch
    if isinstance(data, jax.core.Tracer):
        return jax.lax.with_sharding_constraint(data, sharding)
    if jax.process_count() == 1:
        rows = np.shape(data)[0] if np.ndim(data) else 0
        if rows % _batch_parts(sharding):
            whole = jax.sharding.NamedSharding(sharding.mesh, jax.sharding.PartitionSpec())
            return jax.device_put(data, whole)
        return jax.device_put(data, sharding)
    if not isinstance(data, np.ndarray):
        data = np.asarray(data)
    try:
        return jax.make_array_from_process_local_data(sharding, data)
    except ValueError as error:
        raise ValueError(
            f"This process's batch of shape {data.shape} cannot be split as the batch "
            f"axis {batch_dim_name!r} of the mesh says ({sharding.spec}): in a "
            "multi-process job every batch must split evenly over the devices, so choose "
            "a per-process `batch_size` divisible by this process's device count and a "
            f"dataset size divisible by the batch size (or drop the remainder). JAX: {error}"
        ) from error


def _batch_parts(sharding):
    """How many pieces a sharding splits the first dimension of an array into."""
    spec = tuple(sharding.spec)
    axes = spec[0] if spec else None
    if axes is None:
        return 1
    if isinstance(axes, str):
        axes = (axes,)
    return int(np.prod([sharding.mesh.shape[a] for a in axes]))


def _sharding(layout):
    if isinstance(layout, jax.sharding.Sharding):
        return layout
    backend_layout = getattr(layout, "backend_layout", None)
    if not isinstance(backend_layout, jax.sharding.Sharding):
        raise ValueError(
            "`layout` must be a keras.distribution.TensorLayout with a device mesh or a "
            f"jax.sharding.Sharding; got {layout!r}."
        )
    return backend_layout

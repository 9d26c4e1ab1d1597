"""keras.distribution: how devices are arranged, and how variables and batches are laid
out on them.

The classes here say *what* goes where; the active backend's `distribution` module
(keras/backends/<backend>/distribution.py) says how its engine does it (JAX shardings,
torch.distributed). A backend that cannot distribute raises a clear error when a
distribution is made or set on it.

    mesh = keras.distribution.DeviceMesh((2, 4), ["batch", "model"])
    layout_map = keras.distribution.LayoutMap(mesh)
    layout_map["dense.*kernel"] = (None, "model")
    keras.distribution.set_distribution(
        keras.distribution.ModelParallel(layout_map=layout_map, batch_dim_name="batch")
    )
"""

import collections.abc
import contextlib
import os
import re

import numpy as np

from keras.backends import active
from keras.backends.common import distribution_state

# The environment variables `initialize()` reads when its arguments are None (Keras 3's).
JOB_ADDRESSES_ENV = "KERAS_DISTRIBUTION_JOB_ADDRESSES"
NUM_PROCESSES_ENV = "KERAS_DISTRIBUTION_NUM_PROCESSES"
PROCESS_ID_ENV = "KERAS_DISTRIBUTION_PROCESS_ID"


def _backend():
    return active.distribution


def list_devices(device_type=None):
    """The devices of this job, as strings such as "cpu:0" or "gpu:3" (all processes'
    devices in a multi-process job). `device_type` ("cpu", "gpu", "tpu") narrows the
    list; None lists the default (most capable) kind."""
    return _backend().list_devices(device_type)


def get_device_count(device_type=None):
    """How many devices `list_devices(device_type)` lists."""
    return _backend().get_device_count(device_type)


def initialize(job_addresses=None, num_processes=None, process_id=None):
    """Joins this process to a multi-process job (call it first, in every process).

    Args:
        job_addresses: "host:port" of the coordinator (process 0), or a comma-separated
            list of every process's address, whose first entry is the coordinator.
            Defaults to the environment variable KERAS_DISTRIBUTION_JOB_ADDRESSES.
        num_processes: how many processes the job has (KERAS_DISTRIBUTION_NUM_PROCESSES).
        process_id: this process's index in [0, num_processes)
            (KERAS_DISTRIBUTION_PROCESS_ID).
    """
    if job_addresses is None:
        job_addresses = os.environ.get(JOB_ADDRESSES_ENV)
    if num_processes is None and os.environ.get(NUM_PROCESSES_ENV):
        num_processes = _env_int(NUM_PROCESSES_ENV)
    if process_id is None and os.environ.get(PROCESS_ID_ENV):
        process_id = _env_int(PROCESS_ID_ENV)
    if num_processes is not None:
        if int(num_processes) < 1:
            raise ValueError(f"`num_processes` must be at least 1; got {num_processes}.")
        num_processes = int(num_processes)
    if process_id is not None:
        process_id = int(process_id)
        if process_id < 0 or (num_processes is not None and process_id >= num_processes):
            raise ValueError(
                f"`process_id` must be in [0, num_processes={num_processes}); got "
                f"{process_id}."
            )
    _backend().initialize(job_addresses, num_processes, process_id)


def _env_int(name):
    value = os.environ[name]
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"The environment variable {name} must be an integer; got {value!r}.")


class DeviceMesh:
    """Devices arranged in an n-dimensional grid whose axes have names.

    Args:
        shape: the grid's shape, e.g. `(2, 4)`; its product is the number of devices.
        axis_names: one name per axis, e.g. `["batch", "model"]`.
        devices: the devices (strings from `list_devices()`), in row-major grid order.
            Defaults to every device of the job.
    """

    def __init__(self, shape, axis_names, devices=None):
        if isinstance(shape, int):
            shape = (shape,)
        if not isinstance(shape, (list, tuple)) or not shape:
            raise ValueError(f"`shape` must be a non-empty tuple of ints; got {shape!r}.")
        shape = tuple(int(d) for d in shape)
        if isinstance(axis_names, str):
            axis_names = [axis_names]
        axis_names = [str(a) for a in axis_names]
        if len(axis_names) != len(shape):
            raise ValueError(
                f"`shape` {shape} and `axis_names` {axis_names} must have the same length."
            )
        if len(set(axis_names)) != len(axis_names):
            raise ValueError(f"`axis_names` must be unique; got {axis_names}.")
        if devices is None:
            devices = list_devices()
        devices = np.array(devices, dtype=object)
        if devices.size != int(np.prod(shape)):
            raise ValueError(
                f"A mesh of shape {shape} needs {int(np.prod(shape))} devices; got "
                f"{devices.size}: {devices.ravel().tolist()}."
            )
        self._shape = shape
        self._axis_names = axis_names
        self._devices = devices.reshape(shape)
        self._backend_mesh = None

    @property
    def shape(self):
        return self._shape

    @property
    def axis_names(self):
        return self._axis_names

    @property
    def devices(self):
        return self._devices

    @property
    def backend_mesh(self):
        """The engine's own mesh object (a `jax.sharding.Mesh`, a torch DeviceMesh)."""
        if self._backend_mesh is None:
            self._backend_mesh = _backend().to_backend_mesh(self)
        return self._backend_mesh

    def __repr__(self):
        return (
            f"<{type(self).__name__} shape={self._shape}, axis_names={self._axis_names}>"
        )

    def __str__(self):
        return f"{self!r} devices={self._devices.ravel().tolist()}"


class TensorLayout:
    """Where each axis of a tensor goes: `axes` has one entry per tensor dimension, the
    name of the mesh axis that dimension is split over, or None (not split).

    Args:
        axes: e.g. `(None, "model")` for a kernel whose columns are split.
        device_mesh: the mesh; may be set later (a LayoutMap sets its own).
    """

    def __init__(self, axes, device_mesh=None):
        if isinstance(axes, str):
            axes = (axes,)
        self._axes = tuple(axes)
        self._device_mesh = None
        self._backend_layout = None
        if device_mesh is not None:
            self.device_mesh = device_mesh

    @property
    def axes(self):
        return self._axes

    @property
    def device_mesh(self):
        return self._device_mesh

    @device_mesh.setter
    def device_mesh(self, device_mesh):
        if self._device_mesh is not None:
            raise ValueError(
                f"{self!r} already has a device mesh ({self._device_mesh!r}); make a new "
                "TensorLayout for another mesh."
            )
        if not isinstance(device_mesh, DeviceMesh):
            raise ValueError(
                f"`device_mesh` must be a keras.distribution.DeviceMesh; got "
                f"{type(device_mesh).__name__}."
            )
        unknown = [a for a in self._axes if a is not None and a not in device_mesh.axis_names]
        if unknown:
            raise ValueError(
                f"TensorLayout axes {self._axes} name {unknown}, which the mesh's "
                f"axis_names {device_mesh.axis_names} do not have."
            )
        self._device_mesh = device_mesh
        self._backend_layout = None

    @property
    def backend_layout(self):
        """The engine's own layout (a `jax.sharding.NamedSharding`, torch placements)."""
        if self._device_mesh is None:
            raise ValueError(f"{self!r} has no device mesh yet; set `device_mesh` first.")
        if self._backend_layout is None:
            self._backend_layout = _backend().to_backend_layout(self)
        return self._backend_layout

    def __repr__(self):
        return f"<{type(self).__name__} axes={self._axes}, device_mesh={self._device_mesh!r}>"


class Distribution:
    """The base of DataParallel and ModelParallel: a mesh, the mesh axis batches are
    split over, and the layouts of data, variables and intermediate tensors."""

    def __init__(self, device_mesh, batch_dim_name=None, auto_shard_dataset=True):
        if not isinstance(device_mesh, DeviceMesh):
            raise ValueError(
                f"`device_mesh` must be a keras.distribution.DeviceMesh; got "
                f"{type(device_mesh).__name__}."
            )
        if batch_dim_name is not None and batch_dim_name not in device_mesh.axis_names:
            raise ValueError(
                f"`batch_dim_name` {batch_dim_name!r} is not an axis of the mesh "
                f"{device_mesh.axis_names}."
            )
        self._device_mesh = device_mesh
        self._batch_dim_name = batch_dim_name
        self._auto_shard_dataset = bool(auto_shard_dataset)
        _backend().validate(self)

    @property
    def device_mesh(self):
        return self._device_mesh

    @property
    def batch_dim_name(self):
        return self._batch_dim_name

    @property
    def auto_shard_dataset(self):
        return self._auto_shard_dataset

    @auto_shard_dataset.setter
    def auto_shard_dataset(self, value):
        self._auto_shard_dataset = bool(value)

    @property
    def num_processes(self):
        return _backend().num_processes()

    @property
    def process_id(self):
        return _backend().process_id()

    def get_data_layout(self, data_shape):
        """The layout of an input batch of shape `data_shape`: split on its first axis
        over the batch mesh axis, whole on the others."""
        axes = [None] * len(data_shape)
        if axes and self._batch_dim_name is not None:
            axes[0] = self._batch_dim_name
        return TensorLayout(axes, self._device_mesh)

    def get_variable_layout(self, variable):
        raise NotImplementedError

    def get_tensor_layout(self, path):
        """The layout of the intermediate tensor named `path`, or None (no constraint)."""
        return None

    @contextlib.contextmanager
    def scope(self):
        """Within the scope this distribution is in effect (in this thread)."""
        distribution_state.push(self)
        try:
            yield self
        finally:
            distribution_state.pop()

    def distribute_dataset(self, dataset):
        """The part of `dataset` this process reads: a `tf.data.Dataset` is sharded
        across processes when `auto_shard_dataset` is on; other data is returned as
        given (each process then passes its own part)."""
        if self.num_processes <= 1 or not self._auto_shard_dataset:
            return dataset
        shard = getattr(dataset, "shard", None)
        if shard is None:
            return dataset
        return shard(self.num_processes, self.process_id)

    def __repr__(self):
        return (
            f"<{type(self).__name__} device_mesh={self._device_mesh!r}, "
            f"batch_dim_name={self._batch_dim_name!r}>"
        )


def _replicated(variable, mesh):
    return TensorLayout([None] * len(variable.shape), mesh)


class DataParallel(Distribution):
    """Every device holds all the variables; each batch is split across the devices,
    and the gradients are averaged (synchronous data parallelism).

    Args:
        device_mesh: a one-axis mesh; its axis is the batch axis. Or give `devices`.
        devices: the devices to use (default: all of `list_devices()`).
        auto_shard_dataset: whether a tf.data dataset is sharded across processes.
    """

    def __init__(self, device_mesh=None, devices=None, auto_shard_dataset=True):
        if device_mesh is not None:
            if not isinstance(device_mesh, DeviceMesh):
                raise ValueError(
                    f"`device_mesh` must be a keras.distribution.DeviceMesh; got "
                    f"{type(device_mesh).__name__}."
                )
            if len(device_mesh.shape) != 1:
                raise ValueError(
                    f"DataParallel takes a one-axis mesh; got shape {device_mesh.shape}. "
                    "Use ModelParallel for a mesh with several axes."
                )
        else:
            if devices is None:
                devices = list_devices()
            devices = list(np.array(devices, dtype=object).ravel())
            device_mesh = DeviceMesh((len(devices),), ["batch"], devices)
        super().__init__(
            device_mesh,
            batch_dim_name=device_mesh.axis_names[0],
            auto_shard_dataset=auto_shard_dataset,
        )

    def get_variable_layout(self, variable):
        """Replicated: every device holds the whole variable."""
        return _replicated(variable, self._device_mesh)


class ModelParallel(Distribution):
    """Variables split over the mesh as a LayoutMap says (by regex on their paths),
    batches split over the batch axis.

    Args:
        layout_map: the LayoutMap; its mesh is the distribution's.
        batch_dim_name: the mesh axis batches are split over (default: the mesh's
            first axis).
        auto_shard_dataset: whether a tf.data dataset is sharded across processes.
    """

    def __init__(self, *, layout_map=None, batch_dim_name=None, auto_shard_dataset=True, **kwargs):
        device_mesh = kwargs.pop("device_mesh", None)
        if kwargs:
            raise TypeError(f"ModelParallel got unexpected arguments {sorted(kwargs)}.")
        if layout_map is None:
            raise ValueError("ModelParallel needs `layout_map` (a keras.distribution.LayoutMap).")
        if not isinstance(layout_map, LayoutMap):
            raise ValueError(
                f"`layout_map` must be a keras.distribution.LayoutMap; got "
                f"{type(layout_map).__name__}."
            )
        if device_mesh is None:
            device_mesh = layout_map.device_mesh
        elif device_mesh is not layout_map.device_mesh:
            raise ValueError("`device_mesh` must be the LayoutMap's own mesh.")
        if batch_dim_name is None:
            batch_dim_name = device_mesh.axis_names[0]
        self._layout_map = layout_map
        super().__init__(device_mesh, batch_dim_name, auto_shard_dataset)

    @property
    def layout_map(self):
        return self._layout_map

    def get_variable_layout(self, variable):
        """The LayoutMap's layout for the variable's path, else replicated."""
        layout = self._layout_map[variable.path]
        if layout is None:
            return _replicated(variable, self._device_mesh)
        if len(layout.axes) != len(variable.shape):
            raise ValueError(
                f"The LayoutMap gives variable '{variable.path}' of shape "
                f"{variable.shape} the layout axes {layout.axes}: one axis per dimension "
                "is expected."
            )
        return layout

    def get_tensor_layout(self, path):
        return self._layout_map[path]


class LayoutMap(collections.abc.MutableMapping):
    """Maps variable paths to TensorLayouts. A key is a regular expression: looking up
    a path returns the layout of the key equal to it, else of the one key that matches
    the whole path (`re.fullmatch`, as in Keras 3: "dense.*kernel" matches
    "dense_1/kernel", "kernel" does not), else None. Values may be TensorLayouts or
    tuples of axes.

    Args:
        device_mesh: the mesh every layout of the map is on.
    """

    def __init__(self, device_mesh):
        if not isinstance(device_mesh, DeviceMesh):
            raise ValueError(
                f"`device_mesh` must be a keras.distribution.DeviceMesh; got "
                f"{type(device_mesh).__name__}."
            )
        self._device_mesh = device_mesh
        self._layouts = {}

    @property
    def device_mesh(self):
        return self._device_mesh

    def __getitem__(self, key):
        if key in self._layouts:
            return self._layouts[key]
        matches = [k for k in self._layouts if re.fullmatch(k, key)]
        if len(matches) > 1:
            raise ValueError(
                f"Path '{key}' matches several LayoutMap keys: {matches}. Make the keys "
                "specific enough that at most one matches."
            )
        return self._layouts[matches[0]] if matches else None

    def __setitem__(self, key, layout):
        if key in self._layouts:
            raise ValueError(
                f"LayoutMap already has key '{key}' (layout {self._layouts[key]!r}); "
                "delete it first to change it."
            )
        if isinstance(layout, (tuple, list)):
            layout = TensorLayout(layout)
        if not isinstance(layout, TensorLayout):
            raise ValueError(
                f"A LayoutMap value must be a TensorLayout or a tuple of axes; got "
                f"{layout!r} for key '{key}'."
            )
        if layout.device_mesh is None:
            layout.device_mesh = self._device_mesh
        elif layout.device_mesh is not self._device_mesh:
            raise ValueError(
                f"The layout for '{key}' is on another mesh than the LayoutMap's."
            )
        self._layouts[key] = layout

    def __delitem__(self, key):
        del self._layouts[key]

    def __len__(self):
        return len(self._layouts)

    def __iter__(self):
        return iter(self._layouts)


def distribute_tensor(tensor, layout):
    """`tensor` placed on the devices as `layout` says (a TensorLayout with a mesh)."""
    if not isinstance(layout, TensorLayout):
        raise ValueError(
            f"`layout` must be a keras.distribution.TensorLayout; got {type(layout).__name__}."
        )
    if layout.device_mesh is None:
        raise ValueError(f"{layout!r} has no device mesh; give it one first.")
    return _backend().distribute_tensor(tensor, layout)


def distribution():
    """The distribution in effect (the innermost `scope()`, else the global one), or None."""
    return distribution_state.current()


def set_distribution(value):
    """Sets the global distribution (None to go back to one device)."""
    if value is not None and not isinstance(value, Distribution):
        raise ValueError(
            "`set_distribution` takes a keras.distribution.Distribution (DataParallel, "
            f"ModelParallel) or None; got {type(value).__name__}."
        )
    distribution_state.set_global(value)

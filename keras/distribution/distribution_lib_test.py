"""keras.distribution's engine-neutral part: meshes, layouts, the LayoutMap lookup,
the distribution in effect, and the errors. Runs on every backend (the devices are
whatever `list_devices()` reports; the meshes below use device names as given)."""

import pytest

import keras
from keras import distribution
from keras.backends import active

CAN_DISTRIBUTE = active.name in ("jax", "torch")
DEVICES = [f"cpu:{i}" for i in range(8)]


def test_list_devices_and_count_agree():
    devices = distribution.list_devices()
    assert devices and all(isinstance(d, str) and ":" in d for d in devices)
    assert distribution.get_device_count() == len(devices)
    assert distribution.list_devices("cpu")


def test_device_mesh_shapes_devices_and_errors():
    mesh = distribution.DeviceMesh((2, 4), ["batch", "model"], DEVICES)
    assert mesh.shape == (2, 4)
    assert mesh.axis_names == ["batch", "model"]
    assert mesh.devices.shape == (2, 4)
    assert mesh.devices[1, 0] == "cpu:4"
    with pytest.raises(ValueError, match="needs 8 devices; got 3"):
        distribution.DeviceMesh((2, 4), ["batch", "model"], DEVICES[:3])
    with pytest.raises(ValueError, match="same length"):
        distribution.DeviceMesh((8,), ["batch", "model"], DEVICES)


def test_tensor_layout_checks_axes_against_the_mesh():
    mesh = distribution.DeviceMesh((2, 4), ["batch", "model"], DEVICES)
    layout = distribution.TensorLayout((None, "model"), mesh)
    assert layout.axes == (None, "model") and layout.device_mesh is mesh
    with pytest.raises(ValueError, match="do not have"):
        distribution.TensorLayout(("data",), mesh)


def test_layout_map_exact_then_regex_lookup():
    mesh = distribution.DeviceMesh((2, 4), ["batch", "model"], DEVICES)
    layout_map = distribution.LayoutMap(mesh)
    layout_map["dense.*kernel"] = (None, "model")
    layout_map["dense.*bias"] = distribution.TensorLayout(("model",))
    layout_map["dense_2/kernel"] = ("model", None)
    assert layout_map["dense_1/kernel"].axes == (None, "model")
    assert layout_map["dense_1/kernel"].device_mesh is mesh
    assert layout_map["dense_2/kernel"].axes == ("model", None)  # exact key first
    assert layout_map["dense/bias"].axes == ("model",)
    assert layout_map["conv/kernel"] is None
    assert len(layout_map) == 3 and set(layout_map) >= {"dense.*kernel"}
    with pytest.raises(ValueError, match="already has key"):
        layout_map["dense.*kernel"] = (None, None)
    layout_map[".*kernel"] = (None, None)
    with pytest.raises(ValueError, match="matches several"):
        layout_map["dense_1/kernel"]
    del layout_map[".*kernel"]
    with pytest.raises(ValueError, match="TensorLayout or a tuple"):
        layout_map["x"] = "model"


@pytest.mark.skipif(CAN_DISTRIBUTE, reason="checks the error of backends that cannot distribute")
def test_backends_without_distribution_say_what_is_supported():
    with pytest.raises(NotImplementedError, match=f"not supported on the {active.name}.*jax"):
        distribution.DataParallel(devices=["cpu:0"])
    mesh = distribution.DeviceMesh((1,), ["batch"], ["cpu:0"])
    with pytest.raises(NotImplementedError, match="distribute_tensor"):
        distribution.distribute_tensor(
            keras.ops.ones((2,)), distribution.TensorLayout((None,), mesh)
        )
    distribution.initialize(num_processes=1)  # one process is always fine
    with pytest.raises(NotImplementedError, match="several processes"):
        distribution.initialize("localhost:1234", 2, 0)


def test_set_distribution_and_scope():
    assert distribution.distribution() is None
    with pytest.raises(ValueError, match="takes a keras.distribution.Distribution"):
        distribution.set_distribution("data_parallel")
    if not CAN_DISTRIBUTE:
        return
    devices = distribution.list_devices()
    data_parallel = distribution.DataParallel(devices=devices)
    assert data_parallel.batch_dim_name == "batch"
    assert data_parallel.device_mesh.shape == (len(devices),)
    assert data_parallel.get_data_layout((8, 3)).axes == ("batch", None)
    v = keras.Variable(keras.ops.ones((2, 3)), name="k")
    assert data_parallel.get_variable_layout(v).axes == (None, None)
    with data_parallel.scope():
        assert distribution.distribution() is data_parallel
    assert distribution.distribution() is None
    distribution.set_distribution(data_parallel)
    try:
        assert distribution.distribution() is data_parallel
    finally:
        distribution.set_distribution(None)


@pytest.mark.skipif(not CAN_DISTRIBUTE, reason="ModelParallel needs the jax or torch backend")
def test_model_parallel_layouts_from_the_map():
    devices = distribution.list_devices()
    mesh = distribution.DeviceMesh((1, len(devices)), ["batch", "model"], devices)
    layout_map = distribution.LayoutMap(mesh)
    layout_map["d.*kernel"] = (None, "model")
    try:
        parallel = distribution.ModelParallel(layout_map=layout_map)
    except NotImplementedError as error:  # torch without DTensor support says so
        assert "ModelParallel" in str(error)
        return
    assert parallel.batch_dim_name == "batch"
    assert parallel.get_data_layout((4, 2, 2)).axes == ("batch", None, None)
    kernel = keras.Variable(keras.ops.ones((3, 4)), name="kernel")
    assert parallel.get_variable_layout(kernel).axes == (None, None)  # path "kernel"
    with pytest.raises(ValueError, match="needs `layout_map`"):
        distribution.ModelParallel()

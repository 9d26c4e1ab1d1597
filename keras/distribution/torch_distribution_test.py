"""keras.distribution on torch: one process per device over torch.distributed (DataParallel
replicas, ModelParallel DTensors).

The single-process tests run here; the multi-process ones start two workers
(keras/distribution/testdata/torch_worker.py) on this machine over gloo, and compare
their weights with one process training on the same global batches.
"""

import os
import socket
import subprocess
import sys
import time

import numpy as np
import pytest

import keras
from keras import distribution
from keras.distribution.testdata import torch_worker as worker

# Each multi-process test ends within this many seconds, or fails (no hang).
DEADLINE_S = 55


def _train(model, x, y, batch_size):
    model.fit(x, y, batch_size=batch_size, epochs=2, shuffle=False, verbose=0)
    return model.get_weights()


def test_one_process_lists_its_device():
    devices = distribution.list_devices()
    assert len(devices) == 1 and devices[0].endswith(":0")
    assert distribution.list_devices("cpu") == ["cpu:0"]
    assert distribution.list_devices("tpu") == []
    assert distribution.get_device_count() == 1
    data_parallel = distribution.DataParallel()
    assert data_parallel.num_processes == 1 and data_parallel.process_id == 0


def test_data_parallel_in_one_process_trains_as_without_distribution():
    x, y = worker.data()
    expected = _train(worker.make_model(seed=3), x, y, batch_size=8)
    data_parallel = distribution.DataParallel(devices=distribution.list_devices())
    with data_parallel.scope():
        model = worker.make_model(seed=3)
        got = _train(model, x, y, batch_size=8)
        loss = model.evaluate(x, y, verbose=0, return_dict=True)["loss"]
    for a, b in zip(got, expected):
        np.testing.assert_allclose(a, b, atol=1e-6)
    prediction = model.predict(x, verbose=0)
    np.testing.assert_allclose(loss, np.mean((prediction - y) ** 2), rtol=1e-5)


def test_distribute_tensor_places_as_asked():
    mesh = distribution.DeviceMesh((1,), ["batch"], distribution.list_devices())
    value = np.arange(12, dtype="float32").reshape(4, 3)
    sharded = distribution.distribute_tensor(value, distribution.TensorLayout(("batch", None), mesh))
    (placement,) = sharded.placements
    assert placement.is_shard(dim=0)
    np.testing.assert_array_equal(sharded.full_tensor().numpy(), value)
    np.testing.assert_array_equal(sharded.to_local().numpy(), value)  # one process: all
    replicated = distribution.distribute_tensor(value, distribution.TensorLayout((None, None), mesh))
    assert [p.is_replicate() for p in replicated.placements] == [True]
    assert mesh.backend_mesh.mesh_dim_names == ("batch",)
    with pytest.raises(ValueError, match="one entry per dimension"):
        distribution.distribute_tensor(value, distribution.TensorLayout(("batch",), mesh))


def test_mesh_of_more_devices_than_processes_says_to_launch_them():
    with pytest.raises(ValueError, match="torchrun --nproc_per_node=2"):
        distribution.DataParallel(devices=["cpu:0", "cpu:1"])


def _layout_map(mesh):
    layout_map = distribution.LayoutMap(mesh)
    for key, axes in worker.LAYOUTS.items():
        layout_map[key] = axes
    return layout_map


def _is_dtensor(value):
    # A torch DTensor (tests may not import torch: keras/layering_test.py).
    return type(value).__name__ == "DTensor" and hasattr(value, "placements")


def test_model_parallel_in_one_process_trains_as_without_distribution(tmp_path):
    x, y = worker.data()
    reference = worker.make_model(seed=3)
    expected = _train(reference, x, y, batch_size=8)
    mesh = distribution.DeviceMesh((1, 1), ["batch", "model"], distribution.list_devices())
    with distribution.ModelParallel(layout_map=_layout_map(mesh)).scope():
        model = worker.make_model(seed=3)
        d1, d2 = model.get_layer("d1"), model.get_layer("d2")
        # The LayoutMap's variables are DTensors laid out as it says; the others plain.
        assert _is_dtensor(d1.kernel.value)
        assert [str(p) for p in d1.kernel.value.placements] == ["R", "S(1)"]
        assert [str(p) for p in d2.kernel.value.placements] == ["R", "S(0)"]  # per mesh axis
        assert not _is_dtensor(d1.bias.value) and d1.bias._layout is None
        got = _train(model, x, y, batch_size=8)
        # Optimizer slots are laid out as their model variable.
        slots = {v.path: v for v in model.optimizer.variables}
        momentum = next(v for p, v in slots.items() if p.endswith("d1_kernel_momentum"))
        assert momentum.value.placements == d1.kernel.value.placements
        assert not _is_dtensor(slots[next(p for p in slots if p.endswith("iteration"))].value)
        loss = model.evaluate(x, y, verbose=0, return_dict=True)["loss"]
        prediction = model.predict(x, verbose=0)
        called = keras.ops.convert_to_numpy(model(x[:4]))  # plain inputs act replicated
        model.save_weights(tmp_path / "mp.weights.h5")
        model.set_weights(expected)
        np.testing.assert_array_equal(d1.kernel.numpy(), expected[0])
    for a, b in zip(got, expected):
        np.testing.assert_allclose(a, b, atol=1e-6)
    assert isinstance(prediction, np.ndarray)
    np.testing.assert_allclose(prediction, reference.predict(x, verbose=0), atol=1e-6)
    np.testing.assert_allclose(called, prediction[:4], atol=1e-6)
    np.testing.assert_allclose(loss, np.mean((prediction - y) ** 2), rtol=1e-5)
    # The file holds whole values: a model with no distribution loads them.
    plain = worker.make_model(seed=5)
    plain.load_weights(tmp_path / "mp.weights.h5")
    for a, b in zip(plain.get_weights(), got):
        np.testing.assert_array_equal(a, b)
    assert not _is_dtensor(plain.get_layer("d1").kernel.value)


def test_initialize_needs_the_job_or_torchrun(monkeypatch):
    for name in ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT"):
        monkeypatch.delenv(name, raising=False)
    for name in ("KERAS_DISTRIBUTION_JOB_ADDRESSES", "KERAS_DISTRIBUTION_NUM_PROCESSES",
                 "KERAS_DISTRIBUTION_PROCESS_ID"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ValueError, match="needs the number of processes.*torchrun"):
        distribution.initialize()
    with pytest.raises(ValueError, match="needs this process's id"):
        distribution.initialize(num_processes=2)
    with pytest.raises(ValueError, match="address of process 0"):
        distribution.initialize(num_processes=2, process_id=1)
    with pytest.raises(ValueError, match="`job_addresses` must be 'host:port'"):
        distribution.initialize("localhost", 2, 1)


# Two processes.
def _env(**extra):
    root = os.path.dirname(os.path.dirname(os.path.abspath(keras.__file__)))
    env = dict(os.environ)
    for name in ("RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT"):
        env.pop(name, None)
    # The workers use gloo on the CPU (two processes cannot share one GPU under nccl).
    env.update(KERAS_BACKEND="torch", OMP_NUM_THREADS="1", CUDA_VISIBLE_DEVICES="", **extra)
    env["PYTHONPATH"] = os.pathsep.join([root] + [p for p in [env.get("PYTHONPATH")] if p])
    return env


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _reference(world):
    """One process training on the global batches the workers' batches make up."""
    x, y = worker.data()
    model = worker.make_model(seed=1)  # the seed of process 0
    order = lambda a: worker.global_order(a, world)  # noqa: E731
    history = model.fit(
        order(x), order(y), batch_size=worker.BATCH * world, epochs=2, shuffle=False, verbose=0
    )
    evaluation = model.evaluate(x, y, batch_size=worker.BATCH, verbose=0, return_dict=True)
    return model, history.history, evaluation


def test_two_processes_under_torchrun_train_like_one_process(tmp_path):
    command = [
        sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2",
        "--standalone", "-m", "keras.distribution.testdata.torch_worker", "train", str(tmp_path),
    ]
    done = subprocess.run(
        command, env=_env(KERAS_DISTRIBUTION_TIMEOUT="30"), capture_output=True, text=True,
        timeout=DEADLINE_S,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    ranks = [np.load(tmp_path / f"rank{r}.npz") for r in range(2)]
    model, history, evaluation = _reference(world=2)
    assert list(ranks[0]["devices"]) == list(ranks[1]["devices"]) == ["cpu:0", "cpu:1"]
    for i, expected in enumerate(model.get_weights()):
        np.testing.assert_array_equal(ranks[0][f"w{i}"], ranks[1][f"w{i}"])  # identical replicas
        np.testing.assert_allclose(ranks[0][f"w{i}"], expected, atol=1e-5)
    x, _ = worker.data()
    for r, saved in enumerate(ranks):
        # The logged loss and metrics are those of the global batches, on every process.
        np.testing.assert_allclose(saved["loss"], history["loss"], rtol=1e-5)
        np.testing.assert_allclose(saved["mae"], history["mae"], rtol=1e-5)
        np.testing.assert_allclose(saved["eval_loss"], evaluation["loss"], rtol=1e-5)
        np.testing.assert_allclose(saved["eval_mae"], evaluation["mae"], rtol=1e-5)
        # predict stays local: each process predicts its own part.
        expected = model.predict(worker.shard(x, r, 2), verbose=0)
        np.testing.assert_allclose(saved["prediction"], expected, atol=1e-5)


def _run_with_one_dying(tmp_path, mode):
    """Starts two workers in `mode` (process 1 dies after 2 steps); returns their
    processes (ended) and outputs, within DEADLINE_S."""
    port = _free_port()
    processes = []
    start = time.monotonic()
    for rank in range(2):
        env = _env(
            RANK=str(rank), WORLD_SIZE="2", LOCAL_RANK=str(rank), MASTER_ADDR="127.0.0.1",
            MASTER_PORT=str(port), KERAS_DISTRIBUTION_TIMEOUT="20",
        )
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "keras.distribution.testdata.torch_worker", mode, str(tmp_path)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        ))
    outputs = []
    try:
        for process in processes:
            outputs.append(process.communicate(timeout=DEADLINE_S - (time.monotonic() - start))[0])
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert time.monotonic() - start < DEADLINE_S
    return processes, outputs


@pytest.mark.parametrize("mode", ["die", "die_model_parallel"])
def test_killed_worker_makes_the_other_fail_clearly(tmp_path, mode):
    processes, outputs = _run_with_one_dying(tmp_path, mode)
    assert processes[1].returncode == 17, outputs[1][-3000:]  # it died as planned
    assert processes[0].returncode == 3, outputs[0][-3000:]
    assert "WORKER 0 ERROR: keras.distribution: process 0 of 2 could not" in outputs[0]
    assert "another process of the job has probably stopped or crashed" in outputs[0]
    assert not list(tmp_path.glob("*rank0.npz"))


def test_two_processes_under_model_parallel_train_like_one_process(tmp_path):
    command = [
        sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2", "--standalone",
        "-m", "keras.distribution.testdata.torch_worker", "model_parallel", str(tmp_path),
    ]
    done = subprocess.run(
        command, env=_env(KERAS_DISTRIBUTION_TIMEOUT="30"), capture_output=True, text=True,
        timeout=DEADLINE_S,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    ranks = [np.load(tmp_path / f"mp_rank{r}.npz") for r in range(2)]
    x, y = worker.data()
    # Along "model" the kernels are split in two (d1 by columns, d2 by rows); along
    # "batch" (a mesh axis of one process) each process holds them whole.
    shapes = {"model": [[5, 4], [4, 2]], "batch": [[5, 8], [8, 2]]}
    for name, parts in (("model", 1), ("batch", 2)):
        reference = worker.make_model(seed=1)  # process 0's initial values
        order = lambda a: worker.global_order(a, parts)  # noqa: E731
        history = reference.fit(
            order(x), order(y), batch_size=worker.GLOBAL_BATCH, epochs=2, shuffle=False,
            verbose=0,
        ).history
        evaluation = reference.evaluate(x, y, batch_size=worker.GLOBAL_BATCH, verbose=0)
        plain = worker.make_model(seed=5)
        for r, saved in enumerate(ranks):
            assert list(saved[f"{name}_placements"]) == ["R", "S(1)"]
            assert saved[f"{name}_local_shapes"].tolist() == shapes[name]
            assert saved[f"{name}_momentum_local_shape"].tolist() == shapes[name][0]
            for i, expected in enumerate(reference.get_weights()):
                np.testing.assert_allclose(saved[f"{name}_w{i}"], expected, atol=1e-5)
            np.testing.assert_allclose(saved[f"{name}_loss"], history["loss"], rtol=1e-5)
            assert saved[f"{name}_loss"][1] < saved[f"{name}_loss"][0]
            np.testing.assert_allclose(saved[f"{name}_eval"], evaluation, rtol=1e-5)
            part = worker.batch_index(r, worker.MESHES[name])
            expected = reference.predict(worker.shard(x, part, parts), verbose=0)
            np.testing.assert_allclose(saved[f"{name}_prediction"], expected, atol=1e-5)
            # Saved files hold whole values.
            plain.load_weights(tmp_path / f"{name}_rank{r}.weights.h5")
            for a, b in zip(plain.get_weights(), reference.get_weights()):
                np.testing.assert_allclose(a, b, atol=1e-5)
            # set_weights with whole values: each process keeps its shard.
            whole = np.arange(40, dtype="float32").reshape(5, 8)
            np.testing.assert_array_equal(saved[f"{name}_set_full"], whole)
            local = whole[:, 4 * r : 4 * r + 4] if name == "model" else whole
            np.testing.assert_array_equal(saved[f"{name}_set_local"], local)
        assert "cannot split a variable over the batch mesh axis 'batch'" in str(
            ranks[0]["batch_split_error"]
        )

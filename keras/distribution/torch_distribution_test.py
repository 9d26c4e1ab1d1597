"""keras.distribution on torch: one process per device over torch.distributed.

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


def test_model_parallel_says_what_is_supported():
    mesh = distribution.DeviceMesh((1, 1), ["batch", "model"], distribution.list_devices())
    layout_map = distribution.LayoutMap(mesh)
    layout_map["dense.*kernel"] = (None, "model")
    with pytest.raises(NotImplementedError, match="ModelParallel is not supported on the torch.*DataParallel"):
        distribution.ModelParallel(layout_map=layout_map)


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


def test_killed_worker_makes_the_other_fail_clearly(tmp_path):
    port = _free_port()
    processes = []
    start = time.monotonic()
    for rank in range(2):
        env = _env(
            RANK=str(rank), WORLD_SIZE="2", LOCAL_RANK=str(rank), MASTER_ADDR="127.0.0.1",
            MASTER_PORT=str(port), KERAS_DISTRIBUTION_TIMEOUT="20",
        )
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "keras.distribution.testdata.torch_worker", "die", str(tmp_path)],
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
    assert processes[1].returncode == 17, outputs[1][-3000:]  # it died as planned
    assert processes[0].returncode == 3, outputs[0][-3000:]
    assert "WORKER 0 ERROR: keras.distribution: process 0 of 2 could not" in outputs[0]
    assert "another process of the job has probably stopped or crashed" in outputs[0]
    assert time.monotonic() - start < DEADLINE_S
    assert not (tmp_path / "rank0.npz").exists()

"""keras.distribution on JAX across 2 processes on this machine (jax.distributed on
localhost, 2 CPU devices each): data-parallel training gives the weights of one
process training on the same global batches, and a killed process makes the other stop
with a clear error instead of hanging. The processes run testdata/jax_worker.py."""

import os
import socket
import subprocess
import sys
import time

import numpy as np
import pytest

from keras.distribution.testdata import jax_worker as worker

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata", "jax_worker.py")
# How long a healthy 2-process run may take, and how long the survivor of a killed
# worker may take to notice (its heartbeat timeout is HEARTBEAT seconds).
RUN_TIMEOUT = 50
HEARTBEAT = 5


def _free_port():
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


def _start(tmp_path, extra_args=()):
    port = _free_port()
    processes = []
    for process_id in range(2):
        env = dict(os.environ)
        env.update(
            KERAS_BACKEND="jax",
            PYTHONPATH=os.pathsep.join([ROOT, env.get("PYTHONPATH", "")]),
            KERAS_DISTRIBUTION_JOB_ADDRESSES=f"localhost:{port}",
            KERAS_DISTRIBUTION_NUM_PROCESSES="2",
            KERAS_DISTRIBUTION_PROCESS_ID=str(process_id),
            KERAS_DISTRIBUTION_HEARTBEAT_TIMEOUT=str(HEARTBEAT),
            XLA_FLAGS="--xla_force_host_platform_device_count=2",
        )
        command = [sys.executable, WORKER, str(tmp_path / f"out{process_id}.npz"), *extra_args]
        processes.append(
            subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, text=True,
            )
        )
    return processes


def _finish(processes, timeout):
    """Waits for every process (killing all of them past `timeout` seconds); returns
    [(return code, output)] and whether they timed out."""
    deadline = time.monotonic() + timeout
    results, timed_out = [], False
    for process in processes:
        try:
            output, _ = process.communicate(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            timed_out = True
            for other in processes:
                other.kill()
            output, _ = process.communicate()
        results.append((process.returncode, output))
    return results, timed_out


def test_two_processes_train_like_one(tmp_path):
    results, timed_out = _finish(_start(tmp_path), RUN_TIMEOUT)
    logs = "\n".join(f"--- process {i} (rc {rc}):\n{out[-3000:]}" for i, (rc, out) in enumerate(results))
    assert not timed_out, f"the 2-process run did not finish in {RUN_TIMEOUT} s:\n{logs}"
    assert all(rc == 0 for rc, _ in results), logs

    x, y = worker.data()
    reference = worker.model()
    reference.fit(x, y, batch_size=worker.GLOBAL_BATCH, epochs=worker.EPOCHS, shuffle=False, verbose=0)
    want_loss = reference.evaluate(x, y, batch_size=worker.GLOBAL_BATCH, verbose=0)
    devices = []
    for process_id in range(2):
        saved = np.load(tmp_path / f"out{process_id}.npz")
        assert int(saved["process_id"]) == process_id
        # list_devices() lists the whole job's devices, alike in every process.
        devices.append(list(saved["devices"]))
        assert len(set(devices[-1])) == 4 and devices[-1] == devices[0], devices
        unseeded = np.load(tmp_path / "out0.npz")["unseeded"]
        np.testing.assert_array_equal(saved["unseeded"], unseeded)
        assert np.any(unseeded != 0)
        for i, want in enumerate(reference.get_weights()):
            np.testing.assert_allclose(saved[f"arr_{i}"], want, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(saved["loss"], want_loss, rtol=1e-5)
        rows = worker.process_rows(x, process_id, 2)
        np.testing.assert_allclose(
            saved["predictions"], reference.predict(rows, verbose=0), rtol=1e-5, atol=1e-5
        )


@pytest.mark.parametrize("dying", [1, 0], ids=["worker", "coordinator"])
def test_a_killed_process_stops_the_other_with_an_error(tmp_path, dying):
    started = time.monotonic()
    arguments = ["--die-at-step", "2", "--dying-process", str(dying)]
    results, timed_out = _finish(_start(tmp_path, arguments), RUN_TIMEOUT)
    elapsed = time.monotonic() - started
    (rc_dead, out_dead), (rc, out) = results[dying], results[1 - dying]
    assert not timed_out, f"the survivor hung for {RUN_TIMEOUT} s:\n{out[-3000:]}"
    assert rc_dead == 17 and "exiting abruptly" in out_dead, out_dead[-3000:]
    assert rc != 0, f"the survivor exited with 0 after its peer died:\n{out[-3000:]}"
    # JAX's coordination service stops it, saying that another process died.
    assert "another task died" in out, out[-3000:]
    assert not os.path.exists(tmp_path / f"out{1 - dying}.npz")
    assert elapsed < RUN_TIMEOUT

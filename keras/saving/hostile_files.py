"""Test helpers: crafted hostile `.keras` and `.weights.h5` files, and a subprocess that
loads them and measures the peak memory and time each load takes.

`measure(cases)` runs `python -m keras.saving.hostile_files` on a list of
(loader, path) pairs; the child warms up on a good file, then loads each crafted file
in turn and reports the error it raised, how long it took and how much its peak RSS
(`resource.getrusage`) grew above the warmed-up baseline. RSS peaks only grow, so a
load that took too much memory shows up as the growth at that case.
"""

import json
import os
import resource
import struct
import subprocess
import sys
import time
import zlib

import h5py
import numpy as np

# Limits of the issue: loading any crafted file under 1 MB stays under 200 MB of extra
# RSS and 5 seconds, and fails with a short message naming the file.
MAX_EXTRA_RSS = 200 * 2**20
MAX_SECONDS = 5.0
MAX_MESSAGE = 2000
WEIGHTS = "model.weights.h5"


def mlp():
    """The model every crafted file is made from (and loaded into)."""
    import keras
    from keras import layers

    return keras.Sequential(
        [keras.Input((4,)), layers.Dense(3, activation="relu"), layers.Dense(2)]
    )


def trained_values(model, seed=0):
    """Gives `model` seeded random weights (never all zeros) and returns them."""
    rng = np.random.default_rng(seed)
    values = [rng.standard_normal(w.shape).astype("float32") for w in model.weights]
    model.set_weights(values)
    return values


# ------------------------------------------------------------------ compressed data


def deflate_zeros(nbytes, raw=False, block=2**20):
    """A deflate stream of `nbytes` zeros (zlib format, or raw for zip members), made
    in milliseconds: one fully flushed block compressed once and repeated."""
    if nbytes % block:
        raise ValueError(f"nbytes must be a multiple of {block}; got {nbytes}.")
    count = nbytes // block
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15 if raw else 15)
    zeros = bytes(block)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    # After a full flush the compressor starts afresh: the same input gives the same
    # self-contained bytes every time.
    repeated = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = compressor.flush(zlib.Z_FINISH)
    body = first + repeated * (count - 1)
    if raw:
        return body + final
    checksum = 1
    for _ in range(count):
        checksum = zlib.adler32(zeros, checksum)
    return body + final[:-4] + struct.pack(">I", checksum)


def crc_of_zeros(nbytes, block=2**20):
    zeros, crc = bytes(block), 0
    for _ in range(nbytes // block):
        crc = zlib.crc32(zeros, crc)
    return crc


# ----------------------------------------------------------------------- zip files


def member(name, data):
    """A zip member (name, payload, method, crc, size) holding `data`, deflated."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    payload = compressor.compress(data) + compressor.flush()
    return (name, payload, 8, zlib.crc32(data), len(data))


def zip_bytes(members):
    """A zip file written by hand, so that names, sizes and CRCs can lie.

    Args:
        members: (name, payload, method, crc, declared size) tuples; the payload is
            stored as given (raw deflate for method 8).
    """
    out, central = bytearray(), bytearray()
    for name, payload, method, crc, size in members:
        encoded = name.encode("utf-8")
        offset = len(out)
        out += struct.pack(
            "<4sHHHHHIIIHH",
            b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(payload), size,
            len(encoded), 0,
        )
        out += encoded + payload
        central += struct.pack(
            "<4sHHHHHHIIIHHHHHII",
            b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc, len(payload), size,
            len(encoded), 0, 0, 0, 0, 0o644 << 16, offset,
        )
        central += encoded
    directory = len(out)
    out += central
    out += struct.pack(
        "<4sHHHHIIH",
        b"PK\x05\x06", 0, 0, len(members), len(members), len(central), directory, 0,
    )
    return bytes(out)


def archive_members(path):
    """{name: bytes} of a `.keras` file written by `model.save`."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_archive(path, contents, extra=()):
    """Writes a `.keras` file of `contents` ({name: bytes}) plus `extra` members."""
    members = [member(name, data) for name, data in contents.items()]
    with open(path, "wb") as f:
        f.write(zip_bytes(members + list(extra)))
    return path


# ---------------------------------------------------------------------- HDF5 files


def weights_bytes(path):
    """The bytes of a `.weights.h5` file, for putting into a `.keras` archive."""
    with open(path, "rb") as f:
        return f.read()


def replace_dataset(path, name, make):
    """Replaces the dataset (or group) `name` of the HDF5 file `path` (or adds it) by
    what `make(h5_file, name)` creates there."""
    with h5py.File(path, "r+") as f:
        if name in f:
            del f[name]
        make(f, name)
    return path


KERNEL = "layers/dense/vars/0"


def external_storage(secret):
    """The kernel's bytes stored in the local file `secret` (HDF5 external storage)."""
    return lambda f, name: f.create_dataset(
        name, shape=(4, 3), dtype="float32", external=[(os.fspath(secret), 0, 48)]
    )


def external_link(other):
    """The first Dense layer's group as a link into the HDF5 file `other`."""

    def make(f, name):
        f[name] = h5py.ExternalLink(os.fspath(other), "/" + name)

    return make


def virtual_dataset(other):
    """The kernel as a virtual dataset mapping the kernel of the HDF5 file `other`."""

    def make(f, name):
        layout = h5py.VirtualLayout(shape=(4, 3), dtype="float32")
        layout[:] = h5py.VirtualSource(os.fspath(other), name, shape=(4, 3))
        f.create_virtual_dataset(name, layout)

    return make


def huge_declared(f, name):
    """A (37500, 10000) float32 dataset (1.5 GB) of which no byte is stored."""
    f.create_dataset(name, shape=(37500, 10000), dtype="float32", chunks=(250, 1000))


def chunk_bomb(nbytes, shape=(4, 3), twice=False):
    """A gzip dataset of `shape` stored in one chunk whose stream inflates to `nbytes`
    of zeros.

    HDF5 caps a compressed chunk at a size in proportion to the chunk (a (4, 3) chunk
    takes 64 KB, which inflates to 64 MB), so `twice=True` applies the deflate filter
    twice: 1 KB inflates to 266 KB, which inflates to `nbytes`.
    """

    def make(f, name):
        plist = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        plist.set_chunk(shape)
        plist.set_deflate(9)
        payload = deflate_zeros(nbytes)
        if twice:
            plist.set_deflate(9)
            payload = zlib.compress(payload, 9)
        space = h5py.h5s.create_simple(shape)
        dtype = h5py.h5t.py_create(np.dtype("float32"))
        dataset = h5py.h5d.create(f.id, name.encode("utf-8"), dtype, space, plist)
        dataset.write_direct_chunk((0,) * len(shape), payload)

    return make


def oversized_chunk(f, name):
    """A (4, 3) gzip dataset stored in one (4096, 16384) chunk: 256 MB to decode."""
    dataset = f.create_dataset(
        name,
        shape=(4, 3),
        maxshape=(None, None),
        dtype="float32",
        chunks=(4096, 16384),
        compression="gzip",
    )
    dataset.id.write_direct_chunk((0, 0), deflate_zeros(4096 * 16384 * 4))


# ------------------------------------------------------------------ the subprocess


def measure(cases, timeout=240):
    """Loads each (loader, path) of `cases` in one fresh subprocess (the current
    backend); returns one dict per case: error (type name, base names, message),
    seconds, extra_rss (bytes above the warmed-up baseline)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    done = subprocess.run(
        [sys.executable, "-m", "keras.saving.hostile_files", json.dumps(cases)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0:
        # The child reports each case as it ends: the next one killed it.
        failed = cases[len(lines)] if len(lines) < len(cases) else None
        raise AssertionError(
            f"the loading subprocess died (exit status {done.returncode}) while "
            f"loading {failed}:\n{done.stderr[-3000:]}"
        )
    return [json.loads(line) for line in lines]


def check_results(cases, results):
    """Asserts the limits of the issue for every measured case."""
    for (loader, path), result in zip(cases, results):
        label = f"{loader}({os.path.basename(path)})"
        assert result["error"] is not None, f"{label} loaded without an error"
        name, bases, message = result["error"]
        assert {"ValueError", "TypeError", "OSError"} & set(bases), (label, name)
        assert len(message) < MAX_MESSAGE, (label, len(message))
        assert os.path.basename(path) in message, (label, message)
        assert result["seconds"] < MAX_SECONDS, (label, result["seconds"])
        assert result["extra_rss"] < MAX_EXTRA_RSS, (label, result["extra_rss"])


def _peak_rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _load(loader, path):
    import keras

    if loader == "load_weights":
        model = mlp()
        model.load_weights(path)
    elif loader == "load_model":
        keras.saving.load_model(path)
    elif loader == "editor":
        keras.saving.KerasFileEditor(path)
    else:
        raise AssertionError(f"unknown loader {loader!r}")


def _main(cases):
    import tempfile

    import keras

    # Warm up every code path on a good file, so that imports and caches are in the
    # baseline.
    with tempfile.TemporaryDirectory() as folder:
        model = mlp()
        trained_values(model)
        model.save(os.path.join(folder, "good.keras"))
        model.save_weights(os.path.join(folder, "good.weights.h5"))
        for loader in ("load_weights", "load_model", "editor"):
            for name in ("good.keras", "good.weights.h5"):
                if loader != "load_model" or name.endswith(".keras"):
                    _load(loader, os.path.join(folder, name))
        keras.ops.convert_to_numpy(model(np.ones((2, 4), "float32")))
    baseline = _peak_rss()
    for loader, path in cases:
        start = time.perf_counter()
        try:
            _load(loader, path)
            error = None
        except Exception as caught:  # noqa: BLE001 - reported to the parent
            bases = [c.__name__ for c in type(caught).__mro__]
            error = [type(caught).__name__, bases, str(caught)[:100_000]]
        seconds = time.perf_counter() - start
        extra = _peak_rss() - baseline
        result = {"error": error, "seconds": seconds, "extra_rss": extra}
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    _main(json.loads(sys.argv[1]))


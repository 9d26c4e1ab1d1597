"""TensorBoard event files, written without TensorFlow.

An event file is a sequence of records (the TFRecord framing: the data length as a
little-endian uint64, its masked CRC-32C, the data, the data's masked CRC-32C), each
record an `Event` protocol buffer: first the file version, then summaries at steps.
The protocol buffers and the summary builders are the `tensorboard` package's pure
Python ones (its own event writer would import TensorFlow to open files).
"""

import itertools
import json
import os
import socket
import struct
import time

import numpy as np
from tensorboard.compat.proto import event_pb2
from tensorboard.compat.proto import summary_pb2
from tensorboard.compat.tensorflow_stub.pywrap_tensorflow import masked_crc32c
from tensorboard.plugins.histogram import summary as histogram_summary
from tensorboard.plugins.scalar import summary as scalar_summary
from tensorboard.util import tensor_util

_COUNTER = itertools.count()


class EventFileWriter:
    """Appends summaries to a new event file in `logdir` (made if missing)."""

    def __init__(self, logdir):
        os.makedirs(logdir, exist_ok=True)
        name = "events.out.tfevents.%010d.%s.%d.%d.v2" % (
            int(time.time()),
            socket.gethostname(),
            os.getpid(),
            next(_COUNTER),
        )
        self.path = os.path.join(logdir, name)
        self._file = open(self.path, "wb")
        self._write(event_pb2.Event(wall_time=time.time(), file_version="brain.Event:2"))

    def _write(self, event):
        data = event.SerializeToString()
        header = struct.pack("<Q", len(data))
        self._file.write(header)
        self._file.write(struct.pack("<I", masked_crc32c(header)))
        self._file.write(data)
        self._file.write(struct.pack("<I", masked_crc32c(data)))

    def add_summary(self, summary, step):
        self._write(event_pb2.Event(wall_time=time.time(), step=int(step), summary=summary))

    def scalar(self, tag, value, step):
        """Writes `value` if it is one number (logs may hold other things)."""
        array = np.asarray(value)
        if array.size != 1 or not np.issubdtype(array.dtype, np.number):
            return
        self.add_summary(scalar_summary.scalar_pb(tag, float(array.reshape(()))), step)

    def histogram(self, tag, values, step, buckets=30):
        values = np.asarray(values, dtype=np.float64).reshape(-1)
        self.add_summary(histogram_summary.histogram_pb(tag, values, buckets=buckets), step)

    def image(self, tag, image, step):
        """`image`: (height, width, channels) uint8, channels 1, 3 or 4."""
        import io

        from PIL import Image

        array = np.asarray(image, np.uint8)
        if array.shape[-1] == 1:
            array = array[..., 0]
        buffer = io.BytesIO()
        Image.fromarray(array).save(buffer, format="PNG")
        height, width = image.shape[:2]
        content = np.array([str(width).encode(), str(height).encode(), buffer.getvalue()], dtype=object)
        metadata = summary_pb2.SummaryMetadata(
            plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="images")
        )
        value = summary_pb2.Summary.Value(
            tag=tag, metadata=metadata, tensor=tensor_util.make_tensor_proto(content)
        )
        self.add_summary(summary_pb2.Summary(value=[value]), step)

    def model_config(self, config, step=0):
        """The model's config as Keras writes it for TensorBoard's graph dashboard
        (tag "keras", plugin "graph_keras_model")."""
        metadata = summary_pb2.SummaryMetadata(
            plugin_data=summary_pb2.SummaryMetadata.PluginData(
                plugin_name="graph_keras_model", content=b"1"
            ),
            data_class=summary_pb2.DATA_CLASS_BLOB_SEQUENCE,
        )
        text = config if isinstance(config, str) else json.dumps(config)
        tensor = tensor_util.make_tensor_proto(np.array([text.encode()], dtype=object))
        value = summary_pb2.Summary.Value(tag="keras", metadata=metadata, tensor=tensor)
        self.add_summary(summary_pb2.Summary(value=[value]), step)

    def flush(self):
        self._file.flush()

    def close(self):
        if not self._file.closed:
            self._file.close()

"""RemoteMonitor: posts each epoch's logs to an HTTP server."""

import json
import urllib.error
import urllib.parse
import urllib.request
import warnings

import numpy as np

from keras.callbacks.callback import Callback
from keras.callbacks.logs import to_python


class RemoteMonitor(Callback):
    """Sends each epoch's logs to a server with an HTTP POST.

    The payload is a JSON object of the epoch index and the logs. By default it is
    sent as a form with one field (`field`) holding the JSON text; with
    `send_as_json=True` it is the request body, with content type
    `application/json`. A server that cannot be reached gives a warning, not an error.

    Args:
        root: Root URL of the server.
        path: Path appended to `root` that the events are posted to.
        field: Name of the form field that holds the JSON text.
        headers: Dict of extra HTTP headers.
        send_as_json: Whether to post the JSON itself as the request body.

    Example:

    >>> monitor = keras.callbacks.RemoteMonitor(root="http://localhost:9000")
    """

    def __init__(
        self,
        root="http://localhost:9000",
        path="/publish/epoch/end/",
        field="data",
        headers=None,
        send_as_json=False,
    ):
        super().__init__()
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers
        self.send_as_json = send_as_json

    def on_epoch_end(self, epoch, logs=None):
        payload = {"epoch": epoch}
        for key, value in (logs or {}).items():
            value = to_python(value)
            payload[key] = value.tolist() if isinstance(value, np.ndarray) else value
        headers = dict(self.headers or {})
        if self.send_as_json:
            body = json.dumps(payload).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        else:
            body = urllib.parse.urlencode({self.field: json.dumps(payload)})
            body = body.encode("utf-8")
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        request = urllib.request.Request(
            self.root + self.path, data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=30):
                pass
        except (urllib.error.URLError, OSError) as error:
            warnings.warn(
                f"Could not reach RemoteMonitor root server at {self.root}: {error}",
                stacklevel=2,
            )

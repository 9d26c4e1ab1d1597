"""RemoteMonitor posts epoch logs to a local HTTP server."""

import http.server
import json
import threading
import urllib.parse

import numpy as np
import pytest

from keras import callbacks
from keras.callbacks import testing


@pytest.fixture
def server():
    received = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append((self.path, self.headers, self.rfile.read(length).decode()))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", received
    httpd.shutdown()
    httpd.server_close()


def logs(epoch):
    return {"loss": np.float32(0.5) / (epoch + 1), "val_loss": 1.0 + epoch}


def test_form_posts(server):
    root, received = server
    monitor = callbacks.RemoteMonitor(root=root, path="/events/", field="payload")
    testing.fit(testing.FakeModel(), [monitor], 2, 1, epoch_logs=logs)
    assert [r[0] for r in received] == ["/events/", "/events/"]
    for epoch, (_, headers, body) in enumerate(received):
        assert headers["Content-Type"] == "application/x-www-form-urlencoded"
        payload = json.loads(urllib.parse.parse_qs(body)["payload"][0])
        expected = {"epoch": epoch, "loss": 0.5 / (epoch + 1), "val_loss": 1.0 + epoch}
        assert payload == expected


def test_json_posts_with_headers(server):
    root, received = server
    monitor = callbacks.RemoteMonitor(
        root=root, headers={"X-Run": "7"}, send_as_json=True
    )
    testing.fit(testing.FakeModel(), [monitor], 1, 1, epoch_logs=logs)
    path, headers, body = received[0]
    assert path == "/publish/epoch/end/"
    assert headers["Content-Type"] == "application/json" and headers["X-Run"] == "7"
    assert json.loads(body) == {"epoch": 0, "loss": 0.5, "val_loss": 1.0}


def test_unreachable_server_warns():
    monitor = callbacks.RemoteMonitor(root="http://127.0.0.1:9")
    with pytest.warns(UserWarning, match="Could not reach RemoteMonitor root server"):
        testing.fit(testing.FakeModel(), [monitor], 1, 1, epoch_logs=logs)

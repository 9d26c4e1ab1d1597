"""Direct pytest runs (`tools/python -m pytest keras/...`) skip what Bazel skips.

tools/pytest_runner.py loads the per-test backend skips (tools/excluded_tests.py)
for every keras_py_test; this file does the same when pytest runs from a checkout.
No Bazel target includes it.
"""

import importlib.util
import os

_ROOT = os.path.dirname(os.path.abspath(__file__))


def _load_excluded_tests():
    # Loaded by path: putting tools/ on sys.path would expose its scripts as modules.
    path = os.path.join(_ROOT, "tools", "excluded_tests.py")
    spec = importlib.util.spec_from_file_location("keras_tools_excluded_tests", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pytest_configure(config):
    excluded_tests = _load_excluded_tests()
    name = excluded_tests.Plugin.name
    # tools/pytest_runner.py has registered its own when it runs from a checkout.
    plugins = config.pluginmanager.get_plugins()
    if not any(getattr(plugin, "name", None) == name for plugin in plugins):
        config.pluginmanager.register(excluded_tests.Plugin(_ROOT), name)

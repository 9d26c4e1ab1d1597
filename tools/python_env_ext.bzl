"""Module extension wrapping the python_env repository rule (bzlmod builds only).

Bazel 4.2.3 never loads this file; it builds from WORKSPACE.
"""

load("//tools:python_env.bzl", "python_env")

def _python_env_ext_impl(module_ctx):
    python_env(name = "pyenv", lock = "//:requirements_lock.txt")

python_env_ext = module_extension(implementation = _python_env_ext_impl)

"""Repository rule: the hermetic CUDA toolchain (`@cuda`) from NVIDIA's PyPI wheels.

`cuda_env` installs the wheels of a lock file (exact versions and sha256 hashes:
third_party/cuda/requirements_cuda_lock.txt) into its external repository with
`pip install --no-deps --require-hashes --target`, and moves the CUDA tree the wheels
share (`nvidia/cu13`: bin/, nvvm/, include/, lib/) to `toolkit/`. nvcc reads
`bin/nvcc.profile` next to itself, which points it at `../nvvm/bin` (cicc),
`../nvvm/libdevice` and `../include` (CRT and runtime headers; CCCL in include/cccl):
nothing of a machine's /usr/local/cuda or CUDA_HOME is read.

Bazel runs a repository rule only when a target it builds needs one of its labels.
Every use of @cuda sits behind the `--config=cuda` flag (tools/cuda.bzl), so builds
without it never download the wheels (about 100 MB).

  :nvcc           bin/nvcc; its runfiles are the toolkit files it reads
  :toolkit        those files: bin/, nvvm/, include/, lib/
  :cuda_headers   cc_library: the runtime headers and CCCL, for host C++ code
  :cudart_static  cc_library: the static CUDA runtime and the system libraries it needs
  :stamp          a copy of the lock
"""

_BUILD = """\
package(default_visibility = ["//visibility:public"])

filegroup(
    name = "toolkit",
    srcs = glob([
        "toolkit/bin/**",
        "toolkit/nvvm/**",
        "toolkit/include/**",
        "toolkit/lib/**",
    ]),
)

# nvcc finds its tools and headers relative to its own path (bin/nvcc.profile), so an
# action that runs it needs the whole toolkit beside it: in its runfiles.
filegroup(
    name = "nvcc",
    srcs = ["toolkit/bin/nvcc"],
    data = [":toolkit"],
)

# CCCL's headers (cuda/std/..., cub/, thrust/) include each other without extensions.
cc_library(
    name = "cuda_headers",
    hdrs = glob(["toolkit/include/**"]),
    includes = [
        "toolkit/include",
        "toolkit/include/cccl",
    ],
)

# What CUDA's own CMake config links with the static runtime (dl, pthread, rt).
cc_library(
    name = "cudart_static",
    srcs = ["toolkit/lib/libcudart_static.a"],
    linkopts = [
        "-ldl",
        "-lpthread",
        "-lrt",
    ],
    deps = [":cuda_headers"],
)

filegroup(
    name = "stamp",
    srcs = ["stamp/requirements_cuda_lock.txt"],
)
"""

def _run(rctx, args, what, timeout = 600):
    result = rctx.execute(args, timeout = timeout, quiet = True)
    if result.return_code != 0:
        fail("cuda_env: {} failed (exit {}):\n{}\n{}".format(
            what,
            result.return_code,
            result.stdout[-4000:],
            result.stderr[-4000:],
        ))
    return result.stdout

def _cuda_env_impl(rctx):
    python = rctx.which(rctx.attr.python)
    if python == None:
        fail("cuda_env: no '{}' on PATH to run pip with".format(rctx.attr.python))
    lock = rctx.path(rctx.attr.lock)
    rctx.report_progress("installing the CUDA wheels of {} (about 100 MB)".format(
        lock.basename,
    ))
    _run(
        rctx,
        [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-input",
            "--no-deps",
            "--require-hashes",
            "--only-binary=:all:",
            "--target",
            "wheels",
            "-r",
            lock,
        ],
        "pip install -r {}".format(lock.basename),
        timeout = 1800,
    )
    tree = rctx.path("wheels/nvidia/" + rctx.attr.tree)
    if not tree.exists:
        fail("cuda_env: the wheels of {} hold no nvidia/{} tree".format(
            lock.basename,
            rctx.attr.tree,
        ))

    # A real directory, not a symlink: nvcc resolves its profile from the path it is
    # run by, and Bazel's sandbox mirrors the toolkit's layout file by file.
    _run(
        rctx,
        [
            python,
            "-c",
            "import os, sys; os.rename(sys.argv[1], sys.argv[2])",
            tree,
            "toolkit",
        ],
        "moving nvidia/{} to toolkit/".format(rctx.attr.tree),
    )
    needed_files = [
        "bin/nvcc",
        "bin/nvcc.profile",
        "nvvm/bin/cicc",
        "nvvm/libdevice/libdevice.10.bc",
        "lib/libcudart_static.a",
    ]
    for needed in needed_files:
        if not rctx.path("toolkit/" + needed).exists:
            fail("cuda_env: the wheels of {} lack {}; is the lock complete?".format(
                lock.basename,
                needed,
            ))
    version = _run(rctx, [rctx.path("toolkit/bin/nvcc"), "--version"], "nvcc --version")
    if "release " + rctx.attr.release + "," not in version:
        fail("cuda_env: expected nvcc release {}, the wheels hold:\n{}".format(
            rctx.attr.release,
            version,
        ))
    rctx.file("stamp/requirements_cuda_lock.txt", rctx.read(lock))
    rctx.file("BUILD.bazel", _BUILD)

cuda_env = repository_rule(
    implementation = _cuda_env_impl,
    attrs = {
        "lock": attr.label(mandatory = True, allow_single_file = True),
        "python": attr.string(default = "python3"),
        # The CUDA release the lock pins (checked against `nvcc --version`) and the
        # directory of it that NVIDIA's wheels install under nvidia/.
        "release": attr.string(default = "13.0"),
        "tree": attr.string(default = "cu13"),
    },
    environ = ["PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL", "PIP_INDEX_URL"],
    local = False,
)

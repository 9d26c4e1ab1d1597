"""cuda_library: CUDA sources compiled for sm_90 by the hermetic nvcc of @cuda.

`cuda_library(name, srcs, hdrs, deps, copts)` compiles each `.cu` of `srcs` to one
object with @cuda's nvcc (tools/cuda_toolchain.bzl), with the C++ toolchain's compiler
as host compiler, archives the objects and wraps the archive in a `cc_library` named
`name` that links the static CUDA runtime: cc targets depend on it like on any other
library. Sources include
headers from the repository root (`#include "kernels/..."`) and from `deps` (cc_library
targets; their headers, include paths and defines reach nvcc).

Only under `--config=cuda` (`--//third_party/cuda:enabled=true`): elsewhere every
target it makes is incompatible, so `bazel build //...` and `bazel test //...` skip
them (and whatever depends on them), and @cuda, named only behind a select on that
flag, is never fetched.
"""

load("@bazel_tools//tools/cpp:toolchain_utils.bzl", "find_cpp_toolchain")
load("@rules_cc//cc:defs.bzl", "cc_library")

# SASS for sm_90 (H100/H200) and its PTX, which newer GPUs compile at load time.
CUDA_ARCH_FLAGS = [
    "-gencode",
    "arch=compute_90,code=sm_90",
    "-gencode",
    "arch=compute_90,code=compute_90",
]

# -fPIC: the objects end up in the engines' shared libraries as well as in binaries.
CUDA_COPTS = CUDA_ARCH_FLAGS + [
    "-O3",
    "-std=c++17",
    "-Xcompiler",
    "-fPIC",
]

_ENABLED = "//third_party/cuda:build_cuda"

def _cuda_flag_impl(ctx):
    return []

cuda_flag = rule(
    implementation = _cuda_flag_impl,
    build_setting = config.bool(flag = True),
    doc = "True under --config=cuda: the CUDA targets are built.",
)

def _include_flags(bin_dir, contexts):
    # The repository root (and its generated twin) first, as cc rules do.
    includes = {".": True, bin_dir: True}
    system_includes = {}
    defines = {}
    for context in contexts:
        for path in context.quote_includes.to_list() + context.includes.to_list():
            includes[path] = True
        for path in context.system_includes.to_list():
            system_includes[path] = True
        for define in context.defines.to_list():
            defines[define] = True
    flags = ["-I" + path for path in includes]
    for path in system_includes:
        flags += ["-isystem", path]
    return flags + ["-D" + define for define in defines]

def _cuda_objects_impl(ctx):
    if ctx.file.nvcc == None:
        fail("{}: CUDA targets are built only with --config=cuda".format(ctx.label))
    nvcc = ctx.file.nvcc
    toolkit = nvcc.dirname.rpartition("/")[0]
    cc_toolchain = find_cpp_toolchain(ctx)
    host_compiler = cc_toolchain.compiler_executable
    contexts = [dep[CcInfo].compilation_context for dep in ctx.attr.deps]
    headers = depset(ctx.files.hdrs, transitive = [c.headers for c in contexts])
    common = CUDA_COPTS + [
        "--compiler-bindir=" + host_compiler,
        # Also named in nvcc.profile; spelled out so that the headers are those of the
        # declared toolkit files, whatever nvcc makes of its own path.
        "-I" + toolkit + "/include",
        "-isystem",
        toolkit + "/include/cccl",
    ] + _include_flags(ctx.bin_dir.path, contexts) + ctx.attr.copts

    # The host compiler's directory and the system's, never /usr/local/bin (where a
    # machine's own nvcc may live); no CUDA_HOME or CUDA_PATH.
    path = [host_compiler.rpartition("/")[0]]
    path += [d for d in ["/usr/bin", "/bin"] if d not in path]
    env = {"PATH": ":".join(path)}
    tools = ctx.attr.nvcc[DefaultInfo].default_runfiles.files
    objects = []
    stems = {}
    for src in ctx.files.srcs:
        stem = src.basename[:-len(".cu")]
        if stem in stems:
            fail("{}: two sources named {}.cu; objects are named by file".format(
                ctx.label,
                stem,
            ))
        stems[stem] = True
        prefix = "_cuda_objs/{}/{}".format(ctx.label.name, stem)
        obj = ctx.actions.declare_file(prefix + ".o")
        ctx.actions.run(
            executable = nvcc,
            arguments = common + ["-c", src.path, "-o", obj.path],
            inputs = depset([src], transitive = [headers, cc_toolchain.all_files]),
            tools = tools,
            outputs = [obj],
            env = env,
            mnemonic = "CudaCompile",
            progress_message = "Compiling CUDA {}".format(src.short_path),
        )
        objects.append(obj)

    # One archive serves every link: the objects are position-independent, so shared
    # libraries take them as well as binaries (Bazel 4 links an alwayslink library's
    # `.o` and `.pic.o` files both, so handing it the two names fails). Bazel links a
    # prebuilt archive whole only when it is named `.lo`.
    extension = ".lo" if ctx.attr.alwayslink else ".a"
    archive = ctx.actions.declare_file("lib" + ctx.label.name + extension)
    ctx.actions.run(
        executable = cc_toolchain.ar_executable,
        arguments = ["rcsD", archive.path] + [obj.path for obj in objects],
        inputs = depset(objects, transitive = [cc_toolchain.all_files]),
        outputs = [archive],
        mnemonic = "CudaArchive",
        progress_message = "Archiving CUDA objects of {}".format(ctx.label),
    )
    return [DefaultInfo(files = depset([archive]))]

_cuda_objects = rule(
    implementation = _cuda_objects_impl,
    attrs = {
        "srcs": attr.label_list(allow_files = [".cu"], mandatory = True),
        "hdrs": attr.label_list(allow_files = True),
        "deps": attr.label_list(providers = [CcInfo]),
        "copts": attr.string_list(),
        "alwayslink": attr.bool(),
        # @cuda//:nvcc under --config=cuda, None elsewhere (so @cuda is not fetched).
        "nvcc": attr.label(allow_single_file = True, cfg = "exec"),
        "_cc_toolchain": attr.label(
            default = "@bazel_tools//tools/cpp:current_cc_toolchain",
        ),
    },
    fragments = ["cpp"],
)

def cuda_library(
        name,
        srcs,
        hdrs = [],
        deps = [],
        copts = [],
        alwayslink = False,
        visibility = None,
        **kwargs):
    """A cc_library of `srcs` (.cu) compiled by the hermetic nvcc for sm_90.

    Args:
      name: the cc_library to depend on.
      srcs: the .cu files; each becomes one object.
      hdrs: headers of this library, for nvcc and for the library's dependents.
      deps: cc_library targets whose headers the sources include; linked too.
      copts: extra nvcc flags, after CUDA_COPTS.
      alwayslink: link every object, even those nothing refers to (as cc_library's).
      visibility: of the cc_library.
      **kwargs: more cc_library arguments (tags, testonly, ...).
    """
    compatible = select({
        _ENABLED: [],
        "//conditions:default": ["//tools:incompatible"],
    })
    objects = name + "_cuda_objects"
    _cuda_objects(
        name = objects,
        srcs = srcs,
        hdrs = hdrs,
        deps = deps,
        copts = copts,
        alwayslink = alwayslink,
        nvcc = select({
            _ENABLED: "@cuda//:nvcc",
            "//conditions:default": None,
        }),
        target_compatible_with = compatible,
        visibility = ["//visibility:private"],
    )
    cc_library(
        name = name,
        srcs = [":" + objects],
        hdrs = hdrs,
        deps = deps + select({
            _ENABLED: ["@cuda//:cudart_static"],
            "//conditions:default": [],
        }),
        # One copy of the static runtime per binary: never a shared library of its own.
        linkstatic = True,
        alwayslink = alwayslink,
        target_compatible_with = compatible,
        visibility = visibility,
        **kwargs
    )

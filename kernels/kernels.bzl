"""Build rules for the CPU kernels: one source, three instruction-set builds.

`cpu_kernel_library(name, srcs, hdrs, dispatch_srcs)` compiles `srcs` (the kernel
math, written inside `namespace keras_kernels::KK_ISA`) three times, for any x86-64,
for AVX2+FMA and for AVX-512, each with `-DKK_ISA=<build>`, and links them with
`dispatch_srcs` (which pick the build `cpu_isa()` names at run time). No shipped build
uses -march=native.
"""

load("@rules_cc//cc:defs.bzl", "cc_library")

# -fopenmp-simd lets GCC vectorise float reductions marked `#pragma omp simd`
# (without it they stay scalar: 4x slower, BUILD_NOTES.md); no OpenMP runtime is used.
KERNEL_COPTS = [
    "-std=c++17",
    "-O3",
    "-fopenmp-simd",
    "-fno-math-errno",
    "-Wall",
]

ISA_COPTS = {
    "generic": [],
    "avx2": ["-mavx2", "-mfma", "-mf16c"],
    "avx512": [
        "-mavx512f",
        "-mavx512bw",
        "-mavx512vl",
        "-mavx512dq",
        "-mavx2",
        "-mfma",
        "-mf16c",
    ],
}

def cpu_kernel_library(name, srcs, hdrs, dispatch_srcs, deps = [], visibility = None):
    """A kernel's three ISA builds and its dispatching entry points as `name`."""
    isa_targets = []
    for isa in ["generic", "avx2", "avx512"]:
        cc_library(
            name = name + "_" + isa,
            srcs = srcs,
            hdrs = hdrs,
            copts = KERNEL_COPTS + ISA_COPTS[isa] + ["-DKK_ISA=" + isa],
            deps = deps + ["//kernels/common"],
            visibility = ["//visibility:private"],
        )
        isa_targets.append(":" + name + "_" + isa)
    cc_library(
        name = name,
        srcs = dispatch_srcs,
        hdrs = hdrs,
        copts = KERNEL_COPTS,
        deps = deps + isa_targets + ["//kernels/common"],
        visibility = visibility,
    )

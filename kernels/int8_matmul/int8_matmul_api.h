// int8 x int8 -> int32 matrix products for a few rows at a time (quantized inference:
// `model.quantize("int8")` layers on one or a few rows), on the CPU.
//
// The engines' int8 GEMMs are built for many rows: for one row they run a slow loop
// (XLA:CPU) or pay for packing the whole weight (oneDNN), and lose to float32. These
// kernels stream the int8 weight once per group of rows, so a product moves a quarter
// of float32's bytes. Results are exact int32 sums (wrapping on overflow, as the
// engines' int32 accumulation does; a row of k products overflows only past
// k = 2^31 / 2^14 = 131072).
//
// The public entry point checks its arguments (std::invalid_argument for negative
// sizes or a missing pointer) and runs the instruction-set build `cpu_isa()` names;
// the per-build entry points assume valid arguments. The work is split over
// keras_kernels::num_threads() threads. Without AVX-512, torch's CPU int8 GEMM has
// no fast path at any row count (seconds for 32 rows of 4096x4096), so the bindings
// give torch every int8 product there (kernels/bindings/common.py).
#ifndef KERAS_KERNELS_INT8_MATMUL_INT8_MATMUL_API_H_
#define KERAS_KERNELS_INT8_MATMUL_INT8_MATMUL_API_H_

#include <cstdint>

#include "kernels/common/isa.h"

namespace keras_kernels {

// c[m, n] = a[m, k] @ b[k, n], all row-major and contiguous; c is overwritten.
void int8_matmul(const int8_t* a, const int8_t* b, int32_t* c, int64_t m, int64_t k,
                 int64_t n);

// The same in each instruction-set build (int8_matmul_cpu.cc): keras_kernels::
// generic::, ::avx2:: and ::avx512::. Only call a build this CPU runs.
KK_DECLARE_FOR_EACH_ISA(void int8_matmul(const int8_t* a, const int8_t* b, int32_t* c,
                                         int64_t m, int64_t k, int64_t n);)

}  // namespace keras_kernels

#endif  // KERAS_KERNELS_INT8_MATMUL_INT8_MATMUL_API_H_

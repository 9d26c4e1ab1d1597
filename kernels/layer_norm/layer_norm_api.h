// Layer norm and RMS norm over the last axis, forward and backward, on the CPU.
//
// The public entry points take the element type at run time and pick the instruction
// set build `cpu_isa()` names (layer_norm_dispatch.cc); the per-build entry points
// below (same signatures, one set per ISA namespace) let tests and benchmarks call
// each build directly. The public functions throw std::invalid_argument for negative
// sizes, an unknown dtype or a missing required pointer; the per-build ones assume
// valid arguments. y may be x and dx may be dy (in place); rows are split over
// keras_kernels::num_threads() threads.
#ifndef KERAS_KERNELS_LAYER_NORM_LAYER_NORM_API_H_
#define KERAS_KERNELS_LAYER_NORM_LAYER_NORM_API_H_

#include <cstdint>
#include "kernels/common/bfloat16.h"   // keras_kernels::DType, bfloat16
#include "kernels/common/isa.h"
namespace keras_kernels {
// x, y: [rows, cols] row-major contiguous, of `dtype`; every row is normalized over
// its `cols` values, in float32: mean, variance = mean((x - mean)^2) (two passes, as
// the reference composition), rstd = 1 / sqrt(variance + epsilon),
// y = (x - mean) * rstd * gamma + beta. gamma/beta: [cols] float32, or nullptr (1 / 0).
// mean/rstd: [rows] float32 outputs for the backward pass, or nullptr (not written).
void layer_norm_forward(DType dtype, const void* x, const float* gamma,
                        const float* beta, void* y, float* mean, float* rstd,
                        int64_t rows, int64_t cols, float epsilon);
// dx: [rows, cols] of `dtype`; dgamma/dbeta: [cols] float32 outputs (overwritten,
// summed over rows), or nullptr (not computed). mean/rstd from the forward pass.
void layer_norm_backward(DType dtype, const void* dy, const void* x,
                         const float* gamma, const float* mean, const float* rstd,
                         void* dx, float* dgamma, float* dbeta, int64_t rows,
                         int64_t cols);
// RMS norm: rstd = 1 / sqrt(mean(x^2) + epsilon), y = x * rstd * scale.
void rms_norm_forward(DType dtype, const void* x, const float* scale, void* y,
                      float* rstd, int64_t rows, int64_t cols, float epsilon);
void rms_norm_backward(DType dtype, const void* dy, const void* x,
                       const float* scale, const float* rstd, void* dx,
                       float* dscale, int64_t rows, int64_t cols);

// The same four functions in each instruction-set build (layer_norm_cpu.cc), as
// keras_kernels::generic::, ::avx2:: and ::avx512::. Only call a build this CPU runs
// (at most `cpu_isa()`). dgamma/dbeta/dscale sums are split into chunks fixed by
// (rows, cols) alone, so a build gives the same bits for any thread count.
KK_DECLARE_FOR_EACH_ISA(
    void layer_norm_forward(DType dtype, const void* x, const float* gamma,
                            const float* beta, void* y, float* mean, float* rstd,
                            int64_t rows, int64_t cols, float epsilon);
    void layer_norm_backward(DType dtype, const void* dy, const void* x,
                             const float* gamma, const float* mean,
                             const float* rstd, void* dx, float* dgamma,
                             float* dbeta, int64_t rows, int64_t cols);
    void rms_norm_forward(DType dtype, const void* x, const float* scale, void* y,
                          float* rstd, int64_t rows, int64_t cols, float epsilon);
    void rms_norm_backward(DType dtype, const void* dy, const void* x,
                           const float* scale, const float* rstd, void* dx,
                           float* dscale, int64_t rows, int64_t cols);)
}  // namespace keras_kernels

#endif  // KERAS_KERNELS_LAYER_NORM_LAYER_NORM_API_H_

// Layer norm and RMS norm over the last axis on an NVIDIA GPU (sm_90), forward and
// backward: the CUDA counterparts of layer_norm_api.h, with the same math and the
// same meaning of every argument, over device pointers.
//
// Every function is asynchronous on `stream` (a cudaStream_t passed as void*, so
// that this header needs no CUDA headers; nullptr is the legacy default stream) and
// returns before the GPU has run it. They throw std::invalid_argument for negative
// sizes, an unknown dtype or a missing required pointer (as the CPU entry points),
// and std::runtime_error when CUDA refuses a launch or an allocation.
//
// x, y, dy, dx: [rows, cols] row-major contiguous, of `dtype` (float32 or bfloat16;
// all arithmetic is float32). gamma, beta, scale: [cols] float32 or nullptr (1 / 0).
// mean, rstd: [rows] float32, or nullptr in the forward pass (not written). y may be
// x and dx may be dy (in place). dgamma, dbeta, dscale: [cols] float32 outputs
// (overwritten, summed over rows), or nullptr (not computed). Their sums go through
// per-block partial sums added in a fixed order, with the blocks fixed by (rows,
// cols) alone: the same inputs give the same bits on every run.
//
// The backward functions need scratch for those partial sums when dgamma, dbeta or
// dscale is requested: pass `workspace` (device memory of at least
// norm_backward_workspace_bytes(rows, cols) bytes, e.g. from the engine's
// allocator), or nullptr to have it taken with cudaMallocAsync on `stream` and
// given back (cudaFreeAsync) after the kernels.
#ifndef KERAS_KERNELS_LAYER_NORM_LAYER_NORM_CUDA_H_
#define KERAS_KERNELS_LAYER_NORM_LAYER_NORM_CUDA_H_

#include <cstddef>
#include <cstdint>

#include "kernels/common/bfloat16.h"  // keras_kernels::DType

namespace keras_kernels {
namespace cuda {

// mean = mean(x), variance = mean((x - mean)^2) (two passes over the row, held in
// registers), rstd = 1 / sqrt(variance + epsilon), y = (x - mean) * rstd * gamma +
// beta.
void layer_norm_forward(DType dtype, const void* x, const float* gamma,
                        const float* beta, void* y, float* mean, float* rstd,
                        int64_t rows, int64_t cols, float epsilon, void* stream);

// dx, and dgamma / dbeta summed over rows; mean and rstd from the forward pass.
void layer_norm_backward(DType dtype, const void* dy, const void* x, const float* gamma,
                         const float* mean, const float* rstd, void* dx, float* dgamma,
                         float* dbeta, int64_t rows, int64_t cols, void* stream,
                         void* workspace = nullptr);

// RMS norm: rstd = 1 / sqrt(mean(x^2) + epsilon), y = x * rstd * scale.
void rms_norm_forward(DType dtype, const void* x, const float* scale, void* y,
                      float* rstd, int64_t rows, int64_t cols, float epsilon,
                      void* stream);

void rms_norm_backward(DType dtype, const void* dy, const void* x, const float* scale,
                       const float* rstd, void* dx, float* dscale, int64_t rows,
                       int64_t cols, void* stream, void* workspace = nullptr);

// Bytes of `workspace` the backward functions use for (rows, cols) (0 when they
// need none); the same for layer norm and RMS norm.
size_t norm_backward_workspace_bytes(int64_t rows, int64_t cols);

}  // namespace cuda
}  // namespace keras_kernels

#endif  // KERAS_KERNELS_LAYER_NORM_LAYER_NORM_CUDA_H_

// The public layer norm / RMS norm entry points: check the arguments, then run the
// instruction-set build `cpu_isa()` names.
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "kernels/common/isa.h"
#include "kernels/layer_norm/layer_norm_api.h"

namespace keras_kernels {
namespace {

[[noreturn]] void fail(const char* function, const std::string& message) {
  throw std::invalid_argument(std::string(function) + ": " + message);
}

void check_dtype(const char* function, DType dtype) {
  if (dtype != DType::kFloat32 && dtype != DType::kBFloat16) {
    fail(function, "`dtype` must be float32 or bfloat16, got DType(" +
                       std::to_string(static_cast<int>(dtype)) + ")");
  }
}

void check_sizes(const char* function, int64_t rows, int64_t cols) {
  if (rows < 0 || cols < 0) {
    fail(function, "`rows` and `cols` must be non-negative, got rows=" +
                       std::to_string(rows) + ", cols=" + std::to_string(cols));
  }
  // Elements are addressed as r * cols + j with int64_t (and scratch sizes 2 * cols).
  if (cols > 0 && rows > std::numeric_limits<int64_t>::max() / 2 / cols) {
    fail(function, "`rows` * `cols` overflows int64, got rows=" +
                       std::to_string(rows) + ", cols=" + std::to_string(cols));
  }
}

// A pointer the call reads or writes must be given when there is data behind it.
void check_pointer(const char* function, const void* pointer, const char* name,
                   bool needed) {
  if (needed && pointer == nullptr) {
    fail(function, std::string("`") + name + "` must not be nullptr for a " +
                       "non-empty input, got nullptr");
  }
}

}  // namespace

void layer_norm_forward(DType dtype, const void* x, const float* gamma,
                        const float* beta, void* y, float* mean, float* rstd,
                        int64_t rows, int64_t cols, float epsilon) {
  const char* fn = "layer_norm_forward";
  check_dtype(fn, dtype);
  check_sizes(fn, rows, cols);
  check_pointer(fn, x, "x", rows > 0 && cols > 0);
  check_pointer(fn, y, "y", rows > 0 && cols > 0);
  switch (cpu_isa()) {
    case Isa::kAvx512:
      return avx512::layer_norm_forward(dtype, x, gamma, beta, y, mean, rstd, rows,
                                        cols, epsilon);
    case Isa::kAvx2:
      return avx2::layer_norm_forward(dtype, x, gamma, beta, y, mean, rstd, rows,
                                      cols, epsilon);
    default:
      return generic::layer_norm_forward(dtype, x, gamma, beta, y, mean, rstd, rows,
                                         cols, epsilon);
  }
}

void layer_norm_backward(DType dtype, const void* dy, const void* x,
                         const float* gamma, const float* mean, const float* rstd,
                         void* dx, float* dgamma, float* dbeta, int64_t rows,
                         int64_t cols) {
  const char* fn = "layer_norm_backward";
  check_dtype(fn, dtype);
  check_sizes(fn, rows, cols);
  const bool data = rows > 0 && cols > 0;
  check_pointer(fn, dy, "dy", data);
  check_pointer(fn, x, "x", data);
  check_pointer(fn, dx, "dx", data);
  check_pointer(fn, mean, "mean", data);
  check_pointer(fn, rstd, "rstd", data);
  switch (cpu_isa()) {
    case Isa::kAvx512:
      return avx512::layer_norm_backward(dtype, dy, x, gamma, mean, rstd, dx, dgamma,
                                         dbeta, rows, cols);
    case Isa::kAvx2:
      return avx2::layer_norm_backward(dtype, dy, x, gamma, mean, rstd, dx, dgamma,
                                       dbeta, rows, cols);
    default:
      return generic::layer_norm_backward(dtype, dy, x, gamma, mean, rstd, dx,
                                          dgamma, dbeta, rows, cols);
  }
}

void rms_norm_forward(DType dtype, const void* x, const float* scale, void* y,
                      float* rstd, int64_t rows, int64_t cols, float epsilon) {
  const char* fn = "rms_norm_forward";
  check_dtype(fn, dtype);
  check_sizes(fn, rows, cols);
  check_pointer(fn, x, "x", rows > 0 && cols > 0);
  check_pointer(fn, y, "y", rows > 0 && cols > 0);
  switch (cpu_isa()) {
    case Isa::kAvx512:
      return avx512::rms_norm_forward(dtype, x, scale, y, rstd, rows, cols, epsilon);
    case Isa::kAvx2:
      return avx2::rms_norm_forward(dtype, x, scale, y, rstd, rows, cols, epsilon);
    default:
      return generic::rms_norm_forward(dtype, x, scale, y, rstd, rows, cols, epsilon);
  }
}

void rms_norm_backward(DType dtype, const void* dy, const void* x,
                       const float* scale, const float* rstd, void* dx,
                       float* dscale, int64_t rows, int64_t cols) {
  const char* fn = "rms_norm_backward";
  check_dtype(fn, dtype);
  check_sizes(fn, rows, cols);
  const bool data = rows > 0 && cols > 0;
  check_pointer(fn, dy, "dy", data);
  check_pointer(fn, x, "x", data);
  check_pointer(fn, dx, "dx", data);
  check_pointer(fn, rstd, "rstd", data);
  switch (cpu_isa()) {
    case Isa::kAvx512:
      return avx512::rms_norm_backward(dtype, dy, x, scale, rstd, dx, dscale, rows,
                                       cols);
    case Isa::kAvx2:
      return avx2::rms_norm_backward(dtype, dy, x, scale, rstd, dx, dscale, rows,
                                     cols);
    default:
      return generic::rms_norm_backward(dtype, dy, x, scale, rstd, dx, dscale, rows,
                                        cols);
  }
}

}  // namespace keras_kernels

// The Python module `_keras_kernels_cpu`: the CPU kernels behind raw pointers (the
// numpy and torch bindings pass `ndarray.ctypes.data` / `Tensor.data_ptr()` of
// contiguous arrays they own for the duration of the call), and the XLA FFI handlers of
// xla_ffi.cc as PyCapsules for `jax.ffi.register_ffi_target`. Every call releases the
// GIL while the kernel runs.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "kernels/attention/attention_api.h"
#include "kernels/bindings/xla_ffi.h"
#include "kernels/common/isa.h"
#include "kernels/common/parallel.h"
#include "kernels/int8_matmul/int8_matmul_api.h"
#include "kernels/layer_norm/layer_norm_api.h"

namespace py = pybind11;
namespace kk = keras_kernels;

namespace {

kk::DType to_dtype(const std::string& name) {
  if (name == "float32") return kk::DType::kFloat32;
  if (name == "bfloat16") return kk::DType::kBFloat16;
  throw std::invalid_argument("keras kernels take float32 or bfloat16 tensors; received " +
                              name);
}

template <typename T>
T* ptr(uintptr_t address) {
  return reinterpret_cast<T*>(address);
}

kk::AttentionMask mask_of(uintptr_t data, int64_t sb, int64_t sn, int64_t st,
                          int64_t ss) {
  kk::AttentionMask mask;
  mask.data = ptr<const uint8_t>(data);
  mask.stride_b = sb;
  mask.stride_n = sn;
  mask.stride_t = st;
  mask.stride_s = ss;
  return mask;
}

kk::AttentionShape shape_of(int64_t b, int64_t t, int64_t s, int64_t n, int64_t k,
                            int64_t h) {
  kk::AttentionShape shape;
  shape.batch = b;
  shape.q_len = t;
  shape.kv_len = s;
  shape.q_heads = n;
  shape.kv_heads = k;
  shape.head_dim = h;
  return shape;
}

py::capsule ffi_capsule(XLA_FFI_Handler* handler) {
  return py::capsule(reinterpret_cast<void*>(handler), "xla._CUSTOM_CALL_TARGET");
}

}  // namespace

PYBIND11_MODULE(_keras_kernels_cpu, m) {
  m.doc() = "keras fused CPU kernels (layer norm, RMS norm, attention, int8 products)";
  m.def("isa", [] { return std::string(kk::isa_name(kk::cpu_isa())); });
  m.def("num_threads", &kk::num_threads);
  m.def("set_num_threads", &kk::set_num_threads);

  m.def(
      "layer_norm_forward",
      [](const std::string& dtype, uintptr_t x, uintptr_t gamma, uintptr_t beta,
         uintptr_t y, uintptr_t mean, uintptr_t rstd, int64_t rows, int64_t cols,
         float epsilon) {
        kk::DType d = to_dtype(dtype);
        py::gil_scoped_release release;
        kk::layer_norm_forward(d, ptr<const void>(x), ptr<const float>(gamma),
                               ptr<const float>(beta), ptr<void>(y), ptr<float>(mean),
                               ptr<float>(rstd), rows, cols, epsilon);
      });
  m.def("layer_norm_backward",
        [](const std::string& dtype, uintptr_t dy, uintptr_t x, uintptr_t gamma,
           uintptr_t mean, uintptr_t rstd, uintptr_t dx, uintptr_t dgamma,
           uintptr_t dbeta, int64_t rows, int64_t cols) {
          kk::DType d = to_dtype(dtype);
          py::gil_scoped_release release;
          kk::layer_norm_backward(d, ptr<const void>(dy), ptr<const void>(x),
                                  ptr<const float>(gamma), ptr<const float>(mean),
                                  ptr<const float>(rstd), ptr<void>(dx),
                                  ptr<float>(dgamma), ptr<float>(dbeta), rows, cols);
        });
  m.def("rms_norm_forward",
        [](const std::string& dtype, uintptr_t x, uintptr_t scale, uintptr_t y,
           uintptr_t rstd, int64_t rows, int64_t cols, float epsilon) {
          kk::DType d = to_dtype(dtype);
          py::gil_scoped_release release;
          kk::rms_norm_forward(d, ptr<const void>(x), ptr<const float>(scale),
                               ptr<void>(y), ptr<float>(rstd), rows, cols, epsilon);
        });
  m.def("rms_norm_backward",
        [](const std::string& dtype, uintptr_t dy, uintptr_t x, uintptr_t scale,
           uintptr_t rstd, uintptr_t dx, uintptr_t dscale, int64_t rows,
           int64_t cols) {
          kk::DType d = to_dtype(dtype);
          py::gil_scoped_release release;
          kk::rms_norm_backward(d, ptr<const void>(dy), ptr<const void>(x),
                                ptr<const float>(scale), ptr<const float>(rstd),
                                ptr<void>(dx), ptr<float>(dscale), rows, cols);
        });
  // Attention: shape (B, T, S, N, K, H) and mask (data, sb, sn, st, ss) as tuples.
  m.def("attention_forward",
        [](const std::string& dtype, uintptr_t q, uintptr_t k, uintptr_t v,
           std::tuple<uintptr_t, int64_t, int64_t, int64_t, int64_t> mask, bool causal,
           float scale, uintptr_t out, uintptr_t lse,
           std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t> shape) {
          kk::DType d = to_dtype(dtype);
          kk::AttentionMask m = std::apply(mask_of, mask);
          kk::AttentionShape s = std::apply(shape_of, shape);
          py::gil_scoped_release release;
          kk::attention_forward(d, ptr<const void>(q), ptr<const void>(k),
                                ptr<const void>(v), m, causal, scale, ptr<void>(out),
                                ptr<float>(lse), s);
        });
  m.def("attention_backward",
        [](const std::string& dtype, uintptr_t q, uintptr_t k, uintptr_t v,
           uintptr_t out, uintptr_t dout, uintptr_t lse,
           std::tuple<uintptr_t, int64_t, int64_t, int64_t, int64_t> mask, bool causal,
           float scale, uintptr_t dq, uintptr_t dk, uintptr_t dv,
           std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t> shape) {
          kk::DType d = to_dtype(dtype);
          kk::AttentionMask m = std::apply(mask_of, mask);
          kk::AttentionShape s = std::apply(shape_of, shape);
          py::gil_scoped_release release;
          kk::attention_backward(d, ptr<const void>(q), ptr<const void>(k),
                                 ptr<const void>(v), ptr<const void>(out),
                                 ptr<const void>(dout), ptr<const float>(lse), m,
                                 causal, scale, ptr<void>(dq), ptr<void>(dk),
                                 ptr<void>(dv), s);
        });

  // c[m, n] int32 = a[m, k] int8 @ b[k, n] int8 (row-major, contiguous).
  m.def("int8_matmul", [](uintptr_t a, uintptr_t b, uintptr_t c, int64_t rows,
                          int64_t depth, int64_t cols) {
    py::gil_scoped_release release;
    kk::int8_matmul(ptr<const int8_t>(a), ptr<const int8_t>(b), ptr<int32_t>(c), rows,
                    depth, cols);
  });

  m.def("ffi_targets", [] {
    py::dict targets;
    for (const auto& target : keras_kernels_ffi::targets()) {
      targets[py::str(target.name)] = ffi_capsule(target.handler);
    }
    return targets;
  });
}

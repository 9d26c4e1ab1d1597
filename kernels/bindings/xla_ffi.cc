// XLA FFI handlers: each adapts XLA buffers to one kernel entry point. Shapes arrive
// already flattened by the jax binding (norms: [rows, cols]; attention: Keras layout).
#include "kernels/bindings/xla_ffi.h"

#include <cstdint>
#include <exception>
#include <string>
#include <type_traits>

#include "kernels/attention/attention_api.h"
#include "kernels/int8_matmul/int8_matmul_api.h"
#include "kernels/layer_norm/layer_norm_api.h"
#include "xla/ffi/api/ffi.h"

namespace ffi = xla::ffi;
namespace kk = keras_kernels;

namespace {

ffi::Error dtype_of(ffi::DataType type, kk::DType* out) {
  if (type == ffi::DataType::F32) {
    *out = kk::DType::kFloat32;
    return ffi::Error::Success();
  }
  if (type == ffi::DataType::BF16) {
    *out = kk::DType::kBFloat16;
    return ffi::Error::Success();
  }
  return ffi::Error::InvalidArgument("keras kernels take float32 or bfloat16 buffers");
}

// Runs `body`, turning a C++ exception (bad sizes) into an XLA error.
template <typename Body>
ffi::Error guarded(Body body) {
  try {
    body();
  } catch (const std::exception& e) {
    return ffi::Error::InvalidArgument(e.what());
  }
  return ffi::Error::Success();
}

// Norm buffers are [*lead, rows, cols]: the leading axes come from `vmap`
// (vmap_method="broadcast_all" gives every argument the same leading axes), and each
// leading slice is normalized with its own parameters.
struct NormGeometry {
  int64_t lead = 1, rows = 0, cols = 0;
};

ffi::Error norm_geometry(const ffi::AnyBuffer& x, NormGeometry* g) {
  auto dims = x.dimensions();
  if (dims.size() < 2) {
    return ffi::Error::InvalidArgument("norm kernels take [..., rows, cols] buffers");
  }
  g->rows = dims[dims.size() - 2];
  g->cols = dims[dims.size() - 1];
  g->lead = 1;
  for (size_t i = 0; i + 2 < dims.size(); ++i) g->lead *= dims[i];
  return ffi::Error::Success();
}

// Slice `i` of a buffer holding `count` elements, `per_slice` per leading slice: the
// whole buffer when it has no leading axes (a parameter that was not vmapped).
template <typename T>
T* at(T* base, int64_t count, int64_t per_slice, int64_t i) {
  return count == per_slice ? base : base + i * per_slice;
}

char* at(void* base, int64_t count, int64_t per_slice, int64_t i, size_t bytes) {
  char* p = static_cast<char*>(base);
  return count == per_slice ? p : p + i * per_slice * static_cast<int64_t>(bytes);
}

size_t width(kk::DType dtype) { return dtype == kk::DType::kFloat32 ? 4 : 2; }

ffi::Error LayerNormForward(ffi::AnyBuffer x, ffi::Buffer<ffi::F32> gamma,
                            ffi::Buffer<ffi::F32> beta,
                            ffi::Result<ffi::AnyBuffer> y,
                            ffi::Result<ffi::Buffer<ffi::F32>> mean,
                            ffi::Result<ffi::Buffer<ffi::F32>> rstd, float epsilon) {
  kk::DType dtype;
  NormGeometry g;
  if (auto e = dtype_of(x.element_type(), &dtype); e.failure()) return e;
  if (auto e = norm_geometry(x, &g); e.failure()) return e;
  const int64_t n = g.rows * g.cols, w = width(dtype);
  return guarded([&] {
    for (int64_t i = 0; i < g.lead; ++i) {
      kk::layer_norm_forward(
          dtype, at(x.untyped_data(), n * g.lead, n, i, w),
          at(gamma.typed_data(), gamma.element_count(), g.cols, i),
          at(beta.typed_data(), beta.element_count(), g.cols, i),
          at(y->untyped_data(), n * g.lead, n, i, w),
          at(mean->typed_data(), g.rows * g.lead, g.rows, i),
          at(rstd->typed_data(), g.rows * g.lead, g.rows, i), g.rows, g.cols, epsilon);
    }
  });
}

ffi::Error LayerNormBackward(ffi::AnyBuffer dy, ffi::AnyBuffer x,
                             ffi::Buffer<ffi::F32> gamma, ffi::Buffer<ffi::F32> mean,
                             ffi::Buffer<ffi::F32> rstd, ffi::Result<ffi::AnyBuffer> dx,
                             ffi::Result<ffi::Buffer<ffi::F32>> dgamma,
                             ffi::Result<ffi::Buffer<ffi::F32>> dbeta) {
  kk::DType dtype;
  NormGeometry g;
  if (auto e = dtype_of(x.element_type(), &dtype); e.failure()) return e;
  if (auto e = norm_geometry(x, &g); e.failure()) return e;
  const int64_t n = g.rows * g.cols, w = width(dtype);
  return guarded([&] {
    for (int64_t i = 0; i < g.lead; ++i) {
      kk::layer_norm_backward(
          dtype, at(dy.untyped_data(), n * g.lead, n, i, w),
          at(x.untyped_data(), n * g.lead, n, i, w),
          at(gamma.typed_data(), gamma.element_count(), g.cols, i),
          at(mean.typed_data(), g.rows * g.lead, g.rows, i),
          at(rstd.typed_data(), g.rows * g.lead, g.rows, i),
          at(dx->untyped_data(), n * g.lead, n, i, w),
          at(dgamma->typed_data(), g.cols * g.lead, g.cols, i),
          at(dbeta->typed_data(), g.cols * g.lead, g.cols, i), g.rows, g.cols);
    }
  });
}

ffi::Error RmsNormForward(ffi::AnyBuffer x, ffi::Buffer<ffi::F32> scale,
                          ffi::Result<ffi::AnyBuffer> y,
                          ffi::Result<ffi::Buffer<ffi::F32>> rstd, float epsilon) {
  kk::DType dtype;
  NormGeometry g;
  if (auto e = dtype_of(x.element_type(), &dtype); e.failure()) return e;
  if (auto e = norm_geometry(x, &g); e.failure()) return e;
  const int64_t n = g.rows * g.cols, w = width(dtype);
  return guarded([&] {
    for (int64_t i = 0; i < g.lead; ++i) {
      kk::rms_norm_forward(dtype, at(x.untyped_data(), n * g.lead, n, i, w),
                           at(scale.typed_data(), scale.element_count(), g.cols, i),
                           at(y->untyped_data(), n * g.lead, n, i, w),
                           at(rstd->typed_data(), g.rows * g.lead, g.rows, i), g.rows,
                           g.cols, epsilon);
    }
  });
}

ffi::Error RmsNormBackward(ffi::AnyBuffer dy, ffi::AnyBuffer x,
                           ffi::Buffer<ffi::F32> scale, ffi::Buffer<ffi::F32> rstd,
                           ffi::Result<ffi::AnyBuffer> dx,
                           ffi::Result<ffi::Buffer<ffi::F32>> dscale) {
  kk::DType dtype;
  NormGeometry g;
  if (auto e = dtype_of(x.element_type(), &dtype); e.failure()) return e;
  if (auto e = norm_geometry(x, &g); e.failure()) return e;
  const int64_t n = g.rows * g.cols, w = width(dtype);
  return guarded([&] {
    for (int64_t i = 0; i < g.lead; ++i) {
      kk::rms_norm_backward(dtype, at(dy.untyped_data(), n * g.lead, n, i, w),
                            at(x.untyped_data(), n * g.lead, n, i, w),
                            at(scale.typed_data(), scale.element_count(), g.cols, i),
                            at(rstd.typed_data(), g.rows * g.lead, g.rows, i),
                            at(dx->untyped_data(), n * g.lead, n, i, w),
                            at(dscale->typed_data(), g.cols * g.lead, g.cols, i),
                            g.rows, g.cols);
    }
  });
}

// q [B, T, N, H], k/v [B, S, K, H]; mask: a [b, n, t, s] uint8 buffer whose axes are
// either full or 1 (broadcast), read only when has_mask.
ffi::Error attention_geometry(const ffi::AnyBuffer& q, const ffi::AnyBuffer& k,
                              const ffi::Buffer<ffi::U8>& mask, bool has_mask,
                              kk::AttentionShape* shape, kk::AttentionMask* view) {
  auto qd = q.dimensions();
  auto kd = k.dimensions();
  auto md = mask.dimensions();
  if (qd.size() != 4 || kd.size() != 4 || md.size() != 4) {
    return ffi::Error::InvalidArgument("attention takes rank-4 q, k, v and mask");
  }
  shape->batch = qd[0];
  shape->q_len = qd[1];
  shape->q_heads = qd[2];
  shape->head_dim = qd[3];
  shape->kv_len = kd[1];
  shape->kv_heads = kd[2];
  *view = kk::AttentionMask();
  if (has_mask) {
    view->data = mask.typed_data();
    int64_t s_stride = 1;
    int64_t t_stride = md[3];
    int64_t n_stride = md[2] * t_stride;
    int64_t b_stride = md[1] * n_stride;
    view->stride_s = md[3] == 1 ? 0 : s_stride;
    view->stride_t = md[2] == 1 ? 0 : t_stride;
    view->stride_n = md[1] == 1 ? 0 : n_stride;
    view->stride_b = md[0] == 1 ? 0 : b_stride;
  }
  return ffi::Error::Success();
}

ffi::Error AttentionForward(ffi::AnyBuffer q, ffi::AnyBuffer k, ffi::AnyBuffer v,
                            ffi::Buffer<ffi::U8> mask, ffi::Result<ffi::AnyBuffer> out,
                            ffi::Result<ffi::Buffer<ffi::F32>> lse, bool causal,
                            bool has_mask, float scale) {
  kk::DType dtype;
  kk::AttentionShape shape;
  kk::AttentionMask view;
  if (auto e = dtype_of(q.element_type(), &dtype); e.failure()) return e;
  if (auto e = attention_geometry(q, k, mask, has_mask, &shape, &view); e.failure()) {
    return e;
  }
  return guarded([&] {
    kk::attention_forward(dtype, q.untyped_data(), k.untyped_data(), v.untyped_data(),
                          view, causal, scale, out->untyped_data(), lse->typed_data(),
                          shape);
  });
}

ffi::Error AttentionBackward(ffi::AnyBuffer q, ffi::AnyBuffer k, ffi::AnyBuffer v,
                             ffi::AnyBuffer out, ffi::AnyBuffer dout,
                             ffi::Buffer<ffi::F32> lse, ffi::Buffer<ffi::U8> mask,
                             ffi::Result<ffi::AnyBuffer> dq,
                             ffi::Result<ffi::AnyBuffer> dk,
                             ffi::Result<ffi::AnyBuffer> dv, bool causal, bool has_mask,
                             float scale) {
  kk::DType dtype;
  kk::AttentionShape shape;
  kk::AttentionMask view;
  if (auto e = dtype_of(q.element_type(), &dtype); e.failure()) return e;
  if (auto e = attention_geometry(q, k, mask, has_mask, &shape, &view); e.failure()) {
    return e;
  }
  return guarded([&] {
    kk::attention_backward(dtype, q.untyped_data(), k.untyped_data(),
                           v.untyped_data(), out.untyped_data(), dout.untyped_data(),
                           lse.typed_data(), view, causal, scale, dq->untyped_data(),
                           dk->untyped_data(), dv->untyped_data(), shape);
  });
}

// c [m, n] int32 = a [m, k] int8 @ b [k, n] int8 (the jax binding passes 2-D
// buffers; under vmap it calls once per slice).
ffi::Error Int8Matmul(ffi::Buffer<ffi::S8> a, ffi::Buffer<ffi::S8> b,
                      ffi::Result<ffi::Buffer<ffi::S32>> c) {
  auto ad = a.dimensions(), bd = b.dimensions();
  if (ad.size() != 2 || bd.size() != 2 || ad[1] != bd[0]) {
    return ffi::Error::InvalidArgument("int8_matmul takes [m, k] and [k, n] buffers");
  }
  return guarded([&] {
    kk::int8_matmul(a.typed_data(), b.typed_data(), c->typed_data(), ad[0], ad[1],
                    bd[1]);
  });
}

}  // namespace

XLA_FFI_DEFINE_HANDLER_SYMBOL(kInt8Matmul, Int8Matmul,
                              ffi::Ffi::Bind()
                                  .Arg<ffi::Buffer<ffi::S8>>()
                                  .Arg<ffi::Buffer<ffi::S8>>()
                                  .Ret<ffi::Buffer<ffi::S32>>());

XLA_FFI_DEFINE_HANDLER_SYMBOL(kLayerNormForward, LayerNormForward,
                              ffi::Ffi::Bind()
                                  .Arg<ffi::AnyBuffer>()
                                  .Arg<ffi::Buffer<ffi::F32>>()
                                  .Arg<ffi::Buffer<ffi::F32>>()
                                  .Ret<ffi::AnyBuffer>()
                                  .Ret<ffi::Buffer<ffi::F32>>()
                                  .Ret<ffi::Buffer<ffi::F32>>()
                                  .Attr<float>("epsilon"));

XLA_FFI_DEFINE_HANDLER_SYMBOL(kLayerNormBackward, LayerNormBackward,
                              ffi::Ffi::Bind()
                                  .Arg<ffi::AnyBuffer>()
                                  .Arg<ffi::AnyBuffer>()
                                  .Arg<ffi::Buffer<ffi::F32>>()
                                  .Arg<ffi::Buffer<ffi::F32>>()
                                  .Arg<ffi::Buffer<ffi::F32>>()
                                  .Ret<ffi::AnyBuffer>()
                                  .Ret<ffi::Buffer<ffi::F32>>()
                                  .Ret<ffi::Buffer<ffi::F32>>());

XLA_FFI_DEFINE_HANDLER_SYMBOL(kRmsNormForward, RmsNormForward,
                              ffi::Ffi::Bind()
                                  .Arg<ffi::AnyBuffer>()
                                  .Arg<ffi::Buffer<ffi::F32>>()
                                  .Ret<ffi::AnyBuffer>()
                                  .Ret<ffi::Buffer<ffi::F32>>()
                                  .Attr<float>("epsilon"));

XLA_FFI_DEFINE_HANDLER_SYMBOL(kRmsNormBackward, RmsNormBackward,
                              ffi::Ffi::Bind()
                                  .Arg<ffi::AnyBuffer>()
                                  .Arg<ffi::AnyBuffer>()
                                  .Arg<ffi::Buffer<ffi::F32>>()
                                  .Arg<ffi::Buffer<ffi::F32>>()
                                  .Ret<ffi::AnyBuffer>()
                                  .Ret<ffi::Buffer<ffi::F32>>());

XLA_FFI_DEFINE_HANDLER_SYMBOL(kAttentionForward, AttentionForward,
                              ffi::Ffi::Bind()
                                  .Arg<ffi::AnyBuffer>()
                                  .Arg<ffi::AnyBuffer>()
                                  .Arg<ffi::AnyBuffer>()
                                  .Arg<ffi::Buffer<ffi::U8>>()
                                  .Ret<ffi::AnyBuffer>()
                                  .Ret<ffi::Buffer<ffi::F32>>()
                                  .Attr<bool>("causal")
                                  .Attr<bool>("has_mask")
                                  .Attr<float>("scale"));

XLA_FFI_DEFINE_HANDLER_SYMBOL(kAttentionBackward, AttentionBackward,
                              ffi::Ffi::Bind()
                                  .Arg<ffi::AnyBuffer>()
                                  .Arg<ffi::AnyBuffer>()
                                  .Arg<ffi::AnyBuffer>()
                                  .Arg<ffi::AnyBuffer>()
                                  .Arg<ffi::AnyBuffer>()
                                  .Arg<ffi::Buffer<ffi::F32>>()
                                  .Arg<ffi::Buffer<ffi::U8>>()
                                  .Ret<ffi::AnyBuffer>()
                                  .Ret<ffi::AnyBuffer>()
                                  .Ret<ffi::AnyBuffer>()
                                  .Attr<bool>("causal")
                                  .Attr<bool>("has_mask")
                                  .Attr<float>("scale"));

namespace keras_kernels_ffi {

std::vector<Target> targets() {
  return {
      {"keras_layer_norm_forward", kLayerNormForward},
      {"keras_layer_norm_backward", kLayerNormBackward},
      {"keras_rms_norm_forward", kRmsNormForward},
      {"keras_rms_norm_backward", kRmsNormBackward},
      {"keras_attention_forward", kAttentionForward},
      {"keras_attention_backward", kAttentionBackward},
      {"keras_int8_matmul", kInt8Matmul},
  };
}

}  // namespace keras_kernels_ffi

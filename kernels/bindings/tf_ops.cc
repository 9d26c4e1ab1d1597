// TensorFlow custom ops over the CPU kernels: KerasLayerNorm(Grad), KerasRmsNorm(Grad),
// KerasAttention(Grad), KerasInt8Matmul (no gradient: integers). Gradients are registered in tf_ops.py. Shapes arrive flattened
// by the Python binding (norms: [rows, cols]; attention: Keras layout, a [b, n, t, s]
// uint8 mask whose axes are full or 1).
#include <cstdint>
#include <exception>

#include "kernels/attention/attention_api.h"
#include "kernels/int8_matmul/int8_matmul_api.h"
#include "kernels/layer_norm/layer_norm_api.h"
#include "tensorflow/core/framework/op.h"
#include "tensorflow/core/framework/op_kernel.h"
#include "tensorflow/core/framework/shape_inference.h"

namespace tf = tensorflow;
namespace kk = keras_kernels;
using tf::shape_inference::InferenceContext;

namespace {

void* data(const tf::Tensor& t) { return const_cast<char*>(t.tensor_data().data()); }

kk::DType dtype_of(tf::DataType type) {
  return type == tf::DT_BFLOAT16 ? kk::DType::kBFloat16 : kk::DType::kFloat32;
}

// Runs `body`; a C++ exception from a kernel (bad sizes) becomes an op error.
template <typename Body>
void guarded(tf::OpKernelContext* ctx, Body body) {
  try {
    body();
  } catch (const std::exception& e) {
    ctx->CtxFailure(__FILE__, __LINE__, absl::InvalidArgumentError(e.what()));
  }
}

bool rows_cols(tf::OpKernelContext* ctx, const tf::Tensor& x, int64_t* rows,
               int64_t* cols) {
  if (x.dims() != 2) {
    ctx->CtxFailure(__FILE__, __LINE__,
                    absl::InvalidArgumentError("norm ops take [rows, cols] tensors"));
    return false;
  }
  *rows = x.dim_size(0);
  *cols = x.dim_size(1);
  return true;
}

tf::Tensor* output(tf::OpKernelContext* ctx, int index, const tf::TensorShape& shape) {
  tf::Tensor* out = nullptr;
  auto status = ctx->allocate_output(index, shape, &out);
  if (!status.ok()) {
    ctx->SetStatus(status);
    return nullptr;
  }
  return out;
}

}  // namespace

REGISTER_OP("KerasLayerNorm")
    .Input("x: T")
    .Input("gamma: float")
    .Input("beta: float")
    .Output("y: T")
    .Output("mean: float")
    .Output("rstd: float")
    .Attr("T: {float, bfloat16}")
    .Attr("epsilon: float")
    .SetShapeFn([](InferenceContext* c) {
      c->set_output(0, c->input(0));
      c->set_output(1, c->Vector(c->Dim(c->input(0), 0)));
      c->set_output(2, c->Vector(c->Dim(c->input(0), 0)));
      return absl::OkStatus();
    });

REGISTER_OP("KerasLayerNormGrad")
    .Input("dy: T")
    .Input("x: T")
    .Input("gamma: float")
    .Input("mean: float")
    .Input("rstd: float")
    .Output("dx: T")
    .Output("dgamma: float")
    .Output("dbeta: float")
    .Attr("T: {float, bfloat16}")
    .SetShapeFn([](InferenceContext* c) {
      c->set_output(0, c->input(1));
      c->set_output(1, c->input(2));
      c->set_output(2, c->input(2));
      return absl::OkStatus();
    });

REGISTER_OP("KerasRmsNorm")
    .Input("x: T")
    .Input("scale: float")
    .Output("y: T")
    .Output("rstd: float")
    .Attr("T: {float, bfloat16}")
    .Attr("epsilon: float")
    .SetShapeFn([](InferenceContext* c) {
      c->set_output(0, c->input(0));
      c->set_output(1, c->Vector(c->Dim(c->input(0), 0)));
      return absl::OkStatus();
    });

REGISTER_OP("KerasRmsNormGrad")
    .Input("dy: T")
    .Input("x: T")
    .Input("scale: float")
    .Input("rstd: float")
    .Output("dx: T")
    .Output("dscale: float")
    .Attr("T: {float, bfloat16}")
    .SetShapeFn([](InferenceContext* c) {
      c->set_output(0, c->input(1));
      c->set_output(1, c->input(2));
      return absl::OkStatus();
    });

REGISTER_OP("KerasAttention")
    .Input("q: T")
    .Input("k: T")
    .Input("v: T")
    .Input("mask: uint8")
    .Output("out: T")
    .Output("lse: float")
    .Attr("T: {float, bfloat16}")
    .Attr("causal: bool")
    .Attr("has_mask: bool")
    .Attr("scale: float")
    .SetShapeFn([](InferenceContext* c) {
      auto q = c->input(0);
      c->set_output(0, q);
      c->set_output(1, c->MakeShape({c->Dim(q, 0), c->Dim(q, 2), c->Dim(q, 1)}));
      return absl::OkStatus();
    });

REGISTER_OP("KerasAttentionGrad")
    .Input("q: T")
    .Input("k: T")
    .Input("v: T")
    .Input("out: T")
    .Input("dout: T")
    .Input("lse: float")
    .Input("mask: uint8")
    .Output("dq: T")
    .Output("dk: T")
    .Output("dv: T")
    .Attr("T: {float, bfloat16}")
    .Attr("causal: bool")
    .Attr("has_mask: bool")
    .Attr("scale: float")
    .SetShapeFn([](InferenceContext* c) {
      c->set_output(0, c->input(0));
      c->set_output(1, c->input(1));
      c->set_output(2, c->input(2));
      return absl::OkStatus();
    });

// c [m, n] int32 = a [m, k] int8 @ b [k, n] int8.
REGISTER_OP("KerasInt8Matmul")
    .Input("a: int8")
    .Input("b: int8")
    .Output("c: int32")
    .SetShapeFn([](InferenceContext* c) {
      c->set_output(0, c->Matrix(c->Dim(c->input(0), 0), c->Dim(c->input(1), 1)));
      return absl::OkStatus();
    });

namespace {

class Int8MatmulOp : public tf::OpKernel {
 public:
  using OpKernel::OpKernel;
  void Compute(tf::OpKernelContext* ctx) override {
    const tf::Tensor& a = ctx->input(0);
    const tf::Tensor& b = ctx->input(1);
    if (a.dims() != 2 || b.dims() != 2 || a.dim_size(1) != b.dim_size(0)) {
      ctx->CtxFailure(__FILE__, __LINE__,
                      absl::InvalidArgumentError(
                          "KerasInt8Matmul takes [m, k] and [k, n] int8 tensors"));
      return;
    }
    const int64_t m = a.dim_size(0), k = a.dim_size(1), n = b.dim_size(1);
    tf::Tensor* c = output(ctx, 0, tf::TensorShape({m, n}));
    if (!c) return;
    guarded(ctx, [&] {
      kk::int8_matmul(static_cast<const int8_t*>(data(a)),
                      static_cast<const int8_t*>(data(b)),
                      static_cast<int32_t*>(data(*c)), m, k, n);
    });
  }
};

class LayerNormOp : public tf::OpKernel {
 public:
  explicit LayerNormOp(tf::OpKernelConstruction* ctx) : OpKernel(ctx) {
    OP_REQUIRES_OK(ctx, ctx->GetAttr("epsilon", &epsilon_));
  }
  void Compute(tf::OpKernelContext* ctx) override {
    const tf::Tensor& x = ctx->input(0);
    int64_t rows, cols;
    if (!rows_cols(ctx, x, &rows, &cols)) return;
    tf::Tensor* y = output(ctx, 0, x.shape());
    tf::Tensor* mean = output(ctx, 1, tf::TensorShape({rows}));
    tf::Tensor* rstd = output(ctx, 2, tf::TensorShape({rows}));
    if (!y || !mean || !rstd) return;
    guarded(ctx, [&] {
      kk::layer_norm_forward(dtype_of(x.dtype()), data(x),
                             static_cast<float*>(data(ctx->input(1))),
                             static_cast<float*>(data(ctx->input(2))), data(*y),
                             static_cast<float*>(data(*mean)),
                             static_cast<float*>(data(*rstd)), rows, cols, epsilon_);
    });
  }

 private:
  float epsilon_;
};

class LayerNormGradOp : public tf::OpKernel {
 public:
  using OpKernel::OpKernel;
  void Compute(tf::OpKernelContext* ctx) override {
    const tf::Tensor& x = ctx->input(1);
    int64_t rows, cols;
    if (!rows_cols(ctx, x, &rows, &cols)) return;
    tf::Tensor* dx = output(ctx, 0, x.shape());
    tf::Tensor* dgamma = output(ctx, 1, tf::TensorShape({cols}));
    tf::Tensor* dbeta = output(ctx, 2, tf::TensorShape({cols}));
    if (!dx || !dgamma || !dbeta) return;
    guarded(ctx, [&] {
      kk::layer_norm_backward(
          dtype_of(x.dtype()), data(ctx->input(0)), data(x),
          static_cast<float*>(data(ctx->input(2))),
          static_cast<float*>(data(ctx->input(3))),
          static_cast<float*>(data(ctx->input(4))), data(*dx),
          static_cast<float*>(data(*dgamma)), static_cast<float*>(data(*dbeta)), rows,
          cols);
    });
  }
};

class RmsNormOp : public tf::OpKernel {
 public:
  explicit RmsNormOp(tf::OpKernelConstruction* ctx) : OpKernel(ctx) {
    OP_REQUIRES_OK(ctx, ctx->GetAttr("epsilon", &epsilon_));
  }
  void Compute(tf::OpKernelContext* ctx) override {
    const tf::Tensor& x = ctx->input(0);
    int64_t rows, cols;
    if (!rows_cols(ctx, x, &rows, &cols)) return;
    tf::Tensor* y = output(ctx, 0, x.shape());
    tf::Tensor* rstd = output(ctx, 1, tf::TensorShape({rows}));
    if (!y || !rstd) return;
    guarded(ctx, [&] {
      kk::rms_norm_forward(dtype_of(x.dtype()), data(x),
                           static_cast<float*>(data(ctx->input(1))), data(*y),
                           static_cast<float*>(data(*rstd)), rows, cols, epsilon_);
    });
  }

 private:
  float epsilon_;
};

class RmsNormGradOp : public tf::OpKernel {
 public:
  using OpKernel::OpKernel;
  void Compute(tf::OpKernelContext* ctx) override {
    const tf::Tensor& x = ctx->input(1);
    int64_t rows, cols;
    if (!rows_cols(ctx, x, &rows, &cols)) return;
    tf::Tensor* dx = output(ctx, 0, x.shape());
    tf::Tensor* dscale = output(ctx, 1, tf::TensorShape({cols}));
    if (!dx || !dscale) return;
    guarded(ctx, [&] {
      kk::rms_norm_backward(dtype_of(x.dtype()), data(ctx->input(0)), data(x),
                            static_cast<float*>(data(ctx->input(2))),
                            static_cast<float*>(data(ctx->input(3))), data(*dx),
                            static_cast<float*>(data(*dscale)), rows, cols);
    });
  }
};

// The attention ops' shared attributes and geometry.
class AttentionBase : public tf::OpKernel {
 public:
  explicit AttentionBase(tf::OpKernelConstruction* ctx) : OpKernel(ctx) {
    OP_REQUIRES_OK(ctx, ctx->GetAttr("causal", &causal_));
    OP_REQUIRES_OK(ctx, ctx->GetAttr("has_mask", &has_mask_));
    OP_REQUIRES_OK(ctx, ctx->GetAttr("scale", &scale_));
  }

 protected:
  bool geometry(tf::OpKernelContext* ctx, const tf::Tensor& q, const tf::Tensor& k,
                const tf::Tensor& mask, kk::AttentionShape* shape,
                kk::AttentionMask* view) {
    if (q.dims() != 4 || k.dims() != 4 || mask.dims() != 4) {
      ctx->CtxFailure(__FILE__, __LINE__,
                      absl::InvalidArgumentError(
                          "KerasAttention takes rank-4 q, k, v and mask"));
      return false;
    }
    shape->batch = q.dim_size(0);
    shape->q_len = q.dim_size(1);
    shape->q_heads = q.dim_size(2);
    shape->head_dim = q.dim_size(3);
    shape->kv_len = k.dim_size(1);
    shape->kv_heads = k.dim_size(2);
    *view = kk::AttentionMask();
    if (has_mask_) {
      view->data = static_cast<const uint8_t*>(data(mask));
      int64_t t_stride = mask.dim_size(3);
      int64_t n_stride = mask.dim_size(2) * t_stride;
      int64_t b_stride = mask.dim_size(1) * n_stride;
      view->stride_s = mask.dim_size(3) == 1 ? 0 : 1;
      view->stride_t = mask.dim_size(2) == 1 ? 0 : t_stride;
      view->stride_n = mask.dim_size(1) == 1 ? 0 : n_stride;
      view->stride_b = mask.dim_size(0) == 1 ? 0 : b_stride;
    }
    return true;
  }
  bool causal_;
  bool has_mask_;
  float scale_;
};

class AttentionOp : public AttentionBase {
 public:
  using AttentionBase::AttentionBase;
  void Compute(tf::OpKernelContext* ctx) override {
    const tf::Tensor& q = ctx->input(0);
    kk::AttentionShape shape;
    kk::AttentionMask view;
    if (!geometry(ctx, q, ctx->input(1), ctx->input(3), &shape, &view)) return;
    tf::Tensor* out = output(ctx, 0, q.shape());
    tf::Tensor* lse =
        output(ctx, 1, tf::TensorShape({shape.batch, shape.q_heads, shape.q_len}));
    if (!out || !lse) return;
    guarded(ctx, [&] {
      kk::attention_forward(dtype_of(q.dtype()), data(q), data(ctx->input(1)),
                            data(ctx->input(2)), view, causal_, scale_, data(*out),
                            static_cast<float*>(data(*lse)), shape);
    });
  }
};

class AttentionGradOp : public AttentionBase {
 public:
  using AttentionBase::AttentionBase;
  void Compute(tf::OpKernelContext* ctx) override {
    const tf::Tensor& q = ctx->input(0);
    const tf::Tensor& k = ctx->input(1);
    kk::AttentionShape shape;
    kk::AttentionMask view;
    if (!geometry(ctx, q, k, ctx->input(6), &shape, &view)) return;
    tf::Tensor* dq = output(ctx, 0, q.shape());
    tf::Tensor* dk = output(ctx, 1, k.shape());
    tf::Tensor* dv = output(ctx, 2, ctx->input(2).shape());
    if (!dq || !dk || !dv) return;
    guarded(ctx, [&] {
      kk::attention_backward(dtype_of(q.dtype()), data(q), data(k),
                             data(ctx->input(2)), data(ctx->input(3)),
                             data(ctx->input(4)),
                             static_cast<float*>(data(ctx->input(5))), view, causal_,
                             scale_, data(*dq), data(*dk), data(*dv), shape);
    });
  }
};

}  // namespace

#define KERAS_REGISTER_CPU(name, op)                                              \
  REGISTER_KERNEL_BUILDER(                                                        \
      Name(name).Device(tf::DEVICE_CPU).TypeConstraint<float>("T"), op);          \
  REGISTER_KERNEL_BUILDER(                                                        \
      Name(name).Device(tf::DEVICE_CPU).TypeConstraint<tf::bfloat16>("T"), op)

KERAS_REGISTER_CPU("KerasLayerNorm", LayerNormOp);
KERAS_REGISTER_CPU("KerasLayerNormGrad", LayerNormGradOp);
KERAS_REGISTER_CPU("KerasRmsNorm", RmsNormOp);
KERAS_REGISTER_CPU("KerasRmsNormGrad", RmsNormGradOp);
KERAS_REGISTER_CPU("KerasAttention", AttentionOp);
KERAS_REGISTER_CPU("KerasAttentionGrad", AttentionGradOp);
REGISTER_KERNEL_BUILDER(Name("KerasInt8Matmul").Device(tf::DEVICE_CPU), Int8MatmulOp);

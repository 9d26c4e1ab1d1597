// The public attention entry points: validate, then call the build cpu_isa() names.
#include <stdexcept>
#include <string>

#include "kernels/attention/attention_api.h"
#include "kernels/common/isa.h"

namespace keras_kernels {
namespace {

void check_shape(const AttentionShape& shape) {
  const struct {
    const char* name;
    int64_t value;
  } sizes[] = {{"batch", shape.batch},       {"q_len", shape.q_len},
               {"kv_len", shape.kv_len},     {"q_heads", shape.q_heads},
               {"kv_heads", shape.kv_heads}, {"head_dim", shape.head_dim}};
  for (const auto& size : sizes) {
    if (size.value < 0) {
      throw std::invalid_argument(std::string("attention: shape.") + size.name +
                                  " must be >= 0, got " + std::to_string(size.value));
    }
  }
  if (shape.q_heads > 0 &&
      (shape.kv_heads == 0 || shape.q_heads % shape.kv_heads != 0)) {
    throw std::invalid_argument(
        "attention: shape.kv_heads must divide shape.q_heads (grouped-query "
        "attention), got q_heads=" +
        std::to_string(shape.q_heads) +
        " and kv_heads=" + std::to_string(shape.kv_heads));
  }
}

void check_pointer(const void* ptr, const char* name, int64_t elements) {
  if (ptr == nullptr && elements > 0) {
    throw std::invalid_argument(std::string("attention: `") + name +
                                "` is null but holds " + std::to_string(elements) +
                                " elements");
  }
}

void check_dtype(DType dtype) {
  if (dtype != DType::kFloat32 && dtype != DType::kBFloat16) {
    throw std::invalid_argument(
        "attention: dtype must be float32 or bfloat16, got code " +
        std::to_string(static_cast<int>(dtype)));
  }
}

int64_t q_elements(const AttentionShape& s) {
  return s.batch * s.q_len * s.q_heads * s.head_dim;
}
int64_t kv_elements(const AttentionShape& s) {
  return s.batch * s.kv_len * s.kv_heads * s.head_dim;
}

}  // namespace

void attention_forward(DType dtype, const void* q, const void* k, const void* v,
                       const AttentionMask& mask, bool causal, float scale, void* out,
                       float* lse, const AttentionShape& shape) {
  check_dtype(dtype);
  check_shape(shape);
  check_pointer(q, "q", q_elements(shape));
  check_pointer(k, "k", kv_elements(shape));
  check_pointer(v, "v", kv_elements(shape));
  check_pointer(out, "out", q_elements(shape));
  if (dtype == DType::kFloat32) {
    auto fn = &generic::attention_forward_f32;
    if (cpu_isa() == Isa::kAvx512) fn = &avx512::attention_forward_f32;
    if (cpu_isa() == Isa::kAvx2) fn = &avx2::attention_forward_f32;
    fn(static_cast<const float*>(q), static_cast<const float*>(k),
       static_cast<const float*>(v), mask, causal, scale, static_cast<float*>(out), lse,
       shape);
    return;
  }
  auto fn = &generic::attention_forward_bf16;
  if (cpu_isa() == Isa::kAvx512) fn = &avx512::attention_forward_bf16;
  if (cpu_isa() == Isa::kAvx2) fn = &avx2::attention_forward_bf16;
  fn(static_cast<const bfloat16*>(q), static_cast<const bfloat16*>(k),
     static_cast<const bfloat16*>(v), mask, causal, scale, static_cast<bfloat16*>(out),
     lse, shape);
}

void attention_backward(DType dtype, const void* q, const void* k, const void* v,
                        const void* out, const void* dout, const float* lse,
                        const AttentionMask& mask, bool causal, float scale, void* dq,
                        void* dk, void* dv, const AttentionShape& shape) {
  check_dtype(dtype);
  check_shape(shape);
  const int64_t nq = q_elements(shape), nkv = kv_elements(shape);
  check_pointer(q, "q", nq);
  check_pointer(k, "k", nkv);
  check_pointer(v, "v", nkv);
  check_pointer(out, "out", nq);
  check_pointer(dout, "dout", nq);
  check_pointer(lse, "lse", shape.batch * shape.q_heads * shape.q_len);
  check_pointer(dq, "dq", nq);
  check_pointer(dk, "dk", nkv);
  check_pointer(dv, "dv", nkv);
  if (dtype == DType::kFloat32) {
    auto fn = &generic::attention_backward_f32;
    if (cpu_isa() == Isa::kAvx512) fn = &avx512::attention_backward_f32;
    if (cpu_isa() == Isa::kAvx2) fn = &avx2::attention_backward_f32;
    fn(static_cast<const float*>(q), static_cast<const float*>(k),
       static_cast<const float*>(v), static_cast<const float*>(out),
       static_cast<const float*>(dout), lse, mask, causal, scale,
       static_cast<float*>(dq), static_cast<float*>(dk), static_cast<float*>(dv),
       shape);
    return;
  }
  auto fn = &generic::attention_backward_bf16;
  if (cpu_isa() == Isa::kAvx512) fn = &avx512::attention_backward_bf16;
  if (cpu_isa() == Isa::kAvx2) fn = &avx2::attention_backward_bf16;
  fn(static_cast<const bfloat16*>(q), static_cast<const bfloat16*>(k),
     static_cast<const bfloat16*>(v), static_cast<const bfloat16*>(out),
     static_cast<const bfloat16*>(dout), lse, mask, causal, scale,
     static_cast<bfloat16*>(dq), static_cast<bfloat16*>(dk), static_cast<bfloat16*>(dv),
     shape);
}

}  // namespace keras_kernels

// Fused scaled dot-product attention on the CPU: forward and backward.
//
// The engine bindings call these two functions; they pick the instruction-set build
// the CPU runs (kernels/common/isa.h) and split the work over the kernel thread pool.
#ifndef KERAS_KERNELS_ATTENTION_ATTENTION_API_H_
#define KERAS_KERNELS_ATTENTION_ATTENTION_API_H_

#include <cstdint>

#include "kernels/common/bfloat16.h"  // keras_kernels::DType, bfloat16
#include "kernels/common/isa.h"

namespace keras_kernels {

struct AttentionShape {
  int64_t batch, q_len, kv_len, q_heads, kv_heads, head_dim;  // B, T, S, N, K, H
};

// An optional boolean mask, nonzero = attend, read as
// data[b * stride_b + n * stride_n + t * stride_t + s * stride_s] (strides in elements;
// a zero stride broadcasts that axis). data == nullptr: no mask.
struct AttentionMask {
  const uint8_t* data = nullptr;
  int64_t stride_b = 0, stride_n = 0, stride_t = 0, stride_s = 0;
};

// Keras layout, all contiguous, of `dtype`: q and out [B, T, N, H]; k and v [B, S, K, H].
// K divides N: query head n uses key/value head n / (N / K) (grouped-query attention).
// logits[t, s] = scale * dot(q[t], k[s]); a position is masked where mask is 0, and when
// `causal` where s > t (Keras: tril(ones(T, S)), top-left aligned). A masked logit is
// the finite value -0.7 * FLT_MAX (the reference composition's), NOT -inf, so a query
// whose keys are all masked gets equal weights over all S keys (out = mean of v), as the
// reference does. softmax over s, out = weights . v. Accumulate in float32.
// lse: [B, N, T] float32 output, log(sum_s exp(logit - max)) + max per query row
// (for the backward pass), or nullptr.
// S == 0 (no keys) gives out = 0 and lse = -inf. Throws std::invalid_argument for
// negative sizes, K not dividing N, or a null pointer for a non-empty tensor.
void attention_forward(DType dtype, const void* q, const void* k, const void* v,
                       const AttentionMask& mask, bool causal, float scale, void* out,
                       float* lse, const AttentionShape& shape);

// Gradients of out with respect to q, k, v given d(out) = dout: dq [B, T, N, H],
// dk and dv [B, S, K, H] (summed over the query heads sharing a key/value head), of
// `dtype`, overwritten. out and lse come from attention_forward with the same inputs.
// A row whose keys are all masked is recognised by its lse (the masked logit), so lse
// must be the forward's, not recomputed another way.
void attention_backward(DType dtype, const void* q, const void* k, const void* v,
                        const void* out, const void* dout, const float* lse,
                        const AttentionMask& mask, bool causal, float scale, void* dq,
                        void* dk, void* dv, const AttentionShape& shape);

// The typed entry points of each instruction-set build (attention_cpu.cc), called by
// the two functions above after validating the arguments; the tests call every build
// the CPU supports through them. They expect validated arguments.
KK_DECLARE_FOR_EACH_ISA(
    void attention_forward_f32(const float* q, const float* k, const float* v,
                               const AttentionMask& mask, bool causal, float scale,
                               float* out, float* lse, const AttentionShape& shape);
    void attention_forward_bf16(const bfloat16* q, const bfloat16* k, const bfloat16* v,
                                const AttentionMask& mask, bool causal, float scale,
                                bfloat16* out, float* lse, const AttentionShape& shape);
    void attention_backward_f32(const float* q, const float* k, const float* v,
                                const float* out, const float* dout, const float* lse,
                                const AttentionMask& mask, bool causal, float scale,
                                float* dq, float* dk, float* dv,
                                const AttentionShape& shape);
    void attention_backward_bf16(const bfloat16* q, const bfloat16* k,
                                 const bfloat16* v, const bfloat16* out,
                                 const bfloat16* dout, const float* lse,
                                 const AttentionMask& mask, bool causal, float scale,
                                 bfloat16* dq, bfloat16* dk, bfloat16* dv,
                                 const AttentionShape& shape);)

}  // namespace keras_kernels

#endif  // KERAS_KERNELS_ATTENTION_ATTENTION_API_H_

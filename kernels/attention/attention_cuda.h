// Fused scaled dot-product attention on an NVIDIA GPU (sm_90), forward and backward:
// the CUDA counterparts of attention_api.h, with the same layout, mask, causal and
// grouped-query semantics (see there), over device pointers.
//
// Every function is asynchronous on `stream` (a cudaStream_t passed as void*, so
// that this header needs no CUDA headers; nullptr is the legacy default stream). The
// mask's `data` is a device pointer too. They throw std::invalid_argument for the
// arguments attention_api.h rejects and for head_dim > 256, and std::runtime_error
// when CUDA refuses a launch or an allocation.
//
// Two implementations, picked per call:
// - tensor cores (mma.sync m16n8k16, bfloat16 in, float32 accumulation), for
//   bfloat16 with head_dim 64 or 128 and 16-byte aligned tensors: FlashAttention-2
//   style, one block per (batch, head, 128 query rows) forward, one block per
//   (batch, kv head, 64 keys) backward;
// - CUDA cores (float32 FMA tiles in shared memory), for everything else up to
//   head_dim 256, float32 and bfloat16 alike.
// Both accumulate in float32; dq goes through a float32 scratch buffer with atomic
// adds (so its last bits may differ from run to run), dk and dv do not.
#ifndef KERAS_KERNELS_ATTENTION_ATTENTION_CUDA_H_
#define KERAS_KERNELS_ATTENTION_ATTENTION_CUDA_H_

#include <cstddef>
#include <cstdint>

#include "kernels/attention/attention_api.h"  // AttentionShape, AttentionMask, DType

namespace keras_kernels {
namespace cuda {

// Largest head_dim the CUDA kernels take.
constexpr int64_t kAttentionMaxHeadDim = 256;

// out [B, T, N, H] of `dtype`; lse [B, N, T] float32 or nullptr. As
// keras_kernels::attention_forward: a fully masked query row gets the mean of v and
// lse = the masked logit (-0.7 * FLT_MAX) + log(S); S == 0 gives out = 0 and
// lse = -inf.
void attention_forward(DType dtype, const void* q, const void* k, const void* v,
                       const AttentionMask& mask, bool causal, float scale, void* out,
                       float* lse, const AttentionShape& shape, void* stream);

// Bytes of device scratch attention_backward uses: float32 dq accumulators
// [B, T, N, H], D = rowsum(dout * out) [B, N, T] and the dv share of fully masked
// rows [B, K, H], each rounded up to 256 bytes.
size_t attention_backward_workspace_bytes(const AttentionShape& shape);

// dq [B, T, N, H], dk and dv [B, S, K, H] of `dtype` (overwritten); out and lse from
// attention_forward with the same inputs. `workspace`: at least
// attention_backward_workspace_bytes(shape) bytes of device memory (e.g. from the
// engine's allocator), or nullptr to have it taken with cudaMallocAsync on `stream`
// and given back with cudaFreeAsync after the kernels.
void attention_backward(DType dtype, const void* q, const void* k, const void* v,
                        const void* out, const void* dout, const float* lse,
                        const AttentionMask& mask, bool causal, float scale, void* dq,
                        void* dk, void* dv, const AttentionShape& shape, void* stream,
                        void* workspace = nullptr);

// Which implementation the calls take: kAuto picks as described above; kCudaCores
// forces the CUDA-core kernels everywhere (tests and benchmarks compare the two on
// the same inputs). Process-wide; not meant to change while kernels are queued.
enum class AttentionPath : int { kAuto = 0, kCudaCores = 1 };
void set_attention_path(AttentionPath path);

// Whether a call with these arguments takes the tensor-core kernels (under the
// current AttentionPath); `aligned`: every tensor pointer is 16-byte aligned.
bool attention_uses_tensor_cores(DType dtype, const AttentionShape& shape,
                                 bool aligned = true);

}  // namespace cuda
}  // namespace keras_kernels

#endif  // KERAS_KERNELS_ATTENTION_ATTENTION_CUDA_H_

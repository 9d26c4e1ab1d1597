// Fused attention on the GPU (sm_90); the contract is attention_cuda.h, the
// semantics those of attention_api.h (the CPU kernels): Keras layout q [B, T, N, H],
// k / v [B, S, K, H], query head n reads key/value head n / (N / K), causal is
// top-left aligned (key s is masked for query t when s > t), a masked logit is the
// finite -0.7 * FLT_MAX (so a fully masked row averages v), lse [B, N, T].
//
// Forward (both implementations): one block per (b, n, tile of query rows), walking
// the key tiles in order with an online softmax (running max m and sum l per row; the
// output accumulator is rescaled by exp(m_old - m_new) when the max grows). Under the
// causal mask the key tiles wholly above the diagonal are skipped. At the end a row
// whose max is the masked logit had every key masked: its output is the mean of v
// over all S keys (the skipped tiles included) and its lse masked + log(S), as the
// reference composition gives. Blocks are numbered so that the query tiles with the
// most key tiles (the last ones, under the causal mask) start first.
//
// Backward (FlashAttention-2): D = rowsum(dout * out) first (delta_kernel), then one
// block per (b, kv head, key tile), looping over every query tile of every query head
// sharing that kv head (from the diagonal on, under the causal mask): P = exp(S - lse)
// is recomputed, dV += P^T dO, dK += dS^T Q with dS = P * (dO V^T - D), and
// dQ += dS K is added with atomics into a float32 buffer that dq_finalize_kernel
// scales and converts. Fully masked rows (lse <= half the masked logit) take no
// gradient through their logits; their dout / S goes to every dv row
// (masked_rows_kernel sums it per kv head).
//
// Tensor-core kernels (bfloat16, head_dim 64 / 128): warp-level mma.sync m16n8k16
// (bf16 x bf16 -> f32). Tiles come into shared memory with cp.async (16-byte chunks,
// zero-filled past the end of the tensor), laid out with an XOR swizzle of the
// 16-byte chunks so that the ldmatrix reads of 8 rows hit 8 different bank groups,
// and double buffered. The fragment layouts used below (PTX ISA, "Matrix Fragments for
// mma.m16n8k16", and ldmatrix): with lane = 4 * gr + tq (gr = group, tq = thread in
// group),
//   A (16 x 16, row major): a0 = A[gr][2tq, 2tq+1], a1 = A[gr+8][2tq..],
//                           a2 = A[gr][2tq+8..],  a3 = A[gr+8][2tq+8..];
//   B (16 x 8, k x n):      b0 = B[2tq, 2tq+1][gr], b1 = B[2tq+8, 2tq+9][gr];
//   C (16 x 8, f32):        c0, c1 = C[gr][2tq, 2tq+1], c2, c3 = C[gr+8][2tq..];
//   ldmatrix.x4: lanes 8i..8i+7 give the row addresses of 8x8 matrix i, which lands
//   in register i as M[gr][2tq, 2tq+1] (.trans: M[2tq, 2tq+1][gr]).
// So C of S = Q K^T, converted to bf16 pairs, is already the A operand of P V (no
// shuffles), row-major K in shared memory is the B operand of Q K^T (plain ldmatrix),
// and row-major V is the B operand of P V (ldmatrix.trans).
//
// CUDA-core kernels (float32 or bfloat16, any head_dim up to 256, padded to HP = 32,
// 64, 128 or 256): 256 threads as a 16 x 16 grid, each computing a small register
// tile of every product from shared memory (rows ty + 16 i, columns tx + 16 j), with
// the tiles padded by one float per row where a warp reads down a column.
#include <cuda_bf16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <atomic>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "kernels/attention/attention_cuda.h"

namespace keras_kernels {
namespace cuda {
namespace {

// The reference composition's masked logit, and the lse below which a row counts as
// fully masked (a real lse is at least its row's largest logit).
constexpr float kMaskedLogit = -0.7f * FLT_MAX;
constexpr float kFullyMaskedLse = 0.5f * kMaskedLogit;
constexpr float kLog2e = 1.4426950408889634f;
constexpr float kLn2 = 0.6931471805599453f;

// ---------------------------------------------------------------------------------
// Elements: bfloat16 travels as its 16 bits (uint16_t).

__device__ __forceinline__ float to_f(float x) { return x; }
__device__ __forceinline__ float to_f(uint16_t x) {
  return __uint_as_float(static_cast<uint32_t>(x) << 16);
}
template <typename T>
__device__ __forceinline__ T from_f(float x);
template <>
__device__ __forceinline__ float from_f<float>(float x) {
  return x;
}
template <>
__device__ __forceinline__ uint16_t from_f<uint16_t>(float x) {
  return __bfloat16_as_ushort(__float2bfloat16_rn(x));
}

// Two floats as a bf16 pair, `lo` in the low half (the lower column of a fragment).
__device__ __forceinline__ uint32_t pack_bf16(float lo, float hi) {
  const __nv_bfloat162 pair = __floats2bfloat162_rn(lo, hi);
  return *reinterpret_cast<const uint32_t*>(&pair);
}

__device__ __forceinline__ float warp_max(float x) {
#pragma unroll
  for (int offset = 16; offset > 0; offset /= 2) {
    x = fmaxf(x, __shfl_xor_sync(0xffffffffu, x, offset));
  }
  return x;
}

__device__ __forceinline__ float warp_sum(float x) {
#pragma unroll
  for (int offset = 16; offset > 0; offset /= 2) {
    x += __shfl_xor_sync(0xffffffffu, x, offset);
  }
  return x;
}

// ---------------------------------------------------------------------------------
// What every kernel reads: pointers (untyped; each kernel casts to its element type),
// the mask, and the sizes.

struct Params {
  const void* q;
  const void* k;
  const void* v;
  const void* out;   // backward input
  const void* dout;  // backward input
  void* out_w;       // forward output
  float* lse;        // forward output (may be null)
  const float* lse_in;
  void* dk;
  void* dv;
  float* dq_acc;  // [B, T, N, H] float32, zeroed before the backward kernel
  float* delta;   // [B, N, T]
  float* msum;    // [B, K, H] or null (no mask: no fully masked rows)
  const uint8_t* mask;
  int64_t mask_sb, mask_sn, mask_st, mask_ss;
  int causal;
  float scale;
  int B, T, S, N, K, H, group;
};

__device__ __forceinline__ int64_t q_index(const Params& p, int b, int t, int n) {
  return ((static_cast<int64_t>(b) * p.T + t) * p.N + n) * p.H;
}
__device__ __forceinline__ int64_t kv_index(const Params& p, int b, int s, int kvh) {
  return ((static_cast<int64_t>(b) * p.S + s) * p.K + kvh) * p.H;
}
__device__ __forceinline__ int64_t row_index(const Params& p, int b, int n, int t) {
  return (static_cast<int64_t>(b) * p.N + n) * p.T + t;
}

// Whether query t of head n attends to key s (t < T and s < S: the mask is only
// read inside the tensor).
__device__ __forceinline__ bool attends(const Params& p, int b, int n, int t, int s) {
  if (p.causal && s > t) return false;
  if (p.mask == nullptr) return true;
  return p.mask[b * p.mask_sb + n * p.mask_sn + t * p.mask_st + s * p.mask_ss] != 0;
}

__host__ __device__ constexpr int ceil_div_i(int a, int b) { return (a + b - 1) / b; }

// The mean over all S keys of v[b, s, kvh, h]: the output of a fully masked row.
// Rare, so read straight from global memory, and kept out of line (scalar
// arguments: a reference to the kernel's Params would copy them to the stack).
template <typename T>
__device__ __noinline__ float mean_of_v(const void* v, int64_t first, int64_t stride,
                                        int S) {
  const T* at = static_cast<const T*>(v) + first;
  float sum = 0.0f;
  for (int s = 0; s < S; ++s) sum += to_f(at[s * stride]);
  return sum * (1.0f / static_cast<float>(S));
}

// ---------------------------------------------------------------------------------
// Small kernels.

__global__ void fill_kernel(float* data, int64_t count, float value) {
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
       i < count; i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    data[i] = value;
  }
}

// delta[b, n, t] = sum_h dout * out, one warp per row of q's layout (b, t, n).
template <typename T>
__global__ void delta_kernel(Params p) {
  const int64_t row =
      (static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x) / 32;
  const int lane = threadIdx.x % 32;
  if (row >= static_cast<int64_t>(p.B) * p.T * p.N) return;  // whole warps leave
  const T* o = static_cast<const T*>(p.out) + row * p.H;
  const T* d = static_cast<const T*>(p.dout) + row * p.H;
  float sum = 0.0f;
  for (int h = lane; h < p.H; h += 32) sum += to_f(o[h]) * to_f(d[h]);
  sum = warp_sum(sum);
  if (lane == 0) {
    const int n = static_cast<int>(row % p.N);
    const int t = static_cast<int>((row / p.N) % p.T);
    const int b = static_cast<int>(row / (static_cast<int64_t>(p.N) * p.T));
    p.delta[row_index(p, b, n, t)] = sum;
  }
}

// msum[b, kvh, h] = sum of dout[b, t, n, h] over the fully masked rows (t, n) of the
// query heads of kvh, divided by S: one block per (b, kvh).
template <typename T>
__global__ void masked_rows_kernel(Params p) {
  const int b = blockIdx.x / p.K, kvh = blockIdx.x % p.K;
  const T* dout = static_cast<const T*>(p.dout);
  for (int h = threadIdx.x; h < p.H; h += blockDim.x) {
    float sum = 0.0f;
    for (int n = kvh * p.group; n < (kvh + 1) * p.group; ++n) {
      for (int t = 0; t < p.T; ++t) {
        if (p.lse_in[row_index(p, b, n, t)] <= kFullyMaskedLse) {
          sum += to_f(dout[q_index(p, b, t, n) + h]);
        }
      }
    }
    p.msum[(static_cast<int64_t>(b) * p.K + kvh) * p.H + h] =
        sum * (1.0f / static_cast<float>(p.S));
  }
}

// dq = scale * dq_acc in the element type.
template <typename T>
__global__ void dq_finalize_kernel(const float* acc, T* dq, int64_t count,
                                   float scale) {
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
       i < count; i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    dq[i] = from_f<T>(scale * acc[i]);
  }
}

// ---------------------------------------------------------------------------------
// CUDA-core forward: BR query rows x BC keys per step, head_dim padded to HP.

template <int HP, int BR, int BC>
struct SimtForward {
  static constexpr int kThreads = 256;
  static constexpr int kQStride = HP + 1;  // rows of q read down a column
  static constexpr int kKStride = BC + 1;  // K^T rows: written down a column
  static constexpr int kPStride = BC + 1;
  static constexpr int kRows = BR / 16, kKeys = BC / 16, kDims = HP / 16;
  static constexpr int kSmemFloats =
      BR * kQStride + HP * kKStride + BC * HP + BR * kPStride + 3 * BR;
  static_assert(BR % 16 == 0 && BC % 32 == 0 && HP % 16 == 0, "tile shapes");
};

template <typename T, int HP, int BR, int BC>
__global__ void __launch_bounds__(256) simt_forward_kernel(Params p) {
  using Tile = SimtForward<HP, BR, BC>;
  extern __shared__ __align__(128) unsigned char smem_raw[];
  float* qs = reinterpret_cast<float*>(smem_raw);  // [BR][kQStride]: scale * q
  float* kt = qs + BR * Tile::kQStride;            // [HP][kKStride]: K^T
  float* vs = kt + HP * Tile::kKStride;            // [BC][HP]
  float* ps = vs + BC * HP;                        // [BR][kPStride]: logits, P
  float* row_m = ps + BR * Tile::kPStride;         // [BR]
  float* row_l = row_m + BR;                       // [BR]
  float* row_alpha = row_l + BR;                   // [BR]

  const T* q = static_cast<const T*>(p.q);
  const T* k = static_cast<const T*>(p.k);
  const T* v = static_cast<const T*>(p.v);
  const int nqb = ceil_div_i(p.T, BR);
  const int task = blockIdx.x;
  const int qb = nqb - 1 - task % nqb;
  const int n = (task / nqb) % p.N;
  const int b = task / (nqb * p.N);
  const int kvh = n / p.group;
  const int t0 = qb * BR;
  const int tid = threadIdx.x, tx = tid % 16, ty = tid / 16;

  for (int i = tid; i < BR * HP; i += Tile::kThreads) {
    const int r = i / HP, h = i % HP, t = t0 + r;
    float value = 0.0f;
    if (t < p.T && h < p.H) value = p.scale * to_f(q[q_index(p, b, t, n) + h]);
    qs[r * Tile::kQStride + h] = value;
  }
  for (int r = tid; r < BR; r += Tile::kThreads) {
    row_m[r] = -INFINITY;
    row_l[r] = 0.0f;
  }
  float o[Tile::kRows][Tile::kDims];
#pragma unroll
  for (int i = 0; i < Tile::kRows; ++i) {
#pragma unroll
    for (int j = 0; j < Tile::kDims; ++j) o[i][j] = 0.0f;
  }
  const int t_last = min(t0 + BR, p.T) - 1;
  const int nkb = ceil_div_i(p.S, BC);
  const int kb_end = p.causal ? min(nkb, t_last / BC + 1) : nkb;
  const int warp = tid / 32, lane = tid % 32;

  for (int kb = 0; kb < kb_end; ++kb) {
    const int s0 = kb * BC;
    __syncthreads();  // the last step's reads of kt, vs and ps are done
    for (int i = tid; i < BC * HP; i += Tile::kThreads) {
      const int c = i / HP, h = i % HP, s = s0 + c;
      float kval = 0.0f, vval = 0.0f;
      if (s < p.S && h < p.H) {
        const int64_t at = kv_index(p, b, s, kvh) + h;
        kval = to_f(k[at]);
        vval = to_f(v[at]);
      }
      kt[h * Tile::kKStride + c] = kval;
      vs[c * HP + h] = vval;
    }
    __syncthreads();

    float acc[Tile::kRows][Tile::kKeys];
#pragma unroll
    for (int i = 0; i < Tile::kRows; ++i) {
#pragma unroll
      for (int j = 0; j < Tile::kKeys; ++j) acc[i][j] = 0.0f;
    }
#pragma unroll 4
    for (int h = 0; h < HP; ++h) {
      float a[Tile::kRows], bk[Tile::kKeys];
#pragma unroll
      for (int i = 0; i < Tile::kRows; ++i)
        a[i] = qs[(ty + 16 * i) * Tile::kQStride + h];
#pragma unroll
      for (int j = 0; j < Tile::kKeys; ++j)
        bk[j] = kt[h * Tile::kKStride + tx + 16 * j];
#pragma unroll
      for (int i = 0; i < Tile::kRows; ++i) {
#pragma unroll
        for (int j = 0; j < Tile::kKeys; ++j) acc[i][j] = fmaf(a[i], bk[j], acc[i][j]);
      }
    }
    const bool check = (p.causal && s0 + BC - 1 > t0) || p.mask != nullptr;
#pragma unroll
    for (int i = 0; i < Tile::kRows; ++i) {
#pragma unroll
      for (int j = 0; j < Tile::kKeys; ++j) {
        const int r = ty + 16 * i, c = tx + 16 * j, t = t0 + r, s = s0 + c;
        float z = acc[i][j];
        if (s >= p.S) {
          z = -INFINITY;  // not a key: weight 0 even in a fully masked row
        } else if (check && t < p.T && !attends(p, b, n, t, s)) {
          z = kMaskedLogit;
        }
        ps[r * Tile::kPStride + c] = z;
      }
    }
    __syncthreads();

    // Online softmax, one warp per row. fmaxf skips NaN, so a NaN row keeps a
    // number as its max and exp(NaN - m) carries the NaN into l and the output.
    for (int r = warp; r < BR; r += Tile::kThreads / 32) {
      float z[BC / 32];
      float mx = -INFINITY;
#pragma unroll
      for (int e = 0; e < BC / 32; ++e) {
        z[e] = ps[r * Tile::kPStride + lane + 32 * e];
        mx = fmaxf(mx, z[e]);
      }
      mx = warp_max(mx);
      const float m_old = row_m[r];
      const float m_new = fmaxf(m_old, mx);
      float sum = 0.0f;
#pragma unroll
      for (int e = 0; e < BC / 32; ++e) {
        const float pe = expf(z[e] - m_new);
        ps[r * Tile::kPStride + lane + 32 * e] = pe;
        sum += pe;
      }
      sum = warp_sum(sum);
      if (lane == 0) {
        const float alpha = expf(m_old - m_new);  // 0 on the first step (m = -inf)
        row_alpha[r] = alpha;
        row_l[r] = row_l[r] * alpha + sum;
        row_m[r] = m_new;
      }
    }
    __syncthreads();

#pragma unroll
    for (int i = 0; i < Tile::kRows; ++i) {
      const float alpha = row_alpha[ty + 16 * i];
#pragma unroll
      for (int j = 0; j < Tile::kDims; ++j) o[i][j] *= alpha;
    }
#pragma unroll 4
    for (int c = 0; c < BC; ++c) {
      float pa[Tile::kRows], vb[Tile::kDims];
#pragma unroll
      for (int i = 0; i < Tile::kRows; ++i)
        pa[i] = ps[(ty + 16 * i) * Tile::kPStride + c];
#pragma unroll
      for (int j = 0; j < Tile::kDims; ++j) vb[j] = vs[c * HP + tx + 16 * j];
#pragma unroll
      for (int i = 0; i < Tile::kRows; ++i) {
#pragma unroll
        for (int j = 0; j < Tile::kDims; ++j) o[i][j] = fmaf(pa[i], vb[j], o[i][j]);
      }
    }
  }

  T* out = static_cast<T*>(p.out_w);
#pragma unroll
  for (int i = 0; i < Tile::kRows; ++i) {
    const int r = ty + 16 * i, t = t0 + r;
    if (t >= p.T) continue;
    const float m = row_m[r], l = row_l[r];
    // l == l: a NaN row (whose max may have skipped its NaNs) is not "masked".
    const bool fully_masked = m == kMaskedLogit && l == l;
    T* dst = out + q_index(p, b, t, n);
#pragma unroll
    for (int j = 0; j < Tile::kDims; ++j) {
      const int h = tx + 16 * j;
      if (h < p.H) {
        dst[h] = from_f<T>(fully_masked ? mean_of_v<T>(p.v, kv_index(p, b, 0, kvh) + h,
                                                       int64_t{p.K} * p.H, p.S)
                                        : o[i][j] / l);
      }
    }
    if (tx == 0 && p.lse != nullptr) {
      p.lse[row_index(p, b, n, t)] =
          fully_masked ? kMaskedLogit + logf(static_cast<float>(p.S)) : m + logf(l);
    }
  }
}

// ---------------------------------------------------------------------------------
// CUDA-core backward: one block per (b, kv head, BC keys), BR query rows per step.

template <int HP>
struct SimtBackward {
  static constexpr int kThreads = 256;
  static constexpr int BR = 32, BC = 32;
  static constexpr int kQStride = HP + 1;
  static constexpr int kKStride = BC + 1;
  static constexpr int kPStride = BC + 1;
  static constexpr int kRows = BR / 16, kKeys = BC / 16, kDims = HP / 16;
  static constexpr int kSmemFloats =
      2 * HP * kKStride + BC * HP + 2 * BR * kQStride + 2 * BR * kPStride + 2 * BR;
};

template <typename T, int HP>
__global__ void __launch_bounds__(256) simt_backward_kernel(Params p) {
  using Tile = SimtBackward<HP>;
  constexpr int BR = Tile::BR, BC = Tile::BC;
  extern __shared__ __align__(128) unsigned char smem_raw[];
  float* kt = reinterpret_cast<float*>(smem_raw);  // [HP][kKStride]: K^T
  float* vt = kt + HP * Tile::kKStride;            // [HP][kKStride]: V^T
  float* kr = vt + HP * Tile::kKStride;            // [BC][HP]: K
  float* qs = kr + BC * HP;                        // [BR][kQStride]: scale * q
  float* dos = qs + BR * Tile::kQStride;           // [BR][kQStride]: dout
  float* ps = dos + BR * Tile::kQStride;           // [BR][kPStride]: P
  float* dss = ps + BR * Tile::kPStride;           // [BR][kPStride]: dS
  float* lse_s = dss + BR * Tile::kPStride;        // [BR]
  float* d_s = lse_s + BR;                         // [BR]

  const T* q = static_cast<const T*>(p.q);
  const T* k = static_cast<const T*>(p.k);
  const T* v = static_cast<const T*>(p.v);
  const T* dout = static_cast<const T*>(p.dout);
  const int nkb = ceil_div_i(p.S, BC);
  const int task = blockIdx.x;
  const int kb = task % nkb;
  const int kvh = (task / nkb) % p.K;
  const int b = task / (nkb * p.K);
  const int s0 = kb * BC;
  const int tid = threadIdx.x, tx = tid % 16, ty = tid / 16;

  for (int i = tid; i < BC * HP; i += Tile::kThreads) {
    const int c = i / HP, h = i % HP, s = s0 + c;
    float kval = 0.0f, vval = 0.0f;
    if (s < p.S && h < p.H) {
      const int64_t at = kv_index(p, b, s, kvh) + h;
      kval = to_f(k[at]);
      vval = to_f(v[at]);
    }
    kt[h * Tile::kKStride + c] = kval;
    vt[h * Tile::kKStride + c] = vval;
    kr[c * HP + h] = kval;
  }
  // Thread (ty, tx) owns dk / dv of keys ty + 16 i and columns tx + 16 j.
  float dk[Tile::kKeys][Tile::kDims], dv[Tile::kKeys][Tile::kDims];
#pragma unroll
  for (int i = 0; i < Tile::kKeys; ++i) {
#pragma unroll
    for (int j = 0; j < Tile::kDims; ++j) dk[i][j] = dv[i][j] = 0.0f;
  }
  const int nqb = ceil_div_i(p.T, BR);
  const int qb_begin = p.causal ? s0 / BR : 0;  // rows t < s0 see none of these keys
  for (int n = kvh * p.group; n < (kvh + 1) * p.group; ++n) {
    for (int qb = qb_begin; qb < nqb; ++qb) {
      const int t0 = qb * BR;
      __syncthreads();  // the last step's reads of qs, dos, ps, dss are done
      for (int i = tid; i < BR * HP; i += Tile::kThreads) {
        const int r = i / HP, h = i % HP, t = t0 + r;
        float qval = 0.0f, dval = 0.0f;
        if (t < p.T && h < p.H) {
          const int64_t at = q_index(p, b, t, n) + h;
          qval = p.scale * to_f(q[at]);
          dval = to_f(dout[at]);
        }
        qs[r * Tile::kQStride + h] = qval;
        dos[r * Tile::kQStride + h] = dval;
      }
      for (int r = tid; r < BR; r += Tile::kThreads) {
        const int t = t0 + r;
        float lse = INFINITY, delta = 0.0f;  // +inf: P = 0 (no row, or fully masked)
        if (t < p.T) {
          const float row_lse = p.lse_in[row_index(p, b, n, t)];
          if (!(row_lse <= kFullyMaskedLse)) lse = row_lse;
          delta = p.delta[row_index(p, b, n, t)];
        }
        lse_s[r] = lse;
        d_s[r] = delta;
      }
      __syncthreads();

      // S and dP for rows ty + 16 i and keys tx + 16 j.
      float sa[Tile::kRows][Tile::kKeys], da[Tile::kRows][Tile::kKeys];
#pragma unroll
      for (int i = 0; i < Tile::kRows; ++i) {
#pragma unroll
        for (int j = 0; j < Tile::kKeys; ++j) sa[i][j] = da[i][j] = 0.0f;
      }
#pragma unroll 4
      for (int h = 0; h < HP; ++h) {
        float aq[Tile::kRows], ad[Tile::kRows], bk[Tile::kKeys], bv[Tile::kKeys];
#pragma unroll
        for (int i = 0; i < Tile::kRows; ++i) {
          aq[i] = qs[(ty + 16 * i) * Tile::kQStride + h];
          ad[i] = dos[(ty + 16 * i) * Tile::kQStride + h];
        }
#pragma unroll
        for (int j = 0; j < Tile::kKeys; ++j) {
          bk[j] = kt[h * Tile::kKStride + tx + 16 * j];
          bv[j] = vt[h * Tile::kKStride + tx + 16 * j];
        }
#pragma unroll
        for (int i = 0; i < Tile::kRows; ++i) {
#pragma unroll
          for (int j = 0; j < Tile::kKeys; ++j) {
            sa[i][j] = fmaf(aq[i], bk[j], sa[i][j]);
            da[i][j] = fmaf(ad[i], bv[j], da[i][j]);
          }
        }
      }
      const bool check = (p.causal && s0 + BC - 1 > t0) || p.mask != nullptr;
#pragma unroll
      for (int i = 0; i < Tile::kRows; ++i) {
#pragma unroll
        for (int j = 0; j < Tile::kKeys; ++j) {
          const int r = ty + 16 * i, c = tx + 16 * j, t = t0 + r, s = s0 + c;
          float prob = 0.0f;
          if (t < p.T && s < p.S && (!check || attends(p, b, n, t, s))) {
            prob = expf(sa[i][j] - lse_s[r]);
          }
          ps[r * Tile::kPStride + c] = prob;
          dss[r * Tile::kPStride + c] = prob * (da[i][j] - d_s[r]);
        }
      }
      __syncthreads();

      // dV[c] += sum_r P[r][c] dO[r]; dK[c] += sum_r dS[r][c] (scale q[r]).
#pragma unroll 4
      for (int r = 0; r < BR; ++r) {
        float pr[Tile::kKeys], dr[Tile::kKeys], orow[Tile::kDims], qrow[Tile::kDims];
#pragma unroll
        for (int i = 0; i < Tile::kKeys; ++i) {
          pr[i] = ps[r * Tile::kPStride + ty + 16 * i];
          dr[i] = dss[r * Tile::kPStride + ty + 16 * i];
        }
#pragma unroll
        for (int j = 0; j < Tile::kDims; ++j) {
          orow[j] = dos[r * Tile::kQStride + tx + 16 * j];
          qrow[j] = qs[r * Tile::kQStride + tx + 16 * j];
        }
#pragma unroll
        for (int i = 0; i < Tile::kKeys; ++i) {
#pragma unroll
          for (int j = 0; j < Tile::kDims; ++j) {
            dv[i][j] = fmaf(pr[i], orow[j], dv[i][j]);
            dk[i][j] = fmaf(dr[i], qrow[j], dk[i][j]);
          }
        }
      }
      // dQ[r] += sum_c dS[r][c] k[c] (times scale in dq_finalize_kernel).
      float dq[Tile::kRows][Tile::kDims];
#pragma unroll
      for (int i = 0; i < Tile::kRows; ++i) {
#pragma unroll
        for (int j = 0; j < Tile::kDims; ++j) dq[i][j] = 0.0f;
      }
#pragma unroll 4
      for (int c = 0; c < BC; ++c) {
        float a[Tile::kRows], bk[Tile::kDims];
#pragma unroll
        for (int i = 0; i < Tile::kRows; ++i)
          a[i] = dss[(ty + 16 * i) * Tile::kPStride + c];
#pragma unroll
        for (int j = 0; j < Tile::kDims; ++j) bk[j] = kr[c * HP + tx + 16 * j];
#pragma unroll
        for (int i = 0; i < Tile::kRows; ++i) {
#pragma unroll
          for (int j = 0; j < Tile::kDims; ++j) dq[i][j] = fmaf(a[i], bk[j], dq[i][j]);
        }
      }
#pragma unroll
      for (int i = 0; i < Tile::kRows; ++i) {
        const int t = t0 + ty + 16 * i;
        if (t >= p.T) continue;
        float* dst = p.dq_acc + q_index(p, b, t, n);
#pragma unroll
        for (int j = 0; j < Tile::kDims; ++j) {
          const int h = tx + 16 * j;
          if (h < p.H) atomicAdd(dst + h, dq[i][j]);
        }
      }
    }
  }

  T* dk_out = static_cast<T*>(p.dk);
  T* dv_out = static_cast<T*>(p.dv);
#pragma unroll
  for (int i = 0; i < Tile::kKeys; ++i) {
    const int s = s0 + ty + 16 * i;
    if (s >= p.S) continue;
    const int64_t at = kv_index(p, b, s, kvh);
#pragma unroll
    for (int j = 0; j < Tile::kDims; ++j) {
      const int h = tx + 16 * j;
      if (h >= p.H) continue;
      float extra = 0.0f;
      if (p.msum != nullptr)
        extra = p.msum[(static_cast<int64_t>(b) * p.K + kvh) * p.H + h];
      dk_out[at + h] = from_f<T>(dk[i][j]);
      dv_out[at + h] = from_f<T>(dv[i][j] + extra);
    }
  }
}

// ---------------------------------------------------------------------------------
// Tensor-core building blocks (sm_80+ PTX; sm_90 here).

__device__ __forceinline__ uint32_t smem_u32(const void* pointer) {
  return static_cast<uint32_t>(__cvta_generic_to_shared(pointer));
}

// 16 bytes global -> shared, asynchronously; zero-filled when !valid (src is then
// not read, but must still be a valid address).
__device__ __forceinline__ void cp_async16(uint32_t dst, const void* src, bool valid) {
  const int bytes = valid ? 16 : 0;
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(dst), "l"(src),
               "r"(bytes)
               : "memory");
}
__device__ __forceinline__ void cp_async_commit() {
  asm volatile("cp.async.commit_group;\n" ::: "memory");
}
template <int kPending>
__device__ __forceinline__ void cp_async_wait() {
  asm volatile("cp.async.wait_group %0;\n" ::"n"(kPending) : "memory");
}

__device__ __forceinline__ void ldmatrix_x4(uint32_t (&r)[4], uint32_t address) {
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0, %1, %2, %3}, [%4];\n"
               : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
               : "r"(address)
               : "memory");
}
__device__ __forceinline__ void ldmatrix_x4_trans(uint32_t (&r)[4], uint32_t address) {
  asm volatile(
      "ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0, %1, %2, %3}, [%4];\n"
      : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
      : "r"(address)
      : "memory");
}

// d (16 x 8 f32) += a (16 x 16 bf16) * b (16 x 8 bf16).
__device__ __forceinline__ void mma_bf16(float (&d)[4], const uint32_t (&a)[4],
                                         uint32_t b0, uint32_t b1) {
  asm volatile(
      "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 "
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};\n"
      : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

// Offset (in elements) of (row, col) in a shared tile of kCols bf16 per row, with the
// 16-byte chunks of each row permuted by an XOR of the row: the 8 rows one ldmatrix
// reads at the same logical chunk land in 8 different 16-byte bank groups.
template <int kCols>
__device__ __forceinline__ int swz(int row, int col) {
  constexpr int kChunks = kCols / 8;
  static_assert(kChunks == 4 || kChunks % 8 == 0, "swizzle needs 4 or 8k chunks");
  const int chunk = col >> 3;
  int phys;
  if constexpr (kChunks % 8 == 0) {
    phys = chunk ^ (row & 7);  // rows are >= 128 bytes: 8 rows cover the banks
  } else {
    phys = chunk ^ ((row >> 1) & 3);  // 64-byte rows: two rows per 128 bytes
  }
  return row * kCols + (phys << 3) + (col & 7);
}

// Rows [0, kRows) of a tile of kCols bf16 each, row r at base + r * row_stride, into
// the swizzled shared tile; rows >= valid_rows are zero-filled.
template <int kRows, int kCols, int kThreads>
__device__ __forceinline__ void load_tile_async(uint16_t* tile, const uint16_t* base,
                                                int64_t row_stride, int valid_rows,
                                                int tid) {
  constexpr int kChunks = kCols / 8;
#pragma unroll
  for (int i = tid; i < kRows * kChunks; i += kThreads) {
    const int r = i / kChunks, c = i % kChunks;
    const bool valid = r < valid_rows;
    const uint16_t* src = valid ? base + r * row_stride + c * 8 : base;
    cp_async16(smem_u32(tile + swz<kCols>(r, c * 8)), src, valid);
  }
}

// ---------------------------------------------------------------------------------
// Tensor-core forward: 128 query rows (8 warps x 16) x 64 keys per step.

template <int H>
struct TcForward {
  static constexpr int kThreads = 256;
  static constexpr int BR = 128, BC = 64;
  static constexpr int kSmemBytes = (BR * H + 4 * BC * H) * 2;  // Q, 2 x K, 2 x V
};

template <int H>
__global__ void __launch_bounds__(256, 1) tc_forward_kernel(Params p) {
  using Tile = TcForward<H>;
  constexpr int BR = Tile::BR, BC = Tile::BC;
  extern __shared__ __align__(128) unsigned char smem_raw[];
  uint16_t* qs = reinterpret_cast<uint16_t*>(smem_raw);  // [BR][H]
  uint16_t* ks = qs + BR * H;                            // [2][BC][H]
  uint16_t* vs = ks + 2 * BC * H;                        // [2][BC][H]

  const uint16_t* q = static_cast<const uint16_t*>(p.q);
  const uint16_t* k = static_cast<const uint16_t*>(p.k);
  const uint16_t* v = static_cast<const uint16_t*>(p.v);
  const int nqb = ceil_div_i(p.T, BR);
  const int task = blockIdx.x;
  const int qb = nqb - 1 - task % nqb;
  const int n = (task / nqb) % p.N;
  const int b = task / (nqb * p.N);
  const int kvh = n / p.group;
  const int t0 = qb * BR;
  const int tid = threadIdx.x, warp = tid / 32, lane = tid % 32;
  const int gr = lane >> 2, tq = lane & 3;
  const int row_w = 16 * warp;  // the warp's first row in the tile
  const int64_t q_stride = static_cast<int64_t>(p.N) * H;
  const int64_t kv_stride = static_cast<int64_t>(p.K) * H;
  const int nkb = ceil_div_i(p.S, BC);
  const int t_last = min(t0 + BR, p.T) - 1;
  const int kb_end = p.causal ? min(nkb, t_last / BC + 1) : nkb;
  // ldmatrix.x4 lane roles: matrix i = lane / 8 takes row lane % 8 of its 8x8 block.
  const int ld_row = lane % 8, ld_i_lo = (lane / 8) % 2, ld_i_hi = lane / 16;

  load_tile_async<BR, H, 256>(qs, q + q_index(p, b, t0, n), q_stride, p.T - t0, tid);
  load_tile_async<BC, H, 256>(ks, k + kv_index(p, b, 0, kvh), kv_stride, p.S, tid);
  load_tile_async<BC, H, 256>(vs, v + kv_index(p, b, 0, kvh), kv_stride, p.S, tid);
  cp_async_commit();

  uint32_t qa[H / 16][4];  // the warp's 16 q rows as A fragments, loaded once
  float o[H / 8][4];
#pragma unroll
  for (int d = 0; d < H / 8; ++d) o[d][0] = o[d][1] = o[d][2] = o[d][3] = 0.0f;
  // Logits are kept in log2 units (scale * log2(e) folded in), so exp2 gives the
  // weights; the masked logit stays the same constant (so a fully masked row is
  // still recognised by its max), far enough below any real logit either way.
  float m[2] = {-INFINITY, -INFINITY}, l[2] = {0.0f, 0.0f};  // rows gr, gr + 8
  const float scale_log2 = p.scale * kLog2e;

  for (int kb = 0; kb < kb_end; ++kb) {
    const int buf = kb & 1;
    if (kb + 1 < kb_end) {  // the next K / V tiles arrive while this one computes
      const int s1 = (kb + 1) * BC;
      load_tile_async<BC, H, 256>(ks + (buf ^ 1) * BC * H, k + kv_index(p, b, s1, kvh),
                                  kv_stride, p.S - s1, tid);
      load_tile_async<BC, H, 256>(vs + (buf ^ 1) * BC * H, v + kv_index(p, b, s1, kvh),
                                  kv_stride, p.S - s1, tid);
      cp_async_commit();
      cp_async_wait<1>();
    } else {
      cp_async_wait<0>();
    }
    __syncthreads();
    if (kb == 0) {
#pragma unroll
      for (int kk = 0; kk < H / 16; ++kk) {
        // a0..a3: rows +0 / +8 (i % 2), columns +0 / +8 (i / 2).
        ldmatrix_x4(qa[kk], smem_u32(qs + swz<H>(row_w + ld_i_lo * 8 + ld_row,
                                                 16 * kk + ld_i_hi * 8)));
      }
    }
    const uint16_t* kt = ks + buf * BC * H;
    const uint16_t* vt = vs + buf * BC * H;

    // S = Q K^T for the warp's 16 rows x 64 keys: 8 n-tiles of 8 keys.
    float s[BC / 8][4];
#pragma unroll
    for (int j = 0; j < BC / 8; ++j) s[j][0] = s[j][1] = s[j][2] = s[j][3] = 0.0f;
#pragma unroll
    for (int kk = 0; kk < H / 16; ++kk) {
#pragma unroll
      for (int jp = 0; jp < BC / 16; ++jp) {
        // Matrices: keys +0 / +8 (i / 2) x columns +0 / +8 (i % 2) -> b0, b1 of
        // n-tile 2jp, then of n-tile 2jp + 1.
        uint32_t kf[4];
        ldmatrix_x4(kf, smem_u32(kt + swz<H>(16 * jp + ld_i_hi * 8 + ld_row,
                                             16 * kk + ld_i_lo * 8)));
        mma_bf16(s[2 * jp], qa[kk], kf[0], kf[1]);
        mma_bf16(s[2 * jp + 1], qa[kk], kf[2], kf[3]);
      }
    }

    const int s0 = kb * BC;
    const bool need_causal = p.causal && s0 + BC - 1 > t0 + row_w;
    const bool need_mask = p.mask != nullptr;
    const bool need_bound = s0 + BC > p.S;
#pragma unroll
    for (int j = 0; j < BC / 8; ++j) {
#pragma unroll
      for (int e = 0; e < 4; ++e) {
        float w = s[j][e] * scale_log2;
        if (need_causal || need_mask || need_bound) {
          const int key = s0 + 8 * j + 2 * tq + (e & 1);
          const int t = t0 + row_w + gr + 8 * (e >> 1);
          if (key >= p.S) {
            w = -INFINITY;
          } else if ((need_causal || need_mask) && t < p.T &&
                     !attends(p, b, n, t, key)) {
            w = kMaskedLogit;
          }
        }
        s[j][e] = w;
      }
    }
    // Row maxima over the 4 lanes sharing a row (fmaxf skips NaN, see the CUDA-core
    // kernel), the rescale of what came before, and the weights.
    float mx[2] = {-INFINITY, -INFINITY};
#pragma unroll
    for (int j = 0; j < BC / 8; ++j) {
      mx[0] = fmaxf(mx[0], fmaxf(s[j][0], s[j][1]));
      mx[1] = fmaxf(mx[1], fmaxf(s[j][2], s[j][3]));
    }
    float alpha[2], rowsum[2] = {0.0f, 0.0f};
#pragma unroll
    for (int half = 0; half < 2; ++half) {
      mx[half] = fmaxf(mx[half], __shfl_xor_sync(0xffffffffu, mx[half], 1));
      mx[half] = fmaxf(mx[half], __shfl_xor_sync(0xffffffffu, mx[half], 2));
      const float m_new = fmaxf(m[half], mx[half]);
      alpha[half] = exp2f(m[half] - m_new);  // 0 on the first step (m = -inf)
      m[half] = m_new;
    }
#pragma unroll
    for (int j = 0; j < BC / 8; ++j) {
#pragma unroll
      for (int e = 0; e < 4; ++e) {
        const float pe = exp2f(s[j][e] - m[e >> 1]);
        s[j][e] = pe;
        rowsum[e >> 1] += pe;
      }
    }
    // l stays a per-lane partial sum (the 4 lanes of a row are added at the end).
    l[0] = l[0] * alpha[0] + rowsum[0];
    l[1] = l[1] * alpha[1] + rowsum[1];
#pragma unroll
    for (int d = 0; d < H / 8; ++d) {
      o[d][0] *= alpha[0];
      o[d][1] *= alpha[0];
      o[d][2] *= alpha[1];
      o[d][3] *= alpha[1];
    }

    // O += P V: the accumulators of n-tiles 2kk, 2kk + 1 are the A fragment of keys
    // [16kk, 16kk + 16).
#pragma unroll
    for (int kk = 0; kk < BC / 16; ++kk) {
      const uint32_t pa[4] = {pack_bf16(s[2 * kk][0], s[2 * kk][1]),
                              pack_bf16(s[2 * kk][2], s[2 * kk][3]),
                              pack_bf16(s[2 * kk + 1][0], s[2 * kk + 1][1]),
                              pack_bf16(s[2 * kk + 1][2], s[2 * kk + 1][3])};
#pragma unroll
      for (int dp = 0; dp < H / 16; ++dp) {
        // Matrices (transposed): keys +0 / +8 (i % 2) x columns +0 / +8 (i / 2) ->
        // b0, b1 of n-tile 2dp, then of n-tile 2dp + 1.
        uint32_t vf[4];
        ldmatrix_x4_trans(vf, smem_u32(vt + swz<H>(16 * kk + ld_i_lo * 8 + ld_row,
                                                   16 * dp + ld_i_hi * 8)));
        mma_bf16(o[2 * dp], pa, vf[0], vf[1]);
        mma_bf16(o[2 * dp + 1], pa, vf[2], vf[3]);
      }
    }
    __syncthreads();  // every warp is done with `buf` before it is refilled
  }

#pragma unroll
  for (int half = 0; half < 2; ++half) {
    l[half] += __shfl_xor_sync(0xffffffffu, l[half], 1);
    l[half] += __shfl_xor_sync(0xffffffffu, l[half], 2);
  }
  uint16_t* out = static_cast<uint16_t*>(p.out_w);
#pragma unroll
  for (int half = 0; half < 2; ++half) {
    const int t = t0 + row_w + gr + 8 * half;
    if (t >= p.T) continue;
    const bool fully_masked = m[half] == kMaskedLogit && l[half] == l[half];
    const float inv = 1.0f / l[half];
    uint16_t* dst = out + q_index(p, b, t, n);
#pragma unroll
    for (int d = 0; d < H / 8; ++d) {
      const int h = 8 * d + 2 * tq;
      float v0, v1;
      if (fully_masked) {
        const int64_t first = kv_index(p, b, 0, kvh) + h;
        v0 = mean_of_v<uint16_t>(p.v, first, kv_stride, p.S);
        v1 = mean_of_v<uint16_t>(p.v, first + 1, kv_stride, p.S);
      } else {
        v0 = o[d][2 * half] * inv;
        v1 = o[d][2 * half + 1] * inv;
      }
      *reinterpret_cast<uint32_t*>(dst + h) = pack_bf16(v0, v1);
    }
    if (tq == 0 && p.lse != nullptr) {
      p.lse[row_index(p, b, n, t)] = fully_masked
                                         ? kMaskedLogit + logf(static_cast<float>(p.S))
                                         : (m[half] + log2f(l[half])) * kLn2;
    }
  }
}

// ---------------------------------------------------------------------------------
// Tensor-core backward: 64 keys (4 warps x 16) per block, BR query rows per step.

template <int H>
struct TcBackward {
  static constexpr int kThreads = 128;
  static constexpr int BC = 64;
  static constexpr int BR = H == 128 ? 32 : 64;  // keeps dk + dv + S + dP in registers
  static constexpr int kSmemBytes = (2 * BC * H + 4 * BR * H + BC * BR) * 2 +
                                    4 * BR * 4;  // K, V, 2x(Q, dO), dS^T; lse, D
};

template <int H>
__global__ void __launch_bounds__(128) tc_backward_kernel(Params p) {
  using Tile = TcBackward<H>;
  constexpr int BR = Tile::BR, BC = Tile::BC;
  extern __shared__ __align__(128) unsigned char smem_raw[];
  uint16_t* ks = reinterpret_cast<uint16_t*>(smem_raw);    // [BC][H]
  uint16_t* vs = ks + BC * H;                              // [BC][H]
  uint16_t* qs = vs + BC * H;                              // [2][BR][H]
  uint16_t* dos = qs + 2 * BR * H;                         // [2][BR][H]
  uint16_t* dst = dos + 2 * BR * H;                        // [BC][BR]: dS^T
  float* lse_s = reinterpret_cast<float*>(dst + BC * BR);  // [2][BR], log2 units
  float* d_s = lse_s + 2 * BR;                             // [2][BR]

  const uint16_t* q = static_cast<const uint16_t*>(p.q);
  const uint16_t* k = static_cast<const uint16_t*>(p.k);
  const uint16_t* v = static_cast<const uint16_t*>(p.v);
  const uint16_t* dout = static_cast<const uint16_t*>(p.dout);
  const int nkb = ceil_div_i(p.S, BC);
  const int task = blockIdx.x;
  const int kb = task % nkb;
  const int kvh = (task / nkb) % p.K;
  const int b = task / (nkb * p.K);
  const int s0 = kb * BC;
  const int tid = threadIdx.x, warp = tid / 32, lane = tid % 32;
  const int gr = lane >> 2, tq = lane & 3;
  const int key_w = 16 * warp;  // the warp's first key in the tile
  const int ld_row = lane % 8, ld_i_lo = (lane / 8) % 2, ld_i_hi = lane / 16;
  const int64_t q_stride = static_cast<int64_t>(p.N) * H;
  const int64_t kv_stride = static_cast<int64_t>(p.K) * H;
  const int nqb = ceil_div_i(p.T, BR);
  const int qb_begin = p.causal ? min(s0 / BR, nqb) : 0;
  const int per_head = nqb - qb_begin;
  const int steps = p.group * per_head;

  // Step i: query head kvh * group + i / per_head, query tile qb_begin + i % per_head.
  auto stage = [&](int step, int buf) {
    const int n = kvh * p.group + step / per_head;
    const int t0 = (qb_begin + step % per_head) * BR;
    load_tile_async<BR, H, 128>(qs + buf * BR * H, q + q_index(p, b, t0, n), q_stride,
                                p.T - t0, tid);
    load_tile_async<BR, H, 128>(dos + buf * BR * H, dout + q_index(p, b, t0, n),
                                q_stride, p.T - t0, tid);
    for (int r = tid; r < BR; r += 128) {
      const int t = t0 + r;
      float lse2 = INFINITY, delta = 0.0f;  // +inf: P = 0 (no row, or fully masked)
      if (t < p.T) {
        const float row_lse = p.lse_in[row_index(p, b, n, t)];
        if (!(row_lse <= kFullyMaskedLse)) lse2 = row_lse * kLog2e;
        delta = p.delta[row_index(p, b, n, t)];
      }
      lse_s[buf * BR + r] = lse2;
      d_s[buf * BR + r] = delta;
    }
  };

  load_tile_async<BC, H, 128>(ks, k + kv_index(p, b, s0, kvh), kv_stride, p.S - s0,
                              tid);
  load_tile_async<BC, H, 128>(vs, v + kv_index(p, b, s0, kvh), kv_stride, p.S - s0,
                              tid);
  if (steps > 0) stage(0, 0);
  cp_async_commit();

  float dk[H / 8][4], dv[H / 8][4];
#pragma unroll
  for (int d = 0; d < H / 8; ++d) {
#pragma unroll
    for (int e = 0; e < 4; ++e) dk[d][e] = dv[d][e] = 0.0f;
  }
  const float scale_log2 = p.scale * kLog2e;

  for (int step = 0; step < steps; ++step) {
    const int buf = step & 1;
    if (step + 1 < steps) {
      stage(step + 1, buf ^ 1);
      cp_async_commit();
      cp_async_wait<1>();
    } else {
      cp_async_wait<0>();
    }
    __syncthreads();
    const int n = kvh * p.group + step / per_head;
    const int t0 = (qb_begin + step % per_head) * BR;
    const uint16_t* qt = qs + buf * BR * H;
    const uint16_t* dot = dos + buf * BR * H;
    const float* lse_t = lse_s + buf * BR;
    const float* d_t = d_s + buf * BR;

    // S^T = K Q^T and dP^T = V dO^T for the warp's 16 keys x BR queries.
    float st[BR / 8][4], dpt[BR / 8][4];
#pragma unroll
    for (int j = 0; j < BR / 8; ++j) {
#pragma unroll
      for (int e = 0; e < 4; ++e) st[j][e] = dpt[j][e] = 0.0f;
    }
#pragma unroll
    for (int kk = 0; kk < H / 16; ++kk) {
      uint32_t ka[4], va[4];  // A fragments: keys +0 / +8 (i % 2), columns (i / 2)
      const int a_off = swz<H>(key_w + ld_i_lo * 8 + ld_row, 16 * kk + ld_i_hi * 8);
      ldmatrix_x4(ka, smem_u32(ks + a_off));
      ldmatrix_x4(va, smem_u32(vs + a_off));
#pragma unroll
      for (int jp = 0; jp < BR / 16; ++jp) {
        // B = Q^T / dO^T: queries +0 / +8 (i / 2) x columns +0 / +8 (i % 2).
        const int b_off = swz<H>(16 * jp + ld_i_hi * 8 + ld_row, 16 * kk + ld_i_lo * 8);
        uint32_t qf[4], of[4];
        ldmatrix_x4(qf, smem_u32(qt + b_off));
        ldmatrix_x4(of, smem_u32(dot + b_off));
        mma_bf16(st[2 * jp], ka, qf[0], qf[1]);
        mma_bf16(st[2 * jp + 1], ka, qf[2], qf[3]);
        mma_bf16(dpt[2 * jp], va, of[0], of[1]);
        mma_bf16(dpt[2 * jp + 1], va, of[2], of[3]);
      }
    }

    // P^T = exp(S^T - lse) where the key is attended, dS^T = P^T (dP^T - D).
    const bool need_causal = p.causal && s0 + key_w + 15 > t0;
    const bool need_mask = p.mask != nullptr;
    const bool need_bound = s0 + BC > p.S;
#pragma unroll
    for (int j = 0; j < BR / 8; ++j) {
#pragma unroll
      for (int e = 0; e < 4; ++e) {
        const int ql = 8 * j + 2 * tq + (e & 1);
        float prob = exp2f(st[j][e] * scale_log2 - lse_t[ql]);
        if (need_causal || need_mask || need_bound) {
          const int key = s0 + key_w + gr + 8 * (e >> 1);
          const int t = t0 + ql;
          if (key >= p.S ||
              ((need_causal || need_mask) && t < p.T && !attends(p, b, n, t, key))) {
            prob = 0.0f;
          }
        }
        st[j][e] = prob;
        dpt[j][e] = prob * (dpt[j][e] - d_t[ql]);
      }
    }

    // dV += P^T dO and dK += dS^T Q (scale applied at the end): A from the
    // accumulators (n-tiles 2kq, 2kq + 1 = queries [16kq, 16kq + 16)), B = dO / Q
    // rows through ldmatrix.trans (queries +0 / +8 (i % 2), columns (i / 2)).
#pragma unroll
    for (int kq = 0; kq < BR / 16; ++kq) {
      const uint32_t pa[4] = {pack_bf16(st[2 * kq][0], st[2 * kq][1]),
                              pack_bf16(st[2 * kq][2], st[2 * kq][3]),
                              pack_bf16(st[2 * kq + 1][0], st[2 * kq + 1][1]),
                              pack_bf16(st[2 * kq + 1][2], st[2 * kq + 1][3])};
      const uint32_t da[4] = {pack_bf16(dpt[2 * kq][0], dpt[2 * kq][1]),
                              pack_bf16(dpt[2 * kq][2], dpt[2 * kq][3]),
                              pack_bf16(dpt[2 * kq + 1][0], dpt[2 * kq + 1][1]),
                              pack_bf16(dpt[2 * kq + 1][2], dpt[2 * kq + 1][3])};
#pragma unroll
      for (int dp = 0; dp < H / 16; ++dp) {
        const int off = swz<H>(16 * kq + ld_i_lo * 8 + ld_row, 16 * dp + ld_i_hi * 8);
        uint32_t of[4], qf[4];
        ldmatrix_x4_trans(of, smem_u32(dot + off));
        ldmatrix_x4_trans(qf, smem_u32(qt + off));
        mma_bf16(dv[2 * dp], pa, of[0], of[1]);
        mma_bf16(dv[2 * dp + 1], pa, of[2], of[3]);
        mma_bf16(dk[2 * dp], da, qf[0], qf[1]);
        mma_bf16(dk[2 * dp + 1], da, qf[2], qf[3]);
      }
    }

    // dS^T to shared memory: dQ needs all 64 keys of a query row, spread over warps.
#pragma unroll
    for (int j = 0; j < BR / 8; ++j) {
#pragma unroll
      for (int half = 0; half < 2; ++half) {
        *reinterpret_cast<uint32_t*>(dst +
                                     swz<BR>(key_w + gr + 8 * half, 8 * j + 2 * tq)) =
            pack_bf16(dpt[j][2 * half], dpt[j][2 * half + 1]);
      }
    }
    __syncthreads();

    // dQ (BR x H) += dS (BR x 64) K (64 x H); warp w takes rows 16 (w % kRowBlocks)
    // and a kHW-wide slice of the columns.
    constexpr int kRowBlocks = BR / 16;
    constexpr int kHW = H / (4 / kRowBlocks);
    const int wr = warp % kRowBlocks, hc = (warp / kRowBlocks) * kHW;
    float dq[kHW / 8][4];
#pragma unroll
    for (int d = 0; d < kHW / 8; ++d) dq[d][0] = dq[d][1] = dq[d][2] = dq[d][3] = 0.0f;
#pragma unroll
    for (int kk = 0; kk < BC / 16; ++kk) {
      // A = dS from dS^T (transposed): keys +0 / +8 (i / 2) x queries +0 / +8 (i % 2).
      uint32_t a[4];
      ldmatrix_x4_trans(a, smem_u32(dst + swz<BR>(16 * kk + ld_i_hi * 8 + ld_row,
                                                  16 * wr + ld_i_lo * 8)));
#pragma unroll
      for (int dp = 0; dp < kHW / 16; ++dp) {
        // B = K (key x column) through ldmatrix.trans, as V in the forward kernel.
        uint32_t kf[4];
        ldmatrix_x4_trans(kf, smem_u32(ks + swz<H>(16 * kk + ld_i_lo * 8 + ld_row,
                                                   hc + 16 * dp + ld_i_hi * 8)));
        mma_bf16(dq[2 * dp], a, kf[0], kf[1]);
        mma_bf16(dq[2 * dp + 1], a, kf[2], kf[3]);
      }
    }
#pragma unroll
    for (int half = 0; half < 2; ++half) {
      const int t = t0 + 16 * wr + gr + 8 * half;
      if (t >= p.T) continue;
      float* row = p.dq_acc + q_index(p, b, t, n) + hc;
#pragma unroll
      for (int d = 0; d < kHW / 8; ++d) {
        atomicAdd(reinterpret_cast<float2*>(row + 8 * d + 2 * tq),
                  make_float2(dq[d][2 * half], dq[d][2 * half + 1]));
      }
    }
    __syncthreads();  // dS^T and the Q / dO buffer are rewritten by the next steps
  }
  cp_async_wait<0>();  // with no steps, the K / V copies are still in flight

  uint16_t* dk_out = static_cast<uint16_t*>(p.dk);
  uint16_t* dv_out = static_cast<uint16_t*>(p.dv);
  const float* ms =
      p.msum != nullptr ? p.msum + (static_cast<int64_t>(b) * p.K + kvh) * H : nullptr;
#pragma unroll
  for (int half = 0; half < 2; ++half) {
    const int s = s0 + key_w + gr + 8 * half;
    if (s >= p.S) continue;
    const int64_t at = kv_index(p, b, s, kvh);
#pragma unroll
    for (int d = 0; d < H / 8; ++d) {
      const int h = 8 * d + 2 * tq;
      const float e0 = ms != nullptr ? ms[h] : 0.0f;
      const float e1 = ms != nullptr ? ms[h + 1] : 0.0f;
      *reinterpret_cast<uint32_t*>(dk_out + at + h) =
          pack_bf16(dk[d][2 * half] * p.scale, dk[d][2 * half + 1] * p.scale);
      *reinterpret_cast<uint32_t*>(dv_out + at + h) =
          pack_bf16(dv[d][2 * half] + e0, dv[d][2 * half + 1] + e1);
    }
  }
}

// ---------------------------------------------------------------------------------
// Host side.

std::atomic<int> g_path{static_cast<int>(AttentionPath::kAuto)};

void check_cuda(cudaError_t status, const char* function, const char* what) {
  if (status != cudaSuccess) {
    throw std::runtime_error(std::string(function) + ": " + what +
                             " failed: " + cudaGetErrorString(status));
  }
}

void check_launch(const char* function) {
  check_cuda(cudaGetLastError(), function, "kernel launch");
}

[[noreturn]] void fail(const char* function, const std::string& message) {
  throw std::invalid_argument(std::string(function) + ": " + message);
}

void check_dtype(const char* function, DType dtype) {
  if (dtype != DType::kFloat32 && dtype != DType::kBFloat16) {
    fail(function, "dtype must be float32 or bfloat16, got code " +
                       std::to_string(static_cast<int>(dtype)));
  }
}

int64_t ceil_div64(int64_t a, int64_t b) { return (a + b - 1) / b; }

void check_shape(const char* function, const AttentionShape& shape) {
  const struct {
    const char* name;
    int64_t value;
  } sizes[] = {{"batch", shape.batch},       {"q_len", shape.q_len},
               {"kv_len", shape.kv_len},     {"q_heads", shape.q_heads},
               {"kv_heads", shape.kv_heads}, {"head_dim", shape.head_dim}};
  for (const auto& size : sizes) {
    if (size.value < 0) {
      fail(function, std::string("shape.") + size.name + " must be >= 0, got " +
                         std::to_string(size.value));
    }
    // Sizes and tile counts are int on the GPU.
    if (size.value > INT_MAX / 2) {
      fail(function, std::string("shape.") + size.name + " must be < 2^30, got " +
                         std::to_string(size.value));
    }
  }
  if (shape.q_heads > 0 &&
      (shape.kv_heads == 0 || shape.q_heads % shape.kv_heads != 0)) {
    fail(function,
         "shape.kv_heads must divide shape.q_heads (grouped-query attention), got "
         "q_heads=" +
             std::to_string(shape.q_heads) +
             " and kv_heads=" + std::to_string(shape.kv_heads));
  }
  if (shape.head_dim > kAttentionMaxHeadDim) {
    fail(function, "shape.head_dim must be <= " + std::to_string(kAttentionMaxHeadDim) +
                       " on CUDA, got " + std::to_string(shape.head_dim));
  }
  // One block per (batch, head, 32 queries) at most: the grid's x limit.
  const int64_t blocks = shape.batch * std::max(shape.q_heads, int64_t{1}) *
                         ceil_div64(std::max(shape.q_len, shape.kv_len), 32);
  if (blocks > INT_MAX) {
    fail(function, "batch * heads * ceil(length / 32) must be < 2^31, got " +
                       std::to_string(blocks));
  }
}

void check_pointer(const char* function, const void* pointer, const char* name,
                   int64_t elements) {
  if (pointer == nullptr && elements > 0) {
    fail(function, std::string("`") + name + "` is null but holds " +
                       std::to_string(elements) + " elements");
  }
}

bool aligned16(const void* p) { return reinterpret_cast<uintptr_t>(p) % 16 == 0; }

Params make_params(const void* q, const void* k, const void* v,
                   const AttentionMask& mask, bool causal, float scale,
                   const AttentionShape& shape) {
  Params p{};
  p.q = q;
  p.k = k;
  p.v = v;
  p.mask = mask.data;
  p.mask_sb = mask.stride_b;
  p.mask_sn = mask.stride_n;
  p.mask_st = mask.stride_t;
  p.mask_ss = mask.stride_s;
  p.causal = causal ? 1 : 0;
  p.scale = scale;
  p.B = static_cast<int>(shape.batch);
  p.T = static_cast<int>(shape.q_len);
  p.S = static_cast<int>(shape.kv_len);
  p.N = static_cast<int>(shape.q_heads);
  p.K = static_cast<int>(shape.kv_heads);
  p.H = static_cast<int>(shape.head_dim);
  p.group = p.K > 0 ? p.N / p.K : 1;
  return p;
}

// Raises a kernel's dynamic shared memory limit once per device (above 48 KiB a
// launch fails without it).
template <typename Kernel>
void allow_smem(Kernel* kernel, int bytes, std::atomic<uint64_t>& done,
                const char* function) {
  int device = 0;
  check_cuda(cudaGetDevice(&device), function, "cudaGetDevice");
  const uint64_t bit = device < 64 ? uint64_t{1} << device : 0;
  if (bit != 0 && (done.load(std::memory_order_acquire) & bit) != 0) return;
  check_cuda(cudaFuncSetAttribute(reinterpret_cast<const void*>(kernel),
                                  cudaFuncAttributeMaxDynamicSharedMemorySize, bytes),
             function, "cudaFuncSetAttribute");
  done.fetch_or(bit, std::memory_order_acq_rel);
}

template <typename Kernel>
void launch(Kernel* kernel, int64_t blocks, int threads, int smem_bytes,
            cudaStream_t stream, const Params& p, std::atomic<uint64_t>& done,
            const char* function) {
  allow_smem(kernel, smem_bytes, done, function);
  kernel<<<static_cast<unsigned>(blocks), threads, smem_bytes, stream>>>(p);
  check_launch(function);
}

int padded_head_dim(int64_t h) {
  if (h <= 32) return 32;
  if (h <= 64) return 64;
  if (h <= 128) return 128;
  return 256;
}

template <typename T, int HP, int BR, int BC>
void simt_forward(const Params& p, cudaStream_t stream, const char* function) {
  using Tile = SimtForward<HP, BR, BC>;
  static std::atomic<uint64_t> done{0};
  const int64_t blocks = static_cast<int64_t>(p.B) * p.N * ceil_div64(p.T, BR);
  launch(&simt_forward_kernel<T, HP, BR, BC>, blocks, Tile::kThreads,
         Tile::kSmemFloats * 4, stream, p, done, function);
}

template <typename T>
void simt_forward_any(const Params& p, cudaStream_t stream, const char* function) {
  switch (padded_head_dim(p.H)) {
    case 32:
      return simt_forward<T, 32, 64, 64>(p, stream, function);
    case 64:
      return simt_forward<T, 64, 64, 64>(p, stream, function);
    case 128:
      return simt_forward<T, 128, 64, 32>(p, stream, function);
    default:
      return simt_forward<T, 256, 32, 32>(p, stream, function);
  }
}

template <int H>
void tc_forward(const Params& p, cudaStream_t stream, const char* function) {
  using Tile = TcForward<H>;
  static std::atomic<uint64_t> done{0};
  const int64_t blocks = static_cast<int64_t>(p.B) * p.N * ceil_div64(p.T, Tile::BR);
  launch(&tc_forward_kernel<H>, blocks, Tile::kThreads, Tile::kSmemBytes, stream, p,
         done, function);
}

template <typename T, int HP>
void simt_backward(const Params& p, cudaStream_t stream, const char* function) {
  using Tile = SimtBackward<HP>;
  static std::atomic<uint64_t> done{0};
  const int64_t blocks = static_cast<int64_t>(p.B) * p.K * ceil_div64(p.S, Tile::BC);
  launch(&simt_backward_kernel<T, HP>, blocks, Tile::kThreads, Tile::kSmemFloats * 4,
         stream, p, done, function);
}

template <typename T>
void simt_backward_any(const Params& p, cudaStream_t stream, const char* function) {
  switch (padded_head_dim(p.H)) {
    case 32:
      return simt_backward<T, 32>(p, stream, function);
    case 64:
      return simt_backward<T, 64>(p, stream, function);
    case 128:
      return simt_backward<T, 128>(p, stream, function);
    default:
      return simt_backward<T, 256>(p, stream, function);
  }
}

template <int H>
void tc_backward(const Params& p, cudaStream_t stream, const char* function) {
  using Tile = TcBackward<H>;
  static std::atomic<uint64_t> done{0};
  const int64_t blocks = static_cast<int64_t>(p.B) * p.K * ceil_div64(p.S, Tile::BC);
  launch(&tc_backward_kernel<H>, blocks, Tile::kThreads, Tile::kSmemBytes, stream, p,
         done, function);
}

// A grid for an elementwise kernel over `count` items.
unsigned elementwise_blocks(int64_t count, int threads) {
  return static_cast<unsigned>(std::max<int64_t>(
      1, std::min<int64_t>(ceil_div64(count, threads), int64_t{1} << 16)));
}

size_t round_up_256(size_t bytes) { return (bytes + 255) / 256 * 256; }

struct WorkspaceLayout {
  size_t dq_acc, delta, msum, total;
};

WorkspaceLayout workspace_layout(const AttentionShape& s) {
  WorkspaceLayout w;
  w.dq_acc = 0;
  w.delta = round_up_256(
      static_cast<size_t>(s.batch * s.q_len * s.q_heads * s.head_dim) * sizeof(float));
  w.msum = w.delta + round_up_256(static_cast<size_t>(s.batch * s.q_heads * s.q_len) *
                                  sizeof(float));
  w.total =
      w.msum + round_up_256(static_cast<size_t>(s.batch * s.kv_heads * s.head_dim) *
                            sizeof(float));
  return w;
}

bool tc_eligible(DType dtype, const AttentionShape& shape, bool aligned) {
  return g_path.load(std::memory_order_relaxed) ==
             static_cast<int>(AttentionPath::kAuto) &&
         dtype == DType::kBFloat16 && (shape.head_dim == 64 || shape.head_dim == 128) &&
         aligned;
}

void zero_async(void* p, int64_t bytes, cudaStream_t stream, const char* function) {
  if (bytes > 0) {
    check_cuda(cudaMemsetAsync(p, 0, static_cast<size_t>(bytes), stream), function,
               "cudaMemsetAsync");
  }
}

}  // namespace

void set_attention_path(AttentionPath path) {
  g_path.store(static_cast<int>(path), std::memory_order_relaxed);
}

bool attention_uses_tensor_cores(DType dtype, const AttentionShape& shape,
                                 bool aligned) {
  return tc_eligible(dtype, shape, aligned);
}

size_t attention_backward_workspace_bytes(const AttentionShape& shape) {
  check_shape("cuda::attention_backward_workspace_bytes", shape);
  return workspace_layout(shape).total;
}

void attention_forward(DType dtype, const void* q, const void* k, const void* v,
                       const AttentionMask& mask, bool causal, float scale, void* out,
                       float* lse, const AttentionShape& shape, void* stream) {
  const char* fn = "cuda::attention_forward";
  check_dtype(fn, dtype);
  check_shape(fn, shape);
  const int64_t nq = shape.batch * shape.q_len * shape.q_heads * shape.head_dim;
  const int64_t nkv = shape.batch * shape.kv_len * shape.kv_heads * shape.head_dim;
  check_pointer(fn, q, "q", nq);
  check_pointer(fn, k, "k", nkv);
  check_pointer(fn, v, "v", nkv);
  check_pointer(fn, out, "out", nq);
  cudaStream_t s = static_cast<cudaStream_t>(stream);
  const int64_t rows = shape.batch * shape.q_len * shape.q_heads;
  if (rows == 0) return;
  const int64_t elem = dtype == DType::kFloat32 ? 4 : 2;
  if (shape.kv_len == 0) {  // softmax over no keys: an empty sum
    zero_async(out, nq * elem, s, fn);
    if (lse != nullptr) {
      fill_kernel<<<elementwise_blocks(rows, 256), 256, 0, s>>>(lse, rows, -INFINITY);
      check_launch(fn);
    }
    return;
  }
  Params p = make_params(q, k, v, mask, causal, scale, shape);
  p.out_w = out;
  p.lse = lse;
  const bool aligned = aligned16(q) && aligned16(k) && aligned16(v) && aligned16(out);
  if (tc_eligible(dtype, shape, aligned)) {
    if (shape.head_dim == 64) {
      tc_forward<64>(p, s, fn);
    } else {
      tc_forward<128>(p, s, fn);
    }
  } else if (dtype == DType::kFloat32) {
    simt_forward_any<float>(p, s, fn);
  } else {
    simt_forward_any<uint16_t>(p, s, fn);
  }
}

void attention_backward(DType dtype, const void* q, const void* k, const void* v,
                        const void* out, const void* dout, const float* lse,
                        const AttentionMask& mask, bool causal, float scale, void* dq,
                        void* dk, void* dv, const AttentionShape& shape, void* stream,
                        void* workspace) {
  const char* fn = "cuda::attention_backward";
  check_dtype(fn, dtype);
  check_shape(fn, shape);
  const int64_t nq = shape.batch * shape.q_len * shape.q_heads * shape.head_dim;
  const int64_t nkv = shape.batch * shape.kv_len * shape.kv_heads * shape.head_dim;
  const int64_t rows = shape.batch * shape.q_len * shape.q_heads;
  check_pointer(fn, q, "q", nq);
  check_pointer(fn, k, "k", nkv);
  check_pointer(fn, v, "v", nkv);
  check_pointer(fn, out, "out", nq);
  check_pointer(fn, dout, "dout", nq);
  check_pointer(fn, lse, "lse", rows);
  check_pointer(fn, dq, "dq", nq);
  check_pointer(fn, dk, "dk", nkv);
  check_pointer(fn, dv, "dv", nkv);
  cudaStream_t s = static_cast<cudaStream_t>(stream);
  const int64_t elem = dtype == DType::kFloat32 ? 4 : 2;
  if (rows == 0 || shape.kv_len == 0 || shape.head_dim == 0) {
    // No query reads any key (or there is nothing to write): every gradient is 0.
    zero_async(dq, nq * elem, s, fn);
    zero_async(dk, nkv * elem, s, fn);
    zero_async(dv, nkv * elem, s, fn);
    return;
  }
  const WorkspaceLayout layout = workspace_layout(shape);
  void* owned = nullptr;
  char* base = static_cast<char*>(workspace);
  if (base == nullptr) {
    check_cuda(cudaMallocAsync(&owned, layout.total, s), fn, "cudaMallocAsync");
    base = static_cast<char*>(owned);
  }
  Params p = make_params(q, k, v, mask, causal, scale, shape);
  p.out = out;
  p.dout = dout;
  p.lse_in = lse;
  p.dk = dk;
  p.dv = dv;
  p.dq_acc = reinterpret_cast<float*>(base + layout.dq_acc);
  p.delta = reinterpret_cast<float*>(base + layout.delta);
  p.msum =
      mask.data != nullptr ? reinterpret_cast<float*>(base + layout.msum) : nullptr;

  zero_async(p.dq_acc, nq * 4, s, fn);
  const unsigned delta_blocks = static_cast<unsigned>(ceil_div64(rows * 32, 256));
  if (dtype == DType::kFloat32) {
    delta_kernel<float><<<delta_blocks, 256, 0, s>>>(p);
  } else {
    delta_kernel<uint16_t><<<delta_blocks, 256, 0, s>>>(p);
  }
  check_launch(fn);
  if (p.msum != nullptr) {
    const int threads =
        static_cast<int>(std::min<int64_t>(256, (shape.head_dim + 31) / 32 * 32));
    const unsigned blocks = static_cast<unsigned>(shape.batch * shape.kv_heads);
    if (dtype == DType::kFloat32) {
      masked_rows_kernel<float><<<blocks, threads, 0, s>>>(p);
    } else {
      masked_rows_kernel<uint16_t><<<blocks, threads, 0, s>>>(p);
    }
    check_launch(fn);
  }
  const bool aligned = aligned16(q) && aligned16(k) && aligned16(v) &&
                       aligned16(dout) && aligned16(dk) && aligned16(dv);
  if (tc_eligible(dtype, shape, aligned)) {
    if (shape.head_dim == 64) {
      tc_backward<64>(p, s, fn);
    } else {
      tc_backward<128>(p, s, fn);
    }
  } else if (dtype == DType::kFloat32) {
    simt_backward_any<float>(p, s, fn);
  } else {
    simt_backward_any<uint16_t>(p, s, fn);
  }
  if (dtype == DType::kFloat32) {
    dq_finalize_kernel<float><<<elementwise_blocks(nq, 256), 256, 0, s>>>(
        p.dq_acc, static_cast<float*>(dq), nq, scale);
  } else {
    dq_finalize_kernel<uint16_t><<<elementwise_blocks(nq, 256), 256, 0, s>>>(
        p.dq_acc, static_cast<uint16_t*>(dq), nq, scale);
  }
  check_launch(fn);
  if (owned != nullptr) check_cuda(cudaFreeAsync(owned, s), fn, "cudaFreeAsync");
}

}  // namespace cuda
}  // namespace keras_kernels

// Flash-style attention (FlashAttention-2 on the CPU): the math over raw pointers.
//
// Forward, per (batch b, query head n, block of query rows): walk the key blocks,
// S = (scale q) k^T, masked logits set to the finite masked value, online softmax
// (running max m and sum l per row, rescaling the output accumulator), O += P v; at the
// end O / l and lse = m + log(l). K and V of one (batch, key/value head) are packed
// once per thread chunk: K transposed into panels of kKeyBlock keys ([h][key], so a dot
// product over h becomes FMAs of a broadcast q value with contiguous key vectors) and V
// as rows padded to a whole number of vectors.
//
// Backward, with D[t] = dout[t] . out[t] and P = exp(S - lse) recomputed: per key
// block of one (b, key/value head), over every query row of the heads sharing it,
// dV += P^T dO and dK += dS^T (scale q) with dS = P * (dO v^T - D). Scaled q, dout and
// D are first laid out head-major once (backward_prepare_rows). Two schedules, neither
// with atomics:
// - one pass over (b, key/value head): the task owns the dq rows of its query heads and
//   also accumulates dQ += dS k (10 units of T*S*H work); used when the B*K tasks
//   split evenly enough over the threads;
// - two passes: (b, key/value head, key block) tasks for dk and dv, then
//   (b, n, query block) tasks recomputing S and dP for dq (14 units, finer tasks).
//
// Every product is one register-blocked micro-kernel: C[r, :] (+)= sum_k A[r, k] B[k,
// :] with A broadcast element by element (any strides) and B read as contiguous
// vectors.
//
// A row whose keys are all masked ends with m == masked logit: its output is the mean
// of v over all S keys (equal weights, as the reference composition gives), its lse the
// masked logit, and in the backward pass it adds dout / S to every dv row and nothing
// to dq or dk (its logits are constants).
#ifndef KERAS_KERNELS_ATTENTION_ATTENTION_H_
#define KERAS_KERNELS_ATTENTION_ATTENTION_H_

#include "kernels/common/isa.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <memory>

#include "kernels/attention/attention_api.h"
#include "kernels/attention/attention_simd.h"
#include "kernels/common/bfloat16.h"

namespace keras_kernels {
namespace KK_ISA {
namespace attention {

using simd::kW;
using simd::Vf;

// The reference composition's masked logit (finite, so fully masked rows average v).
constexpr float kMaskedLogit = -0.7f * FLT_MAX;
// lse at or below this marks a fully masked row (its lse is kMaskedLogit; a real lse
// is at least the row's largest logit).
constexpr float kFullyMaskedLse = 0.5f * kMaskedLogit;
// Keys per block (the packed K panel width) and query rows per task: a 64 x 64 float
// tile is 16 KiB, so the S tile and the output rows of a block stay in L1.
constexpr int64_t kKeyBlock = 64;
constexpr int64_t kQueryBlock = 64;

inline int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Everything one call needs; the pointers of the other direction are null.
template <typename T>
struct Problem {
  const T* q = nullptr;
  const T* k = nullptr;
  const T* v = nullptr;
  const T* out = nullptr;   // backward input
  const T* dout = nullptr;  // backward input
  const float* lse_in = nullptr;
  T* out_w = nullptr;    // forward output
  float* lse = nullptr;  // forward output (may stay null)
  T* dq = nullptr;
  T* dk = nullptr;
  T* dv = nullptr;
  AttentionMask mask;
  bool causal = false;
  float scale = 1.0f;
  int64_t B = 0, T_ = 0, S = 0, N = 0, K = 0, H = 0;

  int64_t group() const { return N / K; }
  int64_t hp() const { return ceil_div(H, kW) * kW; }  // H padded to whole vectors
  int64_t num_key_blocks() const { return ceil_div(S, kKeyBlock); }
  int64_t num_query_blocks() const { return ceil_div(T_, kQueryBlock); }
  // Offsets of row t of head n in q/out/dq and of row s of head kvh in k/v/dk/dv.
  int64_t q_offset(int64_t b, int64_t t, int64_t n) const {
    return ((b * T_ + t) * N + n) * H;
  }
  int64_t kv_offset(int64_t b, int64_t s, int64_t kvh) const {
    return ((b * S + s) * K + kvh) * H;
  }
};

// Scratch floats carved out of one 64-byte-aligned block. Each thread keeps its block
// (up to kCachedScratchFloats) for the next call: fresh memory would be page-faulted in
// and zeroed by the kernel on every call, a few percent of a forward pass. A second
// Scratch alive on the same thread gets its own allocation.
constexpr int64_t kCachedScratchFloats = int64_t{1} << 22;  // 16 MiB

class Scratch {
 public:
  explicit Scratch(int64_t floats) {
    const int64_t want = floats + 16;  // room to align
    Cache& cache = thread_cache();
    float* base;
    if (!cache.in_use && want <= kCachedScratchFloats) {
      if (cache.size < want) {
        cache.mem.reset(new float[want]);
        cache.size = want;
      }
      cache.in_use = true;
      cached_ = true;
      base = cache.mem.get();
    } else {
      own_.reset(new float[want]);
      base = own_.get();
    }
    next_ = base + (16 - (reinterpret_cast<uintptr_t>(base) / 4) % 16) % 16;
  }
  ~Scratch() {
    if (cached_) thread_cache().in_use = false;
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  float* take(int64_t floats) {
    float* out = next_;
    next_ += ceil_div(floats, 16) * 16;
    return out;
  }
  // What take() calls with these sizes need, alignment included.
  static int64_t need(std::initializer_list<int64_t> sizes) {
    int64_t total = 0;
    for (int64_t s : sizes) total += ceil_div(s, 16) * 16;
    return total;
  }

 private:
  struct Cache {
    std::unique_ptr<float[]> mem;
    int64_t size = 0;
    bool in_use = false;
  };
  static Cache& thread_cache() {
    static thread_local Cache cache;
    return cache;
  }

  std::unique_ptr<float[]> own_;
  bool cached_ = false;
  float* next_;
};

// ---------------------------------------------------------------------------------
// The GEMM micro-kernel.

enum class Init { kZero, kAccumulate, kScale };

// C[r, 0 : NV*kW] for r < R: (0 | C | C * row_scale[r]) + sum_{k < kdim} A[r, k] B[k,
// :] with A[r, k] = a[r * a_rs + k * a_ks] and B[k, :] = b[k * ldb : k * ldb + NV*kW].
template <int R, int NV>
inline void micro_tile(int64_t kdim, const float* a, int64_t a_rs, int64_t a_ks,
                       const float* b, int64_t ldb, float* c, int64_t ldc, Init init,
                       const float* row_scale) {
  Vf acc[R][NV];
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r) {
#pragma GCC unroll 8
    for (int j = 0; j < NV; ++j) {
      if (init == Init::kZero) {
        acc[r][j] = simd::vzero();
      } else {
        acc[r][j] = simd::vload(c + r * ldc + j * kW);
        if (init == Init::kScale)
          acc[r][j] = simd::vmul(acc[r][j], simd::vset1(row_scale[r]));
      }
    }
  }
  const float* arow[R];
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r) arow[r] = a + r * a_rs;
  int64_t off = 0;
  for (int64_t k = 0; k < kdim; ++k, off += a_ks, b += ldb) {
    Vf bv[NV];
#pragma GCC unroll 8
    for (int j = 0; j < NV; ++j) bv[j] = simd::vload(b + j * kW);
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
      Vf x = simd::vset1(arow[r][off]);
#pragma GCC unroll 8
      for (int j = 0; j < NV; ++j) acc[r][j] = simd::vfma(x, bv[j], acc[r][j]);
    }
  }
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r) {
#pragma GCC unroll 8
    for (int j = 0; j < NV; ++j) simd::vstore(c + r * ldc + j * kW, acc[r][j]);
  }
}

// Picks the instance for a remainder tile of r <= R rows and nv <= NV vectors.
template <int R, int NV>
inline void tile_for(int r, int nv, int64_t kdim, const float* a, int64_t a_rs,
                     int64_t a_ks, const float* b, int64_t ldb, float* c, int64_t ldc,
                     Init init, const float* row_scale) {
  if constexpr (R > 1) {
    if (r < R) {
      return tile_for<R - 1, NV>(r, nv, kdim, a, a_rs, a_ks, b, ldb, c, ldc, init,
                                 row_scale);
    }
  }
  if constexpr (NV > 1) {
    if (nv < NV) {
      return tile_for<R, NV - 1>(r, nv, kdim, a, a_rs, a_ks, b, ldb, c, ldc, init,
                                 row_scale);
    }
  }
  micro_tile<R, NV>(kdim, a, a_rs, a_ks, b, ldb, c, ldc, init, row_scale);
}

// C (m rows x nvec vectors, row stride ldc) = init + A (m x kdim) B (kdim x nvec*kW).
inline void gemm(int64_t m, int64_t nvec, int64_t kdim, const float* a, int64_t a_rs,
                 int64_t a_ks, const float* b, int64_t ldb, float* c, int64_t ldc,
                 Init init, const float* row_scale = nullptr) {
  for (int64_t v0 = 0; v0 < nvec; v0 += simd::kVecs) {
    int nv = static_cast<int>(std::min<int64_t>(simd::kVecs, nvec - v0));
    for (int64_t r0 = 0; r0 < m; r0 += simd::kRows) {
      int r = static_cast<int>(std::min<int64_t>(simd::kRows, m - r0));
      tile_for<simd::kRows, simd::kVecs>(
          r, nv, kdim, a + r0 * a_rs, a_rs, a_ks, b + v0 * kW, ldb,
          c + r0 * ldc + v0 * kW, ldc, init,
          row_scale == nullptr ? nullptr : row_scale + r0);
    }
  }
}

// ---------------------------------------------------------------------------------
// Packing (converting bfloat16 to float on the way).

// Rows of q, k, v and dout are N*H or K*H elements apart (2 KiB for N=8, H=64): the
// hardware prefetchers do not follow such strides across pages, and packing stalled
// on L3 misses row after row. Requesting a row this many rows ahead hides the latency.
constexpr int64_t kPrefetchRows = 8;

template <typename T>
inline void prefetch_row(const T* row, int64_t H) {
  const char* bytes = reinterpret_cast<const char*>(row);
  for (int64_t i = 0; i < H * static_cast<int64_t>(sizeof(T)); i += 64) {
    __builtin_prefetch(bytes + i, 0, 2);
  }
}

// Keys [s0, s0 + nk) of head kvh of `src` (k or v) transposed into a panel
// [H][kKeyBlock], columns past nk zero.
template <typename T>
inline void pack_panel(const Problem<T>& p, const T* src, int64_t b, int64_t kvh,
                       int64_t s0, int64_t nk, float* panel) {
  if (nk < kKeyBlock) std::fill(panel, panel + p.H * kKeyBlock, 0.0f);
  for (int64_t s = 0; s < nk; ++s) {
    const T* row = src + p.kv_offset(b, s0 + s, kvh);
    if (s + kPrefetchRows < nk) prefetch_row(row + kPrefetchRows * p.K * p.H, p.H);
    for (int64_t h = 0; h < p.H; ++h) panel[h * kKeyBlock + s] = to_float(row[h]);
  }
}

// `rows` rows starting at row pointer `src` (row stride `stride`) into dst [rows][hp],
// times `factor`, columns past H zero.
template <typename T>
inline void pack_rows(const T* src, int64_t stride, int64_t rows, int64_t H, int64_t hp,
                      float factor, float* dst) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* row = src + r * stride;
    if (r + kPrefetchRows < rows) prefetch_row(row + kPrefetchRows * stride, H);
    float* d = dst + r * hp;
#pragma omp simd
    for (int64_t h = 0; h < H; ++h) d[h] = factor * to_float(row[h]);
    for (int64_t h = H; h < hp; ++h) d[h] = 0.0f;
  }
}

template <typename T>
inline void store_row(const float* src, int64_t H, float factor, T* dst) {
  for (int64_t h = 0; h < H; ++h) dst[h] = from_float<T>(factor * src[h]);
}

// ---------------------------------------------------------------------------------
// Masking one row of an S tile.

// Sets the masked logits of row t in columns [0, nk) of `srow` (keys s0 + j) to the
// masked logit and the padding columns up to a whole vector to -inf (weight 0).
// `diag`: the block may hold keys s > t (causal).
template <typename T>
inline void mask_row(const Problem<T>& p, int64_t b, int64_t n, int64_t t, int64_t s0,
                     int64_t nk, bool diag, float* srow) {
  const Vf masked = simd::vset1(kMaskedLogit);
  const int64_t nvec = ceil_div(nk, kW);
  const uint8_t* mrow = nullptr;
  if (p.mask.data != nullptr) {
    mrow =
        p.mask.data + b * p.mask.stride_b + n * p.mask.stride_n + t * p.mask.stride_t;
  }
  for (int64_t j = 0; j < nvec; ++j) {
    const int64_t first = s0 + j * kW;  // key of lane 0
    const int valid = static_cast<int>(std::min<int64_t>(kW, nk - j * kW));
    Vf x = simd::vload(srow + j * kW);
    if (mrow != nullptr) {
      if (p.mask.stride_s == 1) {
        x = simd::vkeep_where(x, mrow + first, valid, masked);
      } else {
        uint8_t bytes[kW];
        for (int i = 0; i < valid; ++i) bytes[i] = mrow[(first + i) * p.mask.stride_s];
        x = simd::vkeep_where(x, bytes, valid, masked);
      }
    }
    if (diag && first + kW - 1 > t) {
      // Lanes with key <= t attend.
      int64_t keep = std::max<int64_t>(0, std::min<int64_t>(kW, t - first + 1));
      x = simd::vkeep_first(x, static_cast<int>(keep), masked);
    }
    if (valid < kW) x = simd::vkeep_first(x, valid, simd::vset1(-INFINITY));
    simd::vstore(srow + j * kW, x);
  }
}

// The first key block (exclusive end) that is all above the causal diagonal for rows
// up to t_last, or every block when not causal.
template <typename T>
inline int64_t key_block_end(const Problem<T>& p, int64_t t_last) {
  if (!p.causal) return p.num_key_blocks();
  return std::min(p.num_key_blocks(), t_last / kKeyBlock + 1);
}

// ---------------------------------------------------------------------------------
// Forward.

// Per-thread-chunk state: the packed K panels and V rows of one (b, kvh), and the
// tiles of one query block.
struct ForwardScratch {
  Scratch mem;
  int64_t packed_b = -1, packed_kvh = -1;
  float *kt, *vr, *vmean, *qs, *o, *st, *m, *l, *alpha;

  template <typename T>
  explicit ForwardScratch(const Problem<T>& p)
      : mem(Scratch::need({p.num_key_blocks() * kKeyBlock * p.H,
                           p.num_key_blocks() * kKeyBlock * p.hp(), p.hp(),
                           kQueryBlock * p.hp(), kQueryBlock * p.hp(),
                           kQueryBlock * kKeyBlock, kQueryBlock, kQueryBlock,
                           kQueryBlock})) {
    const int64_t hp = p.hp(), keys = p.num_key_blocks() * kKeyBlock;
    kt = mem.take(keys * p.H);
    vr = mem.take(keys * hp);
    vmean = mem.take(hp);
    qs = mem.take(kQueryBlock * hp);
    o = mem.take(kQueryBlock * hp);
    st = mem.take(kQueryBlock * kKeyBlock);
    m = mem.take(kQueryBlock);
    l = mem.take(kQueryBlock);
    alpha = mem.take(kQueryBlock);
  }
};

template <typename T>
inline void forward_pack_kv(const Problem<T>& p, int64_t b, int64_t kvh,
                            ForwardScratch& w) {
  const int64_t hp = p.hp();
  for (int64_t kb = 0; kb < p.num_key_blocks(); ++kb) {
    const int64_t s0 = kb * kKeyBlock;
    pack_panel(p, p.k, b, kvh, s0, std::min(kKeyBlock, p.S - s0),
               w.kt + kb * kKeyBlock * p.H);
  }
  pack_rows(p.v + p.kv_offset(b, 0, kvh), p.K * p.H, p.S, p.H, hp, 1.0f, w.vr);
  // The output of a fully masked row: equal weights 1/S over every key.
  std::fill(w.vmean, w.vmean + hp, 0.0f);
  for (int64_t s = 0; s < p.S; ++s) {
    for (int64_t h = 0; h < hp; h += kW) {
      simd::vstore(w.vmean + h, simd::vadd(simd::vload(w.vmean + h),
                                           simd::vload(w.vr + s * hp + h)));
    }
  }
  const float inv = 1.0f / static_cast<float>(p.S);
  for (int64_t h = 0; h < hp; ++h) w.vmean[h] *= inv;
  w.packed_b = b;
  w.packed_kvh = kvh;
}

// Online softmax of rows [0, nq) of the S tile over one key block of nk keys: turns
// the (masked) logits into exp(logit - m_new), updates m and l, and leaves the factor
// rescaling the earlier output in alpha.
inline void online_softmax(int64_t nq, int64_t nk, float* st, float* m, float* l,
                           float* alpha) {
  const int64_t nvec = ceil_div(nk, kW);
  for (int64_t r = 0; r < nq; ++r) {
    float* srow = st + r * kKeyBlock;
    Vf mx = simd::vload(srow);
    for (int64_t j = 1; j < nvec; ++j) mx = simd::vmax(mx, simd::vload(srow + j * kW));
    const float m_new = std::max(m[r], simd::vhmax(mx));
    const Vf shift = simd::vset1(m_new);
    Vf sum = simd::vzero();
    for (int64_t j = 0; j < nvec; ++j) {
      Vf e = simd::vexp(simd::vsub(simd::vload(srow + j * kW), shift));
      simd::vstore(srow + j * kW, e);
      sum = simd::vadd(sum, e);
    }
    alpha[r] = std::exp(m[r] - m_new);  // 0 on the first block (m = -inf)
    l[r] = l[r] * alpha[r] + simd::vhsum(sum);
    m[r] = m_new;
  }
}

// Forward tasks [begin, end) of B * N * num_query_blocks, ordered (b, n, query block).
template <typename T>
void forward_tasks(const Problem<T>& p, int64_t begin, int64_t end) {
  ForwardScratch w(p);
  const int64_t hp = p.hp(), nqb = p.num_query_blocks();
  for (int64_t task = begin; task < end; ++task) {
    const int64_t b = task / (p.N * nqb), n = (task / nqb) % p.N, qb = task % nqb;
    const int64_t kvh = n / p.group();
    if (b != w.packed_b || kvh != w.packed_kvh) forward_pack_kv(p, b, kvh, w);
    const int64_t t0 = qb * kQueryBlock, nq = std::min(kQueryBlock, p.T_ - t0);
    pack_rows(p.q + p.q_offset(b, t0, n), p.N * p.H, nq, p.H, hp, p.scale, w.qs);
    if (task + 1 < end) {  // the next block's q rows arrive while this one computes
      const int64_t nb = (task + 1) / (p.N * nqb), nn = ((task + 1) / nqb) % p.N;
      const int64_t nt0 = ((task + 1) % nqb) * kQueryBlock;
      for (int64_t t = nt0; t < std::min(p.T_, nt0 + kQueryBlock); ++t) {
        prefetch_row(p.q + p.q_offset(nb, t, nn), p.H);
      }
    }
    std::fill(w.o, w.o + nq * hp, 0.0f);
    std::fill(w.m, w.m + nq, -INFINITY);
    std::fill(w.l, w.l + nq, 0.0f);
    const int64_t kb_end = key_block_end(p, t0 + nq - 1);
    for (int64_t kb = 0; kb < kb_end; ++kb) {
      const int64_t s0 = kb * kKeyBlock, nk = std::min(kKeyBlock, p.S - s0);
      const float* kt = w.kt + kb * kKeyBlock * p.H;
      const float* vr = w.vr + s0 * hp;
      const bool diag = p.causal && s0 + nk - 1 > t0;
      // On the causal diagonal, each row tile stops at the last key its last row sees:
      // the skipped logits are masked anyway (mask_row overwrites them), and their zero
      // weights need not be multiplied into the output.
      const int64_t tile = diag ? simd::kRows : nq;
      for (int64_t r0 = 0; r0 < nq; r0 += tile) {
        const int64_t rows = std::min(tile, nq - r0);
        const int64_t keys =
            diag ? std::clamp<int64_t>(t0 + r0 + rows - s0, 0, nk) : nk;
        gemm(rows, ceil_div(keys, kW), p.H, w.qs + r0 * hp, hp, 1, kt, kKeyBlock,
             w.st + r0 * kKeyBlock, kKeyBlock, Init::kZero);
      }
      if (diag || p.mask.data != nullptr || nk % kW != 0) {
        for (int64_t r = 0; r < nq; ++r) {
          mask_row(p, b, n, t0 + r, s0, nk, diag, w.st + r * kKeyBlock);
        }
      }
      online_softmax(nq, nk, w.st, w.m, w.l, w.alpha);
      for (int64_t r0 = 0; r0 < nq; r0 += tile) {
        const int64_t rows = std::min(tile, nq - r0);
        const int64_t keys =
            diag ? std::clamp<int64_t>(t0 + r0 + rows - s0, 0, nk) : nk;
        gemm(rows, hp / kW, keys, w.st + r0 * kKeyBlock, kKeyBlock, 1, vr, hp,
             w.o + r0 * hp, hp, Init::kScale, w.alpha + r0);
      }
    }
    for (int64_t r = 0; r < nq; ++r) {
      T* dst = p.out_w + p.q_offset(b, t0 + r, n);
      float row_lse;
      // l == l: a NaN row (whose max may have skipped its NaNs) is not "masked".
      if (w.m[r] == kMaskedLogit && w.l[r] == w.l[r]) {
        store_row(w.vmean, p.H, 1.0f, dst);
        row_lse = kMaskedLogit + std::log(static_cast<float>(p.S));
      } else {
        store_row(w.o + r * hp, p.H, 1.0f / w.l[r], dst);
        row_lse = w.m[r] + std::log(w.l[r]);
      }
      if (p.lse != nullptr) p.lse[(b * p.N + n) * p.T_ + t0 + r] = row_lse;
    }
  }
}

// ---------------------------------------------------------------------------------
// Backward.

// The per-row inputs of both backward passes, head-major so that a query block of one
// head is contiguous: both passes read them many times, and strided rows of q and
// dout (N*H apart) cost an L3 miss each time.
struct BackwardRows {
  float* qs;     // [B, N, T, hp]: scale * q
  float* dof;    // [B, N, T, hp]: dout
  float* delta;  // [B, N, T]: D = dout . out
};

// Fills `rows` for tensor rows [begin, end) of B * T * N (read in memory order).
template <typename T>
void backward_prepare_rows(const Problem<T>& p, const BackwardRows& rows, int64_t begin,
                           int64_t end) {
  const int64_t hp = p.hp();
  for (int64_t row = begin; row < end; ++row) {
    const int64_t n = row % p.N, t = (row / p.N) % p.T_, b = row / (p.N * p.T_);
    const int64_t at = (b * p.N + n) * p.T_ + t;
    pack_rows(p.q + row * p.H, p.H, 1, p.H, hp, p.scale, rows.qs + at * hp);
    pack_rows(p.dout + row * p.H, p.H, 1, p.H, hp, 1.0f, rows.dof + at * hp);
    const T* o = p.out + row * p.H;
    const float* d = rows.dof + at * hp;
    float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
    for (int64_t h = 0; h < p.H; ++h) sum += to_float(o[h]) * d[h];
    rows.delta[at] = sum;
  }
}

// For (b, kvh) in [begin, end) of B * K: msum[b, kvh, :hp] = sum of dout over the
// fully masked rows of the query heads of kvh, divided by S (their dv share per key).
template <typename T>
void backward_masked_rows(const Problem<T>& p, float* msum, int64_t begin,
                          int64_t end) {
  const int64_t hp = p.hp(), g = p.group();
  for (int64_t bk = begin; bk < end; ++bk) {
    const int64_t b = bk / p.K, kvh = bk % p.K;
    float* acc = msum + bk * hp;
    std::fill(acc, acc + hp, 0.0f);
    for (int64_t n = kvh * g; n < (kvh + 1) * g; ++n) {
      for (int64_t t = 0; t < p.T_; ++t) {
        if (p.lse_in[(b * p.N + n) * p.T_ + t] > kFullyMaskedLse) continue;
        const T* d = p.dout + p.q_offset(b, t, n);
        for (int64_t h = 0; h < p.H; ++h) acc[h] += to_float(d[h]);
      }
    }
    const float inv = 1.0f / static_cast<float>(p.S);
    for (int64_t h = 0; h < hp; ++h) acc[h] *= inv;
  }
}

// One query block of one head: its rows in BackwardRows, and the S / dS tiles.
struct QueryTiles {
  const float *qs, *dof;
  float *st, *dpt;
};

// Points the tiles at query block [t0, ...) of head n.
template <typename T>
inline void select_query_block(const Problem<T>& p, const BackwardRows& rows, int64_t b,
                               int64_t n, int64_t t0, QueryTiles& w) {
  const int64_t at = ((b * p.N + n) * p.T_ + t0) * p.hp();
  w.qs = rows.qs + at;
  w.dof = rows.dof + at;
}

// With the query tiles selected and the key block's K^T and V^T panels: w.st = P and
// w.dpt = dS = P * (dP - D) for rows [0, nq) and keys [s0, s0 + nk).
template <typename T>
inline void probs_and_dscores(const Problem<T>& p, const BackwardRows& rows, int64_t b,
                              int64_t n, int64_t t0, int64_t nq, int64_t s0, int64_t nk,
                              const float* ktp, const float* vtp, const QueryTiles& w) {
  const int64_t hp = p.hp(), nvec = ceil_div(nk, kW);
  gemm(nq, nvec, p.H, w.qs, hp, 1, ktp, kKeyBlock, w.st, kKeyBlock, Init::kZero);
  gemm(nq, nvec, p.H, w.dof, hp, 1, vtp, kKeyBlock, w.dpt, kKeyBlock, Init::kZero);
  const bool diag = p.causal && s0 + nk - 1 > t0;
  const bool masking = diag || p.mask.data != nullptr || nk % kW != 0;
  const float* lse = p.lse_in + (b * p.N + n) * p.T_ + t0;
  const float* d = rows.delta + (b * p.N + n) * p.T_ + t0;
  for (int64_t r = 0; r < nq; ++r) {
    float* srow = w.st + r * kKeyBlock;
    float* dsrow = w.dpt + r * kKeyBlock;
    if (lse[r] <= kFullyMaskedLse) {  // constant logits: no gradient through them
      std::fill(srow, srow + nvec * kW, 0.0f);
      std::fill(dsrow, dsrow + nvec * kW, 0.0f);
      continue;
    }
    if (masking) mask_row(p, b, n, t0 + r, s0, nk, diag, srow);
    const Vf shift = simd::vset1(lse[r]), dr = simd::vset1(d[r]);
    for (int64_t j = 0; j < nvec; ++j) {
      Vf prob = simd::vexp(simd::vsub(simd::vload(srow + j * kW), shift));
      simd::vstore(srow + j * kW, prob);
      simd::vstore(dsrow + j * kW,
                   simd::vmul(prob, simd::vsub(simd::vload(dsrow + j * kW), dr)));
    }
  }
}

struct KeyBlockScratch {
  Scratch mem;
  QueryTiles tiles;
  float *ktp, *vtp, *kr, *dk, *dv;

  template <typename T>
  explicit KeyBlockScratch(const Problem<T>& p)
      : mem(Scratch::need({kQueryBlock * kKeyBlock, kQueryBlock * kKeyBlock,
                           p.H * kKeyBlock, p.H * kKeyBlock, kKeyBlock * p.hp(),
                           kKeyBlock * p.hp(), kKeyBlock * p.hp()})) {
    tiles.st = mem.take(kQueryBlock * kKeyBlock);
    tiles.dpt = mem.take(kQueryBlock * kKeyBlock);
    ktp = mem.take(p.H * kKeyBlock);
    vtp = mem.take(p.H * kKeyBlock);
    kr = mem.take(kKeyBlock * p.hp());
    dk = mem.take(kKeyBlock * p.hp());
    dv = mem.take(kKeyBlock * p.hp());
  }
};

// dk and dv of key block kb of (b, kvh), from every query row of the heads sharing
// kvh; with `dq_acc` ([B, N, T, hp] floats) also adds each row's dS k to it, which
// only a caller owning every key block of those heads may do.
template <typename T>
void backward_key_block(const Problem<T>& p, const BackwardRows& rows,
                        const float* msum, int64_t b, int64_t kvh, int64_t kb,
                        KeyBlockScratch& w, float* dq_acc) {
  const int64_t hp = p.hp(), g = p.group();
  const int64_t s0 = kb * kKeyBlock, nk = std::min(kKeyBlock, p.S - s0);
  pack_panel(p, p.k, b, kvh, s0, nk, w.ktp);
  pack_panel(p, p.v, b, kvh, s0, nk, w.vtp);
  if (dq_acc != nullptr) {
    pack_rows(p.k + p.kv_offset(b, s0, kvh), p.K * p.H, nk, p.H, hp, 1.0f, w.kr);
  }
  std::fill(w.dk, w.dk + nk * hp, 0.0f);
  std::fill(w.dv, w.dv + nk * hp, 0.0f);
  // Under the causal mask, rows t < s0 see none of these keys.
  const int64_t qb_begin = p.causal ? s0 / kQueryBlock : 0;
  for (int64_t n = kvh * g; n < (kvh + 1) * g; ++n) {
    for (int64_t qb = qb_begin; qb < p.num_query_blocks(); ++qb) {
      const int64_t t0 = qb * kQueryBlock, nq = std::min(kQueryBlock, p.T_ - t0);
      select_query_block(p, rows, b, n, t0, w.tiles);
      probs_and_dscores(p, rows, b, n, t0, nq, s0, nk, w.ktp, w.vtp, w.tiles);
      // dV[s] += sum_t P[t, s] dO[t]; dK[s] += sum_t dS[t, s] (scale q[t]).
      gemm(nk, hp / kW, nq, w.tiles.st, 1, kKeyBlock, w.tiles.dof, hp, w.dv, hp,
           Init::kAccumulate);
      gemm(nk, hp / kW, nq, w.tiles.dpt, 1, kKeyBlock, w.tiles.qs, hp, w.dk, hp,
           Init::kAccumulate);
      if (dq_acc != nullptr) {  // dQ[t] += sum_s dS[t, s] k[s] (times scale later)
        gemm(nq, hp / kW, nk, w.tiles.dpt, kKeyBlock, 1, w.kr, hp,
             dq_acc + ((b * p.N + n) * p.T_ + t0) * hp, hp, Init::kAccumulate);
      }
    }
  }
  const float* ms = msum + (b * p.K + kvh) * hp;
  for (int64_t s = 0; s < nk; ++s) {
    float* dvrow = w.dv + s * hp;
    for (int64_t h = 0; h < p.H; ++h) dvrow[h] += ms[h];
    store_row(w.dk + s * hp, p.H, 1.0f, p.dk + p.kv_offset(b, s0 + s, kvh));
    store_row(dvrow, p.H, 1.0f, p.dv + p.kv_offset(b, s0 + s, kvh));
  }
}

// Two-pass backward, pass 1: dk and dv for tasks [begin, end) of
// B * K * num_key_blocks, ordered (b, kvh, key block). `msum` from
// backward_masked_rows.
template <typename T>
void backward_dkdv_tasks(const Problem<T>& p, const BackwardRows& rows,
                         const float* msum, int64_t begin, int64_t end) {
  KeyBlockScratch w(p);
  const int64_t nkb = p.num_key_blocks();
  for (int64_t task = begin; task < end; ++task) {
    backward_key_block(p, rows, msum, task / (p.K * nkb), (task / nkb) % p.K,
                       task % nkb, w, nullptr);
  }
}

// One-pass backward: dq, dk and dv for tasks [begin, end) of B * K (b, kvh), each
// owning the dq rows of its query heads; 10 instead of 14 units of T*S*H work, but only
// B * K tasks to share among the threads. `dq_acc` as in backward_key_block.
template <typename T>
void backward_fused_tasks(const Problem<T>& p, const BackwardRows& rows,
                          const float* msum, float* dq_acc, int64_t begin,
                          int64_t end) {
  KeyBlockScratch w(p);
  const int64_t hp = p.hp(), g = p.group();
  for (int64_t task = begin; task < end; ++task) {
    const int64_t b = task / p.K, kvh = task % p.K;
    float* heads = dq_acc + (b * p.N + kvh * g) * p.T_ * hp;
    std::fill(heads, heads + g * p.T_ * hp, 0.0f);
    for (int64_t kb = 0; kb < p.num_key_blocks(); ++kb) {
      backward_key_block(p, rows, msum, b, kvh, kb, w, dq_acc);
    }
    for (int64_t n = kvh * g; n < (kvh + 1) * g; ++n) {
      for (int64_t t = 0; t < p.T_; ++t) {
        store_row(dq_acc + ((b * p.N + n) * p.T_ + t) * hp, p.H, p.scale,
                  p.dq + p.q_offset(b, t, n));
      }
    }
  }
}

struct QueryBlockScratch {
  Scratch mem;
  QueryTiles tiles;
  int64_t packed_b = -1, packed_kvh = -1;
  float *kt, *vt, *kr, *dq;

  template <typename T>
  explicit QueryBlockScratch(const Problem<T>& p)
      : mem(Scratch::need(
            {kQueryBlock * kKeyBlock, kQueryBlock * kKeyBlock,
             p.num_key_blocks() * kKeyBlock * p.H, p.num_key_blocks() * kKeyBlock * p.H,
             p.num_key_blocks() * kKeyBlock * p.hp(), kQueryBlock * p.hp()})) {
    const int64_t keys = p.num_key_blocks() * kKeyBlock;
    tiles.st = mem.take(kQueryBlock * kKeyBlock);
    tiles.dpt = mem.take(kQueryBlock * kKeyBlock);
    kt = mem.take(keys * p.H);
    vt = mem.take(keys * p.H);
    kr = mem.take(keys * p.hp());
    dq = mem.take(kQueryBlock * p.hp());
  }
};

// Two-pass backward, pass 2: dq for tasks [begin, end) of B * N * num_query_blocks,
// ordered (b, n, query block).
template <typename T>
void backward_dq_tasks(const Problem<T>& p, const BackwardRows& rows, int64_t begin,
                       int64_t end) {
  QueryBlockScratch w(p);
  const int64_t hp = p.hp(), nqb = p.num_query_blocks(), panel = kKeyBlock * p.H;
  for (int64_t task = begin; task < end; ++task) {
    const int64_t b = task / (p.N * nqb), n = (task / nqb) % p.N, qb = task % nqb;
    const int64_t kvh = n / p.group();
    if (b != w.packed_b || kvh != w.packed_kvh) {
      for (int64_t kb = 0; kb < p.num_key_blocks(); ++kb) {
        const int64_t s0 = kb * kKeyBlock, nk = std::min(kKeyBlock, p.S - s0);
        pack_panel(p, p.k, b, kvh, s0, nk, w.kt + kb * panel);
        pack_panel(p, p.v, b, kvh, s0, nk, w.vt + kb * panel);
      }
      pack_rows(p.k + p.kv_offset(b, 0, kvh), p.K * p.H, p.S, p.H, hp, 1.0f, w.kr);
      w.packed_b = b;
      w.packed_kvh = kvh;
    }
    const int64_t t0 = qb * kQueryBlock, nq = std::min(kQueryBlock, p.T_ - t0);
    select_query_block(p, rows, b, n, t0, w.tiles);
    std::fill(w.dq, w.dq + nq * hp, 0.0f);
    const int64_t kb_end = key_block_end(p, t0 + nq - 1);
    for (int64_t kb = 0; kb < kb_end; ++kb) {
      const int64_t s0 = kb * kKeyBlock, nk = std::min(kKeyBlock, p.S - s0);
      probs_and_dscores(p, rows, b, n, t0, nq, s0, nk, w.kt + kb * panel,
                        w.vt + kb * panel, w.tiles);
      // dQ[t] += sum_s dS[t, s] k[s] (times scale below).
      gemm(nq, hp / kW, nk, w.tiles.dpt, kKeyBlock, 1, w.kr + s0 * hp, hp, w.dq, hp,
           Init::kAccumulate);
    }
    for (int64_t r = 0; r < nq; ++r) {
      store_row(w.dq + r * hp, p.H, p.scale, p.dq + p.q_offset(b, t0 + r, n));
    }
  }
}

}  // namespace attention
}  // namespace KK_ISA
}  // namespace keras_kernels

#endif  // KERAS_KERNELS_ATTENTION_ATTENTION_H_

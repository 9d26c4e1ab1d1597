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
// Backward, with D[t] = dout[t] . out[t] and P = exp(S - lse) recomputed: over the
// query rows of the heads sharing a (b, key/value head), dV += P^T dO, dK += dS^T
// (scale q) and dQ += dS k with dS = P * (dO v^T - D). Three schedules, none with
// atomics:
// - one pass, query-block-major (backward_head_tasks): a task is one batch, or one
//   (b, key/value head), and owns the dq rows of its query heads and the dk / dv
//   rows of its keys. It packs its keys and values once, then per query block packs
//   the rows (and D) and walks every key block, so the block's dq is done when the
//   walk ends; dk and dv sum up in the task's memory (all S keys: for short and
//   middling key sequences). Blocks with no masked key compute P and dS in one
//   kernel (probs_tile) without storing S or dP. 10 units of T*S*H work.
// - one pass, key-block-major (backward_fused_tasks) over (b, key/value head), for
//   long key sequences: scaled q, dout and D are first laid out head-major
//   (backward_prepare_rows), and dq sums up in a [B, N, T] buffer. 10 units.
// - two passes when neither splits evenly over the threads: (b, key/value head, key
//   block) tasks for dk and dv, then (b, n, query block) tasks recomputing S and dP
//   for dq (14 units, finer tasks).
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
// Software prefetching spread over the math.

// Rows of the source tensors are N*H or K*H elements apart, and a task's next rows
// are a few pages away: the hardware prefetchers fetch them late or not at all, and a
// burst of software prefetches stalls too (each cache miss holds one of the few fill
// buffers). A Prefetcher holds the rows a task reads next (or writes soon) and
// requests them a few cache lines at a time, between the micro-tiles of the math.
class Prefetcher {
 public:
  void clear() {
    count_ = cur_ = 0;
    row_ = line_ = 0;
  }
  // `rows` rows of `width` elements from `first`, `stride` elements apart.
  template <typename T>
  void add(const T* first, int64_t stride, int64_t rows, int64_t width) {
    if (count_ == kMaxRanges || rows <= 0 || width <= 0) return;
    const uintptr_t begin = reinterpret_cast<uintptr_t>(first);
    Range& r = ranges_[count_++];
    r.first = begin & ~uintptr_t{63};
    r.lines = ceil_div(static_cast<int64_t>(begin + width * sizeof(T) - r.first), 64);
    r.stride = stride * static_cast<int64_t>(sizeof(T));
    r.rows = rows;
    if (width == stride) {  // contiguous: one long row, no line requested twice
      r.lines = ceil_div(rows * r.stride, 64);
      r.rows = 1;
    }
  }
  int64_t lines() const {
    int64_t total = 0;
    for (int i = 0; i < count_; ++i) total += ranges_[i].lines * ranges_[i].rows;
    return total;
  }
  // Requests the next `lines` lines (at most).
  void pump(int64_t lines) {
    while (lines > 0 && cur_ < count_) {
      const Range& r = ranges_[cur_];
      const uintptr_t row = r.first + static_cast<uintptr_t>(row_ * r.stride);
      const int64_t n = std::min(lines, r.lines - line_);
      for (int64_t i = 0; i < n; ++i) {
        __builtin_prefetch(reinterpret_cast<const void*>(row + (line_ + i) * 64), 0, 3);
      }
      lines -= n;
      line_ += n;
      if (line_ == r.lines) {
        line_ = 0;
        if (++row_ == r.rows) {
          row_ = 0;
          ++cur_;
        }
      }
    }
  }
  // Spreads what is held over about `ticks` calls of tick().
  void spread_over(int64_t ticks) {
    rate_ = std::max<int64_t>(1, ceil_div(lines(), std::max<int64_t>(1, ticks)));
    ticks_ = 0;
  }
  void tick() {
    ++ticks_;
    pump(rate_);
  }
  int64_t ticks() const { return ticks_; }  // since spread_over

 private:
  static constexpr int kMaxRanges = 8;
  struct Range {
    uintptr_t first;  // the first line of the first row
    int64_t lines, stride, rows;
  };
  Range ranges_[kMaxRanges];
  int count_ = 0, cur_ = 0;
  int64_t row_ = 0, line_ = 0, rate_ = 1, ticks_ = 0;
};

// ---------------------------------------------------------------------------------
// The GEMM micro-kernel.

enum class Init { kZero, kAccumulate, kScale };

// C[r, 0 : NV*kW] for r < R: (0 | C | C * row_scale[r]) + sum_{k < kdim} A[r, k] B[k,
// :] with A[r, k] = a[r * a_rs + k * a_ks] and B[k, :] = b[k * ldb : k * ldb + NV*kW].
// RS / KS: a_rs / a_ks when known at compile time (0: not), so that the A element of
// every row is one base pointer plus a constant offset instead of a pointer per row
// (tall tiles would run out of general registers).
template <int R, int NV, int RS, int KS>
inline void micro_tile(int64_t kdim, const float* a, int64_t a_rs, int64_t a_ks,
                       const float* b, int64_t ldb, float* c, int64_t ldc, Init init,
                       const float* row_scale) {
  const int64_t rs = RS > 0 ? RS : a_rs, ks = KS > 0 ? KS : a_ks;
  Vf acc[R][NV];
#pragma GCC unroll 16
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
  if constexpr (RS > 0) {
    for (int64_t k = 0; k < kdim; ++k, a += ks, b += ldb) {
      Vf bv[NV];
#pragma GCC unroll 8
      for (int j = 0; j < NV; ++j) bv[j] = simd::vload(b + j * kW);
#pragma GCC unroll 16
      for (int r = 0; r < R; ++r) {
        Vf x = simd::vset1(a[r * RS]);
#pragma GCC unroll 8
        for (int j = 0; j < NV; ++j) acc[r][j] = simd::vfma(x, bv[j], acc[r][j]);
      }
    }
  } else {
    const float* arow[R];
#pragma GCC unroll 16
    for (int r = 0; r < R; ++r) arow[r] = a + r * rs;
    int64_t off = 0;
    for (int64_t k = 0; k < kdim; ++k, off += ks, b += ldb) {
      Vf bv[NV];
#pragma GCC unroll 8
      for (int j = 0; j < NV; ++j) bv[j] = simd::vload(b + j * kW);
#pragma GCC unroll 16
      for (int r = 0; r < R; ++r) {
        Vf x = simd::vset1(arow[r][off]);
#pragma GCC unroll 8
        for (int j = 0; j < NV; ++j) acc[r][j] = simd::vfma(x, bv[j], acc[r][j]);
      }
    }
  }
#pragma GCC unroll 16
  for (int r = 0; r < R; ++r) {
#pragma GCC unroll 8
    for (int j = 0; j < NV; ++j) simd::vstore(c + r * ldc + j * kW, acc[r][j]);
  }
}

// Picks the instance for a remainder tile of r <= R rows and nv <= NV vectors.
template <int R, int NV, int RS, int KS>
inline void tile_for(int r, int nv, int64_t kdim, const float* a, int64_t a_rs,
                     int64_t a_ks, const float* b, int64_t ldb, float* c, int64_t ldc,
                     Init init, const float* row_scale) {
  if constexpr (R > 1) {
    if (r < R) {
      return tile_for<R - 1, NV, RS, KS>(r, nv, kdim, a, a_rs, a_ks, b, ldb, c, ldc,
                                         init, row_scale);
    }
  }
  if constexpr (NV > 1) {
    if (nv < NV) {
      return tile_for<R, NV - 1, RS, KS>(r, nv, kdim, a, a_rs, a_ks, b, ldb, c, ldc,
                                         init, row_scale);
    }
  }
  micro_tile<R, NV, RS, KS>(kdim, a, a_rs, a_ks, b, ldb, c, ldc, init, row_scale);
}

// Rows [0, m) of C, vectors [0, nv) with nv <= NV, in tiles of R rows.
template <int R, int NV, int RS, int KS>
inline void gemm_rows(int64_t m, int nv, int64_t kdim, const float* a, int64_t a_rs,
                      int64_t a_ks, const float* b, int64_t ldb, float* c, int64_t ldc,
                      Init init, const float* row_scale, Prefetcher* pf) {
  for (int64_t r0 = 0; r0 < m; r0 += R) {
    const int r = static_cast<int>(std::min<int64_t>(R, m - r0));
    tile_for<R, NV, RS, KS>(r, nv, kdim, a + r0 * a_rs, a_rs, a_ks, b, ldb,
                            c + r0 * ldc, ldc, init,
                            row_scale == nullptr ? nullptr : row_scale + r0);
    if (pf != nullptr) pf->tick();
  }
}

// C (m rows x nvec vectors, row stride ldc) = init + A (m x kdim) B (kdim x nvec*kW).
// RS / KS: as in micro_tile; a call passes the same values in a_rs / a_ks. `pf`, if
// any, ticks after every tile.
template <int RS = 0, int KS = 0>
inline void gemm(int64_t m, int64_t nvec, int64_t kdim, const float* a, int64_t a_rs,
                 int64_t a_ks, const float* b, int64_t ldb, float* c, int64_t ldc,
                 Init init, const float* row_scale = nullptr,
                 Prefetcher* pf = nullptr) {
  // C only 1 or 2 vectors wide (a small head dimension): the usual tile would hold 6
  // or 12 accumulators; taller tiles keep enough FMAs in flight to cover their
  // latency and spread the loads and stores of C over more of them. Only with the
  // row stride known at compile time: a pointer per row would run out of registers.
  if constexpr (RS > 0) {
    if (nvec == 1) {
      return gemm_rows<simd::kRows1, 1, RS, KS>(m, 1, kdim, a, a_rs, a_ks, b, ldb, c,
                                                ldc, init, row_scale, pf);
    }
    if (nvec == 2 && simd::kVecs > 2) {
      return gemm_rows<simd::kRows2, 2, RS, KS>(m, 2, kdim, a, a_rs, a_ks, b, ldb, c,
                                                ldc, init, row_scale, pf);
    }
  }
  for (int64_t v0 = 0; v0 < nvec; v0 += simd::kVecs) {
    const int nv = static_cast<int>(std::min<int64_t>(simd::kVecs, nvec - v0));
    gemm_rows<simd::kRows, simd::kVecs, RS, KS>(m, nv, kdim, a, a_rs, a_ks,
                                                b + v0 * kW, ldb, c + v0 * kW, ldc,
                                                init, row_scale, pf);
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

// Rows [0, rows) of `src` (row stride `stride`, H elements each) transposed into dst
// [H][ld]: dst[h * ld + r] = src[r * stride + h], and columns [rows, rows rounded up to
// whole vectors) zero (ld at least that), so that every vector a GEMM reads is finite.
// kW x kW blocks are transposed in registers: element by element, the strided stores
// took ~1.5 cycles per element, 9% of the backward pass at T = S = 128, H = 32.
template <typename T>
inline void transpose_rows(const T* src, int64_t stride, int64_t rows, int64_t H,
                           float* dst, int64_t ld) {
  Vf block[kW];
  for (int64_t r0 = 0; r0 < rows; r0 += kW) {
    const int nr = static_cast<int>(std::min<int64_t>(kW, rows - r0));
    for (int64_t r = r0 + kW; r < std::min(rows, r0 + 2 * kW); ++r) {
      prefetch_row(src + r * stride, H);
    }
    for (int64_t h0 = 0; h0 < H; h0 += kW) {
      const int nh = static_cast<int>(std::min<int64_t>(kW, H - h0));
      for (int i = 0; i < nr; ++i) {
        block[i] = simd::vload_first(src + (r0 + i) * stride + h0, nh);
      }
      for (int i = nr; i < kW; ++i) block[i] = simd::vzero();
      simd::vtranspose(block);
      for (int i = 0; i < nh; ++i) simd::vstore(dst + (h0 + i) * ld + r0, block[i]);
    }
  }
}

// Keys [s0, s0 + nk) of head kvh of `src` (k or v) transposed into a panel
// [H][kKeyBlock], columns from nk to the next whole vector zero.
template <typename T>
inline void pack_panel(const Problem<T>& p, const T* src, int64_t b, int64_t kvh,
                       int64_t s0, int64_t nk, float* panel) {
  transpose_rows(src + p.kv_offset(b, s0, kvh), p.K * p.H, nk, p.H, panel, kKeyBlock);
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
        gemm<0, 1>(rows, ceil_div(keys, kW), p.H, w.qs + r0 * hp, hp, 1, kt,
                   kKeyBlock, w.st + r0 * kKeyBlock, kKeyBlock, Init::kZero);
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
        gemm<kKeyBlock, 1>(rows, hp / kW, keys, w.st + r0 * kKeyBlock, kKeyBlock, 1,
                           vr, hp, w.o + r0 * hp, hp, Init::kScale, w.alpha + r0);
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
// w.dpt = dS = P * (dP - D) for rows [0, nq) and keys [s0, s0 + nk). `lse` and `delta`
// point at row t0 of head n.
template <typename T>
inline void probs_and_dscores(const Problem<T>& p, const float* lse, const float* delta,
                              int64_t b, int64_t n, int64_t t0, int64_t nq, int64_t s0,
                              int64_t nk, const float* ktp, const float* vtp,
                              const QueryTiles& w, Prefetcher* pf = nullptr) {
  const int64_t hp = p.hp(), nvec = ceil_div(nk, kW);
  gemm<0, 1>(nq, nvec, p.H, w.qs, hp, 1, ktp, kKeyBlock, w.st, kKeyBlock, Init::kZero,
             nullptr, pf);
  gemm<0, 1>(nq, nvec, p.H, w.dof, hp, 1, vtp, kKeyBlock, w.dpt, kKeyBlock,
             Init::kZero, nullptr, pf);
  const bool diag = p.causal && s0 + nk - 1 > t0;
  const bool masking = diag || p.mask.data != nullptr || nk % kW != 0;
  for (int64_t r = 0; r < nq; ++r) {
    float* srow = w.st + r * kKeyBlock;
    float* dsrow = w.dpt + r * kKeyBlock;
    if (lse[r] <= kFullyMaskedLse) {  // constant logits: no gradient through them
      std::fill(srow, srow + nvec * kW, 0.0f);
      std::fill(dsrow, dsrow + nvec * kW, 0.0f);
      continue;
    }
    if (masking) mask_row(p, b, n, t0 + r, s0, nk, diag, srow);
    const Vf shift = simd::vset1(lse[r]), dr = simd::vset1(delta[r]);
    for (int64_t j = 0; j < nvec; ++j) {
      Vf prob = simd::vexp(simd::vsub(simd::vload(srow + j * kW), shift));
      simd::vstore(srow + j * kW, prob);
      simd::vstore(dsrow + j * kW,
                   simd::vmul(prob, simd::vsub(simd::vload(dsrow + j * kW), dr)));
    }
  }
}

// Rows [0, R) and key vectors [0, NV) of the P and dS tiles of a block without a
// masked key (no mask, off the causal diagonal, whole vectors of keys): S = (scale q)
// K^T and dP = dout V^T together (kdim = H; the rows of q and dout lda apart, both in
// one array, so that a row's dout element is a fixed offset from its q element and
// the tile needs one pointer per row), then P = exp(S - lse) into st and
// dS = P * (dP - D) into dpt, S and dP never stored.
template <int R, int NV>
inline void probs_tile(int64_t kdim, const float* qs, const float* dof, int64_t lda,
                       const float* kt, const float* vt, int64_t ldb, const float* lse,
                       const float* delta, float* st, float* dpt, int64_t ldc) {
  Vf sa[R][NV], da[R][NV];
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r) {
#pragma GCC unroll 4
    for (int j = 0; j < NV; ++j) sa[r][j] = da[r][j] = simd::vzero();
  }
  const float* row[R];
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r) row[r] = qs + r * lda;
  const int64_t to_dout = dof - qs;
  for (int64_t k = 0; k < kdim; ++k, kt += ldb, vt += ldb) {
    Vf kv[NV], vv[NV];
#pragma GCC unroll 4
    for (int j = 0; j < NV; ++j) {
      kv[j] = simd::vload(kt + j * kW);
      vv[j] = simd::vload(vt + j * kW);
    }
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
      const Vf x = simd::vset1(row[r][k]), y = simd::vset1(row[r][k + to_dout]);
#pragma GCC unroll 4
      for (int j = 0; j < NV; ++j) {
        sa[r][j] = simd::vfma(x, kv[j], sa[r][j]);
        da[r][j] = simd::vfma(y, vv[j], da[r][j]);
      }
    }
  }
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r) {
    float* srow = st + r * ldc;
    float* dsrow = dpt + r * ldc;
    if (lse[r] <= kFullyMaskedLse) {  // constant logits: no gradient through them
#pragma GCC unroll 4
      for (int j = 0; j < NV; ++j) {
        simd::vstore(srow + j * kW, simd::vzero());
        simd::vstore(dsrow + j * kW, simd::vzero());
      }
      continue;
    }
    const Vf shift = simd::vset1(lse[r]), dr = simd::vset1(delta[r]);
#pragma GCC unroll 4
    for (int j = 0; j < NV; ++j) {
      const Vf prob = simd::vexp(simd::vsub(sa[r][j], shift));
      simd::vstore(srow + j * kW, prob);
      simd::vstore(dsrow + j * kW, simd::vmul(prob, simd::vsub(da[r][j], dr)));
    }
  }
}

// probs_tile over r <= R rows and nv <= NV vectors.
template <int R, int NV>
inline void probs_tile_for(int r, int nv, int64_t kdim, const float* qs,
                           const float* dof, int64_t lda, const float* kt,
                           const float* vt, int64_t ldb, const float* lse,
                           const float* delta, float* st, float* dpt, int64_t ldc) {
  if constexpr (R > 1) {
    if (r < R) {
      return probs_tile_for<R - 1, NV>(r, nv, kdim, qs, dof, lda, kt, vt, ldb, lse,
                                       delta, st, dpt, ldc);
    }
  }
  if constexpr (NV > 1) {
    if (nv < NV) {
      return probs_tile_for<R, NV - 1>(r, nv, kdim, qs, dof, lda, kt, vt, ldb, lse,
                                       delta, st, dpt, ldc);
    }
  }
  probs_tile<R, NV>(kdim, qs, dof, lda, kt, vt, ldb, lse, delta, st, dpt, ldc);
}

// probs_and_dscores for a block of nq rows and nk keys (a multiple of kW) with no
// masked key; rows of q and dout lda apart, both in one array (see probs_tile).
inline void plain_probs_and_dscores(int64_t H, int64_t nq, int64_t nk, const float* qs,
                                    const float* dof, int64_t lda, const float* ktp,
                                    const float* vtp, const float* lse,
                                    const float* delta, float* st, float* dpt,
                                    Prefetcher* pf) {
  constexpr int R = simd::kProbRows, NV = simd::kProbVecs;
  const int64_t nvec = nk / kW;
  for (int64_t v0 = 0; v0 < nvec; v0 += NV) {
    const int nv = static_cast<int>(std::min<int64_t>(NV, nvec - v0));
    for (int64_t r0 = 0; r0 < nq; r0 += R) {
      const int r = static_cast<int>(std::min<int64_t>(R, nq - r0));
      const int64_t at = r0 * kKeyBlock + v0 * kW;
      probs_tile_for<R, NV>(r, nv, H, qs + r0 * lda, dof + r0 * lda, lda,
                            ktp + v0 * kW, vtp + v0 * kW, kKeyBlock, lse + r0,
                            delta + r0, st + at, dpt + at, kKeyBlock);
      pf->tick();
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
      const int64_t at = (b * p.N + n) * p.T_ + t0;
      probs_and_dscores(p, p.lse_in + at, rows.delta + at, b, n, t0, nq, s0, nk, w.ktp,
                        w.vtp, w.tiles);
      // dV[s] += sum_t P[t, s] dO[t]; dK[s] += sum_t dS[t, s] (scale q[t]).
      gemm<1, kKeyBlock>(nk, hp / kW, nq, w.tiles.st, 1, kKeyBlock, w.tiles.dof, hp,
                         w.dv, hp, Init::kAccumulate);
      gemm<1, kKeyBlock>(nk, hp / kW, nq, w.tiles.dpt, 1, kKeyBlock, w.tiles.qs, hp,
                         w.dk, hp, Init::kAccumulate);
      if (dq_acc != nullptr) {  // dQ[t] += sum_s dS[t, s] k[s] (times scale later)
        gemm<kKeyBlock, 1>(nq, hp / kW, nk, w.tiles.dpt, kKeyBlock, 1, w.kr, hp,
                           dq_acc + ((b * p.N + n) * p.T_ + t0) * hp, hp,
                           Init::kAccumulate);
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

// Per-thread memory of the one-pass backward, whose tasks are `heads` key/value heads
// of one batch: the packed keys and values and the dk / dv sums of those heads (all S
// keys each), the rows of one query block of each of their query heads, and the tiles.
struct HeadScratch {
  Scratch mem;
  QueryTiles tiles;
  int64_t keys;  // S rounded up to whole key blocks
  float *kt, *vt, *kr, *dk, *dv, *msum, *qs, *dof, *delta, *dq;
  Prefetcher pf;

  // The floats of a scratch for `heads` key/value heads (alignment included).
  template <typename T>
  static int64_t floats(const Problem<T>& p, int64_t heads) {
    const int64_t keys = p.num_key_blocks() * kKeyBlock, hp = p.hp();
    const int64_t rows = heads * p.group() * kQueryBlock;
    return Scratch::need({kQueryBlock * kKeyBlock, kQueryBlock * kKeyBlock,
                          heads * keys * p.H, heads * keys * p.H, heads * keys * hp,
                          heads * keys * hp, heads * keys * hp, heads * hp, rows * hp,
                          rows * hp, rows, kQueryBlock * hp});
  }

  template <typename T>
  HeadScratch(const Problem<T>& p, int64_t heads)
      : mem(floats(p, heads)), keys(p.num_key_blocks() * kKeyBlock) {
    const int64_t hp = p.hp(), rows = heads * p.group() * kQueryBlock;
    tiles.st = mem.take(kQueryBlock * kKeyBlock);
    tiles.dpt = mem.take(kQueryBlock * kKeyBlock);
    kt = mem.take(heads * keys * p.H);
    vt = mem.take(heads * keys * p.H);
    kr = mem.take(heads * keys * hp);
    dk = mem.take(heads * keys * hp);
    dv = mem.take(heads * keys * hp);
    msum = mem.take(heads * hp);
    qs = mem.take(rows * hp);
    dof = mem.take(rows * hp);
    delta = mem.take(rows);
    dq = mem.take(kQueryBlock * hp);
  }
};

// One-pass backward: dq, dk and dv for tasks [begin, end) of B * (K / heads), each
// `heads` key/value heads [kv0, kv0 + heads) of one batch b. A task packs K and V of
// its heads once; then, query block by query block, packs the rows of its query heads
// (computing D = dout . out on the way) and walks every key block for each head: a
// block's dq is complete when its walk ends, and dk / dv add up in the task's memory,
// so nothing is written besides the gradients. With heads == K a task reads and
// writes whole contiguous slices of the tensors (the rows of one t for every head),
// which the hardware prefetchers stream; a single head's rows are N*H apart.
template <typename T>
void backward_head_tasks(const Problem<T>& p, int64_t heads, int64_t begin,
                         int64_t end) {
  HeadScratch w(p, heads);
  const int64_t hp = p.hp(), g = p.group(), keys = w.keys, qheads = heads * g;
  const int64_t panel = kKeyBlock * p.H, nkb = p.num_key_blocks();
  const int64_t per_batch = p.K / heads;
  const float inv_s = 1.0f / static_cast<float>(p.S);
  int64_t ticks_per_kb = 8;
  for (int64_t task = begin; task < end; ++task) {
    const int64_t b = task / per_batch, kv0 = (task % per_batch) * heads, n0 = kv0 * g;
    for (int64_t j = 0; j < heads; ++j) {
      for (int64_t kb = 0; kb < nkb; ++kb) {
        const int64_t s0 = kb * kKeyBlock, nk = std::min(kKeyBlock, p.S - s0);
        pack_panel(p, p.k, b, kv0 + j, s0, nk, w.kt + j * keys * p.H + kb * panel);
        pack_panel(p, p.v, b, kv0 + j, s0, nk, w.vt + j * keys * p.H + kb * panel);
      }
      pack_rows(p.k + p.kv_offset(b, 0, kv0 + j), p.K * p.H, p.S, p.H, hp, 1.0f,
                w.kr + j * keys * hp);
    }
    std::fill(w.dk, w.dk + heads * keys * hp, 0.0f);
    std::fill(w.dv, w.dv + heads * keys * hp, 0.0f);
    std::fill(w.msum, w.msum + heads * hp, 0.0f);
    bool any_masked = false;
    for (int64_t t0 = 0; t0 < p.T_; t0 += kQueryBlock) {
      const int64_t nq = std::min(kQueryBlock, p.T_ - t0);
      for (int64_t r = 0; r < nq; ++r) {  // in memory order
        for (int64_t i = 0; i < qheads; ++i) {
          const int64_t at = p.q_offset(b, t0 + r, n0 + i), row = i * kQueryBlock + r;
          const T *q = p.q + at, *d = p.dout + at, *o = p.out + at;
          float* qs = w.qs + row * hp;
          float* dof = w.dof + row * hp;
          float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
          for (int64_t h = 0; h < p.H; ++h) {
            qs[h] = p.scale * to_float(q[h]);
            dof[h] = to_float(d[h]);
            sum += to_float(o[h]) * dof[h];
          }
          for (int64_t h = p.H; h < hp; ++h) qs[h] = dof[h] = 0.0f;
          w.delta[row] = sum;
          if (p.lse_in[(b * p.N + n0 + i) * p.T_ + t0 + r] <= kFullyMaskedLse) {
            any_masked = true;  // its dv share: dout / S for every key
            float* ms = w.msum + (i / g) * hp;
            for (int64_t h = 0; h < hp; ++h) ms[h] += dof[h] * inv_s;
          }
        }
      }
      const int64_t kb_end = key_block_end(p, t0 + nq - 1);
      // While this block computes: the rows of the next block (of this task or the
      // next), a share of the next task's keys and values, and the rows this block
      // and (a share) this task will write.
      w.pf.clear();
      {
        int64_t nb = b, nt0 = t0 + kQueryBlock, nkv0 = kv0;
        if (nt0 >= p.T_) {
          nt0 = 0;
          nb = task + 1 < end ? (task + 1) / per_batch : -1;
          nkv0 = ((task + 1) % per_batch) * heads;
        }
        if (nb >= 0) {
          const int64_t next = p.q_offset(nb, nt0, nkv0 * g);
          const int64_t rows = std::min(kQueryBlock, p.T_ - nt0);
          w.pf.add(p.q + next, p.N * p.H, rows, qheads * p.H);
          w.pf.add(p.dout + next, p.N * p.H, rows, qheads * p.H);
          w.pf.add(p.out + next, p.N * p.H, rows, qheads * p.H);
        }
        w.pf.add(p.dq + p.q_offset(b, t0, n0), p.N * p.H, nq, qheads * p.H);
        const int64_t share = ceil_div(p.S, p.num_query_blocks());
        const int64_t s_begin = std::min(p.S, t0 / kQueryBlock * share);
        const int64_t s_rows = std::min(p.S, s_begin + share) - s_begin;
        if (task + 1 < end) {
          const int64_t at = p.kv_offset((task + 1) / per_batch, s_begin,
                                         ((task + 1) % per_batch) * heads);
          w.pf.add(p.k + at, p.K * p.H, s_rows, heads * p.H);
          w.pf.add(p.v + at, p.K * p.H, s_rows, heads * p.H);
        }
        const int64_t at = p.kv_offset(b, s_begin, kv0);
        w.pf.add(p.dk + at, p.K * p.H, s_rows, heads * p.H);
        w.pf.add(p.dv + at, p.K * p.H, s_rows, heads * p.H);
        // Ticks per (head, key block) as counted in the last block (a tick per tile
        // of the fused kernel or of a GEMM), at first a guess.
        w.pf.spread_over(ticks_per_kb * qheads * kb_end);
      }
      for (int64_t i = 0; i < qheads; ++i) {
        const int64_t n = n0 + i, j = i / g;
        const float *kt = w.kt + j * keys * p.H, *vt = w.vt + j * keys * p.H;
        const float* kr = w.kr + j * keys * hp;
        float *dk = w.dk + j * keys * hp, *dv = w.dv + j * keys * hp;
        w.tiles.qs = w.qs + i * kQueryBlock * hp;
        w.tiles.dof = w.dof + i * kQueryBlock * hp;
        const float* lse = p.lse_in + (b * p.N + n) * p.T_ + t0;
        const float* delta = w.delta + i * kQueryBlock;
        for (int64_t kb = 0; kb < kb_end; ++kb) {
          const int64_t s0 = kb * kKeyBlock, nk = std::min(kKeyBlock, p.S - s0);
          const bool diag = p.causal && s0 + nk - 1 > t0;
          if (!simd::kFusedProbs || diag || p.mask.data != nullptr || nk % kW != 0) {
            probs_and_dscores(p, lse, delta, b, n, t0, nq, s0, nk, kt + kb * panel,
                              vt + kb * panel, w.tiles, &w.pf);
          } else {
            plain_probs_and_dscores(p.H, nq, nk, w.tiles.qs, w.tiles.dof, hp,
                                    kt + kb * panel, vt + kb * panel, lse, delta,
                                    w.tiles.st, w.tiles.dpt, &w.pf);
          }
          // dV[s] += sum_t P[t, s] dO[t]; dK[s] += sum_t dS[t, s] (scale q[t]);
          // dQ[t] += sum_s dS[t, s] k[s] (times scale below).
          gemm<1, kKeyBlock>(nk, hp / kW, nq, w.tiles.st, 1, kKeyBlock, w.tiles.dof,
                             hp, dv + s0 * hp, hp, Init::kAccumulate, nullptr, &w.pf);
          gemm<1, kKeyBlock>(nk, hp / kW, nq, w.tiles.dpt, 1, kKeyBlock, w.tiles.qs,
                             hp, dk + s0 * hp, hp, Init::kAccumulate, nullptr, &w.pf);
          // kb_end >= 1 (S >= 1, and key 0 is before every query), so kb == 0 sets dq.
          gemm<kKeyBlock, 1>(nq, hp / kW, nk, w.tiles.dpt, kKeyBlock, 1, kr + s0 * hp,
                             hp, w.dq, hp, kb == 0 ? Init::kZero : Init::kAccumulate,
                             nullptr, &w.pf);
        }
        for (int64_t r = 0; r < nq; ++r) {
          store_row(w.dq + r * hp, p.H, p.scale, p.dq + p.q_offset(b, t0 + r, n));
        }
      }
      ticks_per_kb = std::max<int64_t>(1, w.pf.ticks() / (qheads * kb_end));
      // Whatever the ticks left (the guess was high).
      w.pf.pump(INT64_MAX);
    }
    for (int64_t s = 0; s < p.S; ++s) {  // in memory order
      for (int64_t j = 0; j < heads; ++j) {
        float* dvrow = w.dv + (j * keys + s) * hp;
        if (any_masked) {
          for (int64_t h = 0; h < p.H; ++h) dvrow[h] += w.msum[j * hp + h];
        }
        store_row(w.dk + (j * keys + s) * hp, p.H, 1.0f,
                  p.dk + p.kv_offset(b, s, kv0 + j));
        store_row(dvrow, p.H, 1.0f, p.dv + p.kv_offset(b, s, kv0 + j));
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
      const int64_t at = (b * p.N + n) * p.T_ + t0;
      probs_and_dscores(p, p.lse_in + at, rows.delta + at, b, n, t0, nq, s0, nk,
                        w.kt + kb * panel, w.vt + kb * panel, w.tiles);
      // dQ[t] += sum_s dS[t, s] k[s] (times scale below).
      gemm<kKeyBlock, 1>(nq, hp / kW, nk, w.tiles.dpt, kKeyBlock, 1, w.kr + s0 * hp,
                         hp, w.dq, hp, Init::kAccumulate);
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

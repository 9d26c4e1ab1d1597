// One instruction-set build of the int8 product (compiled once per ISA, see
// kernels/kernels.bzl). Arguments are assumed valid (int8_matmul_dispatch.cc checks
// them).
//
// The work is split by columns of b over the thread pool (on AVX2 with few rows of a,
// by rows of b); each task reads its slice of b once, row after row, whatever the
// number of rows of a.
//
// AVX-512 (BW): 64 columns per block. b is streamed `kDepth` rows at a time: for a
// chunk of rows the task walks its blocks left to right, so each of those rows is one
// forward stream (what the hardware prefetcher follows, instead of a new page per
// row), with the sums of its slice of c kept in c. Rows of b are taken in pairs:
// their bytes are interleaved and widened to int16, and `vpmaddwd` against the
// broadcast pair (a[r, d], a[r, d + 1]) adds both products into int32 lanes (exact,
// no saturation). The interleave leaves a block's columns in the order (0-7, 16-23 |
// 32-39, 48-55 | 8-15, 24-31 | 40-47, 56-63); c holds that order while it
// accumulates and is put back in column order at the end.
//
// AVX2: 16 columns per block, up to 6 rows of a per pass (12 accumulators). Rows of b
// are taken in pairs as above, from 16 bytes of each row: interleaved and widened to
// int16 they give columns 0-7 and 8-15 in order, so no permutation is needed. Few rows
// of a (the memory-bound case) split the rows of b over the threads, each summing its
// own contiguous stretch of b into a buffer of its own; more rows split the columns.
// Columns past the last whole block of 16, and the generic build, run the plain loop
// (row of b outer, columns inner), which the compiler vectorizes.
#include "kernels/common/isa.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#if defined(__AVX512BW__) || defined(__AVX2__)
#include <immintrin.h>
#endif
#include <mutex>

#include "kernels/common/parallel.h"
#include "kernels/int8_matmul/int8_matmul_api.h"

namespace keras_kernels {
namespace KK_ISA {
namespace {

// Columns per block (one cache line of a row of b).
constexpr int64_t kBlock = 64;

// c[:, j0:j1] = a @ b[:, j0:j1] with the plain loop (int32 sums wrap, as uint32).
[[maybe_unused]] void plain_columns(const int8_t* a, const int8_t* b, int32_t* c, int64_t m, int64_t k,
                   int64_t n, int64_t j0, int64_t j1) {
  for (int64_t r = 0; r < m; ++r) std::fill(c + r * n + j0, c + r * n + j1, 0);
  for (int64_t d = 0; d < k; ++d) {
    const int8_t* brow = b + d * n;
    for (int64_t r = 0; r < m; ++r) {
      const int32_t av = a[r * k + d];
      if (av == 0) continue;
      uint32_t* crow = reinterpret_cast<uint32_t*>(c + r * n);
      for (int64_t j = j0; j < j1; ++j) {
        crow[j] += static_cast<uint32_t>(av * static_cast<int32_t>(brow[j]));
      }
    }
  }
}

#if defined(__AVX512BW__) || defined(__AVX2__)

// a's row r as pairs (a[r, 2p], a[r, 2p + 1]) packed as two int16 in an int32 (the
// operand `vpmaddwd` wants broadcast); an odd k gets a zero partner.
std::vector<int32_t> pair_rows(const int8_t* a, int64_t m, int64_t k) {
  const int64_t pairs = (k + 1) / 2;
  std::vector<int32_t> out(static_cast<size_t>(m * pairs));
  for (int64_t r = 0; r < m; ++r) {
    for (int64_t p = 0; p < pairs; ++p) {
      const int64_t d = 2 * p;
      const uint16_t lo = static_cast<uint16_t>(static_cast<int16_t>(a[r * k + d]));
      const uint16_t hi =
          d + 1 < k ? static_cast<uint16_t>(static_cast<int16_t>(a[r * k + d + 1])) : 0;
      out[r * pairs + p] = static_cast<int32_t>(lo | (static_cast<uint32_t>(hi) << 16));
    }
  }
  return out;
}

#endif

#if defined(__AVX512BW__)

// Rows of b streamed together (even: they are taken in pairs).
constexpr int64_t kDepth = 16;
constexpr int kRowGroup = 4;  // rows of a per pass over a block of b

// acc[r] (kRows rows of 64 int32, `acc_stride` apart, in the interleaved column
// order) += a's rows x b[d0:d1, block] for the block's columns `cols` (a load mask:
// the last block may be partial). `pairs` points at the first row's pair d0 / 2.
template <int kRows>
void block_rows(const int32_t* pairs, int64_t pairs_per_row, const int8_t* b, int64_t n,
                int64_t d0, int64_t d1, int64_t k, __mmask64 cols, int32_t* acc,
                int64_t acc_stride) {
  __m512i s[kRows][4];
  for (int r = 0; r < kRows; ++r) {
    for (int q = 0; q < 4; ++q) s[r][q] = _mm512_loadu_si512(acc + r * acc_stride + q * 16);
  }
  for (int64_t d = d0; d < d1; d += 2) {
    const int8_t* row0 = b + d * n;
    const __m512i b0 = _mm512_maskz_loadu_epi8(cols, row0);
    const __m512i b1 = d + 1 < k ? _mm512_maskz_loadu_epi8(cols, row0 + n)
                                 : _mm512_setzero_si512();
    const __m512i lo = _mm512_unpacklo_epi8(b0, b1);
    const __m512i hi = _mm512_unpackhi_epi8(b0, b1);
    const __m512i w[4] = {
        _mm512_cvtepi8_epi16(_mm512_castsi512_si256(lo)),
        _mm512_cvtepi8_epi16(_mm512_extracti64x4_epi64(lo, 1)),
        _mm512_cvtepi8_epi16(_mm512_castsi512_si256(hi)),
        _mm512_cvtepi8_epi16(_mm512_extracti64x4_epi64(hi, 1)),
    };
    const int64_t p = (d - d0) / 2;
    for (int r = 0; r < kRows; ++r) {
      const __m512i pair = _mm512_set1_epi32(pairs[r * pairs_per_row + p]);
      for (int q = 0; q < 4; ++q) {
        s[r][q] = _mm512_add_epi32(s[r][q], _mm512_madd_epi16(w[q], pair));
      }
    }
  }
  for (int r = 0; r < kRows; ++r) {
    for (int q = 0; q < 4; ++q) _mm512_storeu_si512(acc + r * acc_stride + q * 16, s[r][q]);
  }
}

using BlockFn = void (*)(const int32_t*, int64_t, const int8_t*, int64_t, int64_t,
                         int64_t, int64_t, __mmask64, int32_t*, int64_t);
constexpr BlockFn kBlockFns[kRowGroup + 1] = {nullptr, block_rows<1>, block_rows<2>,
                                              block_rows<3>, block_rows<4>};

// 64 int32 in the interleaved order (four registers' worth at `in`) -> column order.
void unpermute(const int32_t* in, int32_t* out) {
  const __m512i first = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20,
                                          21, 22, 23);
  const __m512i second = _mm512_setr_epi32(8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26,
                                           27, 28, 29, 30, 31);
  const __m512i s0 = _mm512_loadu_si512(in), s1 = _mm512_loadu_si512(in + 16);
  const __m512i s2 = _mm512_loadu_si512(in + 32), s3 = _mm512_loadu_si512(in + 48);
  _mm512_storeu_si512(out, _mm512_permutex2var_epi32(s0, first, s2));
  _mm512_storeu_si512(out + 16, _mm512_permutex2var_epi32(s0, second, s2));
  _mm512_storeu_si512(out + 32, _mm512_permutex2var_epi32(s1, first, s3));
  _mm512_storeu_si512(out + 48, _mm512_permutex2var_epi32(s1, second, s3));
}

// c[:, blocks bb0..bb1) = a @ b over those column blocks.
void simd_blocks(const std::vector<int32_t>& pairs, const int8_t* b, int32_t* c,
                 int64_t m, int64_t k, int64_t n, int64_t bb0, int64_t bb1) {
  const int64_t pairs_per_row = (k + 1) / 2;
  const int64_t full_end = std::min(bb1, n / kBlock);  // blocks before it are whole
  const bool has_tail = full_end < bb1;
  // Whole blocks accumulate in c itself; the partial last block in `tail`.
  std::vector<int32_t> tail(has_tail ? static_cast<size_t>(m * kBlock) : 0, 0);
  const int64_t whole_end = std::max(bb0, std::min(bb1, full_end)) * kBlock;
  for (int64_t r = 0; r < m; ++r) {
    std::fill(c + r * n + bb0 * kBlock, c + r * n + whole_end, 0);
  }
  for (int64_t d0 = 0; d0 < k; d0 += kDepth) {
    const int64_t d1 = std::min(k, d0 + kDepth);
    for (int64_t bb = bb0; bb < bb1; ++bb) {
      const int64_t j = bb * kBlock;
      const bool whole = bb < full_end;
      const __mmask64 cols =
          whole ? ~__mmask64{0} : (__mmask64{1} << (n - j)) - 1;  // n - j < 64 here
      for (int64_t r0 = 0; r0 < m; r0 += kRowGroup) {
        const int rows = static_cast<int>(std::min<int64_t>(kRowGroup, m - r0));
        int32_t* acc = whole ? c + r0 * n + j : tail.data() + r0 * kBlock;
        kBlockFns[rows](pairs.data() + r0 * pairs_per_row + d0 / 2, pairs_per_row,
                        b + j, n, d0, d1, k, cols, acc, whole ? n : kBlock);
      }
    }
  }
  alignas(64) int32_t ordered[kBlock];
  for (int64_t bb = bb0; bb < bb1; ++bb) {
    const int64_t j = bb * kBlock;
    for (int64_t r = 0; r < m; ++r) {
      if (bb < full_end) {
        unpermute(c + r * n + j, ordered);
        std::memcpy(c + r * n + j, ordered, sizeof(ordered));
      } else {
        unpermute(tail.data() + r * kBlock, ordered);
        std::memcpy(c + r * n + j, ordered, sizeof(int32_t) * (n - j));
      }
    }
  }
}

#elif defined(__AVX2__)

constexpr int64_t kCols = 16;  // columns per block
constexpr int kRowGroup = 6;   // rows of a per pass over a block (12 accumulators)
// Rows of a up to which the rows of b are split over the threads (below it, a product
// is bound by reading b once; above it, by arithmetic).
constexpr int64_t kSplitDepthRows = 8;

// out[r, 0:16W] += sum over d in [d0, d1) of a[r, d] * b[d, 0:16W] for kRows rows (2 W
// accumulators each); a is given as pairs (`pairs` at a's row 0 pair d0 / 2, rows
// `pairs_per_row` apart), out rows `ldo` apart, b rows `n` apart; d0 is even.
template <int kRows, int W>
void block_rows(const int32_t* pairs, int64_t pairs_per_row, const int8_t* b, int64_t n,
                int64_t d0, int64_t d1, int32_t* out, int64_t ldo) {
  __m256i s[kRows][2 * W];
  for (int r = 0; r < kRows; ++r) {
    for (int q = 0; q < 2 * W; ++q) {
      s[r][q] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(out + r * ldo + 8 * q));
    }
  }
  // (b[d, j], b[d + 1, j]) as int16 pairs, 8 columns a register, times a's pairs.
  auto step = [&](const int8_t* row, bool has_next, int64_t p) {
    __m256i pair[kRows];
    for (int r = 0; r < kRows; ++r) pair[r] = _mm256_set1_epi32(pairs[r * pairs_per_row + p]);
    for (int w = 0; w < W; ++w) {
      const __m128i b0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + 16 * w));
      const __m128i b1 =
          has_next ? _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + n + 16 * w))
                   : _mm_setzero_si128();
      const __m256i lo = _mm256_cvtepi8_epi16(_mm_unpacklo_epi8(b0, b1));
      const __m256i hi = _mm256_cvtepi8_epi16(_mm_unpackhi_epi8(b0, b1));
      for (int r = 0; r < kRows; ++r) {
        s[r][2 * w] = _mm256_add_epi32(s[r][2 * w], _mm256_madd_epi16(lo, pair[r]));
        s[r][2 * w + 1] = _mm256_add_epi32(s[r][2 * w + 1], _mm256_madd_epi16(hi, pair[r]));
      }
    }
  };
  const int64_t even_end = d0 + (d1 - d0) / 2 * 2;  // d1 is odd only at an odd k
  const int8_t* row = b + d0 * n;
  for (int64_t p = 0; p < (even_end - d0) / 2; ++p, row += 2 * n) step(row, true, p);
  if (even_end < d1) step(row, false, (even_end - d0) / 2);
  for (int r = 0; r < kRows; ++r) {
    for (int q = 0; q < 2 * W; ++q) {
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + r * ldo + 8 * q), s[r][q]);
    }
  }
}

using BlockFn = void (*)(const int32_t*, int64_t, const int8_t*, int64_t, int64_t,
                         int64_t, int32_t*, int64_t);
// 16 columns by 1-6 rows (the compute-bound case).
constexpr BlockFn kBlockFns[kRowGroup + 1] = {
    nullptr,           block_rows<1, 1>, block_rows<2, 1>, block_rows<3, 1>,
    block_rows<4, 1>, block_rows<5, 1>, block_rows<6, 1>};
// 64 columns, one whole cache line of each row of b (the memory-bound case, where
// reading lines whole streams b about twice as fast): 1 row, or 2 rows in two halves
// of 32 columns.
constexpr int kLineRows = 2;
constexpr BlockFn kHalfLineFns[kLineRows + 1] = {nullptr, nullptr, block_rows<2, 2>};

// out[:, j0:j1] += a[:, dk0:dk1] @ b[dk0:dk1, j0:j1]; `out` is m rows `ldo` apart,
// indexed by the columns of b; dk0 is even.
void tile(const int8_t* a, const std::vector<int32_t>& pairs, const int8_t* b,
          int32_t* out, int64_t ldo, int64_t m, int64_t k, int64_t n, int64_t dk0,
          int64_t dk1, int64_t j0, int64_t j1) {
  const int64_t pairs_per_row = (k + 1) / 2;
  // Few rows: short passes, so the passes' rows of b stream forward together; more
  // rows: long passes, fewer trips of the accumulators through memory.
  const int64_t depth = m <= kSplitDepthRows ? 16 : 256;
  const int64_t whole = j0 + (j1 - j0) / kCols * kCols;
  const bool lines = m <= kSplitDepthRows;
  const int64_t line_end = lines ? j0 + (j1 - j0) / 64 * 64 : j0;
  for (int64_t d0 = dk0; d0 < dk1; d0 += depth) {
    const int64_t d1 = std::min(dk1, d0 + depth);
    for (int64_t j = j0; j < line_end; j += 64) {
      for (int64_t r0 = 0; r0 < m; r0 += kLineRows) {
        const int rows = static_cast<int>(std::min<int64_t>(kLineRows, m - r0));
        const int32_t* pr = pairs.data() + r0 * pairs_per_row + d0 / 2;
        int32_t* o = out + r0 * ldo + j;
        if (rows == 1) {
          block_rows<1, 4>(pr, pairs_per_row, b + j, n, d0, d1, o, ldo);
        } else {
          kHalfLineFns[rows](pr, pairs_per_row, b + j, n, d0, d1, o, ldo);
          kHalfLineFns[rows](pr, pairs_per_row, b + j + 32, n, d0, d1, o + 32, ldo);
        }
      }
    }
    for (int64_t j = line_end; j < whole; j += kCols) {
      for (int64_t r0 = 0; r0 < m; r0 += kRowGroup) {
        const int rows = static_cast<int>(std::min<int64_t>(kRowGroup, m - r0));
        kBlockFns[rows](pairs.data() + r0 * pairs_per_row + d0 / 2, pairs_per_row,
                        b + j, n, d0, d1, out + r0 * ldo + j, ldo);
      }
    }
  }
  if (whole == j1) return;
  for (int64_t d = dk0; d < dk1; ++d) {
    const int8_t* brow = b + d * n;
    for (int64_t r = 0; r < m; ++r) {
      const int32_t av = a[r * k + d];
      uint32_t* orow = reinterpret_cast<uint32_t*>(out + r * ldo);
      for (int64_t j = whole; j < j1; ++j) {
        orow[j] += static_cast<uint32_t>(av * static_cast<int32_t>(brow[j]));
      }
    }
  }
}

#endif  // __AVX512BW__ / __AVX2__

}  // namespace

void int8_matmul(const int8_t* a, const int8_t* b, int32_t* c, int64_t m, int64_t k,
                 int64_t n) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    std::fill(c, c + m * n, 0);
    return;
  }
#if !defined(__AVX2__) || defined(__AVX512BW__)
  const int64_t blocks = (n + kBlock - 1) / kBlock;
  // A task of fewer bytes of b than this costs more to hand out than it saves.
  const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 16) / (k * kBlock));
#endif
#if defined(__AVX512BW__)
  const std::vector<int32_t> pairs = pair_rows(a, m, k);
  parallel_for(blocks, grain, [&](int64_t bb0, int64_t bb1) {
    simd_blocks(pairs, b, c, m, k, n, bb0, bb1);
  });
#elif defined(__AVX2__)
  const std::vector<int32_t> pairs = pair_rows(a, m, k);
  std::fill(c, c + m * n, 0);
  if (m <= kSplitDepthRows) {
    // Stretches of 16 rows of b: each thread sums its own into a buffer, then adds it
    // into c under a lock (m * n int32, small next to the k * n bytes of b).
    std::mutex mu;
    const int64_t passes = (k + 15) / 16;
    const int64_t pass_grain = std::max<int64_t>(1, (int64_t{1} << 18) / (16 * n));
    parallel_for(passes, pass_grain, [&](int64_t p0, int64_t p1) {
      std::vector<int32_t> own(static_cast<size_t>(m * n), 0);
      tile(a, pairs, b, own.data(), n, m, k, n, p0 * 16, std::min(k, p1 * 16), 0, n);
      std::lock_guard<std::mutex> lock(mu);
      uint32_t* cu = reinterpret_cast<uint32_t*>(c);
      for (int64_t i = 0; i < m * n; ++i) cu[i] += static_cast<uint32_t>(own[i]);
    });
  } else {
    const int64_t col_blocks = (n + kCols - 1) / kCols;
    const int64_t col_grain = std::max<int64_t>(1, (int64_t{1} << 16) / (k * kCols));
    parallel_for(col_blocks, col_grain, [&](int64_t bb0, int64_t bb1) {
      tile(a, pairs, b, c, n, m, k, n, 0, k, bb0 * kCols, std::min(n, bb1 * kCols));
    });
  }
#else
  parallel_for(blocks, grain, [&](int64_t bb0, int64_t bb1) {
    plain_columns(a, b, c, m, k, n, bb0 * kBlock, std::min(n, bb1 * kBlock));
  });
#endif
}

}  // namespace KK_ISA
}  // namespace keras_kernels

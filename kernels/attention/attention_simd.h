// A minimal float vector for the attention kernel, one definition per ISA build.
//
// The micro-kernels in attention.h are written once against this interface: `Vf` holds
// kW floats; the AVX-512 build uses 16-lane registers, the AVX2 build 8-lane ones and
// the generic build 4-lane compiler vector extensions.
// kRows x kVecs is the register-blocked tile of the GEMM micro-kernel: as many
// accumulators as the register file holds with room for the streamed B vectors;
// kRows2 / kRows1 the rows of the tile when C is only 2 / 1 vectors wide (a small head
// dimension), kProbRows x kProbVecs the tile of the fused P / dS kernel (two
// accumulators per element; used where kFusedProbs). vload_first and vtranspose serve
// the packing.
#ifndef KERAS_KERNELS_ATTENTION_ATTENTION_SIMD_H_
#define KERAS_KERNELS_ATTENTION_ATTENTION_SIMD_H_

#include "kernels/common/isa.h"

#include <cmath>
#include <cstdint>
#include <cstring>

#include "kernels/common/bfloat16.h"

#if defined(__AVX512F__) || (defined(__AVX2__) && defined(__FMA__))
// GCC 12's intrinsics self-initialise their "undefined" operands (`__m512 __Y = __Y;`),
// which -Wmaybe-uninitialized and -Wuninitialized report at every use (GCC bug 105593).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
#endif

namespace keras_kernels {
namespace KK_ISA {
namespace simd {

// exp(x) is 0 below this (exp(-87.33) is the smallest normal float): denormal
// weights would cost microcode assists in the FMAs and change nothing in the sums.
constexpr float kExpLow = -87.33f;
constexpr float kExpHigh = 88.3f;

#if defined(__AVX512F__)

constexpr int kW = 16;
constexpr int kRows = 6;
constexpr int kVecs = 4;
constexpr int kRows2 = 12;
constexpr int kRows1 = 16;
constexpr bool kFusedProbs = true;
constexpr int kProbRows = 6;
constexpr int kProbVecs = 2;
struct Vf {
  __m512 r;
};
inline Vf vzero() { return {_mm512_setzero_ps()}; }
inline Vf vset1(float x) { return {_mm512_set1_ps(x)}; }
inline Vf vload(const float* p) { return {_mm512_loadu_ps(p)}; }
inline void vstore(float* p, Vf a) { _mm512_storeu_ps(p, a.r); }
inline Vf vfma(Vf a, Vf b, Vf c) { return {_mm512_fmadd_ps(a.r, b.r, c.r)}; }
inline Vf vmul(Vf a, Vf b) { return {_mm512_mul_ps(a.r, b.r)}; }
inline Vf vadd(Vf a, Vf b) { return {_mm512_add_ps(a.r, b.r)}; }
inline Vf vsub(Vf a, Vf b) { return {_mm512_sub_ps(a.r, b.r)}; }
// The second operand wins when either is NaN (MAXPS), so vmax(acc, x) keeps a NaN x.
inline Vf vmax(Vf a, Vf b) { return {_mm512_max_ps(a.r, b.r)}; }
inline float vhmax(Vf a) { return _mm512_reduce_max_ps(a.r); }
inline float vhsum(Vf a) { return _mm512_reduce_add_ps(a.r); }
inline __mmask16 first_lanes(int n) {
  return n >= kW ? __mmask16(0xffff) : __mmask16((1u << n) - 1u);
}
// Lanes n.. of `a` replaced by `fill` (0 <= n <= kW).
inline Vf vkeep_first(Vf a, int n, Vf fill) {
  return {_mm512_mask_blend_ps(first_lanes(n), fill.r, a.r)};
}
// Lanes whose byte in m[0 : n] is zero, and lanes n.., replaced by `fill`.
inline Vf vkeep_where(Vf a, const uint8_t* m, int n, Vf fill) {
  __m128i bytes = _mm_maskz_loadu_epi8(first_lanes(n), m);
  return {_mm512_mask_blend_ps(_mm_test_epi8_mask(bytes, bytes), fill.r, a.r)};
}
// The first n (0 <= n <= kW) elements at p, as floats, the other lanes 0; reads
// nothing past p + n.
inline Vf vload_first(const float* p, int n) {
  return {_mm512_maskz_loadu_ps(first_lanes(n), p)};
}
inline Vf vload_first(const bfloat16* p, int n) {
  __m256i half = _mm256_maskz_loadu_epi16(first_lanes(n), p);
  return {_mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(half), 16))};
}
// Transposes the kW x kW block held in r[0 : kW] (r[i] lane j <-> r[j] lane i).
inline void vtranspose(Vf* r) {
  __m512 a[16], b[16];
  for (int i = 0; i < 16; i += 2) {  // 2 x 2 blocks of floats
    a[i] = _mm512_unpacklo_ps(r[i].r, r[i + 1].r);
    a[i + 1] = _mm512_unpackhi_ps(r[i].r, r[i + 1].r);
  }
  for (int i = 0; i < 16; i += 4) {  // 4 x 4 blocks: b[i + c] lane L = column 4L + c
    const __m512d a0 = _mm512_castps_pd(a[i]), a1 = _mm512_castps_pd(a[i + 1]);
    const __m512d a2 = _mm512_castps_pd(a[i + 2]), a3 = _mm512_castps_pd(a[i + 3]);
    b[i] = _mm512_castpd_ps(_mm512_unpacklo_pd(a0, a2));
    b[i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a0, a2));
    b[i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(a1, a3));
    b[i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(a1, a3));
  }
  for (int c = 0; c < 4; ++c) {  // the 4 x 4 transpose of 128-bit lanes
    const __m512 u0 = _mm512_shuffle_f32x4(b[c], b[4 + c], 0x44);
    const __m512 u1 = _mm512_shuffle_f32x4(b[c], b[4 + c], 0xee);
    const __m512 u2 = _mm512_shuffle_f32x4(b[8 + c], b[12 + c], 0x44);
    const __m512 u3 = _mm512_shuffle_f32x4(b[8 + c], b[12 + c], 0xee);
    r[c].r = _mm512_shuffle_f32x4(u0, u2, 0x88);
    r[4 + c].r = _mm512_shuffle_f32x4(u0, u2, 0xdd);
    r[8 + c].r = _mm512_shuffle_f32x4(u1, u3, 0x88);
    r[12 + c].r = _mm512_shuffle_f32x4(u1, u3, 0xdd);
  }
}
inline Vf vexp(Vf x) {
  const __m512 low = _mm512_set1_ps(kExpLow);
  // max(bound, x) returns x when x is NaN, so NaN propagates through.
  __m512 xc = _mm512_min_ps(_mm512_set1_ps(kExpHigh), _mm512_max_ps(low, x.r));
  __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(xc, _mm512_set1_ps(1.44269504f)),
                                  _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  // r = x - n ln2 in two steps: n times the short head of ln2 is exact.
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), xc);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  // Taylor series of e^r to degree 7: |r| <= ln2 / 2 keeps the error under 1e-8.
  __m512 p = _mm512_set1_ps(1.0f / 5040);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 720));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 120));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 24));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 6));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
  __m512 e = _mm512_scalef_ps(p, n);
  // Not-less-than is true for NaN: only real values under the bound become 0.
  return {_mm512_maskz_mov_ps(_mm512_cmp_ps_mask(x.r, low, _CMP_NLT_UQ), e)};
}

#elif defined(__AVX2__) && defined(__FMA__)

constexpr int kW = 8;
constexpr int kRows = 6;
constexpr int kVecs = 2;
constexpr int kRows2 = 6;
constexpr int kRows1 = 8;
// 16 registers hold too few accumulators for two products at once: the fused P / dS
// kernel was 5-10% slower than two GEMMs and a pass for exp here.
constexpr bool kFusedProbs = false;
constexpr int kProbRows = 4;
constexpr int kProbVecs = 1;
struct Vf {
  __m256 r;
};
inline Vf vzero() { return {_mm256_setzero_ps()}; }
inline Vf vset1(float x) { return {_mm256_set1_ps(x)}; }
inline Vf vload(const float* p) { return {_mm256_loadu_ps(p)}; }
inline void vstore(float* p, Vf a) { _mm256_storeu_ps(p, a.r); }
inline Vf vfma(Vf a, Vf b, Vf c) { return {_mm256_fmadd_ps(a.r, b.r, c.r)}; }
inline Vf vmul(Vf a, Vf b) { return {_mm256_mul_ps(a.r, b.r)}; }
inline Vf vadd(Vf a, Vf b) { return {_mm256_add_ps(a.r, b.r)}; }
inline Vf vsub(Vf a, Vf b) { return {_mm256_sub_ps(a.r, b.r)}; }
inline Vf vmax(Vf a, Vf b) { return {_mm256_max_ps(a.r, b.r)}; }
inline float vhmax(Vf a) {
  __m128 m = _mm_max_ps(_mm256_castps256_ps128(a.r), _mm256_extractf128_ps(a.r, 1));
  m = _mm_max_ps(m, _mm_movehl_ps(m, m));
  m = _mm_max_ss(m, _mm_movehdup_ps(m));
  return _mm_cvtss_f32(m);
}
inline float vhsum(Vf a) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(a.r), _mm256_extractf128_ps(a.r, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}
inline __m256 first_lanes(int n) {
  __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32(n), lane));
}
inline Vf vkeep_first(Vf a, int n, Vf fill) {
  return {_mm256_blendv_ps(fill.r, a.r, first_lanes(n))};
}
inline Vf vkeep_where(Vf a, const uint8_t* m, int n, Vf fill) {
  uint8_t bytes[kW] = {};
  std::memcpy(bytes, m, n < kW ? n : kW);
  __m256i wide =
      _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<__m128i*>(bytes)));
  __m256 zero = _mm256_castsi256_ps(_mm256_cmpeq_epi32(wide, _mm256_setzero_si256()));
  return {_mm256_blendv_ps(a.r, fill.r, zero)};
}
inline Vf vload_first(const float* p, int n) {
  return {_mm256_maskload_ps(p, _mm256_castps_si256(first_lanes(n)))};
}
inline Vf vload_first(const bfloat16* p, int n) {
  uint16_t bits[kW] = {};
  std::memcpy(bits, p, sizeof(uint16_t) * (n < kW ? n : kW));
  __m256i wide =
      _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(bits)));
  return {_mm256_castsi256_ps(_mm256_slli_epi32(wide, 16))};
}
inline void vtranspose(Vf* r) {
  __m256 a[8], b[8];
  for (int i = 0; i < 8; i += 2) {
    a[i] = _mm256_unpacklo_ps(r[i].r, r[i + 1].r);
    a[i + 1] = _mm256_unpackhi_ps(r[i].r, r[i + 1].r);
  }
  for (int i = 0; i < 8; i += 4) {  // b[i + c] lane L = column 4L + c
    const __m256d a0 = _mm256_castps_pd(a[i]), a1 = _mm256_castps_pd(a[i + 1]);
    const __m256d a2 = _mm256_castps_pd(a[i + 2]), a3 = _mm256_castps_pd(a[i + 3]);
    b[i] = _mm256_castpd_ps(_mm256_unpacklo_pd(a0, a2));
    b[i + 1] = _mm256_castpd_ps(_mm256_unpackhi_pd(a0, a2));
    b[i + 2] = _mm256_castpd_ps(_mm256_unpacklo_pd(a1, a3));
    b[i + 3] = _mm256_castpd_ps(_mm256_unpackhi_pd(a1, a3));
  }
  for (int c = 0; c < 4; ++c) {
    r[c].r = _mm256_permute2f128_ps(b[c], b[4 + c], 0x20);
    r[4 + c].r = _mm256_permute2f128_ps(b[c], b[4 + c], 0x31);
  }
}
inline Vf vexp(Vf x) {
  const __m256 low = _mm256_set1_ps(kExpLow);
  __m256 xc = _mm256_min_ps(_mm256_set1_ps(kExpHigh), _mm256_max_ps(low, x.r));
  __m256 n = _mm256_round_ps(_mm256_mul_ps(xc, _mm256_set1_ps(1.44269504f)),
                             _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), xc);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.0f / 5040);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 720));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  // n is in [-126, 127] after the clamp, so 2^n is a plain exponent field.
  __m256i bits = _mm256_slli_epi32(
      _mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  __m256 e = _mm256_mul_ps(p, _mm256_castsi256_ps(bits));
  __m256 keep = _mm256_cmp_ps(x.r, low, _CMP_NLT_UQ);
  return {_mm256_and_ps(e, keep)};
}

#else

// GCC/Clang vector extensions: SSE2 on any x86-64, NEON on ARM, scalar elsewhere.
constexpr int kW = 4;
constexpr int kRows = 4;
constexpr int kVecs = 2;
constexpr int kRows2 = 4;
constexpr int kRows1 = 6;
constexpr bool kFusedProbs = false;  // as for AVX2
constexpr int kProbRows = 2;
constexpr int kProbVecs = 1;
typedef float v4f __attribute__((vector_size(16)));
typedef int32_t v4i __attribute__((vector_size(16)));
struct Vf {
  v4f r;
};
inline Vf vzero() { return {v4f{0.0f, 0.0f, 0.0f, 0.0f}}; }
inline Vf vset1(float x) { return {v4f{x, x, x, x}}; }
inline Vf vload(const float* p) {
  Vf out;
  std::memcpy(&out.r, p, sizeof(out.r));
  return out;
}
inline void vstore(float* p, Vf a) { std::memcpy(p, &a.r, sizeof(a.r)); }
inline Vf vfma(Vf a, Vf b, Vf c) { return {a.r * b.r + c.r}; }
inline Vf vmul(Vf a, Vf b) { return {a.r * b.r}; }
inline Vf vadd(Vf a, Vf b) { return {a.r + b.r}; }
inline Vf vsub(Vf a, Vf b) { return {a.r - b.r}; }
// Like MAXPS: b unless a > b, so a NaN in b is kept.
inline Vf vmax(Vf a, Vf b) { return {a.r > b.r ? a.r : b.r}; }
inline float vhmax(Vf a) {
  float m = a.r[0];
  for (int i = 1; i < kW; ++i) m = m > a.r[i] ? m : a.r[i];
  return m;
}
inline float vhsum(Vf a) { return (a.r[0] + a.r[1]) + (a.r[2] + a.r[3]); }
inline Vf vkeep_first(Vf a, int n, Vf fill) {
  const v4i lane = {0, 1, 2, 3};
  return {lane < n ? a.r : fill.r};
}
inline Vf vkeep_where(Vf a, const uint8_t* m, int n, Vf fill) {
  v4i keep;
  for (int i = 0; i < kW; ++i) keep[i] = (i < n && m[i] != 0) ? -1 : 0;
  return {keep != 0 ? a.r : fill.r};
}
inline Vf vload_first(const float* p, int n) {
  Vf out = vzero();
  for (int i = 0; i < n && i < kW; ++i) out.r[i] = p[i];
  return out;
}
inline Vf vload_first(const bfloat16* p, int n) {
  Vf out = vzero();
  for (int i = 0; i < n && i < kW; ++i) out.r[i] = to_float(p[i]);
  return out;
}
inline void vtranspose(Vf* r) {
  for (int i = 0; i < kW; ++i) {
    for (int j = i + 1; j < kW; ++j) {
      const float x = r[i].r[j];
      r[i].r[j] = r[j].r[i];
      r[j].r[i] = x;
    }
  }
}
inline Vf vexp(Vf x) {
  // NaN fails every comparison, so it passes the clamps and stays NaN.
  v4f xc = x.r < kExpLow ? vset1(kExpLow).r : x.r;
  xc = xc > kExpHigh ? vset1(kExpHigh).r : xc;
  // Adding and subtracting 1.5 * 2^23 rounds to the nearest integer.
  const v4f magic = vset1(12582912.0f).r;
  v4f n = (xc * 1.44269504f + magic) - magic;
  v4f r = xc - n * 0.693359375f;
  r = r + n * 2.12194440e-4f;
  v4f p = vset1(1.0f / 5040).r;
  p = p * r + 1.0f / 720;
  p = p * r + 1.0f / 120;
  p = p * r + 1.0f / 24;
  p = p * r + 1.0f / 6;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  v4i bits = (__builtin_convertvector(n, v4i) + 127) << 23;
  v4f two_n;
  std::memcpy(&two_n, &bits, sizeof(two_n));
  v4f e = p * two_n;
  return {x.r < kExpLow ? vzero().r : e};
}

#endif

}  // namespace simd
}  // namespace KK_ISA
}  // namespace keras_kernels

#endif  // KERAS_KERNELS_ATTENTION_ATTENTION_SIMD_H_

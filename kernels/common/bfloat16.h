// bfloat16 storage (the top 16 bits of a float32) and float32 conversions.
#ifndef KERAS_KERNELS_COMMON_BFLOAT16_H_
#define KERAS_KERNELS_COMMON_BFLOAT16_H_

#include <cstdint>
#include <cstring>

#include "kernels/common/isa.h"

namespace keras_kernels {

struct bfloat16 {
  uint16_t bits;
};

// The element types of the kernels' public entry points.
enum class DType : int { kFloat32 = 0, kBFloat16 = 1 };

// Conversions live in the ISA namespace of the build including them (see isa.h).
namespace KK_ISA {

inline float to_float(float x) { return x; }

inline float to_float(bfloat16 x) {
  uint32_t wide = static_cast<uint32_t>(x.bits) << 16;
  float out;
  std::memcpy(&out, &wide, sizeof(out));
  return out;
}

// Round to nearest even, as the engines do; NaN stays NaN.
inline bfloat16 to_bfloat16(float x) {
  uint32_t bits;
  std::memcpy(&bits, &x, sizeof(bits));
  if ((bits & 0x7fffffffu) > 0x7f800000u) return bfloat16{uint16_t((bits >> 16) | 0x40)};
  bits += 0x7fffu + ((bits >> 16) & 1u);
  return bfloat16{static_cast<uint16_t>(bits >> 16)};
}

template <typename T>
inline T from_float(float x);
template <>
inline float from_float<float>(float x) {
  return x;
}
template <>
inline bfloat16 from_float<bfloat16>(float x) {
  return to_bfloat16(x);
}

}  // namespace KK_ISA
}  // namespace keras_kernels

#endif  // KERAS_KERNELS_COMMON_BFLOAT16_H_

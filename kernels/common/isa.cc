#include "kernels/common/isa.h"

#include <cstdlib>
#include <cstring>

namespace keras_kernels {
namespace {

Isa detect() {
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("fma")) {
    return Isa::kAvx512;
  }
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    return Isa::kAvx2;
  }
#endif
  return Isa::kGeneric;
}

Isa lowered_by_env(Isa best) {
  const char* value = std::getenv("KERAS_KERNEL_ISA");
  if (value == nullptr) return best;
  Isa wanted = best;
  if (std::strcmp(value, "generic") == 0) wanted = Isa::kGeneric;
  if (std::strcmp(value, "avx2") == 0) wanted = Isa::kAvx2;
  if (std::strcmp(value, "avx512") == 0) wanted = Isa::kAvx512;
  return static_cast<int>(wanted) < static_cast<int>(best) ? wanted : best;
}

}  // namespace

Isa cpu_isa() {
  static const Isa isa = lowered_by_env(detect());
  return isa;
}

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::kAvx512:
      return "avx512";
    case Isa::kAvx2:
      return "avx2";
    default:
      return "generic";
  }
}

}  // namespace keras_kernels

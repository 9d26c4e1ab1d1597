// The public int8 product: check the arguments, then run the build `cpu_isa()` names.
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "kernels/common/isa.h"
#include "kernels/int8_matmul/int8_matmul_api.h"

namespace keras_kernels {

void int8_matmul(const int8_t* a, const int8_t* b, int32_t* c, int64_t m, int64_t k,
                 int64_t n) {
  if (m < 0 || k < 0 || n < 0) {
    throw std::invalid_argument(
        "int8_matmul: `m`, `k` and `n` must be non-negative, got m=" +
        std::to_string(m) + ", k=" + std::to_string(k) + ", n=" + std::to_string(n));
  }
  const int64_t most = std::numeric_limits<int64_t>::max() / 4;
  if ((k > 0 && (m > most / k || n > most / k)) || (n > 0 && m > most / n)) {
    throw std::invalid_argument("int8_matmul: sizes overflow int64, got m=" +
                                std::to_string(m) + ", k=" + std::to_string(k) +
                                ", n=" + std::to_string(n));
  }
  const bool reads = m > 0 && k > 0 && n > 0;  // a and b are read only then
  if ((m > 0 && n > 0 && c == nullptr) || (reads && (a == nullptr || b == nullptr))) {
    throw std::invalid_argument(
        "int8_matmul: `a`, `b` and `c` must not be nullptr when they hold data");
  }
  switch (cpu_isa()) {
    case Isa::kAvx512:
      return avx512::int8_matmul(a, b, c, m, k, n);
    case Isa::kAvx2:
      return avx2::int8_matmul(a, b, c, m, k, n);
    default:
      return generic::int8_matmul(a, b, c, m, k, n);
  }
}

}  // namespace keras_kernels

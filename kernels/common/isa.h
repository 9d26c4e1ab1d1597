// Which instruction-set build of a kernel runs on this CPU.
//
// Each CPU kernel source is compiled three times (kernels/kernels.bzl): for any x86-64
// ("generic"), for AVX2+FMA ("avx2") and for AVX-512 ("avx512"), each inside its own
// namespace (the KK_ISA macro), so that no inline function compiled for one ISA can
// stand in for another's at link time. A kernel's dispatch file calls the build
// `cpu_isa()` names. No shipped build uses -march=native.
#ifndef KERAS_KERNELS_COMMON_ISA_H_
#define KERAS_KERNELS_COMMON_ISA_H_

namespace keras_kernels {

enum class Isa : int { kGeneric = 0, kAvx2 = 1, kAvx512 = 2 };

// The best build this CPU runs, lowered (never raised) by the environment variable
// KERAS_KERNEL_ISA=generic|avx2|avx512 (for tests of every build on one machine).
Isa cpu_isa();

const char* isa_name(Isa isa);

}  // namespace keras_kernels

// The namespace of the build being compiled; plain compiles (tests) get "generic".
#ifndef KK_ISA
#define KK_ISA generic
#endif

// Declares `declaration` (a function declaration ending in ';') in each ISA namespace.
#define KK_DECLARE_FOR_EACH_ISA(declaration) \
  namespace generic {                        \
  declaration                                \
  }                                          \
  namespace avx2 {                           \
  declaration                                \
  }                                          \
  namespace avx512 {                         \
  declaration                                \
  }

#endif  // KERAS_KERNELS_COMMON_ISA_H_

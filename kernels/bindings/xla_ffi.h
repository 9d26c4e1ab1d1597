// XLA FFI handlers of the CPU kernels (the jax binding registers them by name).
#ifndef KERAS_KERNELS_BINDINGS_XLA_FFI_H_
#define KERAS_KERNELS_BINDINGS_XLA_FFI_H_

#include <vector>

#include "xla/ffi/api/c_api.h"

namespace keras_kernels_ffi {

struct Target {
  const char* name;
  XLA_FFI_Handler* handler;
};

// Every handler, with the name the jax binding registers it under.
std::vector<Target> targets();

}  // namespace keras_kernels_ffi

#endif  // KERAS_KERNELS_BINDINGS_XLA_FFI_H_

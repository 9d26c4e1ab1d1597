// A trivial kernel and its host launcher, built by cuda_library (tools/cuda.bzl) to
// check that the hermetic nvcc compiles and links: the CUDA runtime and CCCL headers
// come from @cuda, kernels/common's headers from a cc_library dep.
#include <cuda/std/cstdint>
#include <cuda_runtime.h>

#include <vector>

#include "kernels/common/bfloat16.h"
#include "kernels/cuda_smoke/smoke.h"

// A dep's header reaches nvcc: the storage type the real kernels share.
static_assert(sizeof(keras_kernels::bfloat16) == 2, "bfloat16 is 16 bits");

namespace {

constexpr int kCount = 1024;

__global__ void double_kernel(float* values, cuda::std::int32_t count) {
  const cuda::std::int32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < count) values[i] *= 2.0f;
}

}  // namespace

int smoke_launch() {
  int devices = 0;
  if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) return -1;
  std::vector<float> host(kCount);
  for (int i = 0; i < kCount; ++i) host[i] = static_cast<float>(i);
  float* device = nullptr;
  const size_t bytes = kCount * sizeof(float);
  if (cudaMalloc(&device, bytes) != cudaSuccess) return kCount;
  cudaMemcpy(device, host.data(), bytes, cudaMemcpyHostToDevice);
  double_kernel<<<(kCount + 255) / 256, 256>>>(device, kCount);
  const bool ran = cudaMemcpy(host.data(), device, bytes, cudaMemcpyDeviceToHost) ==
                   cudaSuccess;
  cudaFree(device);
  if (!ran) return kCount;
  int wrong = 0;
  for (int i = 0; i < kCount; ++i) wrong += host[i] != 2.0f * i;
  return wrong;
}

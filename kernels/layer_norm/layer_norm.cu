// Layer norm and RMS norm on the GPU (sm_90); the contract is layer_norm_cuda.h.
//
// Row kernels (up to 16384 columns forward, 8192 backward). A "row group" of G
// threads (G a power of two from 8 to 1024) normalizes one row at a time. Each
// thread holds E = 8 (E = 16 past 8192 columns) elements of the row in registers, as
// E / W chunks of W contiguous elements: W is 16 bytes' worth (4 floats, 8 bfloat16)
// when every row starts 16-byte aligned, else 1. Chunk c of thread `lane` starts at
// column (c * G + lane) * W, so one chunk of a warp is one contiguous, coalesced
// stretch. Both passes of the variance and the output work on those registers: x
// crosses the memory bus once in and y once out, which is all a memory-bound kernel
// can do. A block holds max(1, 256 / G) groups and walks the rows in a grid-stride
// loop; G is the smallest that fits the row, so short rows do not leave lanes idle.
//
// Backward: the same mapping. A thread's columns never change from row to row, so it
// sums its dgamma / dbeta terms in registers over all the rows it visits; at the end
// the groups of a block add theirs in group order (shared memory) into one partial
// row per block, and sum_partials_kernel adds the partial rows in block order. The
// backward grid (kMaxBackwardBlocks at most) depends on (rows, cols) only, so the
// sums are reproducible bit for bit.
//
// Wider rows take the streaming kernels: one 1024-thread block per row, reading the
// row again (from L2) in each pass, and accumulating dgamma / dbeta partials straight
// into the block's partial row in global memory.
#include <cuda_bf16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "kernels/layer_norm/layer_norm_cuda.h"

namespace keras_kernels {
namespace cuda {
namespace {

// ---------------------------------------------------------------------------------
// Element access. bfloat16 travels as its 16 bits (uint16_t) so that the kernels
// control the conversions: widening is exact, narrowing rounds to nearest even.

__device__ __forceinline__ float to_f(float x) { return x; }
__device__ __forceinline__ float to_f(uint16_t x) {
  return __uint_as_float(static_cast<uint32_t>(x) << 16);
}

template <typename T>
__device__ __forceinline__ T from_f(float x);
template <>
__device__ __forceinline__ float from_f<float>(float x) {
  return x;
}
template <>
__device__ __forceinline__ uint16_t from_f<uint16_t>(float x) {
  return __bfloat16_as_ushort(__float2bfloat16_rn(x));
}

// Elements per 16-byte access.
template <typename T>
constexpr int kVecWidth = 16 / static_cast<int>(sizeof(T));

// W elements at p (16-byte aligned when W > 1) into out[0, W) as float.
template <typename T, int W>
__device__ __forceinline__ void load_chunk(const T* p, float* out) {
  if constexpr (W == 1) {
    out[0] = to_f(p[0]);
  } else if constexpr (std::is_same_v<T, float>) {
    static_assert(W % 4 == 0, "float chunks are whole float4s");
#pragma unroll
    for (int i = 0; i < W / 4; ++i) {
      const float4 f = reinterpret_cast<const float4*>(p)[i];
      out[4 * i] = f.x;
      out[4 * i + 1] = f.y;
      out[4 * i + 2] = f.z;
      out[4 * i + 3] = f.w;
    }
  } else {
    static_assert(W == 8, "bfloat16 chunks are one 16-byte vector");
    const uint4 u = *reinterpret_cast<const uint4*>(p);
    const uint32_t words[4] = {u.x, u.y, u.z, u.w};
#pragma unroll
    for (int i = 0; i < 4; ++i) {  // little endian: element 2i is the low half
      out[2 * i] = __uint_as_float(words[i] << 16);
      out[2 * i + 1] = __uint_as_float(words[i] & 0xffff0000u);
    }
  }
}

template <typename T, int W>
__device__ __forceinline__ void store_chunk(T* p, const float* v) {
  if constexpr (W == 1) {
    p[0] = from_f<T>(v[0]);
  } else if constexpr (std::is_same_v<T, float>) {
#pragma unroll
    for (int i = 0; i < W / 4; ++i) {
      reinterpret_cast<float4*>(p)[i] =
          make_float4(v[4 * i], v[4 * i + 1], v[4 * i + 2], v[4 * i + 3]);
    }
  } else {
    uint32_t words[4];
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      words[i] = static_cast<uint32_t>(from_f<uint16_t>(v[2 * i])) |
                 (static_cast<uint32_t>(from_f<uint16_t>(v[2 * i + 1])) << 16);
    }
    *reinterpret_cast<uint4*>(p) = make_uint4(words[0], words[1], words[2], words[3]);
  }
}

// ---------------------------------------------------------------------------------
// Sums over a row group: butterfly shuffles inside a warp (every lane ends with the
// same bits: a + b == b + a), then, for groups wider than a warp, the warp sums added
// in warp order through shared memory `red` (blockDim / 32 * N floats). Every thread
// of the block must call it (it may hold __syncthreads).
template <int G, int N>
__device__ __forceinline__ void group_sum(float (&v)[N], float* red) {
  constexpr int kLanes = G < 32 ? G : 32;
#pragma unroll
  for (int offset = kLanes / 2; offset > 0; offset /= 2) {
#pragma unroll
    for (int n = 0; n < N; ++n) v[n] += __shfl_xor_sync(0xffffffffu, v[n], offset);
  }
  if constexpr (G > 32) {
    constexpr int kWarps = G / 32;
    const int warp = static_cast<int>(threadIdx.x) / 32;
    if (threadIdx.x % 32 == 0) {
#pragma unroll
      for (int n = 0; n < N; ++n) red[warp * N + n] = v[n];
    }
    __syncthreads();
    const int first = warp / kWarps * kWarps;
#pragma unroll
    for (int n = 0; n < N; ++n) {
      float total = red[first * N + n];
#pragma unroll
      for (int w = 1; w < kWarps; ++w) total += red[(first + w) * N + n];
      v[n] = total;
    }
    __syncthreads();  // `red` is reused by the next sum
  }
}

// ---------------------------------------------------------------------------------
// Row kernels.

template <int G>
constexpr int kBlockThreads = G < 256 ? 256 : G;

constexpr int kStreamThreads = 1024;
// Blocks of the backward grid at most: enough to keep every multiprocessor of an
// H100/H200 (132) busy twice over, few enough that the partial rows stay small next
// to the data. A constant, not the device's count, so results do not depend on it.
constexpr int64_t kMaxBackwardBlocks = 264;
constexpr int64_t kMaxForwardBlocks = int64_t{1} << 20;
// Widest rows the register kernels take: 1024 threads x 16 elements forward; the
// backward pass holds four values per element (dy, x and the two sums) and at 1024
// threads a block gets 64 registers a thread, so 8 elements.
constexpr int64_t kMaxForwardRegisterCols = 16384;
constexpr int64_t kMaxBackwardRegisterCols = 8192;

template <typename T, bool kCenter, int G, int E, int W>
__global__ void __launch_bounds__(kBlockThreads<G>)
    norm_forward_kernel(const T* x, const float* gamma, const float* beta, T* y,
                        float* mean_out, float* rstd_out, int64_t rows, int cols,
                        float epsilon) {
  constexpr int kThreads = kBlockThreads<G>;
  constexpr int kGroups = kThreads / G;
  constexpr int kChunks = E / W;
  static_assert(E % W == 0, "whole chunks per thread");
  __shared__ float red[kThreads / 32 * 2];
  const int lane = static_cast<int>(threadIdx.x) % G;
  const int group = static_cast<int>(threadIdx.x) / G;
  const float count = static_cast<float>(cols);

  // The thread's columns are the same for every row: gamma and beta are read once,
  // into registers, except at 16 elements per thread (1024-thread blocks, 64
  // registers a thread), where they would spill and are read per row from L1.
  constexpr bool kParamRegs = E <= 8;
  float g[kParamRegs ? E : 1], b[kParamRegs ? E : 1];
  if constexpr (kParamRegs) {
#pragma unroll
    for (int c = 0; c < kChunks; ++c) {
#pragma unroll
      for (int w = 0; w < W; ++w) {
        const int col = (c * G + lane) * W + w;
        g[c * W + w] = gamma != nullptr && col < cols ? gamma[col] : 1.0f;
        b[c * W + w] = beta != nullptr && col < cols ? beta[col] : 0.0f;
      }
    }
  }
  // `base` is the same for the whole block, so every thread runs every iteration
  // (the group sums synchronize the block); rows past the end only compute.
  for (int64_t base = static_cast<int64_t>(blockIdx.x) * kGroups; base < rows;
       base += static_cast<int64_t>(gridDim.x) * kGroups) {
    const int64_t row = base + group;
    const bool active = row < rows;
    const T* xr = x + (active ? row : 0) * cols;
    float v[E];
#pragma unroll
    for (int c = 0; c < kChunks; ++c) {
      const int col = (c * G + lane) * W;
      if (active && col < cols) {
        load_chunk<T, W>(xr + col, v + c * W);
      } else {
#pragma unroll
        for (int w = 0; w < W; ++w) v[c * W + w] = 0.0f;
      }
    }
    float mean = 0.0f;
    if constexpr (kCenter) {
      float sum[1] = {0.0f};
#pragma unroll
      for (int e = 0; e < E; ++e) sum[0] += v[e];  // padding lanes hold 0
      group_sum<G, 1>(sum, red);
      mean = sum[0] / count;
    }
    float squares[1] = {0.0f};
#pragma unroll
    for (int c = 0; c < kChunks; ++c) {
      if ((c * G + lane) * W < cols) {
#pragma unroll
        for (int w = 0; w < W; ++w) {
          const float d = v[c * W + w] - mean;
          squares[0] += d * d;
        }
      }
    }
    group_sum<G, 1>(squares, red);
    const float rstd = 1.0f / sqrtf(squares[0] / count + epsilon);
    if (active) {
      if (lane == 0) {
        if (mean_out != nullptr) mean_out[row] = mean;
        if (rstd_out != nullptr) rstd_out[row] = rstd;
      }
      T* yr = y + row * cols;
#pragma unroll
      for (int c = 0; c < kChunks; ++c) {
        const int col = (c * G + lane) * W;
        if (col < cols) {
          float out[W];
#pragma unroll
          for (int w = 0; w < W; ++w) {
            const int e = c * W + w;
            float ge, be;
            if constexpr (kParamRegs) {
              ge = g[e];
              be = b[e];
            } else {
              ge = gamma != nullptr ? gamma[col + w] : 1.0f;
              be = beta != nullptr ? beta[col + w] : 0.0f;
            }
            out[w] = (v[e] - mean) * rstd * ge + be;
          }
          store_chunk<T, W>(yr + col, out);
        }
      }
    }
  }
}

// dx for the rows of the grid-stride loop, and (when asked) this block's partial
// dgamma / dbeta rows: part_g / part_b + blockIdx.x * cols.
template <typename T, bool kCenter, int G, int E, int W>
__global__ void __launch_bounds__(kBlockThreads<G>)
    norm_backward_kernel(const T* dy, const T* x, const float* gamma, const float* mean,
                         const float* rstd, T* dx, float* part_g, float* part_b,
                         int64_t rows, int cols) {
  constexpr int kThreads = kBlockThreads<G>;
  constexpr int kGroups = kThreads / G;
  constexpr int kChunks = E / W;
  __shared__ float red[kThreads / 32 * 2];
  const int lane = static_cast<int>(threadIdx.x) % G;
  const int group = static_cast<int>(threadIdx.x) / G;
  const float count = static_cast<float>(cols);

  float g[E], acc_g[E], acc_b[E];
#pragma unroll
  for (int c = 0; c < kChunks; ++c) {
#pragma unroll
    for (int w = 0; w < W; ++w) {
      const int col = (c * G + lane) * W + w;
      g[c * W + w] = gamma != nullptr && col < cols ? gamma[col] : 1.0f;
      acc_g[c * W + w] = 0.0f;
      acc_b[c * W + w] = 0.0f;
    }
  }
  for (int64_t base = static_cast<int64_t>(blockIdx.x) * kGroups; base < rows;
       base += static_cast<int64_t>(gridDim.x) * kGroups) {
    const int64_t row = base + group;
    const bool active = row < rows;
    const int64_t offset = (active ? row : 0) * cols;
    float dyv[E], xv[E];
#pragma unroll
    for (int c = 0; c < kChunks; ++c) {
      const int col = (c * G + lane) * W;
      if (active && col < cols) {
        load_chunk<T, W>(dy + offset + col, dyv + c * W);
        load_chunk<T, W>(x + offset + col, xv + c * W);
      } else {
#pragma unroll
        for (int w = 0; w < W; ++w) dyv[c * W + w] = xv[c * W + w] = 0.0f;
      }
    }
    const float mu = kCenter && active ? mean[row] : 0.0f;
    const float rs = active ? rstd[row] : 0.0f;
    // sum(g) and sum(g * xhat) with g = dy * gamma, xhat = (x - mean) * rstd.
    float sums[2] = {0.0f, 0.0f};
#pragma unroll
    for (int c = 0; c < kChunks; ++c) {
      if ((c * G + lane) * W < cols) {
#pragma unroll
        for (int w = 0; w < W; ++w) {
          const int e = c * W + w;
          const float gg = dyv[e] * g[e];
          sums[0] += gg;
          sums[1] += gg * ((xv[e] - mu) * rs);
        }
      }
    }
    group_sum<G, 2>(sums, red);
    const float mean_g = kCenter ? sums[0] / count : 0.0f;
    const float mean_g_xhat = sums[1] / count;
    if (active) {
#pragma unroll
      for (int c = 0; c < kChunks; ++c) {
        const int col = (c * G + lane) * W;
        if (col < cols) {
          float out[W];
#pragma unroll
          for (int w = 0; w < W; ++w) {
            const int e = c * W + w;
            const float xhat = (xv[e] - mu) * rs;
            out[w] = rs * (dyv[e] * g[e] - mean_g - xhat * mean_g_xhat);
            acc_g[e] += dyv[e] * xhat;
            acc_b[e] += dyv[e];
          }
          store_chunk<T, W>(dx + offset + col, out);
        }
      }
    }
  }
  if (part_g == nullptr && part_b == nullptr) return;  // the same for every thread
  const int64_t part_row = static_cast<int64_t>(blockIdx.x) * cols;
  if constexpr (kGroups == 1) {
    // One group per block: each column belongs to exactly one thread.
#pragma unroll
    for (int c = 0; c < kChunks; ++c) {
#pragma unroll
      for (int w = 0; w < W; ++w) {
        const int col = (c * G + lane) * W + w;
        if (col < cols) {
          if (part_g != nullptr) part_g[part_row + col] = acc_g[c * W + w];
          if (part_b != nullptr) part_b[part_row + col] = acc_b[c * W + w];
        }
      }
    }
  } else {
    // Several groups hold the same columns: add them in group order.
    constexpr int kSpan = G * E;  // columns a group covers (>= cols)
    __shared__ float parts[kGroups * kSpan];
    // A lambda rather than a loop over {acc_g, acc_b}: a pointer picked at run time
    // would push the register arrays out to local memory.
    auto add_groups = [&](const float (&acc)[E], float* out) {
      if (out == nullptr) return;  // the same for every thread
#pragma unroll
      for (int c = 0; c < kChunks; ++c) {
#pragma unroll
        for (int w = 0; w < W; ++w) {
          const int col = (c * G + lane) * W + w;
          if (col < cols) parts[group * kSpan + col] = acc[c * W + w];
        }
      }
      __syncthreads();
      for (int col = static_cast<int>(threadIdx.x); col < cols; col += kThreads) {
        float total = parts[col];
#pragma unroll
        for (int r = 1; r < kGroups; ++r) total += parts[r * kSpan + col];
        out[part_row + col] = total;
      }
      __syncthreads();  // `parts` is rewritten by the second call
    };
    add_groups(acc_g, part_g);
    add_groups(acc_b, part_b);
  }
}

// ---------------------------------------------------------------------------------
// Streaming kernels (rows wider than the register kernels take): one block per row.

template <typename T, bool kCenter>
__global__ void __launch_bounds__(kStreamThreads)
    norm_forward_streaming(const T* x, const float* gamma, const float* beta, T* y,
                           float* mean_out, float* rstd_out, int64_t rows, int64_t cols,
                           float epsilon) {
  __shared__ float red[kStreamThreads / 32 * 2];
  const float count = static_cast<float>(cols);
  for (int64_t row = blockIdx.x; row < rows; row += gridDim.x) {
    const T* xr = x + row * cols;
    T* yr = y + row * cols;
    float mean = 0.0f;
    if constexpr (kCenter) {
      float sum[1] = {0.0f};
      for (int64_t c = threadIdx.x; c < cols; c += kStreamThreads)
        sum[0] += to_f(xr[c]);
      group_sum<kStreamThreads, 1>(sum, red);
      mean = sum[0] / count;
    }
    float squares[1] = {0.0f};
    for (int64_t c = threadIdx.x; c < cols; c += kStreamThreads) {
      const float d = to_f(xr[c]) - mean;
      squares[0] += d * d;
    }
    group_sum<kStreamThreads, 1>(squares, red);
    const float rstd = 1.0f / sqrtf(squares[0] / count + epsilon);
    if (threadIdx.x == 0) {
      if (mean_out != nullptr) mean_out[row] = mean;
      if (rstd_out != nullptr) rstd_out[row] = rstd;
    }
    // Each thread rewrites only the elements it read: y may alias x.
    for (int64_t c = threadIdx.x; c < cols; c += kStreamThreads) {
      const float gc = gamma != nullptr ? gamma[c] : 1.0f;
      const float bc = beta != nullptr ? beta[c] : 0.0f;
      yr[c] = from_f<T>((to_f(xr[c]) - mean) * rstd * gc + bc);
    }
  }
}

template <typename T, bool kCenter>
__global__ void __launch_bounds__(kStreamThreads)
    norm_backward_streaming(const T* dy, const T* x, const float* gamma,
                            const float* mean, const float* rstd, T* dx, float* part_g,
                            float* part_b, int64_t rows, int64_t cols) {
  __shared__ float red[kStreamThreads / 32 * 2];
  const float count = static_cast<float>(cols);
  float* pg =
      part_g != nullptr ? part_g + static_cast<int64_t>(blockIdx.x) * cols : nullptr;
  float* pb =
      part_b != nullptr ? part_b + static_cast<int64_t>(blockIdx.x) * cols : nullptr;
  // A thread only ever touches its own columns of the block's partial rows.
  for (int64_t c = threadIdx.x; c < cols; c += kStreamThreads) {
    if (pg != nullptr) pg[c] = 0.0f;
    if (pb != nullptr) pb[c] = 0.0f;
  }
  for (int64_t row = blockIdx.x; row < rows; row += gridDim.x) {
    const T* dyr = dy + row * cols;
    const T* xr = x + row * cols;
    T* dxr = dx + row * cols;
    const float mu = kCenter ? mean[row] : 0.0f;
    const float rs = rstd[row];
    float sums[2] = {0.0f, 0.0f};
    for (int64_t c = threadIdx.x; c < cols; c += kStreamThreads) {
      const float gg = to_f(dyr[c]) * (gamma != nullptr ? gamma[c] : 1.0f);
      sums[0] += gg;
      sums[1] += gg * ((to_f(xr[c]) - mu) * rs);
    }
    group_sum<kStreamThreads, 2>(sums, red);  // also orders the reads before dx
    const float mean_g = kCenter ? sums[0] / count : 0.0f;
    const float mean_g_xhat = sums[1] / count;
    for (int64_t c = threadIdx.x; c < cols; c += kStreamThreads) {
      const float d = to_f(dyr[c]);
      const float xhat = (to_f(xr[c]) - mu) * rs;
      const float gc = gamma != nullptr ? gamma[c] : 1.0f;
      dxr[c] = from_f<T>(rs * (d * gc - mean_g - xhat * mean_g_xhat));
      if (pg != nullptr) pg[c] += d * xhat;
      if (pb != nullptr) pb[c] += d;
    }
  }
}

// out[c] = sum over p of part[p * cols + c], p in increasing order.
__global__ void sum_partials_kernel(const float* part, int64_t blocks, int64_t cols,
                                    float* out) {
  const int64_t c = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (c >= cols) return;
  float total = part[c];
  for (int64_t p = 1; p < blocks; ++p) total += part[p * cols + c];
  out[c] = total;
}

// ---------------------------------------------------------------------------------
// Host side.

[[noreturn]] void fail(const char* function, const std::string& message) {
  throw std::invalid_argument(std::string(function) + ": " + message);
}

void check_cuda(cudaError_t status, const char* function, const char* what) {
  if (status != cudaSuccess) {
    throw std::runtime_error(std::string(function) + ": " + what +
                             " failed: " + cudaGetErrorString(status));
  }
}

void check_launch(const char* function) {
  check_cuda(cudaGetLastError(), function, "kernel launch");
}

void check_dtype(const char* function, DType dtype) {
  if (dtype != DType::kFloat32 && dtype != DType::kBFloat16) {
    fail(function, "`dtype` must be float32 or bfloat16, got DType(" +
                       std::to_string(static_cast<int>(dtype)) + ")");
  }
}

void check_sizes(const char* function, int64_t rows, int64_t cols) {
  if (rows < 0 || cols < 0) {
    fail(function, "`rows` and `cols` must be non-negative, got rows=" +
                       std::to_string(rows) + ", cols=" + std::to_string(cols));
  }
  if (cols > 0 && rows > std::numeric_limits<int64_t>::max() / 2 / cols) {
    fail(function, "`rows` * `cols` overflows int64, got rows=" + std::to_string(rows) +
                       ", cols=" + std::to_string(cols));
  }
}

void check_pointer(const char* function, const void* pointer, const char* name,
                   bool needed) {
  if (needed && pointer == nullptr) {
    fail(function, std::string("`") + name +
                       "` must not be nullptr for a non-empty input, got nullptr");
  }
}

bool aligned16(const void* p) { return reinterpret_cast<uintptr_t>(p) % 16 == 0; }

// The row kernel shape for a row length (independent of the element type, so that
// the backward grid, and with it the workspace, depends on (rows, cols) only).
struct RowShape {
  int group;     // G: threads per row
  int elements;  // E: elements per thread
  bool streaming;
};

RowShape row_shape(int64_t cols, bool forward) {
  if (cols > (forward ? kMaxForwardRegisterCols : kMaxBackwardRegisterCols)) {
    return {kStreamThreads, 0, true};
  }
  const int elements = cols > 8192 ? 16 : 8;
  int group = 8;
  while (static_cast<int64_t>(group) * elements < cols) group *= 2;
  return {group, elements, false};
}

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

int64_t backward_blocks(int64_t rows, int64_t cols) {
  const RowShape shape = row_shape(cols, /*forward=*/false);
  const int64_t groups =
      shape.streaming ? 1 : std::max(1, 256 / shape.group);  // rows per block step
  return std::max<int64_t>(1, std::min(ceil_div(rows, groups), kMaxBackwardBlocks));
}

struct ForwardArgs {
  const void* x;
  const float* gamma;
  const float* beta;
  void* y;
  float* mean;
  float* rstd;
  int64_t rows, cols;
  float epsilon;
};

struct BackwardArgs {
  const void* dy;
  const void* x;
  const float* gamma;
  const float* mean;
  const float* rstd;
  void* dx;
  float* part_g;
  float* part_b;
  int64_t rows, cols, blocks;
};

template <typename T, bool kCenter, int G, int E, int W>
void launch_forward_rows(const ForwardArgs& a, cudaStream_t stream) {
  constexpr int kGroups = kBlockThreads<G> / G;
  const int64_t blocks = std::min(ceil_div(a.rows, kGroups), kMaxForwardBlocks);
  norm_forward_kernel<T, kCenter, G, E, W>
      <<<static_cast<unsigned>(blocks), kBlockThreads<G>, 0, stream>>>(
          static_cast<const T*>(a.x), a.gamma, a.beta, static_cast<T*>(a.y), a.mean,
          a.rstd, a.rows, static_cast<int>(a.cols), a.epsilon);
}

template <typename T, bool kCenter, int G, int E, int W>
void launch_backward_rows(const BackwardArgs& a, cudaStream_t stream) {
  norm_backward_kernel<T, kCenter, G, E, W>
      <<<static_cast<unsigned>(a.blocks), kBlockThreads<G>, 0, stream>>>(
          static_cast<const T*>(a.dy), static_cast<const T*>(a.x), a.gamma, a.mean,
          a.rstd, static_cast<T*>(a.dx), a.part_g, a.part_b, a.rows,
          static_cast<int>(a.cols));
}

// Instantiates the row kernel for the row shape, at chunk width W.
template <typename T, bool kCenter, int W, bool kForward, typename Args>
void launch_rows(const RowShape& shape, const Args& a, cudaStream_t stream) {
  auto go = [&](auto group, auto elements) {
    constexpr int G = decltype(group)::value;
    constexpr int E = decltype(elements)::value;
    if constexpr (kForward) {
      launch_forward_rows<T, kCenter, G, E, W>(a, stream);
    } else {
      launch_backward_rows<T, kCenter, G, E, W>(a, stream);
    }
  };
  using E8 = std::integral_constant<int, 8>;
  switch (shape.group) {
    case 8:
      return go(std::integral_constant<int, 8>(), E8());
    case 16:
      return go(std::integral_constant<int, 16>(), E8());
    case 32:
      return go(std::integral_constant<int, 32>(), E8());
    case 64:
      return go(std::integral_constant<int, 64>(), E8());
    case 128:
      return go(std::integral_constant<int, 128>(), E8());
    case 256:
      return go(std::integral_constant<int, 256>(), E8());
    case 512:
      return go(std::integral_constant<int, 512>(), E8());
    default:
      if constexpr (kForward) {  // the backward pass never takes 16 elements
        if (shape.elements == 16) {
          return go(std::integral_constant<int, 1024>(),
                    std::integral_constant<int, 16>());
        }
      }
      return go(std::integral_constant<int, 1024>(), E8());
  }
}

template <typename T, bool kCenter>
void run_forward(const ForwardArgs& a, cudaStream_t stream, const char* function) {
  if (a.rows == 0) return;
  const RowShape shape = row_shape(a.cols, /*forward=*/true);
  if (shape.streaming) {
    const int64_t blocks = std::min(a.rows, kMaxForwardBlocks);
    norm_forward_streaming<T, kCenter>
        <<<static_cast<unsigned>(blocks), kStreamThreads, 0, stream>>>(
            static_cast<const T*>(a.x), a.gamma, a.beta, static_cast<T*>(a.y), a.mean,
            a.rstd, a.rows, a.cols, a.epsilon);
  } else if (a.cols % kVecWidth<T> == 0 && aligned16(a.x) && aligned16(a.y)) {
    launch_rows<T, kCenter, kVecWidth<T>, true>(shape, a, stream);
  } else {
    launch_rows<T, kCenter, 1, true>(shape, a, stream);
  }
  check_launch(function);
}

template <typename T, bool kCenter>
void run_backward(BackwardArgs a, float* dgamma, float* dbeta, void* workspace,
                  cudaStream_t stream, const char* function) {
  if (a.cols == 0) return;  // nothing to write
  const bool params = dgamma != nullptr || dbeta != nullptr;
  if (a.rows == 0) {  // sums over no rows
    if (dgamma != nullptr) {
      check_cuda(cudaMemsetAsync(dgamma, 0, a.cols * sizeof(float), stream), function,
                 "cudaMemsetAsync");
    }
    if (dbeta != nullptr) {
      check_cuda(cudaMemsetAsync(dbeta, 0, a.cols * sizeof(float), stream), function,
                 "cudaMemsetAsync");
    }
    return;
  }
  a.blocks = backward_blocks(a.rows, a.cols);
  void* owned = nullptr;
  if (params) {
    float* base = static_cast<float*>(workspace);
    if (base == nullptr) {
      check_cuda(cudaMallocAsync(&owned, norm_backward_workspace_bytes(a.rows, a.cols),
                                 stream),
                 function, "cudaMallocAsync");
      base = static_cast<float*>(owned);
    }
    a.part_g = dgamma != nullptr ? base : nullptr;
    a.part_b = dbeta != nullptr ? base + a.blocks * a.cols : nullptr;
  }
  const RowShape shape = row_shape(a.cols, /*forward=*/false);
  if (shape.streaming) {
    norm_backward_streaming<T, kCenter>
        <<<static_cast<unsigned>(a.blocks), kStreamThreads, 0, stream>>>(
            static_cast<const T*>(a.dy), static_cast<const T*>(a.x), a.gamma, a.mean,
            a.rstd, static_cast<T*>(a.dx), a.part_g, a.part_b, a.rows, a.cols);
  } else if (a.cols % kVecWidth<T> == 0 && aligned16(a.dy) && aligned16(a.x) &&
             aligned16(a.dx)) {
    launch_rows<T, kCenter, kVecWidth<T>, false>(shape, a, stream);
  } else {
    launch_rows<T, kCenter, 1, false>(shape, a, stream);
  }
  check_launch(function);
  if (params) {
    constexpr int kThreads = 256;
    const unsigned grid = static_cast<unsigned>(ceil_div(a.cols, kThreads));
    if (dgamma != nullptr) {
      sum_partials_kernel<<<grid, kThreads, 0, stream>>>(a.part_g, a.blocks, a.cols,
                                                         dgamma);
    }
    if (dbeta != nullptr) {
      sum_partials_kernel<<<grid, kThreads, 0, stream>>>(a.part_b, a.blocks, a.cols,
                                                         dbeta);
    }
    check_launch(function);
  }
  if (owned != nullptr) {
    check_cuda(cudaFreeAsync(owned, stream), function, "cudaFreeAsync");
  }
}

}  // namespace

size_t norm_backward_workspace_bytes(int64_t rows, int64_t cols) {
  if (rows <= 0 || cols <= 0) return 0;
  return static_cast<size_t>(2 * backward_blocks(rows, cols) * cols) * sizeof(float);
}

void layer_norm_forward(DType dtype, const void* x, const float* gamma,
                        const float* beta, void* y, float* mean, float* rstd,
                        int64_t rows, int64_t cols, float epsilon, void* stream) {
  const char* fn = "cuda::layer_norm_forward";
  check_dtype(fn, dtype);
  check_sizes(fn, rows, cols);
  check_pointer(fn, x, "x", rows > 0 && cols > 0);
  check_pointer(fn, y, "y", rows > 0 && cols > 0);
  const ForwardArgs a{x, gamma, beta, y, mean, rstd, rows, cols, epsilon};
  cudaStream_t s = static_cast<cudaStream_t>(stream);
  if (dtype == DType::kFloat32) {
    run_forward<float, true>(a, s, fn);
  } else {
    run_forward<uint16_t, true>(a, s, fn);
  }
}

void layer_norm_backward(DType dtype, const void* dy, const void* x, const float* gamma,
                         const float* mean, const float* rstd, void* dx, float* dgamma,
                         float* dbeta, int64_t rows, int64_t cols, void* stream,
                         void* workspace) {
  const char* fn = "cuda::layer_norm_backward";
  check_dtype(fn, dtype);
  check_sizes(fn, rows, cols);
  const bool data = rows > 0 && cols > 0;
  check_pointer(fn, dy, "dy", data);
  check_pointer(fn, x, "x", data);
  check_pointer(fn, dx, "dx", data);
  check_pointer(fn, mean, "mean", data);
  check_pointer(fn, rstd, "rstd", data);
  const BackwardArgs a{dy, x, gamma, mean, rstd, dx, nullptr, nullptr, rows, cols, 0};
  cudaStream_t s = static_cast<cudaStream_t>(stream);
  if (dtype == DType::kFloat32) {
    run_backward<float, true>(a, dgamma, dbeta, workspace, s, fn);
  } else {
    run_backward<uint16_t, true>(a, dgamma, dbeta, workspace, s, fn);
  }
}

void rms_norm_forward(DType dtype, const void* x, const float* scale, void* y,
                      float* rstd, int64_t rows, int64_t cols, float epsilon,
                      void* stream) {
  const char* fn = "cuda::rms_norm_forward";
  check_dtype(fn, dtype);
  check_sizes(fn, rows, cols);
  check_pointer(fn, x, "x", rows > 0 && cols > 0);
  check_pointer(fn, y, "y", rows > 0 && cols > 0);
  const ForwardArgs a{x, scale, nullptr, y, nullptr, rstd, rows, cols, epsilon};
  cudaStream_t s = static_cast<cudaStream_t>(stream);
  if (dtype == DType::kFloat32) {
    run_forward<float, false>(a, s, fn);
  } else {
    run_forward<uint16_t, false>(a, s, fn);
  }
}

void rms_norm_backward(DType dtype, const void* dy, const void* x, const float* scale,
                       const float* rstd, void* dx, float* dscale, int64_t rows,
                       int64_t cols, void* stream, void* workspace) {
  const char* fn = "cuda::rms_norm_backward";
  check_dtype(fn, dtype);
  check_sizes(fn, rows, cols);
  const bool data = rows > 0 && cols > 0;
  check_pointer(fn, dy, "dy", data);
  check_pointer(fn, x, "x", data);
  check_pointer(fn, dx, "dx", data);
  check_pointer(fn, rstd, "rstd", data);
  const BackwardArgs a{dy,      x,       scale, nullptr, rstd, dx,
                       nullptr, nullptr, rows,  cols,    0};
  cudaStream_t s = static_cast<cudaStream_t>(stream);
  if (dtype == DType::kFloat32) {
    run_backward<float, false>(a, dscale, nullptr, workspace, s, fn);
  } else {
    run_backward<uint16_t, false>(a, dscale, nullptr, workspace, s, fn);
  }
}

}  // namespace cuda
}  // namespace keras_kernels

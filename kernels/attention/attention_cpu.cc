// The typed attention entry points of one instruction-set build (KK_ISA): they split
// the tasks of attention.h over the kernel thread pool.
#include "kernels/common/isa.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

#include "kernels/attention/attention.h"
#include "kernels/attention/attention_api.h"
#include "kernels/common/parallel.h"

namespace keras_kernels {
namespace KK_ISA {
namespace {

template <typename T>
attention::Problem<T> make_problem(const T* q, const T* k, const T* v,
                                   const AttentionMask& mask, bool causal, float scale,
                                   const AttentionShape& shape) {
  attention::Problem<T> p;
  p.q = q;
  p.k = k;
  p.v = v;
  p.mask = mask;
  p.causal = causal;
  p.scale = scale;
  p.B = shape.batch;
  p.T_ = shape.q_len;
  p.S = shape.kv_len;
  p.N = shape.q_heads;
  p.K = shape.kv_heads;
  p.H = shape.head_dim;
  return p;
}

// Tasks per chunk so that a chunk holds at least ~1M multiply-adds: tiny problems are
// not worth waking the pool for.
int64_t grain_for(int64_t work_per_task) {
  constexpr int64_t kMinWork = int64_t{1} << 20;
  return std::max<int64_t>(1, kMinWork / std::max<int64_t>(1, work_per_task));
}

// Zeroes n elements (float and bfloat16 zero are all-zero bits); p may be null if n ==
// 0.
template <typename T>
void zero_fill(T* p, int64_t n) {
  if (n > 0) std::memset(static_cast<void*>(p), 0, sizeof(T) * n);
}

template <typename T>
void forward(const T* q, const T* k, const T* v, const AttentionMask& mask, bool causal,
             float scale, T* out, float* lse, const AttentionShape& shape) {
  attention::Problem<T> p = make_problem(q, k, v, mask, causal, scale, shape);
  p.out_w = out;
  p.lse = lse;
  const int64_t rows = p.B * p.T_ * p.N;
  if (rows == 0) return;
  if (p.S == 0) {  // softmax over no keys: an empty sum
    zero_fill(out, rows * p.H);
    if (lse != nullptr) std::fill(lse, lse + rows, -INFINITY);
    return;
  }
  const int64_t tasks = p.B * p.N * p.num_query_blocks();
  const int64_t work = std::min(p.T_, attention::kQueryBlock) * p.S * (p.H + 1);
  parallel_for(tasks, grain_for(work), [&](int64_t begin, int64_t end) {
    attention::forward_tasks(p, begin, end);
  });
}

// The most scratch floats a one-pass task of backward_head_tasks may take (its heads'
// packed keys and values and dk / dv sums, all S keys): 1 MiB, half of an L2 cache of
// this generation, so that the walk over the key blocks stays in L2. Above it the
// key-block-major one-pass schedule keeps a smaller working set.
constexpr int64_t kHeadTaskFloats = int64_t{1} << 18;

using attention::ceil_div;

template <typename T>
void backward(const T* q, const T* k, const T* v, const T* out, const T* dout,
              const float* lse, const AttentionMask& mask, bool causal, float scale,
              T* dq, T* dk, T* dv, const AttentionShape& shape) {
  attention::Problem<T> p = make_problem(q, k, v, mask, causal, scale, shape);
  p.out = out;
  p.dout = dout;
  p.lse_in = lse;
  p.dq = dq;
  p.dk = dk;
  p.dv = dv;
  const int64_t rows = p.B * p.T_ * p.N, kv_size = p.B * p.S * p.K * p.H;
  if (rows == 0 || p.S == 0) {  // no query reads any key: every gradient is zero
    zero_fill(dq, rows * p.H);
    zero_fill(dk, kv_size);
    zero_fill(dv, kv_size);
    return;
  }
  // One pass when the tasks split evenly enough over the threads (at most 30% idle):
  // tasks of a whole batch (contiguous slices of every tensor), else of one (batch,
  // key/value head), each walking its query blocks over all S keys; for long key
  // sequences, (batch, key/value head) tasks walking the key blocks over all queries.
  // Else two passes (40% more work, finer tasks).
  const int64_t threads = num_threads(), heads = p.B * p.K;
  auto balanced = [threads](int64_t tasks) {
    return tasks >= threads && ceil_div(tasks, threads) * threads * 10 <= tasks * 13;
  };
  int64_t task_heads = 0;  // key/value heads per task of backward_head_tasks
  if (balanced(p.B) && attention::HeadScratch::floats(p, p.K) <= kHeadTaskFloats) {
    task_heads = p.K;
  } else if (balanced(heads) &&
             attention::HeadScratch::floats(p, 1) <= kHeadTaskFloats) {
    task_heads = 1;
  }
  if (task_heads > 0) {
    parallel_for(p.B * (p.K / task_heads), 1, [&](int64_t begin, int64_t end) {
      attention::backward_head_tasks(p, task_heads, begin, end);
    });
    return;
  }
  const int64_t hp = p.hp();
  std::unique_ptr<float[]> row_data(new float[rows * (2 * hp + 1)]);
  const attention::BackwardRows prepared{row_data.get(), row_data.get() + rows * hp,
                                         row_data.get() + 2 * rows * hp};
  parallel_for(rows, grain_for(p.H), [&](int64_t begin, int64_t end) {
    attention::backward_prepare_rows(p, prepared, begin, end);
  });
  std::unique_ptr<float[]> msum(new float[p.B * p.K * p.hp()]);
  parallel_for(p.B * p.K, grain_for(p.group() * p.T_), [&](int64_t begin, int64_t end) {
    attention::backward_masked_rows(p, msum.get(), begin, end);
  });
  if (balanced(heads)) {
    std::unique_ptr<float[]> dq_acc(new float[rows * hp]);
    parallel_for(heads, 1, [&](int64_t begin, int64_t end) {
      attention::backward_fused_tasks(p, prepared, msum.get(), dq_acc.get(), begin,
                                      end);
    });
    return;
  }
  const int64_t kv_tasks = p.B * p.K * p.num_key_blocks();
  const int64_t kv_work = p.group() * p.T_ * attention::kKeyBlock * (p.H + 1) * 4;
  parallel_for(kv_tasks, grain_for(kv_work), [&](int64_t begin, int64_t end) {
    attention::backward_dkdv_tasks(p, prepared, msum.get(), begin, end);
  });
  const int64_t q_tasks = p.B * p.N * p.num_query_blocks();
  const int64_t q_work = std::min(p.T_, attention::kQueryBlock) * p.S * (p.H + 1) * 3;
  parallel_for(q_tasks, grain_for(q_work), [&](int64_t begin, int64_t end) {
    attention::backward_dq_tasks(p, prepared, begin, end);
  });
}

}  // namespace

void attention_forward_f32(const float* q, const float* k, const float* v,
                           const AttentionMask& mask, bool causal, float scale,
                           float* out, float* lse, const AttentionShape& shape) {
  forward(q, k, v, mask, causal, scale, out, lse, shape);
}

void attention_forward_bf16(const bfloat16* q, const bfloat16* k, const bfloat16* v,
                            const AttentionMask& mask, bool causal, float scale,
                            bfloat16* out, float* lse, const AttentionShape& shape) {
  forward(q, k, v, mask, causal, scale, out, lse, shape);
}

void attention_backward_f32(const float* q, const float* k, const float* v,
                            const float* out, const float* dout, const float* lse,
                            const AttentionMask& mask, bool causal, float scale,
                            float* dq, float* dk, float* dv,
                            const AttentionShape& shape) {
  backward(q, k, v, out, dout, lse, mask, causal, scale, dq, dk, dv, shape);
}

void attention_backward_bf16(const bfloat16* q, const bfloat16* k, const bfloat16* v,
                             const bfloat16* out, const bfloat16* dout,
                             const float* lse, const AttentionMask& mask, bool causal,
                             float scale, bfloat16* dq, bfloat16* dk, bfloat16* dv,
                             const AttentionShape& shape) {
  backward(q, k, v, out, dout, lse, mask, causal, scale, dq, dk, dv, shape);
}

}  // namespace KK_ISA
}  // namespace keras_kernels

// Tests of the attention kernel against a straightforward double reference: every
// instruction-set build the CPU runs, 1 and 3 threads, float32 and bfloat16, masks,
// causal, grouped-query heads, odd sizes, NaN, and central finite differences.
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/attention/attention_api.h"
#include "kernels/common/bfloat16.h"
#include "kernels/common/isa.h"
#include "kernels/common/parallel.h"

namespace kk = keras_kernels;

static int failures = 0;
#define CHECK(cond)                                                                 \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                                   \
    }                                                                               \
  } while (0)

namespace {

using Vec = std::vector<float>;

enum class MaskKind { kNone, kKeyPadding, kFull, kBroadcastTS, kTransposedTS };

struct Case {
  const char* name;
  int64_t B, T, S, N, K, H;
  bool causal;
  float scale;
  MaskKind mask;
};

// The mask buffer and its strides for a case (nonzero = attend).
struct MaskData {
  std::vector<uint8_t> bytes;
  kk::AttentionMask view;
};

MaskData make_mask(const Case& c, std::mt19937& rng) {
  MaskData m;
  std::bernoulli_distribution attend(0.7);
  switch (c.mask) {
    case MaskKind::kNone:
      break;
    case MaskKind::kKeyPadding: {  // [B, S]: batch b attends to its first len_b keys
      m.bytes.assign(c.B * c.S, 0);
      for (int64_t b = 0; b < c.B; ++b) {
        // The last batch has no keys at all: every one of its rows is fully masked.
        int64_t len = b == c.B - 1 && c.B > 1 ? 0 : c.S - (b * 5) % c.S;
        for (int64_t s = 0; s < len; ++s) m.bytes[b * c.S + s] = 1;
      }
      m.view.stride_b = c.S;
      m.view.stride_s = 1;
      break;
    }
    case MaskKind::kFull: {  // [B, N, T, S] random, with row (0, 0, 1) fully masked
      m.bytes.resize(c.B * c.N * c.T * c.S);
      for (auto& x : m.bytes) x = attend(rng) ? 1 : 0;
      if (c.T > 1) {
        for (int64_t s = 0; s < c.S; ++s) m.bytes[1 * c.S + s] = 0;
      }
      m.view.stride_b = c.N * c.T * c.S;
      m.view.stride_n = c.T * c.S;
      m.view.stride_t = c.S;
      m.view.stride_s = 1;
      break;
    }
    case MaskKind::kBroadcastTS: {  // [T, S] shared by every batch and head
      m.bytes.resize(c.T * c.S);
      for (auto& x : m.bytes) x = attend(rng) ? 1 : 0;
      m.view.stride_t = c.S;
      m.view.stride_s = 1;
      break;
    }
    case MaskKind::kTransposedTS: {  // [S, T] storage: a key stride that is not 1
      m.bytes.resize(c.T * c.S);
      for (auto& x : m.bytes) x = attend(rng) ? 1 : 0;
      m.view.stride_t = 1;
      m.view.stride_s = c.T;
      break;
    }
  }
  m.view.data = m.bytes.empty() ? nullptr : m.bytes.data();
  return m;
}

bool attends(const Case& c, const kk::AttentionMask& m, int64_t b, int64_t n, int64_t t,
             int64_t s) {
  if (c.causal && s > t) return false;
  if (m.data == nullptr) return true;
  return m.data[b * m.stride_b + n * m.stride_n + t * m.stride_t + s * m.stride_s] != 0;
}

// ---------------------------------------------------------------------------------
// The double reference: the composition Keras' dot_product_attention computes.

struct Ref {
  std::vector<double> out, lse, dq, dk, dv;
};

int64_t qi(const Case& c, int64_t b, int64_t t, int64_t n) {
  return ((b * c.T + t) * c.N + n) * c.H;
}
int64_t ki(const Case& c, int64_t b, int64_t s, int64_t kvh) {
  return ((b * c.S + s) * c.K + kvh) * c.H;
}

// Row (b, n, t): the softmax weights and the logits' masked flags.
void ref_weights(const Case& c, const kk::AttentionMask& m,
                 const std::vector<double>& q, const std::vector<double>& k, int64_t b,
                 int64_t n, int64_t t, std::vector<double>& w, std::vector<char>& live,
                 double& lse) {
  const int64_t kvh = n / (c.N / c.K);
  const double masked = -0.7 * static_cast<double>(FLT_MAX);
  double mx = -INFINITY;
  for (int64_t s = 0; s < c.S; ++s) {
    live[s] = attends(c, m, b, n, t, s);
    double z = masked;
    if (live[s]) {
      z = 0.0;
      for (int64_t h = 0; h < c.H; ++h)
        z += q[qi(c, b, t, n) + h] * k[ki(c, b, s, kvh) + h];
      z *= c.scale;
    }
    w[s] = z;
    mx = std::max(mx, z);
    if (std::isnan(z)) mx = z;
  }
  double sum = 0.0;
  for (int64_t s = 0; s < c.S; ++s) sum += (w[s] = std::exp(w[s] - mx));
  for (int64_t s = 0; s < c.S; ++s) w[s] /= sum;
  lse = mx + std::log(sum);
}

Ref reference(const Case& c, const kk::AttentionMask& m, const std::vector<double>& q,
              const std::vector<double>& k, const std::vector<double>& v,
              const std::vector<double>* dout) {
  Ref r;
  r.out.assign(c.B * c.T * c.N * c.H, 0.0);
  r.lse.assign(c.B * c.N * c.T, 0.0);
  if (dout != nullptr) {
    r.dq.assign(r.out.size(), 0.0);
    r.dk.assign(c.B * c.S * c.K * c.H, 0.0);
    r.dv.assign(r.dk.size(), 0.0);
  }
  std::vector<double> w(c.S), dp(c.S);
  std::vector<char> live(c.S);
  for (int64_t b = 0; b < c.B; ++b) {
    for (int64_t n = 0; n < c.N; ++n) {
      const int64_t kvh = n / (c.N / c.K);
      for (int64_t t = 0; t < c.T; ++t) {
        ref_weights(c, m, q, k, b, n, t, w, live, r.lse[(b * c.N + n) * c.T + t]);
        for (int64_t s = 0; s < c.S; ++s) {
          for (int64_t h = 0; h < c.H; ++h) {
            r.out[qi(c, b, t, n) + h] += w[s] * v[ki(c, b, s, kvh) + h];
          }
        }
        if (dout == nullptr) continue;
        const double* d = dout->data() + qi(c, b, t, n);
        double delta = 0.0;
        for (int64_t s = 0; s < c.S; ++s) {
          dp[s] = 0.0;
          for (int64_t h = 0; h < c.H; ++h) dp[s] += d[h] * v[ki(c, b, s, kvh) + h];
          delta += w[s] * dp[s];
        }
        for (int64_t s = 0; s < c.S; ++s) {
          // A masked logit is a constant: no gradient flows through it.
          const double ds = live[s] ? w[s] * (dp[s] - delta) * c.scale : 0.0;
          for (int64_t h = 0; h < c.H; ++h) {
            r.dq[qi(c, b, t, n) + h] += ds * k[ki(c, b, s, kvh) + h];
            r.dk[ki(c, b, s, kvh) + h] += ds * q[qi(c, b, t, n) + h];
            r.dv[ki(c, b, s, kvh) + h] += w[s] * d[h];
          }
        }
      }
    }
  }
  return r;
}

// ---------------------------------------------------------------------------------
// The builds under test.

struct Build {
  std::string name;
  decltype(&kk::generic::attention_forward_f32) fwd_f32;
  decltype(&kk::generic::attention_forward_bf16) fwd_bf16;
  decltype(&kk::generic::attention_backward_f32) bwd_f32;
  decltype(&kk::generic::attention_backward_bf16) bwd_bf16;
};

void public_fwd_f32(const float* q, const float* k, const float* v,
                    const kk::AttentionMask& m, bool causal, float scale, float* out,
                    float* lse, const kk::AttentionShape& s) {
  kk::attention_forward(kk::DType::kFloat32, q, k, v, m, causal, scale, out, lse, s);
}
void public_fwd_bf16(const kk::bfloat16* q, const kk::bfloat16* k,
                     const kk::bfloat16* v, const kk::AttentionMask& m, bool causal,
                     float scale, kk::bfloat16* out, float* lse,
                     const kk::AttentionShape& s) {
  kk::attention_forward(kk::DType::kBFloat16, q, k, v, m, causal, scale, out, lse, s);
}
void public_bwd_f32(const float* q, const float* k, const float* v, const float* out,
                    const float* dout, const float* lse, const kk::AttentionMask& m,
                    bool causal, float scale, float* dq, float* dk, float* dv,
                    const kk::AttentionShape& s) {
  kk::attention_backward(kk::DType::kFloat32, q, k, v, out, dout, lse, m, causal, scale,
                         dq, dk, dv, s);
}
void public_bwd_bf16(const kk::bfloat16* q, const kk::bfloat16* k,
                     const kk::bfloat16* v, const kk::bfloat16* out,
                     const kk::bfloat16* dout, const float* lse,
                     const kk::AttentionMask& m, bool causal, float scale,
                     kk::bfloat16* dq, kk::bfloat16* dk, kk::bfloat16* dv,
                     const kk::AttentionShape& s) {
  kk::attention_backward(kk::DType::kBFloat16, q, k, v, out, dout, lse, m, causal,
                         scale, dq, dk, dv, s);
}

std::vector<Build> builds() {
  std::vector<Build> out = {{"generic", kk::generic::attention_forward_f32,
                             kk::generic::attention_forward_bf16,
                             kk::generic::attention_backward_f32,
                             kk::generic::attention_backward_bf16}};
  if (kk::cpu_isa() >= kk::Isa::kAvx2) {
    out.push_back({"avx2", kk::avx2::attention_forward_f32,
                   kk::avx2::attention_forward_bf16, kk::avx2::attention_backward_f32,
                   kk::avx2::attention_backward_bf16});
  }
  if (kk::cpu_isa() >= kk::Isa::kAvx512) {
    out.push_back({"avx512", kk::avx512::attention_forward_f32,
                   kk::avx512::attention_forward_bf16,
                   kk::avx512::attention_backward_f32,
                   kk::avx512::attention_backward_bf16});
  }
  out.push_back(
      {"public", public_fwd_f32, public_fwd_bf16, public_bwd_f32, public_bwd_bf16});
  return out;
}

// ---------------------------------------------------------------------------------
// Comparisons.

// max |got - want| <= tol * max(1, max |want|); reports the worst error on failure.
template <typename G>
bool close(const char* what, const std::string& where, const G& got,
           const std::vector<double>& want, double tol) {
  double worst = 0.0, biggest = 1.0;
  bool finite = true;
  for (size_t i = 0; i < want.size(); ++i) {
    biggest = std::max(biggest, std::fabs(want[i]));
    double g = got(i);
    if (!std::isfinite(g)) finite = false;
    worst = std::max(worst, std::fabs(g - want[i]));
  }
  if (finite && worst <= tol * biggest) return true;
  std::fprintf(stderr, "  %s %s: max error %.3g vs tolerance %.3g (finite: %d)\n",
               where.c_str(), what, worst, tol * biggest, finite ? 1 : 0);
  return false;
}

// lse: a fully masked row (the masked logit, ~-2.4e38) must be one in the kernel too;
// the other rows within tol * max(1, |want|).
bool close_lse(const char* what, const std::string& where, const Vec& got,
               const std::vector<double>& want, double tol) {
  const double masked = -0.7 * static_cast<double>(FLT_MAX);
  int bad = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    const bool ok =
        want[i] < 0.5 * masked
            ? got[i] < 0.99 * masked && got[i] > 1.01 * masked
            : std::fabs(got[i] - want[i]) <= tol * std::max(1.0, std::fabs(want[i]));
    if (!ok && bad++ == 0) {
      std::fprintf(stderr, "  %s %s: row %zu got %.9g want %.9g\n", where.c_str(), what,
                   i, got[i], want[i]);
    }
  }
  return bad == 0;
}

std::vector<double> to_double(const Vec& x) {
  return std::vector<double>(x.begin(), x.end());
}

Vec random_vec(std::mt19937& rng, int64_t n) {
  std::normal_distribution<float> dist(0.0f, 1.0f);
  Vec out(n);
  for (auto& x : out) x = dist(rng);
  return out;
}

std::vector<kk::bfloat16> to_bf16(const Vec& x) {
  std::vector<kk::bfloat16> out(x.size());
  for (size_t i = 0; i < x.size(); ++i) out[i] = kk::generic::to_bfloat16(x[i]);
  return out;
}

Vec from_bf16(const std::vector<kk::bfloat16>& x) {
  Vec out(x.size());
  for (size_t i = 0; i < x.size(); ++i) out[i] = kk::generic::to_float(x[i]);
  return out;
}

kk::AttentionShape shape_of(const Case& c) { return {c.B, c.T, c.S, c.N, c.K, c.H}; }

void run_case(const Case& c, const std::vector<Build>& bs) {
  std::mt19937 rng(1234 + c.T * 7 + c.S * 13 + c.H);
  MaskData m = make_mask(c, rng);
  Vec q = random_vec(rng, c.B * c.T * c.N * c.H);
  Vec k = random_vec(rng, c.B * c.S * c.K * c.H);
  Vec v = random_vec(rng, c.B * c.S * c.K * c.H);
  Vec dout = random_vec(rng, q.size());
  const kk::AttentionShape shape = shape_of(c);

  // float32 against the reference of the float32 inputs.
  std::vector<double> dd = to_double(dout);
  Ref ref = reference(c, m.view, to_double(q), to_double(k), to_double(v), &dd);
  // bfloat16: the reference sees the rounded inputs.
  auto qb = to_bf16(q), kb = to_bf16(k), vb = to_bf16(v), db = to_bf16(dout);
  std::vector<double> ddb = to_double(from_bf16(db));
  Ref refb = reference(c, m.view, to_double(from_bf16(qb)), to_double(from_bf16(kb)),
                       to_double(from_bf16(vb)), &ddb);

  for (const Build& build : bs) {
    // The backward's schedule depends on the thread count and the key length: one
    // thread takes one-pass tasks of a whole batch (of one (batch, key/value head)
    // when a batch's keys take too much memory, key-block-major for long keys);
    // three threads take batch tasks when B = 3, (batch, key/value head) tasks when
    // B * K = 3 or 6, else the two-pass schedule. The cases cover each of them.
    for (int threads : {1, 3}) {
      kk::set_num_threads(threads);
      const std::string where = std::string(c.name) + " [" + build.name + ", " +
                                std::to_string(threads) + "t]";
      Vec out(q.size()), lse(ref.lse.size()), dq(q.size()), dk(k.size()), dv(v.size());
      build.fwd_f32(q.data(), k.data(), v.data(), m.view, c.causal, c.scale, out.data(),
                    lse.data(), shape);
      CHECK(close("out f32", where, [&](size_t i) { return out[i]; }, ref.out, 2e-5));
      CHECK(close_lse("lse f32", where, lse, ref.lse, 2e-6));
      build.bwd_f32(q.data(), k.data(), v.data(), out.data(), dout.data(), lse.data(),
                    m.view, c.causal, c.scale, dq.data(), dk.data(), dv.data(), shape);
      CHECK(close("dq f32", where, [&](size_t i) { return dq[i]; }, ref.dq, 2e-5));
      CHECK(close("dk f32", where, [&](size_t i) { return dk[i]; }, ref.dk, 2e-5));
      CHECK(close("dv f32", where, [&](size_t i) { return dv[i]; }, ref.dv, 2e-5));

      std::vector<kk::bfloat16> ob(q.size()), dqb(q.size()), dkb(k.size()),
          dvb(v.size());
      build.fwd_bf16(qb.data(), kb.data(), vb.data(), m.view, c.causal, c.scale,
                     ob.data(), lse.data(), shape);
      auto bf = [](const std::vector<kk::bfloat16>& x) {
        return [&x](size_t i) { return double(kk::generic::to_float(x[i])); };
      };
      CHECK(close("out bf16", where, bf(ob), refb.out, 1e-2));
      CHECK(close_lse("lse bf16", where, lse, refb.lse, 2e-6));
      build.bwd_bf16(qb.data(), kb.data(), vb.data(), ob.data(), db.data(), lse.data(),
                     m.view, c.causal, c.scale, dqb.data(), dkb.data(), dvb.data(),
                     shape);
      CHECK(close("dq bf16", where, bf(dqb), refb.dq, 3e-2));
      CHECK(close("dk bf16", where, bf(dkb), refb.dk, 3e-2));
      CHECK(close("dv bf16", where, bf(dvb), refb.dv, 3e-2));
    }
  }
}

// ---------------------------------------------------------------------------------
// Focused tests.

// A NaN in one query row makes that row's output and lse NaN and no other.
void test_nan_stays_in_its_row(const std::vector<Build>& bs) {
  const Case c{"nan", 2, 37, 53, 4, 2, 40, true, 0.3f, MaskKind::kNone};
  std::mt19937 rng(7);
  Vec q = random_vec(rng, c.B * c.T * c.N * c.H);
  Vec k = random_vec(rng, c.B * c.S * c.K * c.H);
  Vec v = random_vec(rng, k.size());
  const int64_t b0 = 1, t0 = 20, n0 = 3;
  q[qi(c, b0, t0, n0) + 5] = NAN;
  for (const Build& build : bs) {
    for (int threads : {1, 3}) {
      kk::set_num_threads(threads);
      Vec out(q.size()), lse(c.B * c.N * c.T);
      build.fwd_f32(q.data(), k.data(), v.data(), kk::AttentionMask{}, c.causal,
                    c.scale, out.data(), lse.data(), shape_of(c));
      for (int64_t b = 0; b < c.B; ++b) {
        for (int64_t t = 0; t < c.T; ++t) {
          for (int64_t n = 0; n < c.N; ++n) {
            const bool poisoned = b == b0 && t == t0 && n == n0;
            CHECK(std::isnan(lse[(b * c.N + n) * c.T + t]) == poisoned);
            for (int64_t h = 0; h < c.H; ++h) {
              CHECK(std::isnan(out[qi(c, b, t, n) + h]) == poisoned);
            }
          }
        }
      }
    }
  }
}

// Gradients of L = sum(out * dout), from the reference and from the kernel, against
// central differences of the double reference forward.
void test_finite_differences(const std::vector<Build>& bs) {
  for (bool causal : {false, true}) {
    const Case c{"fd", 1, 3, 4, 2, 1, 3, causal, 0.7f, MaskKind::kFull};
    std::mt19937 rng(11);
    MaskData m = make_mask(c, rng);
    std::vector<double> q = to_double(random_vec(rng, c.T * c.N * c.H));
    std::vector<double> k = to_double(random_vec(rng, c.S * c.K * c.H));
    std::vector<double> v = to_double(random_vec(rng, k.size()));
    std::vector<double> dout = to_double(random_vec(rng, q.size()));
    Ref ref = reference(c, m.view, q, k, v, &dout);
    auto loss = [&]() {
      Ref r = reference(c, m.view, q, k, v, nullptr);
      double sum = 0.0;
      for (size_t i = 0; i < r.out.size(); ++i) sum += r.out[i] * dout[i];
      return sum;
    };
    auto numeric = [&](std::vector<double>& x) {
      std::vector<double> g(x.size());
      const double eps = 1e-6;
      for (size_t i = 0; i < x.size(); ++i) {
        const double keep = x[i];
        x[i] = keep + eps;
        double up = loss();
        x[i] = keep - eps;
        double down = loss();
        x[i] = keep;
        g[i] = (up - down) / (2 * eps);
      }
      return g;
    };
    std::vector<double> gq = numeric(q), gk = numeric(k), gv = numeric(v);
    const std::string where = causal ? "fd causal [reference]" : "fd [reference]";
    CHECK(close("dq", where, [&](size_t i) { return ref.dq[i]; }, gq, 1e-6));
    CHECK(close("dk", where, [&](size_t i) { return ref.dk[i]; }, gk, 1e-6));
    CHECK(close("dv", where, [&](size_t i) { return ref.dv[i]; }, gv, 1e-6));
    Vec qf(q.begin(), q.end()), kf(k.begin(), k.end()), vf(v.begin(), v.end());
    Vec df(dout.begin(), dout.end());
    for (const Build& build : bs) {
      Vec out(qf.size()), lse(c.N * c.T), dq(qf.size()), dk(kf.size()), dv(vf.size());
      build.fwd_f32(qf.data(), kf.data(), vf.data(), m.view, c.causal, c.scale,
                    out.data(), lse.data(), shape_of(c));
      build.bwd_f32(qf.data(), kf.data(), vf.data(), out.data(), df.data(), lse.data(),
                    m.view, c.causal, c.scale, dq.data(), dk.data(), dv.data(),
                    shape_of(c));
      const std::string at = std::string("fd [") + build.name + "]";
      CHECK(close("dq", at, [&](size_t i) { return dq[i]; }, gq, 1e-5));
      CHECK(close("dk", at, [&](size_t i) { return dk[i]; }, gk, 1e-5));
      CHECK(close("dv", at, [&](size_t i) { return dv[i]; }, gv, 1e-5));
    }
  }
}

// Empty tensors: nothing to compute, nothing read, no crash; no keys gives out = 0.
void test_empty_shapes() {
  for (int threads : {1, 3}) {
    kk::set_num_threads(threads);
    kk::AttentionShape none{0, 5, 7, 4, 2, 8};
    kk::attention_forward(kk::DType::kFloat32, nullptr, nullptr, nullptr, {}, true,
                          1.0f, nullptr, nullptr, none);
    kk::attention_backward(kk::DType::kBFloat16, nullptr, nullptr, nullptr, nullptr,
                           nullptr, nullptr, {}, false, 1.0f, nullptr, nullptr, nullptr,
                           none);
    kk::AttentionShape no_keys{2, 3, 0, 2, 1, 4};
    Vec q(2 * 3 * 2 * 4, 1.0f), out(q.size(), 5.0f), lse(2 * 2 * 3, 5.0f);
    Vec dq(q.size(), 5.0f);
    kk::attention_forward(kk::DType::kFloat32, q.data(), nullptr, nullptr, {}, false,
                          1.0f, out.data(), lse.data(), no_keys);
    for (float x : out) CHECK(x == 0.0f);
    for (float x : lse) CHECK(std::isinf(x) && x < 0);
    kk::attention_backward(kk::DType::kFloat32, q.data(), nullptr, nullptr, out.data(),
                           q.data(), lse.data(), {}, false, 1.0f, dq.data(), nullptr,
                           nullptr, no_keys);
    for (float x : dq) CHECK(x == 0.0f);
    // No queries: dk and dv are zero.
    kk::AttentionShape no_queries{1, 0, 3, 2, 2, 4};
    Vec k(1 * 3 * 2 * 4, 1.0f), dk(k.size(), 5.0f), dv(k.size(), 5.0f);
    kk::attention_backward(kk::DType::kFloat32, nullptr, k.data(), k.data(), nullptr,
                           nullptr, nullptr, {}, true, 1.0f, nullptr, dk.data(),
                           dv.data(), no_queries);
    for (float x : dk) CHECK(x == 0.0f);
    for (float x : dv) CHECK(x == 0.0f);
  }
}

bool throws_invalid(const kk::AttentionShape& shape, const void* q) {
  Vec buf(64, 0.0f);
  try {
    kk::attention_forward(kk::DType::kFloat32, q, buf.data(), buf.data(), {}, false,
                          1.0f, buf.data(), nullptr, shape);
  } catch (const std::invalid_argument&) {
    return true;
  }
  return false;
}

void test_invalid_arguments() {
  Vec buf(64, 0.0f);
  CHECK(throws_invalid({1, -1, 2, 1, 1, 2}, buf.data()));  // negative size
  CHECK(throws_invalid({1, 2, 2, 3, 2, 2}, buf.data()));   // K does not divide N
  CHECK(throws_invalid({1, 2, 2, 2, 0, 2}, buf.data()));   // no kv heads
  CHECK(throws_invalid({1, 2, 2, 2, 1, 2}, nullptr));      // null q
  CHECK(!throws_invalid({1, 2, 2, 2, 1, 2}, buf.data()));  // a valid call
}

}  // namespace

int main() {
  const std::vector<Build> bs = builds();
  const Case cases[] = {
      // name, B, T, S, N, K, H, causal, scale, mask
      {"odd gqa", 2, 37, 53, 4, 2, 40, false, 0.25f, MaskKind::kNone},
      {"odd gqa causal", 2, 37, 53, 4, 2, 40, true, 0.25f, MaskKind::kNone},
      {"T > S causal", 1, 75, 37, 2, 1, 24, true, 0.4f, MaskKind::kNone},
      {"key padding causal", 3, 37, 53, 2, 2, 40, true, 0.3f, MaskKind::kKeyPadding},
      {"key padding", 3, 70, 130, 4, 1, 16, false, 0.3f, MaskKind::kKeyPadding},
      {"full mask causal", 2, 70, 130, 4, 1, 16, true, 0.5f, MaskKind::kFull},
      {"full mask", 1, 66, 65, 2, 2, 33, false, 1.5f, MaskKind::kFull},
      {"TS mask H=72", 2, 45, 77, 2, 2, 72, false, 0.12f, MaskKind::kBroadcastTS},
      {"strided mask", 1, 29, 70, 2, 1, 20, true, 0.2f, MaskKind::kTransposedTS},
      {"T=S=1 H=1", 2, 1, 1, 3, 1, 1, false, 1.0f, MaskKind::kNone},
      {"T=1 decode", 2, 1, 67, 4, 2, 64, false, 0.125f, MaskKind::kKeyPadding},
      {"S=1", 1, 67, 1, 2, 2, 64, true, 0.125f, MaskKind::kNone},
      {"H=1 mqa", 1, 5, 9, 3, 1, 1, true, 2.0f, MaskKind::kNone},
      {"H=128 causal", 1, 130, 130, 2, 2, 128, true, 0.088f, MaskKind::kNone},
      {"H=64 causal", 1, 200, 200, 2, 2, 64, true, 0.125f, MaskKind::kNone},
      // Whole vectors of keys without a mask: the fused P / dS kernel of the backward,
      // with remainder rows (T = 67) and a padded head dimension.
      {"unmasked blocks", 3, 67, 96, 4, 2, 20, false, 0.3f, MaskKind::kNone},
      {"unmasked causal", 1, 100, 128, 2, 2, 16, true, 0.25f, MaskKind::kNone},
      // The small Transformer block of the benchmarks (smaller B).
      {"small block", 3, 128, 128, 4, 4, 32, false, 0.17f, MaskKind::kNone},
      {"small block H=16", 3, 64, 64, 4, 4, 16, true, 0.25f, MaskKind::kNone},
      // B * K = 6 with B = 2: tasks of one (batch, key/value head) on three threads.
      {"per-head tasks", 2, 45, 70, 6, 3, 24, true, 0.3f, MaskKind::kKeyPadding},
      {"per-head tasks mask", 2, 33, 64, 3, 3, 16, false, 0.5f, MaskKind::kFull},
      {"per-head unmasked", 1, 70, 80, 6, 3, 32, false, 0.2f, MaskKind::kNone},
      // Long keys: the key-block-major one-pass schedule on one thread.
      {"long keys", 1, 40, 600, 2, 1, 128, false, 0.1f, MaskKind::kKeyPadding},
      {"long causal H=256", 1, 300, 300, 2, 2, 256, true, 0.06f, MaskKind::kNone},
  };
  for (const Case& c : cases) {
    int before = failures;
    run_case(c, bs);
    std::printf("%-20s %s\n", c.name, failures == before ? "ok" : "FAILED");
  }
  test_nan_stays_in_its_row(bs);
  test_finite_differences(bs);
  test_empty_shapes();
  test_invalid_arguments();
  std::printf("isa: %s\n", kk::isa_name(kk::cpu_isa()));
  if (failures) return 1;
  std::printf("attention_test: OK\n");
  return 0;
}

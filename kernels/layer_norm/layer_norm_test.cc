// Tests of the layer norm / RMS norm kernels against a scalar double reference
// written here, for every ISA build this CPU runs and for the public API, with 1 and
// 3 threads, float32 and bfloat16. Gradients are also checked against central
// finite differences of the double forward.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "kernels/common/bfloat16.h"
#include "kernels/common/isa.h"
#include "kernels/common/parallel.h"
// For the generic:: row helpers (this file is compiled as the generic build).
#include "kernels/layer_norm/layer_norm.h"
#include "kernels/layer_norm/layer_norm_api.h"

namespace kk = keras_kernels;
using kk::DType;

static int failures = 0;
static std::string context;  // the case being run, printed with each failure

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (!(cond)) {                                                           \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s [%s]\n", __FILE__,       \
                   __LINE__, #cond, context.c_str());                        \
      ++failures;                                                            \
    }                                                                        \
  } while (0)

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// The four entry points of one build (an ISA namespace, or the public API).
struct Build {
  const char* name;
  decltype(&kk::layer_norm_forward) ln_forward;
  decltype(&kk::layer_norm_backward) ln_backward;
  decltype(&kk::rms_norm_forward) rms_forward;
  decltype(&kk::rms_norm_backward) rms_backward;
};

std::vector<Build> builds_this_cpu_runs() {
  std::vector<Build> builds = {
      {"generic", kk::generic::layer_norm_forward, kk::generic::layer_norm_backward,
       kk::generic::rms_norm_forward, kk::generic::rms_norm_backward}};
  if (kk::cpu_isa() >= kk::Isa::kAvx2) {
    builds.push_back({"avx2", kk::avx2::layer_norm_forward,
                      kk::avx2::layer_norm_backward, kk::avx2::rms_norm_forward,
                      kk::avx2::rms_norm_backward});
  }
  if (kk::cpu_isa() >= kk::Isa::kAvx512) {
    builds.push_back({"avx512", kk::avx512::layer_norm_forward,
                      kk::avx512::layer_norm_backward, kk::avx512::rms_norm_forward,
                      kk::avx512::rms_norm_backward});
  }
  builds.push_back({"api", kk::layer_norm_forward, kk::layer_norm_backward,
                    kk::rms_norm_forward, kk::rms_norm_backward});
  return builds;
}

// ---- The reference: straightforward double loops. ----

struct Reference {
  // Forward.
  std::vector<double> y, y_scale, mean, mean_scale, rstd;
  // Backward.
  std::vector<double> dx, dx_scale, dgamma, dgamma_scale, dbeta, dbeta_scale;
};

// `scale` vectors hold the size of the terms each result is made of: float32
// rounding errors are relative to them, not to a result that cancels to near zero.
Reference reference(bool center, const std::vector<double>& x,
                    const std::vector<double>& dy, const double* gamma,
                    const double* beta, int64_t rows, int64_t cols, double epsilon) {
  Reference ref;
  const int64_t n = rows * cols;
  ref.y.assign(n, 0.0);
  ref.y_scale.assign(n, 0.0);
  ref.dx.assign(n, 0.0);
  ref.dx_scale.assign(n, 0.0);
  ref.dgamma.assign(cols, 0.0);
  ref.dgamma_scale.assign(cols, 0.0);
  ref.dbeta.assign(cols, 0.0);
  ref.dbeta_scale.assign(cols, 0.0);
  for (int64_t r = 0; r < rows; ++r) {
    const double* xr = &x[r * cols];
    const double* dyr = &dy[r * cols];
    double sum = 0.0, sum_abs = 0.0;
    for (int64_t j = 0; j < cols; ++j) {
      sum += xr[j];
      sum_abs += std::fabs(xr[j]);
    }
    const double mean = center ? sum / cols : 0.0;
    double squares = 0.0;
    for (int64_t j = 0; j < cols; ++j) squares += (xr[j] - mean) * (xr[j] - mean);
    const double rstd = 1.0 / std::sqrt(squares / cols + epsilon);
    ref.mean.push_back(mean);
    ref.mean_scale.push_back(sum_abs / cols);
    ref.rstd.push_back(rstd);
    double sum_g = 0.0, sum_g_xhat = 0.0, sum_abs_g = 0.0, sum_abs_g_xhat = 0.0;
    for (int64_t j = 0; j < cols; ++j) {
      const double gj = gamma ? gamma[j] : 1.0;
      const double xhat = (xr[j] - mean) * rstd;
      ref.y[r * cols + j] = xhat * gj + (beta ? beta[j] : 0.0);
      ref.y_scale[r * cols + j] =
          (std::fabs(xr[j] - mean) + (center ? sum_abs / cols : 0.0)) * rstd *
              std::fabs(gj) +
          (beta ? std::fabs(beta[j]) : 0.0);
      const double g = dyr[j] * gj;
      sum_g += g;
      sum_g_xhat += g * xhat;
      sum_abs_g += std::fabs(g);
      sum_abs_g_xhat += std::fabs(g * xhat);
      ref.dgamma[j] += dyr[j] * xhat;
      ref.dgamma_scale[j] += std::fabs(dyr[j] * xhat);
      ref.dbeta[j] += dyr[j];
      ref.dbeta_scale[j] += std::fabs(dyr[j]);
    }
    const double mean_g = center ? sum_g / cols : 0.0;
    const double mean_g_xhat = sum_g_xhat / cols;
    for (int64_t j = 0; j < cols; ++j) {
      const double g = dyr[j] * (gamma ? gamma[j] : 1.0);
      const double xhat = (xr[j] - mean) * rstd;
      ref.dx[r * cols + j] = rstd * (g - mean_g - xhat * mean_g_xhat);
      ref.dx_scale[r * cols + j] =
          rstd * (std::fabs(g) + (center ? sum_abs_g / cols : 0.0) +
                  (std::fabs(xhat) + 1.0) * sum_abs_g_xhat / cols);
    }
  }
  return ref;
}

// ---- Comparisons. ----

// got[i] must match ref[i]: NaN where ref is NaN, the same infinity, else within
// `abs_tol` * scale[i] + `rel_tol` * |ref[i]|.
void expect_close(const char* what, const std::vector<double>& ref,
                  const std::vector<double>& scale, const std::vector<float>& got,
                  double abs_tol, double rel_tol) {
  CHECK(got.size() == ref.size());
  int reported = 0;
  for (size_t i = 0; i < ref.size() && i < got.size(); ++i) {
    bool ok;
    if (std::isnan(ref[i])) {
      ok = std::isnan(got[i]);
    } else if (std::isinf(ref[i])) {
      ok = got[i] == ref[i];
    } else {
      const double tol = abs_tol * (scale.empty() ? 1.0 : scale[i]) +
                         rel_tol * std::fabs(ref[i]) + 1e-30;
      ok = std::fabs(double(got[i]) - ref[i]) <= tol;
    }
    if (!ok) {
      ++failures;
      if (reported++ < 5) {
        std::fprintf(stderr, "mismatch %s[%zu]: got %.9g, want %.9g [%s]\n", what, i,
                     double(got[i]), ref[i], context.c_str());
      }
    }
  }
}

// ---- Data in either dtype. ----

// Values of one dtype: `values` are exactly what the kernel reads (bfloat16-rounded
// for bfloat16), `bf16` the bfloat16 storage.
struct Tensor {
  DType dtype;
  std::vector<float> values;
  std::vector<kk::bfloat16> bf16;

  Tensor(DType type, std::vector<float> v) : dtype(type), values(std::move(v)) {
    if (dtype == DType::kBFloat16) {
      for (float f : values) bf16.push_back(kk::generic::to_bfloat16(f));
      for (size_t i = 0; i < values.size(); ++i) {
        values[i] = kk::generic::to_float(bf16[i]);
      }
    }
  }
  Tensor(DType type, size_t n, float fill)
      : Tensor(type, std::vector<float>(n, fill)) {}
  void* data() {
    return dtype == DType::kFloat32 ? static_cast<void*>(values.data())
                                    : static_cast<void*>(bf16.data());
  }
  // The kernel's output, widened to float.
  std::vector<float> read() const {
    if (dtype == DType::kFloat32) return values;
    std::vector<float> out;
    for (kk::bfloat16 b : bf16) out.push_back(kk::generic::to_float(b));
    return out;
  }
  std::vector<double> as_double() const {
    return std::vector<double>(values.begin(), values.end());
  }
};

std::vector<float> random_values(size_t n, uint32_t seed, double offset,
                                 double spread) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(offset, spread);
  std::vector<float> v(n);
  for (auto& f : v) f = static_cast<float>(normal(rng));
  return v;
}

struct Case {
  Case(bool center, DType dtype, int64_t rows, int64_t cols, bool gamma, bool beta,
       bool dgamma, bool dbeta, uint32_t seed)
      : center(center), dtype(dtype), rows(rows), cols(cols), gamma(gamma),
        beta(beta), dgamma(dgamma), dbeta(dbeta), seed(seed) {}
  bool center;  // layer norm (else RMS norm)
  DType dtype;
  int64_t rows, cols;
  bool gamma, beta, dgamma, dbeta;  // given (else nullptr)
  uint32_t seed;
  double offset = 3.0;  // mean of x: centering must handle it
  // (row, col, value) entries written into x and dy after the random fill.
  std::vector<std::tuple<int64_t, int64_t, float>> x_specials, dy_specials;
};

std::string describe(const Build& b, const Case& c) {
  char text[256];
  std::snprintf(text, sizeof(text),
                "%s %s %s rows=%lld cols=%lld gamma=%d beta=%d dgamma=%d dbeta=%d "
                "threads=%d seed=%u",
                b.name, c.center ? "layer_norm" : "rms_norm",
                c.dtype == DType::kFloat32 ? "float32" : "bfloat16",
                static_cast<long long>(c.rows), static_cast<long long>(c.cols),
                c.gamma, c.beta, c.dgamma, c.dbeta, kk::num_threads(), c.seed);
  return text;
}

// What a run of the kernels returned, for comparisons between runs.
struct Outputs {
  std::vector<float> y, mean, rstd, dx, dgamma, dbeta;
};

Outputs run_case(const Build& b, const Case& c, bool compare = true) {
  context = describe(b, c);
  const int64_t n = c.rows * c.cols;
  const float epsilon = 1e-5f;
  std::vector<float> xv = random_values(n, c.seed, c.offset, 2.0);
  std::vector<float> dyv = random_values(n, c.seed + 1, 0.0, 1.0);
  for (auto [r, j, v] : c.x_specials) xv[r * c.cols + j] = v;
  for (auto [r, j, v] : c.dy_specials) dyv[r * c.cols + j] = v;
  Tensor x(c.dtype, xv), dy(c.dtype, dyv);
  std::vector<float> gamma = random_values(c.cols, c.seed + 2, 1.0, 0.5);
  std::vector<float> beta = random_values(c.cols, c.seed + 3, 0.0, 1.0);
  std::vector<double> gamma_d(gamma.begin(), gamma.end());
  std::vector<double> beta_d(beta.begin(), beta.end());
  // Outputs start as garbage so that unwritten elements show.
  Tensor y(c.dtype, n, 12345.0f), dx(c.dtype, n, 12345.0f);
  Outputs out;
  out.mean.assign(c.rows, 12345.0f);
  out.rstd.assign(c.rows, 12345.0f);
  out.dgamma.assign(c.cols, 12345.0f);
  out.dbeta.assign(c.cols, 12345.0f);
  const float* g = c.gamma ? gamma.data() : nullptr;
  if (c.center) {
    b.ln_forward(c.dtype, x.data(), g, c.beta ? beta.data() : nullptr, y.data(),
                 out.mean.data(), out.rstd.data(), c.rows, c.cols, epsilon);
    b.ln_backward(c.dtype, dy.data(), x.data(), g, out.mean.data(), out.rstd.data(),
                  dx.data(), c.dgamma ? out.dgamma.data() : nullptr,
                  c.dbeta ? out.dbeta.data() : nullptr, c.rows, c.cols);
  } else {
    b.rms_forward(c.dtype, x.data(), g, y.data(), out.rstd.data(), c.rows, c.cols,
                  epsilon);
    b.rms_backward(c.dtype, dy.data(), x.data(), g, out.rstd.data(), dx.data(),
                   c.dgamma ? out.dgamma.data() : nullptr, c.rows, c.cols);
  }
  out.y = y.read();
  out.dx = dx.read();
  if (!compare) return out;
  const Reference ref = reference(
      c.center, x.as_double(), dy.as_double(), c.gamma ? gamma_d.data() : nullptr,
      c.center && c.beta ? beta_d.data() : nullptr, c.rows, c.cols, epsilon);
  // float32 math throughout; bfloat16 outputs are also rounded to 8 bits.
  const double abs_tol = 2e-5;
  const double out_rel = c.dtype == DType::kBFloat16 ? 1.0 / 256 : 0.0;
  expect_close("y", ref.y, ref.y_scale, out.y, abs_tol, out_rel);
  expect_close("rstd", ref.rstd, {}, out.rstd, 0.0, abs_tol);
  if (c.center) expect_close("mean", ref.mean, ref.mean_scale, out.mean, abs_tol, 0.0);
  expect_close("dx", ref.dx, ref.dx_scale, out.dx, abs_tol, out_rel);
  if (c.dgamma) {
    expect_close("dgamma", ref.dgamma, ref.dgamma_scale, out.dgamma, abs_tol, 0.0);
  } else {
    for (float v : out.dgamma) CHECK(v == 12345.0f);  // not written
  }
  if (c.center && c.dbeta) {
    expect_close("dbeta", ref.dbeta, ref.dbeta_scale, out.dbeta, abs_tol, 0.0);
  } else {
    for (float v : out.dbeta) CHECK(v == 12345.0f);
  }
  return out;
}

// ---- The tests. ----

void test_against_reference(const Build& b) {
  struct Shape {
    int64_t rows, cols;
  };
  // Odd sizes (no multiple of a vector or block width), rows of one element, one
  // row, and enough rows x cols for several dgamma chunks (300 x 257).
  const Shape shapes[] = {{1, 1},   {5, 1},  {1, 7},    {3, 129},
                          {7, 1000}, {2, 4099}, {300, 257}, {64, 1024}};
  uint32_t seed = 1;
  for (bool center : {true, false}) {
    for (DType dtype : {DType::kFloat32, DType::kBFloat16}) {
      for (Shape s : shapes) {
        run_case(b, {center, dtype, s.rows, s.cols, true, true, true, true, seed++});
      }
      // Optional parameters and gradients, each left out.
      for (int mask = 0; mask < 16; ++mask) {
        run_case(b, {center, dtype, 37, 67, bool(mask & 1), bool(mask & 2),
                     bool(mask & 4), bool(mask & 8), seed++});
      }
    }
  }
}

// A NaN in a row gives NaN in that row only (and in dgamma/dbeta where the sums
// take it in); an infinity in x makes its layer-norm row NaN (inf - inf).
void test_nan_and_inf(const Build& b) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  for (bool center : {true, false}) {
    for (DType dtype : {DType::kFloat32, DType::kBFloat16}) {
      Case c{center, dtype, 6, 45, true, true, true, true, 99};
      c.x_specials = {{1, 3, nan}, {4, 44, inf}};
      c.dy_specials = {{2, 7, nan}};
      Outputs out = run_case(b, c);  // compares NaN/inf placement with the reference
      for (int64_t r : {0, 3, 5}) {
        for (int64_t j = 0; j < 45; ++j) {
          CHECK(std::isfinite(out.y[r * 45 + j]));
          CHECK(std::isfinite(out.dx[r * 45 + j]));
        }
      }
      for (int64_t j = 0; j < 45; ++j) {
        CHECK(std::isnan(out.y[1 * 45 + j]));
        CHECK(std::isnan(out.dx[1 * 45 + j]));
        CHECK(std::isfinite(out.y[2 * 45 + j]));  // a NaN in dy leaves y alone
        CHECK(std::isnan(out.dx[2 * 45 + j]));
        CHECK(std::isnan(out.dgamma[j]));  // row 1's xhat is NaN everywhere
        if (center) CHECK(std::isnan(out.dbeta[j]) == (j == 7));
      }
      CHECK(std::isnan(out.rstd[1]));
    }
  }
}

// Two-pass variance: rows far from zero (1e4 + N(0, 1)) still normalize to
// about 1e-3 (E[x^2] - E[x]^2 in float32 would be off by tens).
void test_large_offset(const Build& b) {
  context = std::string(b.name) + " large offset";
  const int64_t rows = 4, cols = 1000;
  std::vector<float> x = random_values(rows * cols, 5, 1e4, 1.0);
  std::vector<float> y(rows * cols), mean(rows), rstd(rows);
  b.ln_forward(DType::kFloat32, x.data(), nullptr, nullptr, y.data(), mean.data(),
               rstd.data(), rows, cols, 1e-5f);
  const std::vector<double> xd(x.begin(), x.end());
  const Reference ref = reference(true, xd, xd, nullptr, nullptr, rows, cols, 1e-5);
  expect_close("y (offset 1e4)", ref.y, {}, y, 1e-2, 0.0);
  expect_close("rstd (offset 1e4)", ref.rstd, {}, rstd, 0.0, 1e-3);
}

// Empty inputs: nothing is read or written out of bounds; dgamma over zero rows is
// 0; statistics of empty rows are NaN (the mean of nothing).
void test_empty(const Build& b) {
  for (bool center : {true, false}) {
    context = std::string(b.name) + (center ? " layer_norm" : " rms_norm") + " empty";
    std::vector<float> dgamma(5, 7.0f), dbeta(5, 7.0f), stats(3, 7.0f), mean(3, 7.0f);
    if (center) {
      b.ln_forward(DType::kFloat32, nullptr, nullptr, nullptr, nullptr, nullptr,
                   nullptr, 0, 5, 1e-5f);
      b.ln_backward(DType::kFloat32, nullptr, nullptr, nullptr, nullptr, nullptr,
                    nullptr, dgamma.data(), dbeta.data(), 0, 5);
      b.ln_forward(DType::kBFloat16, nullptr, nullptr, nullptr, nullptr, mean.data(),
                   stats.data(), 3, 0, 1e-5f);
      b.ln_backward(DType::kBFloat16, nullptr, nullptr, nullptr, nullptr, nullptr,
                    nullptr, nullptr, nullptr, 3, 0);
      for (float v : mean) CHECK(std::isnan(v));
    } else {
      b.rms_forward(DType::kFloat32, nullptr, nullptr, nullptr, nullptr, 0, 5, 1e-5f);
      b.rms_backward(DType::kFloat32, nullptr, nullptr, nullptr, nullptr, nullptr,
                     dgamma.data(), 0, 5);
      b.rms_forward(DType::kBFloat16, nullptr, nullptr, nullptr, stats.data(), 3, 0,
                    1e-5f);
      b.rms_backward(DType::kBFloat16, nullptr, nullptr, nullptr, nullptr, nullptr,
                     nullptr, 3, 0);
    }
    for (float v : dgamma) CHECK(v == 0.0f);
    if (center) {
      for (float v : dbeta) CHECK(v == 0.0f);
    }
    for (float v : stats) CHECK(std::isnan(v));
  }
}

// In place: y may be x, dx may be dy (the bindings rely on it for donated buffers).
void test_in_place(const Build& b) {
  for (bool center : {true, false}) {
    for (DType dtype : {DType::kFloat32, DType::kBFloat16}) {
      Case c{center, dtype, 9, 131, true, true, true, true, 17};
      const Outputs want = run_case(b, c, /*compare=*/false);
      context = describe(b, c) + " in place";
      const int64_t n = c.rows * c.cols;
      Tensor x(dtype, random_values(n, c.seed, c.offset, 2.0));
      Tensor dy(dtype, random_values(n, c.seed + 1, 0.0, 1.0));
      Tensor x_again = x;
      std::vector<float> gamma = random_values(c.cols, c.seed + 2, 1.0, 0.5);
      std::vector<float> beta = random_values(c.cols, c.seed + 3, 0.0, 1.0);
      std::vector<float> mean(c.rows), rstd(c.rows), dgamma(c.cols), dbeta(c.cols);
      if (center) {
        b.ln_forward(dtype, x.data(), gamma.data(), beta.data(), x.data(), mean.data(),
                     rstd.data(), c.rows, c.cols, 1e-5f);
        b.ln_backward(dtype, dy.data(), x_again.data(), gamma.data(), mean.data(),
                      rstd.data(), dy.data(), dgamma.data(), dbeta.data(), c.rows,
                      c.cols);
      } else {
        b.rms_forward(dtype, x.data(), gamma.data(), x.data(), rstd.data(), c.rows,
                      c.cols, 1e-5f);
        b.rms_backward(dtype, dy.data(), x_again.data(), gamma.data(), rstd.data(),
                       dy.data(), dgamma.data(), c.rows, c.cols);
      }
      CHECK(x.read() == want.y);
      CHECK(dy.read() == want.dx);
      CHECK(dgamma == want.dgamma);
    }
  }
}

// The same bits from 1, 2 and 3 threads: rows are independent, and the dgamma/dbeta
// chunks do not depend on the thread count.
void test_threads_give_same_bits(const Build& b) {
  for (bool center : {true, false}) {
    Case c{center, DType::kFloat32, 300, 257, true, true, true, true, 23};
    kk::set_num_threads(1);
    const Outputs one = run_case(b, c, false);
    for (int threads : {2, 3}) {
      kk::set_num_threads(threads);
      const Outputs many = run_case(b, c, false);
      CHECK(many.y == one.y);
      CHECK(many.dx == one.dx);
      CHECK(many.dgamma == one.dgamma);
      CHECK(many.dbeta == one.dbeta);
    }
  }
}

// The double reference's gradients (and the kernel's) against central differences
// of the double forward, for loss = sum(y * dy), on a tiny case.
void test_finite_differences(const Build& b) {
  const int64_t rows = 2, cols = 5;
  const double epsilon = 1e-3;  // large enough to matter in the derivative
  for (bool center : {true, false}) {
    context = std::string(b.name) + (center ? " layer_norm" : " rms_norm") +
              " finite differences";
    std::vector<float> x = random_values(rows * cols, 41, 0.5, 1.0);
    std::vector<float> dy = random_values(rows * cols, 42, 0.0, 1.0);
    std::vector<float> gamma = random_values(cols, 43, 1.0, 0.5);
    std::vector<float> beta = random_values(cols, 44, 0.0, 1.0);
    std::vector<double> xd(x.begin(), x.end()), dyd(dy.begin(), dy.end());
    std::vector<double> gd(gamma.begin(), gamma.end()), bd(beta.begin(), beta.end());
    auto loss = [&]() {
      const Reference r = reference(center, xd, dyd, gd.data(),
                                    center ? bd.data() : nullptr, rows, cols, epsilon);
      double total = 0.0;
      for (int64_t i = 0; i < rows * cols; ++i) total += r.y[i] * dyd[i];
      return total;
    };
    auto numeric = [&](std::vector<double>& v) {
      std::vector<double> grad(v.size());
      for (size_t i = 0; i < v.size(); ++i) {
        const double saved = v[i], h = 1e-6;
        v[i] = saved + h;
        const double up = loss();
        v[i] = saved - h;
        const double down = loss();
        v[i] = saved;
        grad[i] = (up - down) / (2 * h);
      }
      return grad;
    };
    const std::vector<double> fd_dx = numeric(xd), fd_dgamma = numeric(gd),
                              fd_dbeta = numeric(bd);
    const Reference ref = reference(center, xd, dyd, gd.data(),
                                    center ? bd.data() : nullptr, rows, cols, epsilon);
    auto as_float = [](const std::vector<double>& v) {
      return std::vector<float>(v.begin(), v.end());
    };
    // The reference's analytic gradients (then rounded to float) match...
    expect_close("ref dx vs fd", fd_dx, {}, as_float(ref.dx), 1e-6, 1e-6);
    expect_close("ref dgamma vs fd", fd_dgamma, {}, as_float(ref.dgamma), 1e-6, 1e-6);
    // ...and so do the kernel's.
    std::vector<float> y(rows * cols), mean(rows), rstd(rows), dx(rows * cols);
    std::vector<float> dgamma(cols), dbeta(cols);
    if (center) {
      expect_close("ref dbeta vs fd", fd_dbeta, {}, as_float(ref.dbeta), 1e-6, 1e-6);
      b.ln_forward(DType::kFloat32, x.data(), gamma.data(), beta.data(), y.data(),
                   mean.data(), rstd.data(), rows, cols, float(epsilon));
      b.ln_backward(DType::kFloat32, dy.data(), x.data(), gamma.data(), mean.data(),
                    rstd.data(), dx.data(), dgamma.data(), dbeta.data(), rows, cols);
      expect_close("dbeta vs fd", fd_dbeta, {}, dbeta, 1e-5, 1e-5);
    } else {
      b.rms_forward(DType::kFloat32, x.data(), gamma.data(), y.data(), rstd.data(),
                    rows, cols, float(epsilon));
      b.rms_backward(DType::kFloat32, dy.data(), x.data(), gamma.data(), rstd.data(),
                     dx.data(), dgamma.data(), rows, cols);
    }
    expect_close("dx vs fd", fd_dx, {}, dx, 1e-5, 1e-5);
    expect_close("dgamma vs fd", fd_dgamma, {}, dgamma, 1e-5, 1e-5);
  }
}

// The vectorised row conversions give exactly the bits of the scalar ones, for
// random bit patterns and the edge cases of rounding: ties, NaN payloads whose
// rounding would carry into the exponent, the largest float (rounds to inf),
// subnormals, signed zeros. (Only the generic build's helpers are visible here; the
// others share the source and are covered through the kernels above.)
void test_bfloat16_rows() {
  context = "bfloat16 rows";
  std::vector<uint32_t> patterns = {
      0x00000000u, 0x80000000u, 0x7f800000u, 0xff800000u, 0x7fc00000u, 0xffc00000u,
      0x7f800001u, 0xff800001u, 0x7fffffffu, 0xffffffffu, 0x7fbfffffu, 0x7f7fffffu,
      0xff7fffffu, 0x00000001u, 0x807fffffu, 0x3f808000u, 0x3f818000u, 0x3f808001u,
      0x3f80ffffu, 0x3f7fffffu};
  std::mt19937 rng(3);
  while (patterns.size() < 1001) patterns.push_back(rng());  // odd: a tail remains
  std::vector<float> values(patterns.size()), widened(patterns.size());
  std::memcpy(values.data(), patterns.data(), patterns.size() * sizeof(float));
  std::vector<kk::bfloat16> narrowed(patterns.size());
  kk::generic::norm_detail::narrow_row(values.data(), narrowed.data(),
                                       int64_t(values.size()));
  kk::generic::norm_detail::widen_row(narrowed.data(), widened.data(),
                                      int64_t(values.size()));
  for (size_t i = 0; i < patterns.size(); ++i) {
    const kk::bfloat16 want = kk::generic::to_bfloat16(values[i]);
    if (narrowed[i].bits != want.bits) {
      std::fprintf(stderr, "narrow 0x%08x: got 0x%04x, want 0x%04x\n", patterns[i],
                   narrowed[i].bits, want.bits);
      ++failures;
    }
    uint32_t wide_bits;
    std::memcpy(&wide_bits, &widened[i], sizeof(wide_bits));
    CHECK(wide_bits == uint32_t(narrowed[i].bits) << 16);
  }
}

// The public API rejects bad arguments with std::invalid_argument naming them.
void test_invalid_arguments() {
  context = "invalid arguments";
  auto expect_invalid = [](const char* name, const std::function<void()>& call) {
    try {
      call();
      std::fprintf(stderr, "no exception for %s\n", name);
      ++failures;
    } catch (const std::invalid_argument& e) {
      if (std::string(e.what()).find(name) == std::string::npos) {
        std::fprintf(stderr, "message for %s does not name it: %s\n", name, e.what());
        ++failures;
      }
    }
  };
  float buffer[8] = {}, stats[2] = {};
  expect_invalid("`rows`", [&] {
    kk::layer_norm_forward(DType::kFloat32, buffer, nullptr, nullptr, buffer, nullptr,
                           nullptr, -1, 4, 1e-5f);
  });
  expect_invalid("`cols`", [&] {
    kk::rms_norm_backward(DType::kFloat32, buffer, buffer, nullptr, stats, buffer,
                          nullptr, 2, -4);
  });
  expect_invalid("`dtype`", [&] {
    kk::rms_norm_forward(static_cast<DType>(7), buffer, nullptr, buffer, nullptr, 2, 4,
                         1e-5f);
  });
  expect_invalid("`x`", [&] {
    kk::layer_norm_forward(DType::kFloat32, nullptr, nullptr, nullptr, buffer, nullptr,
                           nullptr, 2, 4, 1e-5f);
  });
  expect_invalid("`mean`", [&] {
    kk::layer_norm_backward(DType::kFloat32, buffer, buffer, nullptr, nullptr, stats,
                            buffer, nullptr, nullptr, 2, 4);
  });
  expect_invalid("`rstd`", [&] {
    kk::rms_norm_backward(DType::kBFloat16, buffer, buffer, nullptr, nullptr, buffer,
                          nullptr, 2, 4);
  });
  expect_invalid("overflows", [&] {
    kk::rms_norm_forward(DType::kFloat32, buffer, nullptr, buffer, nullptr,
                         int64_t{1} << 40, int64_t{1} << 40, 1e-5f);
  });
}

}  // namespace

int main() {
  std::printf("cpu_isa: %s\n", kk::isa_name(kk::cpu_isa()));
  for (const Build& b : builds_this_cpu_runs()) {
    for (int threads : {1, 3}) {
      kk::set_num_threads(threads);
      test_against_reference(b);
      test_nan_and_inf(b);
      test_empty(b);
      test_in_place(b);
    }
    kk::set_num_threads(1);
    test_large_offset(b);
    test_finite_differences(b);
    test_threads_give_same_bits(b);
    std::printf("tested build: %s\n", b.name);
  }
  test_bfloat16_rows();
  test_invalid_arguments();
  if (failures) {
    std::fprintf(stderr, "layer_norm_test: %d failures\n", failures);
    return 1;
  }
  std::printf("layer_norm_test: OK\n");
  return 0;
}

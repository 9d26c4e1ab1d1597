// Runs the smoke kernel: exit 0 when it doubled every value, 1 when it got some wrong,
// 0 with a note when there is no GPU (building is the check there).
#include <cstdio>

#include "kernels/cuda_smoke/smoke.h"

int main() {
  const int wrong = smoke_launch();
  if (wrong < 0) {
    std::printf("cuda_smoke: built; no CUDA device to run on\n");
    return 0;
  }
  std::printf("cuda_smoke: %d wrong values of 1024\n", wrong);
  return wrong == 0 ? 0 : 1;
}

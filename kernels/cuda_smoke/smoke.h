// The hermetic CUDA toolchain's smoke test (kernels/cuda_smoke/BUILD).
#ifndef KERAS_KERNELS_CUDA_SMOKE_SMOKE_H_
#define KERAS_KERNELS_CUDA_SMOKE_SMOKE_H_

// Doubles 0, 1, ..., 1023 on the GPU and checks the result. Returns 0 when every value
// came back right, the number of wrong values otherwise, and -1 when CUDA has no device
// to run on (no GPU or no driver): a machine without a GPU only builds this.
int smoke_launch();

#endif  // KERAS_KERNELS_CUDA_SMOKE_SMOKE_H_

// How close a submission's numbers must be: |actual - expected| <= kAbsolute + kRelative *
// |expected|, per element. float32 computed in any correct order (matmul or addmm, fused or
// not, float64 inside) stays below 1e-5 here (measured against LibTorch's own layers, see
// tests/reference_vs_libtorch.cpp); every mistake in the wrong-implementation bank moves some
// element by more than 1e-2.
#pragma once

namespace grading::tolerance {

constexpr double kAbsolute = 1e-5;
constexpr double kRelative = 1e-4;

// CUDA against CPU: other kernels, other summation orders.
constexpr double kDeviceAbsolute = 1e-4;
constexpr double kDeviceRelative = 1e-3;

}  // namespace grading::tolerance

// How close a submission's numbers must be, per element:
//   |actual - expected| <= kAbsolute + kRelative * |expected|
// Measured on the fixtures: correct implementations computed other ways (float64 inside,
// addmm, fused gates, hand-written activations: tests/right_implementations) differ by at
// most 2e-6, except gradients through training-mode BatchNorm, which amplifies float32
// rounding, up to 9.2e-5. Every mistake in tests/wrong_implementations moves some element of
// each test it must fail by at least 0.21. Both banks run in `make check`, so a tolerance that
// drifts out of that gap fails there.
#pragma once

#include <cmath>

namespace grading {

struct Tolerance {
  double absolute;
  double relative;
  // How far |actual - expected| lies past what this tolerance allows: <= 0 within it.
  double excess(double actual, double expected) const {
    return std::abs(actual - expected) - (absolute + relative * std::abs(expected));
  }
};

}  // namespace grading

namespace grading::tolerance {

constexpr double kAbsolute = 5e-4;
constexpr double kRelative = 1e-3;

// CUDA against CPU: other kernels, other summation orders.
constexpr double kDeviceAbsolute = 1e-3;
constexpr double kDeviceRelative = 1e-2;

}  // namespace grading::tolerance

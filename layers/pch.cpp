// Carries the precompiled layers/layers.h that every LibTorch target reuses.

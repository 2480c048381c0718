// Records which forbidden ATen operators run while it is alive, on any thread (autograd's
// backward included), through LibTorch's RecordFunction observer.
#pragma once

#include <ATen/record_function.h>

#include <set>
#include <string>

namespace grading {

class ForbiddenOpWatch {
 public:
  ForbiddenOpWatch();
  ~ForbiddenOpWatch();
  ForbiddenOpWatch(const ForbiddenOpWatch&) = delete;
  ForbiddenOpWatch& operator=(const ForbiddenOpWatch&) = delete;

  std::set<std::string> seen() const;

  // Runs one operator of its own and says whether the watch saw it: false when the code
  // under watch removed the observer or switched RecordFunction off.
  bool intact() const;

 private:
  at::CallbackHandle handle_;
};

}  // namespace grading

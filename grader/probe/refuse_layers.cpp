#include "grader/probe/refuse_layers.h"

#include "grader/common/forbidden.h"

#include <ATen/core/dispatch/Dispatcher.h>
#include <c10/util/Exception.h>
#include <torch/library.h>
#include <torch/version.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <vector>

namespace grading {
namespace {

std::mutex called_mutex;
std::string first_called;

void refuse(const c10::OperatorHandle& op, torch::jit::Stack*) {
  const std::string name = op.schema().name();
  {
    std::lock_guard<std::mutex> lock(called_mutex);
    if (first_called.empty()) first_called = name;
  }
  TORCH_CHECK(false, name, " is torch's own layer, which this assignment forbids");
}

// Replacing a kernel makes LibTorch warn once per kernel; that is the point here. (LibTorch 2
// moved the handler's guard and changed what a handler receives.)
#if TORCH_VERSION_MAJOR >= 2
namespace warnings = c10::WarningUtils;
struct Silent : c10::WarningHandler {
  void process(const c10::Warning&) override {}
};
#else
namespace warnings = c10::Warning;
struct Silent : c10::WarningHandler {
  void process(const c10::SourceLocation&, const std::string&, const bool) override {}
};
#endif

// Held for the life of the process: dropping one would bring torch's kernel back.
std::vector<std::unique_ptr<torch::Library>>& refusals() {
  static std::vector<std::unique_ptr<torch::Library>> libraries;
  return libraries;
}

void refuse_every_kernel(const c10::OperatorName& name, const c10::OperatorHandle& op) {
  const std::string overload = name.overload_name.empty() ? name.name.substr(6)  // after "aten::"
                                                          : name.name.substr(6) + "." + name.overload_name;
  const auto last = static_cast<uint16_t>(c10::DispatchKey::EndOfAliasKeys);
  for (uint16_t k = 1; k <= last; ++k) {
    const auto key = static_cast<c10::DispatchKey>(k);
    if (!op.hasKernelForDispatchKey(key)) continue;
    refusals().push_back(std::make_unique<torch::Library>(torch::Library::IMPL, "aten", key, __FILE__, __LINE__));
    refusals().back()->impl(overload.c_str(), torch::CppFunction::makeFromBoxedFunction<&refuse>());
  }
}

const bool installed = [] {
  Silent silent;
  warnings::WarningHandlerGuard quiet(&silent);
  const auto& forbidden = forbidden_operators();
  for (const auto& name : c10::Dispatcher::singleton().getAllOpNames()) {
    if (std::find(forbidden.begin(), forbidden.end(), name.name) == forbidden.end()) continue;
    if (const auto op = c10::Dispatcher::singleton().findOp(name)) refuse_every_kernel(name, *op);
  }
  return true;
}();

}  // namespace

std::string forbidden_layer_called() {
  std::lock_guard<std::mutex> lock(called_mutex);
  return first_called;
}

}  // namespace grading

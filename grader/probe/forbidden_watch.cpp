#include "grader/probe/forbidden_watch.h"

#include "grader/common/forbidden.h"

#include <algorithm>
#include <memory>
#include <mutex>

namespace grading {
namespace {

std::mutex seen_mutex;
std::set<std::string> seen_ops;

std::unique_ptr<at::ObserverContext> observe(const at::RecordFunction& fn) {
  const std::string name = fn.name();
  const auto& forbidden = forbidden_operators();
  if (std::find(forbidden.begin(), forbidden.end(), name) != forbidden.end()) {
    std::lock_guard<std::mutex> lock(seen_mutex);
    seen_ops.insert(name);
  }
  return nullptr;
}

}  // namespace

ForbiddenOpWatch::ForbiddenOpWatch()
    : handle_(at::addGlobalCallback(
          at::RecordFunctionCallback(observe).scopes({at::RecordScope::FUNCTION}))) {}

ForbiddenOpWatch::~ForbiddenOpWatch() { at::removeCallback(handle_); }

std::set<std::string> ForbiddenOpWatch::seen() const {
  std::lock_guard<std::mutex> lock(seen_mutex);
  return seen_ops;
}

}  // namespace grading

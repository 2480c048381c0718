#include "grader/probe/forbidden_watch.h"

#include "grader/common/forbidden.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>

namespace grading {
namespace {

std::mutex seen_mutex;
std::set<std::string> seen_ops;
thread_local bool canary_running = false;
std::atomic<bool> canary_seen{false};

std::unique_ptr<at::ObserverContext> observe(const at::RecordFunction& fn) {
  if (canary_running) {
    canary_seen = true;
    return nullptr;
  }
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

bool ForbiddenOpWatch::intact() const {
  // The grader's own operator, which the watch must still see.
  canary_seen = false;
  canary_running = true;
  at::linear(at::ones({1, 1}), at::ones({1, 1}));
  canary_running = false;
  return canary_seen;
}

std::set<std::string> ForbiddenOpWatch::seen() const {
  std::lock_guard<std::mutex> lock(seen_mutex);
  return seen_ops;
}

}  // namespace grading

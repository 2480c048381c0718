// Torch's own layers (grader/common/forbidden.h) made unusable in a probe: every kernel of
// theirs, on every dispatch key, is replaced by one that refuses, so no path through the
// dispatcher reaches them (a RecordFunction guard, a call by name, a redispatch to another key).
// The replacement happens in this shared library's initialiser, which the dynamic linker runs
// before any initialiser of the probe's own, the submission's included.
#pragma once

#include <string>

namespace grading {

// The first forbidden operator that code in this process called ("aten::linear"), or "" when
// none was. A refused call throws; this still reports it when the code caught that.
__attribute__((visibility("default"))) std::string forbidden_layer_called();

}  // namespace grading

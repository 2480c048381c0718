// TensorBoard event files, so `tensorboard --logdir` shows a C++ run as it shows a Python one.
// A file is a sequence of TFRecords, each an `Event` protocol buffer (TensorFlow's
// core/util/event.proto) carrying a `Summary` (core/framework/summary.proto) of one scalar or
// one PNG image. Only those few fields are written, encoded here in protobuf's wire format: a
// protobuf runtime of our own beside the one inside PyPI's LibTorch would risk two runtimes in
// one process (pytorch/pytorch#14573). The test event_files_read_back proves that TensorBoard's
// own reader reads back what this writes.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>

#include <torch/types.h>

namespace common {

class EventFile {
 public:
  // Creates `folder` if needed and a new events.out.tfevents.<seconds>.<host> in it. Throws
  // one line when either cannot be written.
  explicit EventFile(const std::string& folder);
  void add_scalar(const std::string& tag, double value, int64_t step);
  // image [3, H, W], [1, H, W] or [H, W] in [0, 1], as write_png takes it; stored as a PNG.
  void add_image(const std::string& tag, const torch::Tensor& image, int64_t step);
  const std::string& path() const { return path_; }

 private:
  // One Event record: wall time, step and the serialized field `event_field` (a tag-prefixed
  // Summary or file_version), flushed so a running TensorBoard sees it at once.
  void write_event(int64_t step, const std::string& event_field);
  std::string path_;
  std::ofstream out_;
};

}  // namespace common

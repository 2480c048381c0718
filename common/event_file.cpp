#include "common/event_file.h"

#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <boost/crc.hpp>

#include "common/image_io.h"

namespace common {
namespace {

// Protobuf's wire format (protobuf.dev, "Encoding"): each field is a key, (number << 3) | type,
// then its value: a varint, 8 or 4 little-endian bytes, or a varint length and that many bytes.
enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

void put_varint(std::string& out, uint64_t value) {
  for (; value >= 0x80; value >>= 7) out.push_back(static_cast<char>((value & 0x7F) | 0x80));
  out.push_back(static_cast<char>(value));
}

template <typename Number>
void put_little_endian(std::string& out, Number value) {
  char bytes[sizeof value];
  std::memcpy(bytes, &value, sizeof value);  // x86 and ARM Linux are little-endian
  out.append(bytes, sizeof value);
}

void put_key(std::string& out, uint32_t field, WireType type) { put_varint(out, field << 3 | type); }
void put_varint_field(std::string& out, uint32_t field, uint64_t value) {
  put_key(out, field, kVarint);
  put_varint(out, value);
}
void put_bytes_field(std::string& out, uint32_t field, const std::string& bytes) {
  put_key(out, field, kLengthDelimited);
  put_varint(out, bytes.size());
  out += bytes;
}

// Field numbers of the messages written.
namespace event { constexpr uint32_t wall_time = 1, step = 2, file_version = 3, summary = 5; }
namespace summary { constexpr uint32_t value = 1; }
namespace value { constexpr uint32_t tag = 1, simple_value = 2, image = 4; }
namespace image { constexpr uint32_t height = 1, width = 2, colorspace = 3, encoded_image_string = 4; }

// Event.summary = Summary{value: [one Value]}, as a field of Event.
std::string summary_field(const std::string& value_message) {
  std::string summary_message;
  put_bytes_field(summary_message, summary::value, value_message);
  std::string field;
  put_bytes_field(field, event::summary, summary_message);
  return field;
}

// TFRecord's checksum: CRC-32C, rotated and offset ("masked") so that a CRC of data that
// itself holds CRCs is not trivially predictable.
uint32_t masked_crc32c(const char* data, size_t size) {
  boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true> crc;
  crc.process_bytes(data, size);
  const uint32_t sum = crc.checksum();
  return ((sum >> 15) | (sum << 17)) + 0xA282EAD8u;
}

std::string host_name() {
  char name[256] = {};
  return gethostname(name, sizeof name - 1) == 0 ? name : "localhost";
}

}  // namespace

EventFile::EventFile(const std::string& folder) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  path_ = folder + "/events.out.tfevents." + std::to_string(seconds.count()) + "." + host_name();
  out_.open(path_, std::ios::binary | std::ios::trunc);
  if (!out_) throw std::runtime_error("cannot write TensorBoard's event file in " + folder);
  std::string version;
  put_bytes_field(version, event::file_version, "brain.Event:2");
  write_event(0, version);
}

void EventFile::add_scalar(const std::string& tag, double value, int64_t step) {
  std::string message;
  put_bytes_field(message, value::tag, tag);
  put_key(message, value::simple_value, kFixed32);
  put_little_endian(message, static_cast<float>(value));
  write_event(step, summary_field(message));
}

void EventFile::add_image(const std::string& tag, const torch::Tensor& picture, int64_t step) {
  const EncodedPng png = encode_png(picture);
  std::string image_message;
  put_varint_field(image_message, image::height, static_cast<uint64_t>(png.height));
  put_varint_field(image_message, image::width, static_cast<uint64_t>(png.width));
  put_varint_field(image_message, image::colorspace, static_cast<uint64_t>(png.channels));  // 1 grey, 3 RGB
  put_bytes_field(image_message, image::encoded_image_string, png.bytes);
  std::string message;
  put_bytes_field(message, value::tag, tag);
  put_bytes_field(message, value::image, image_message);
  write_event(step, summary_field(message));
}

void EventFile::write_event(int64_t step, const std::string& event_field) {
  std::string event_message;
  put_key(event_message, event::wall_time, kFixed64);
  put_little_endian(event_message, std::chrono::duration<double>(
                                       std::chrono::system_clock::now().time_since_epoch()).count());
  put_varint_field(event_message, event::step, static_cast<uint64_t>(step));
  event_message += event_field;
  // A TFRecord: length (8 bytes), its masked CRC, the data, the data's masked CRC.
  std::string record;
  put_little_endian(record, static_cast<uint64_t>(event_message.size()));
  put_little_endian(record, masked_crc32c(record.data(), record.size()));
  record += event_message;
  put_little_endian(record, masked_crc32c(event_message.data(), event_message.size()));
  out_.write(record.data(), static_cast<std::streamsize>(record.size()));
  out_.flush();
  if (!out_) throw std::runtime_error(path_ + ": cannot write the event");
}

}  // namespace common

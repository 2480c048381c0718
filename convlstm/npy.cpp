#include "convlstm/npy.h"

#include <fstream>
#include <regex>
#include <stdexcept>

namespace convlstm {
namespace {

const std::string kMagic = "\x93NUMPY";

}  // namespace

torch::Tensor load_npy_uint8(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open");
  const auto bad = [&](const std::string& why) { return std::runtime_error(path + ": " + why); };
  char preamble[10];
  if (!in.read(preamble, sizeof preamble) || std::string(preamble, 6) != kMagic) throw bad("not a .npy file");
  const int major = static_cast<unsigned char>(preamble[6]);
  size_t header_length = static_cast<unsigned char>(preamble[8]) | static_cast<unsigned char>(preamble[9]) << 8;
  if (major >= 2) {  // versions 2 and 3 have a 4-byte length
    char more[2];
    if (!in.read(more, 2)) throw bad("truncated header");
    header_length |= static_cast<size_t>(static_cast<unsigned char>(more[0])) << 16 |
                     static_cast<size_t>(static_cast<unsigned char>(more[1])) << 24;
  }
  std::string header(header_length, '\0');
  if (!in.read(header.data(), static_cast<std::streamsize>(header_length))) throw bad("truncated header");
  std::smatch match;
  if (!std::regex_search(header, match, std::regex("'descr':\\s*'([^']*)'")) || (match[1] != "|u1" && match[1] != "u1"))
    throw bad("holds " + (match.size() > 1 ? std::string(match[1]) : std::string("an unknown type")) +
              ", not uint8 (|u1)");
  if (std::regex_search(header, std::regex("'fortran_order':\\s*True"))) throw bad("Fortran order is not supported");
  if (!std::regex_search(header, match, std::regex("'shape':\\s*\\(([^)]*)\\)"))) throw bad("the header has no shape");
  std::vector<int64_t> shape;
  const std::string dims = match[1];
  const std::regex number("\\d+");
  for (std::sregex_iterator it(dims.begin(), dims.end(), number), end; it != end; ++it)
    shape.push_back(std::stoll(it->str()));
  torch::Tensor array = torch::empty(shape, torch::kUInt8);
  if (!in.read(reinterpret_cast<char*>(array.data_ptr<uint8_t>()), array.numel()))
    throw bad("truncated: holds fewer values than its shape " + c10::str(array.sizes()) + " needs");
  return array;
}

void save_npy_uint8(const std::string& path, const torch::Tensor& array) {
  const torch::Tensor data = array.to(torch::kCPU, torch::kUInt8).contiguous();
  std::string shape;
  for (const int64_t d : data.sizes()) shape += (shape.empty() ? "" : ", ") + std::to_string(d);
  if (data.dim() == 1) shape += ",";  // a Python tuple of one
  std::string header = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + shape + "), }";
  header.append(63 - (kMagic.size() + 4 + header.size()) % 64, ' ');  // align the data to 64 bytes
  header += '\n';
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error(path + ": cannot write");
  out << kMagic << '\x01' << '\x00' << static_cast<char>(header.size() & 0xff) << static_cast<char>(header.size() >> 8)
      << header;
  out.write(reinterpret_cast<const char*>(data.data_ptr<uint8_t>()), data.numel());
  if (!out) throw std::runtime_error(path + ": write failed");
}

torch::Tensor load_moving_mnist_npy(const std::string& path) {
  const torch::Tensor array = load_npy_uint8(path);
  if (array.dim() != 4) throw std::runtime_error(path + ": expected [frames, sequences, H, W], found " + c10::str(array.sizes()));
  return array.permute({1, 0, 2, 3}).unsqueeze(2).contiguous();
}

}  // namespace convlstm

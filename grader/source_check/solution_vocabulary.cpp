// What a solution may call, written as a solution would call it. Never run: it is compiled as a
// submission is (the same compiler, flags and precompiled header), and the functions its object
// needs from LibTorch and the C library become the allow-list of the symbol check
// (grader/judge/object_symbols.h): a submission's object may need those and the C++ standard
// library's, nothing else. Widen the vocabulary here, with the operation written as students
// write it, when a correct solution needs an operation that is missing; make check grades the
// reference and every right implementation against it.
#include "layers/layers.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <vector>

namespace student {
namespace vocabulary {

using torch::Tensor;
using torch::indexing::Slice;

// Making tensors, and what describes them.
std::vector<Tensor> creation(const Tensor& x, int64_t n, double value) {
  const auto options = torch::TensorOptions().dtype(torch::kFloat64).device(torch::kCPU).requires_grad(false);
  std::vector<Tensor> made = {
      torch::empty({n, n}), torch::zeros({n}), torch::ones({n, n}, options), torch::full({n}, value),
      torch::arange(n), torch::arange(0, n, 1, x.options()), torch::linspace(0.0, value, n), torch::eye(n),
      torch::rand({n}), torch::randn({n, n}), torch::randint(0, n, {n}), torch::tensor({1.0, 2.0}),
      torch::tensor(value), torch::scalar_tensor(value), torch::empty_like(x), torch::zeros_like(x),
      torch::ones_like(x), torch::full_like(x, value), torch::rand_like(x), torch::randn_like(x),
      torch::zeros({n}, x.options()), torch::empty({n}, x.dtype()), torch::zeros({n}, torch::kFloat32),
      x.new_zeros({n}), x.new_empty({n}), x.new_ones({n}), x.new_full({n}, value)};
  return made;
}

int64_t description(const Tensor& x) {
  std::ostringstream text;
  text << x.sizes() << x.dtype() << x.device() << x.scalar_type() << x.options() << x << x.size(0);
  int64_t total = x.size(-1) + x.dim() + x.numel() + x.sizes()[0] + x.sizes().size() +
                  static_cast<int64_t>(x.is_contiguous()) + static_cast<int64_t>(x.requires_grad()) +
                  static_cast<int64_t>(x.defined()) + static_cast<int64_t>(x.is_cuda()) + x.stride(0) +
                  static_cast<int64_t>(x.is_floating_point()) + x.element_size() + x.ndimension() +
                  static_cast<int64_t>(x.sizes().vec().size()) + static_cast<int64_t>(x.strides().size()) +
                  static_cast<int64_t>(x.equal(x)) + static_cast<int64_t>(x.allclose(x)) +
                  static_cast<int64_t>(x.item<float>()) + static_cast<int64_t>(x.item<double>()) +
                  x.item<int64_t>() + static_cast<int64_t>(x.item().toDouble()) +
                  static_cast<int64_t>(torch::equal(x, x)) + static_cast<int64_t>(torch::allclose(x, x)) +
                  static_cast<int64_t>(x.has_names()) + static_cast<int64_t>(text.str().size());
  std::cout << x << std::endl;
  std::cerr << x.sizes() << '\n';
  return total;
}

// Arithmetic, activations and reductions, as functions, methods and operators.
std::vector<Tensor> arithmetic(const Tensor& x, const Tensor& y, double s) {
  return {x + y, x - y, x * y, x / y, -x, x + s, x - s, x * s, x / s, s + x, s - x, s * x, s / x,
          torch::add(x, y), torch::add(x, y, s), torch::sub(x, y), torch::mul(x, y), torch::div(x, y),
          x.add(y), x.add(y, s), x.sub(y), x.mul(y), x.div(y), x.add(s), x.mul(s), x.neg(), x.reciprocal(),
          torch::matmul(x, y), x.matmul(y), torch::mm(x, y), x.mm(y), torch::bmm(x, y), torch::mv(x, y),
          torch::addmm(x, x, y), torch::addmm(x, x, y, s, s), x.addmm(x, y), torch::baddbmm(x, x, y),
          torch::einsum("ij,jk->ik", {x, y}), torch::outer(x, y), torch::dot(x, y), torch::addcmul(x, x, y),
          torch::sigmoid(x), x.sigmoid(), torch::tanh(x), x.tanh(), torch::relu(x), x.relu(), torch::exp(x),
          x.exp(), torch::log(x), x.log(), torch::log1p(x), torch::expm1(x), torch::sqrt(x), x.sqrt(),
          torch::rsqrt(x), x.rsqrt(), torch::pow(x, s), x.pow(s), x.pow(y), torch::pow(x, y), x.square(),
          torch::abs(x), x.abs(), torch::sign(x), torch::clamp(x, s, s), x.clamp(s, s), x.clamp_min(s),
          x.clamp_max(s), torch::maximum(x, y), torch::minimum(x, y), torch::lerp(x, y, s), x.lerp(y, y),
          torch::where(x > y, x, y), torch::softmax(x, 0), torch::log_softmax(x, 0), torch::erf(x),
          x.sum(), x.sum(0), x.sum({0}, true), torch::sum(x, 0), x.mean(), x.mean(0), x.mean({0}, true),
          torch::mean(x, 0), x.var(0), x.var(0, false), torch::var(x, 0, false), x.std(0), x.max(),
          std::get<0>(x.max(0)), x.min(), std::get<0>(x.min(0)), x.argmax(0), x.prod(), x.norm(),
          x.cumsum(0), std::get<0>(torch::var_mean(x, 0, false, true)), std::get<1>(torch::std_mean(x, 0)),
          x > y, x < y, x >= s, x <= s, x == y, x != y, x.eq(y), x.gt(s), x.lt(s), x.isnan(),
          x.isfinite(), (x - y).abs().max(), x.all(), x.any(), x.logical_not(), x.logical_and(y)};
}

// Shapes: views, joins, splits and indexing.
std::vector<Tensor> shapes(const Tensor& x, const Tensor& y, int64_t n) {
  std::vector<Tensor> parts = x.chunk(4, 1);
  const auto split = x.split(n, 1);
  parts.insert(parts.end(), split.begin(), split.end());
  const auto sized = x.split_with_sizes({n, n}, 1);
  parts.insert(parts.end(), sized.begin(), sized.end());
  const auto unbound = x.unbind(0);
  parts.insert(parts.end(), unbound.begin(), unbound.end());
  const auto chunked = torch::chunk(x, 4, -1);
  parts.insert(parts.end(), chunked.begin(), chunked.end());
  const auto tensors = torch::split(x, n, 0);
  parts.insert(parts.end(), tensors.begin(), tensors.end());
  std::vector<Tensor> more = {
      x.t(), x.transpose(0, 1), torch::transpose(x, 0, 1), x.permute({1, 0}), x.view({n, -1}),
      x.view({-1}), x.reshape({n, -1}), torch::reshape(x, {-1}), x.flatten(), x.flatten(1), x.unsqueeze(0),
      torch::unsqueeze(x, 1), x.squeeze(), x.squeeze(0), x.expand({n, n}), x.expand_as(y), x.repeat({n, 1}),
      x.narrow(1, 0, n), torch::narrow(x, 0, 0, n), x.select(0, n), x.slice(1, 0, n), x[0], x[n],
      x.index({Slice(), 0}), x.index({Slice(0, n), Slice(n, 2 * n)}), x.index({0}), x.index_select(0, y),
      x.gather(0, y), torch::cat({x, y}), torch::cat({x, y}, 1), torch::cat(parts, 0), torch::stack({x, y}),
      torch::stack({x, y}, 1), torch::stack(parts), torch::hstack({x, y}), torch::vstack({x, y}),
      x.contiguous(), x.clone(), x.detach(), x.to(torch::kFloat64), x.to(y.dtype()), x.to(y.device()),
      x.to(y.options()), x.to(torch::kCPU), x.to(y), x.cpu(), x.type_as(y), 
      x.toType(torch::kFloat), x.flip({0}), x.roll(1, 0), x.tril(), x.triu(), x.diag(), torch::diag(x),
      x.masked_fill(x > y, 0.0), x.view_as(y), x.reshape_as(y), x.unfold(0, n, 1), x.tile({n})};
  parts.insert(parts.end(), more.begin(), more.end());
  return parts;
}

// In place, as initialisations and updates write it.
void in_place(Tensor& x, const Tensor& y, double s) {
  torch::NoGradGuard no_grad;
  x.uniform_(-s, s);
  x.normal_(0.0, s);
  x.zero_();
  x.fill_(s);
  x.copy_(y);
  x.add_(y);
  x.add_(y, s);
  x.sub_(y);
  x.mul_(y);
  x.mul_(s);
  x.div_(s);
  x.clamp_(-s, s);
  x.sigmoid_();
  x.tanh_();
  x.exp_();
  x.pow_(s);
  x.set_requires_grad(false);
  x.requires_grad_(false);
  x.narrow(0, 0, 1).fill_(s);
  x.index_put_({Slice(), 0}, s);
  x.index_put_({0}, y);
  x.masked_fill_(x > y, s);
  x.resize_({2, 2});
  x.index({0}).copy_(y);
  x = x.detach().clone();
  x.grad();
  x.retain_grad();
}

// Autograd, as a student checks a backward pass.
Tensor gradients(const Tensor& x, const Tensor& y) {
  Tensor loss = (x * y).sum();
  loss.backward();
  loss.backward({}, true);
  const bool enabled = torch::GradMode::is_enabled();
  torch::AutoGradMode mode(enabled);
  return x.grad();
}

// torch::nn::init, as the layers are initialised in PyTorch.
void initialisation(Tensor& w, double gain) {
  torch::NoGradGuard no_grad;
  torch::nn::init::uniform_(w, -gain, gain);
  torch::nn::init::normal_(w, 0.0, gain);
  torch::nn::init::constant_(w, gain);
  torch::nn::init::zeros_(w);
  torch::nn::init::ones_(w);
  torch::nn::init::eye_(w);
  torch::nn::init::xavier_uniform_(w);
  torch::nn::init::xavier_uniform_(w, gain);
  torch::nn::init::xavier_normal_(w);
  torch::nn::init::kaiming_uniform_(w, std::sqrt(5.0));
  torch::nn::init::kaiming_uniform_(w, gain, torch::kFanIn, torch::kLeakyReLU);
  torch::nn::init::kaiming_normal_(w);
  torch::nn::init::orthogonal_(w);
  const auto fans = torch::nn::init::_calculate_fan_in_and_fan_out(w);
  const double computed = torch::nn::init::calculate_gain(torch::kTanh) + torch::nn::init::calculate_gain(torch::kSigmoid);
  w.uniform_(-computed, std::get<0>(fans) + std::get<1>(fans));
}

// A module's own: parameters, submodules, BatchNorm1d, modes and devices.
class Layer : public torch::nn::Module {
 public:
  explicit Layer(int64_t n) {
    weight = register_parameter("weight", torch::empty({n, n}));
    bias = register_parameter("bias", torch::zeros({n}), false);
    state = register_buffer("state", torch::zeros({n}));
    inner = register_module("inner", torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(n).affine(false)));
    other = register_module("other", torch::nn::BatchNorm1d(n));
    configured = torch::nn::BatchNorm1dOptions(n).eps(1e-5).momentum(0.1).track_running_stats(true);
  }

  Tensor forward(const Tensor& x) {
    Tensor y = inner(x) + inner->forward(x) + other(x);
    for (const auto& p : parameters()) y = y + p.sum();
    for (const auto& p : parameters(false)) y = y + p.sum();
    for (auto& named : named_parameters()) y = y + named.value().sum() + static_cast<double>(named.key().size());
    for (auto& named : named_parameters(false)) y = y + named->sum();
    for (const auto& buffer : buffers()) y = y + buffer.sum();
    for (auto& named : named_buffers()) y = y + named.value().sum();
    for (const auto& child : children()) y = y + static_cast<double>(child->name().size());
    for (const auto& child : named_children()) y = y + static_cast<double>(child.key().size());
    for (const auto& module : modules()) y = y + static_cast<double>(module->is_training());
    y = y + inner->running_mean + inner->running_var + static_cast<double>(inner->options.num_features()) +
        static_cast<double>(inner->num_batches_tracked.item<int64_t>());
    if (is_training()) y = y + 1.0;
    train();
    eval();
    train(false);
    inner->reset_running_stats();
    inner->reset_parameters();
    zero_grad();
    to(torch::kFloat64);
    to(torch::kCPU);
    to(torch::kCPU, torch::kFloat32);
    y = y + weight.sum() + bias.sum() + state.sum();
    return y + static_cast<double>(name().size()) + static_cast<double>(parameters().size());
  }

  Tensor weight, bias, state;
  torch::nn::BatchNorm1d inner{nullptr}, other{nullptr};
  torch::nn::BatchNorm1dOptions configured{1};
};

Tensor module_use(const Tensor& x) {
  auto layer = std::make_shared<Layer>(x.size(1));
  std::shared_ptr<torch::nn::Module> as_module = layer;
  auto copy = layer->clone();
  return layer->forward(x) + static_cast<double>(copy->parameters().size()) +
         static_cast<double>(as_module->parameters().size());
}

// Errors, as a solution checks its inputs and states its contract.
void errors(const Tensor& x, int64_t n) {
  TORCH_CHECK(x.dim() == 2, "expected a matrix, got ", x.dim(), " dimensions");
  TORCH_CHECK(x.size(0) == n);
  TORCH_INTERNAL_ASSERT(n >= 0);
  try {
    x.view({-1, 7, 3});
  } catch (const c10::Error& error) {
    std::cerr << error.what() << error.what_without_backtrace() << '\n';
  } catch (const std::exception& error) {
    throw std::runtime_error(std::string("failed: ") + error.what());
  }
  if (n < 0) throw std::invalid_argument("n < 0");
  TORCH_CHECK(n >= 0, "unreachable: ", n);
}

// The C library's mathematics, as std:: calls it.
double mathematics(double a, float b) {
  return std::sqrt(a) + std::exp(a) + std::log(a) + std::tanh(a) + std::pow(a, a) + std::fabs(a) + std::abs(a) +
         std::sqrt(b) + std::exp(b) + std::log(b) + std::tanh(b) + std::pow(b, b) + std::erf(a) + std::ceil(a) +
         std::floor(a) + std::round(a) + std::fmod(a, a) + std::log1p(a) + std::expm1(a) + std::cosh(a) +
         std::sinh(a) + std::sin(a) + std::cos(a) + std::atan(a) + std::isnan(a) + std::isinf(b) +
         std::hypot(a, a) + std::cbrt(a) + std::log2(a) + std::log10(a);
}

// The C library's harmless rest: printing, memory, text, stopping, waiting.
void c_library(const char* text, int code) {
  std::printf("%s %d\n", text, code);
  std::fprintf(stderr, "%s\n", text);
  std::puts(text);
  std::putchar('\n');
  std::fflush(stdout);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%d", code);
  void* memory = std::malloc(16);
  memory = std::realloc(memory, 32);
  std::free(memory);
  std::free(std::calloc(4, 4));
  if (std::strcmp(text, buffer) == 0 || std::strncmp(text, buffer, 2) == 0 || std::strlen(text) > 9) std::abort();
  if (std::getenv("HOME") != nullptr) std::exit(code);
  std::srand(static_cast<unsigned>(std::time(nullptr)));
  code += std::rand() + static_cast<int>(std::clock()) + std::atoi(text) + static_cast<int>(std::atof(text));
  std::this_thread::sleep_for(std::chrono::milliseconds(code));
  const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count() +
                     std::chrono::system_clock::now().time_since_epoch().count();
  if (ticks == 0) std::quick_exit(code);
}

}  // namespace vocabulary
}  // namespace student

// The reference layers are PyTorch's: given the same weights, MyLinear, MyLSTMCell and
// MyGRUCell match torch::nn::Linear, LSTMCell and GRUCell forward and backward, and LSTM
// matches the same computation assembled from LibTorch's modules.
#include "layers/layers.h"

#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/rnn.h>

#include "grader/judge/uniform_fit.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

namespace {

using torch::Tensor;

// Float32 from the same weights in another order of operations: a few ulps apart.
bool close(const Tensor& a, const Tensor& b) { return torch::allclose(a, b, 1e-5, 1e-6); }

void copy_parameters(torch::nn::Module& from, torch::nn::Module& to) {
  torch::NoGradGuard no_grad;
  auto target = to.named_parameters();
  for (const auto& p : from.named_parameters()) target[p.key()].copy_(p.value());
}

void expect_same_grads(torch::nn::Module& ours, torch::nn::Module& theirs) {
  auto theirs_named = theirs.named_parameters();
  for (const auto& p : ours.named_parameters()) {
    INFO("gradient of " << p.key());
    CHECK(close(p.value().grad(), theirs_named[p.key()].grad()));
  }
}

}  // namespace

TEST_CASE("MyLinear equals torch::nn::Linear") {
  torch::manual_seed(1);
  reference::MyLinear ours(7, 5);
  torch::nn::Linear theirs(7, 5);
  copy_parameters(*ours, *theirs);
  const Tensor x = torch::randn({4, 7}, torch::requires_grad());
  const Tensor x2 = x.detach().clone().requires_grad_(true);
  const Tensor upstream = torch::randn({4, 5});
  const Tensor y_ours = ours->forward(x);
  const Tensor y_theirs = theirs->forward(x2);
  CHECK(close(y_ours, y_theirs));
  (y_ours * upstream).sum().backward();
  (y_theirs * upstream).sum().backward();
  CHECK(close(x.grad(), x2.grad()));
  expect_same_grads(*ours, *theirs);
}

TEST_CASE("MyLSTMCell equals torch::nn::LSTMCell") {
  torch::manual_seed(2);
  reference::MyLSTMCell ours(6, 4);
  torch::nn::LSTMCell theirs(6, 4);
  copy_parameters(*ours, *theirs);
  const Tensor x = torch::randn({3, 6});
  const Tensor h = torch::randn({3, 4});
  const Tensor c = torch::randn({3, 4});
  const auto [h_ours, c_ours] = ours->forward(x, h, c);
  const auto [h_theirs, c_theirs] = theirs->forward(x, std::make_tuple(h, c));
  CHECK(close(h_ours, h_theirs));
  CHECK(close(c_ours, c_theirs));
  const Tensor gh = torch::randn({3, 4});
  const Tensor gc = torch::randn({3, 4});
  ((h_ours * gh).sum() + (c_ours * gc).sum()).backward();
  ((h_theirs * gh).sum() + (c_theirs * gc).sum()).backward();
  expect_same_grads(*ours, *theirs);
}

TEST_CASE("MyGRUCell equals torch::nn::GRUCell") {
  torch::manual_seed(3);
  reference::MyGRUCell ours(5, 7);
  torch::nn::GRUCell theirs(5, 7);
  copy_parameters(*ours, *theirs);
  const Tensor x = torch::randn({2, 5});
  const Tensor h = torch::randn({2, 7});
  const Tensor y_ours = ours->forward(x, h);
  const Tensor y_theirs = theirs->forward(x, h);
  CHECK(close(y_ours, y_theirs));
  const Tensor upstream = torch::randn({2, 7});
  (y_ours * upstream).sum().backward();
  (y_theirs * upstream).sum().backward();
  expect_same_grads(*ours, *theirs);
}

TEST_CASE("lstm_state_update works per position on convolutional gates") {
  torch::manual_seed(4);
  const Tensor gates = torch::randn({2, 12, 4, 5});  // H = 3 channels
  const Tensor c = torch::randn({2, 3, 4, 5});
  const auto [h_conv, c_conv] = reference::lstm_state_update(gates, c);
  // The same update on each pixel as a batch of vectors: [B*height*width, 4H].
  const Tensor flat_gates = gates.permute({0, 2, 3, 1}).reshape({-1, 12});
  const Tensor flat_c = c.permute({0, 2, 3, 1}).reshape({-1, 3});
  const auto [h_flat, c_flat] = reference::lstm_state_update(flat_gates, flat_c);
  CHECK(close(h_conv, h_flat.reshape({2, 4, 5, 3}).permute({0, 3, 1, 2})));
  CHECK(close(c_conv, c_flat.reshape({2, 4, 5, 3}).permute({0, 3, 1, 2})));
}

TEST_CASE("LSTM equals LSTMCell, Linear and BatchNorm1d run for n frames") {
  torch::manual_seed(5);
  const int64_t input_size = 6, hidden = 8, batch = 4, frames = 5;
  reference::LSTM ours(input_size, hidden);
  ours->init_weight(0.5);
  torch::nn::LSTMCell cell(input_size, hidden);
  torch::nn::Linear linear(hidden, input_size);
  torch::nn::BatchNorm1d bn(torch::nn::BatchNorm1dOptions(input_size).affine(false));
  {
    torch::NoGradGuard no_grad;
    cell->weight_ih.copy_(ours->lstm->weight_ih);
    cell->weight_hh.copy_(ours->lstm->weight_hh);
    cell->bias_ih.copy_(ours->lstm->bias_ih);
    cell->bias_hh.copy_(ours->lstm->bias_hh);
    linear->weight.copy_(ours->linear->weight);
    linear->bias.copy_(ours->linear->bias);
  }
  const Tensor inputs = torch::randn({batch, input_size});
  Tensor h = torch::randn({batch, hidden});
  Tensor c = torch::randn({batch, hidden});
  ours->h = h.clone();
  ours->c = c.clone();
  const Tensor output = ours->forward(inputs, frames);
  std::vector<Tensor> expected;
  for (int64_t t = 0; t < frames; ++t) {
    std::tie(h, c) = cell->forward(inputs, std::make_tuple(h, c));
    expected.push_back(bn->forward(linear->forward(h)));
  }
  CHECK(output.sizes() == torch::IntArrayRef({frames, batch, input_size}));
  CHECK(close(output, torch::stack(expected)));
  CHECK(close(ours->h, h));
  CHECK(close(ours->c, c));
}

TEST_CASE("LSTM init_weight and init_hidden follow MoCoGAN's motion network") {
  reference::LSTM lstm(10, 20);
  lstm->init_weight(2.0);
  const Tensor bias = lstm->lstm->bias_ih;
  CHECK(torch::equal(bias.narrow(0, 20, 20), torch::full({20}, 2.0)));
  CHECK(torch::equal(bias.narrow(0, 0, 20), torch::zeros({20})));
  CHECK(torch::equal(bias.narrow(0, 40, 40), torch::zeros({40})));
  CHECK(torch::equal(lstm->linear->bias, torch::zeros({10})));
  lstm->init_hidden(3);
  CHECK(torch::equal(lstm->h, torch::zeros({3, 20})));
  CHECK(torch::equal(lstm->c, torch::zeros({3, 20})));
}

// Every weight drawn from Glorot and Bengio's (2010) uniform distribution, U(-b, b) with
// b = sqrt(6 / (fan_in + fan_out)): its range filled, its mean and spread and shape those of
// the distribution (grader/judge/uniform_fit.h), not merely within the bound.
TEST_CASE("LSTM init_weight draws every weight from Xavier's uniform distribution") {
  torch::manual_seed(3);
  reference::LSTM lstm(64, 128);
  lstm->init_weight(1.0);
  for (const Tensor& weight : {lstm->lstm->weight_ih, lstm->lstm->weight_hh, lstm->linear->weight}) {
    const double bound = std::sqrt(6.0 / static_cast<double>(weight.size(0) + weight.size(1)));
    const Tensor flat = weight.detach().to(torch::kDouble).flatten().contiguous();
    const std::vector<double> draws(flat.data_ptr<double>(), flat.data_ptr<double>() + flat.numel());
    INFO("a weight of shape " << weight.sizes() << ", bound " << bound);
    CHECK(grading::uniform_misfit(draws, bound).empty());
  }
}

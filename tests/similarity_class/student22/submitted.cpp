/*
 * Machine problem -- recurrent layers for video generation.
 * Interfaces: layers/api.inc.  Equations: handout, section 2.
 * Implemented with raw tensor operations only (no built-in Linear / LSTMCell layers).
 */
#include "layers/layers.h"
#include <cmath>
#include <vector>

namespace student
{
using torch::Tensor;

namespace
{

/* Uniform init in [-bound, bound], done with autograd switched off. */
void fill_uniform(Tensor& t, double bound)
{
    torch::NoGradGuard no_grad;
    t.uniform_(-bound, bound);
}

/* Affine map: x [B, in] -> x * W^T + b, with W [out, in] and b [out]. */
Tensor affine(const Tensor& x, const Tensor& W, const Tensor& b)
{
    return torch::addmm(b, x, W.t());
}

} // anonymous namespace

/* ======================= Fully connected layer ======================= */

MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size)
{
    weight = register_parameter("weight",
                                torch::empty({output_size, input_size}));
    bias = register_parameter("bias", torch::empty({output_size}));
    const double bound =
        1.0 / std::sqrt(static_cast<double>(input_size));
    fill_uniform(weight, bound);
    fill_uniform(bias, bound);
}

Tensor MyLinearImpl::forward(const Tensor& x)
{
    return affine(x, weight, bias);
}

/* ======================= LSTM: elementwise step ======================= */
/* Gate layout along dimension 1: input, forget, cell candidate, output. */

std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates,
                                             const Tensor& c)
{
    auto parts = gates.chunk(4, /*dim=*/1);
    Tensor i = torch::sigmoid(parts[0]);
    Tensor f = torch::sigmoid(parts[1]);
    Tensor g = torch::tanh(parts[2]);
    Tensor o = torch::sigmoid(parts[3]);
    Tensor c_next = f * c + i * g;
    Tensor h_next = o * torch::tanh(c_next);
    return std::make_tuple(h_next, c_next);
}

/* ======================= LSTM cell ======================= */

MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size)
{
    weight_ih = register_parameter("weight_ih",
                                   torch::empty({4 * hidden_size, input_size}));
    weight_hh = register_parameter("weight_hh",
                                   torch::empty({4 * hidden_size, hidden_size}));
    bias_ih = register_parameter("bias_ih",
                                 torch::empty({4 * hidden_size}));
    bias_hh = register_parameter("bias_hh",
                                 torch::empty({4 * hidden_size}));

    // same U(-1/sqrt(H), 1/sqrt(H)) scheme for all four tensors
    const double bound =
        1.0 / std::sqrt(static_cast<double>(hidden_size));
    fill_uniform(weight_ih, bound);
    fill_uniform(weight_hh, bound);
    fill_uniform(bias_ih, bound);
    fill_uniform(bias_hh, bound);
}

std::tuple<Tensor, Tensor>
MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h, const Tensor& c)
{
    Tensor gates = affine(x, weight_ih, bias_ih)
                 + affine(h, weight_hh, bias_hh);
    return lstm_state_update(gates, c);
}

/* ======================= Motion network (MoCoGAN) ======================= */

LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size)
    : hidden_size(hidden_size)
{
    lstm = register_module("lstm", MyLSTMCell(input_size, hidden_size));
    linear = register_module("linear", MyLinear(hidden_size, input_size));
    bn = register_module("bn",
                         torch::nn::BatchNorm1d(
                             torch::nn::BatchNorm1dOptions(input_size)
                                 .affine(false)));
}

void LSTMImpl::init_weight(double forget_bias)
{
    torch::nn::init::xavier_uniform_(lstm->weight_ih);
    torch::nn::init::xavier_uniform_(lstm->weight_hh);
    torch::nn::init::xavier_uniform_(linear->weight);

    torch::NoGradGuard no_grad;
    lstm->bias_ih.zero_();
    lstm->bias_hh.zero_();
    linear->bias.zero_();

    /* rows H..2H-1 belong to the forget gate */
    lstm->bias_ih.narrow(0, hidden_size, hidden_size).fill_(forget_bias);
    lstm->bias_hh.narrow(0, hidden_size, hidden_size).fill_(forget_bias);
}

void LSTMImpl::init_hidden(int64_t batch_size)
{
    auto opts = lstm->weight_ih.options();
    h = torch::zeros({batch_size, hidden_size}, opts);
    c = torch::zeros({batch_size, hidden_size}, opts);
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames)
{
    if (n_frames <= 0)
        return torch::empty({0, inputs.size(0), inputs.size(1)},
                            inputs.options());

    std::vector<Tensor> frames;
    frames.reserve(n_frames);
    for (int64_t t = 0; t < n_frames; ++t)
    {
        std::tie(h, c) = lstm(inputs, h, c);
        frames.push_back(bn(linear(h)));
    }
    return torch::stack(frames, 0);
}

} // namespace student

/*
 * Recurrent layers for video -- the method bodies are filled in here and checked by
 * `make test`. Member names, shapes and parameter names come from layers/api.inc; the
 * equations are in README.md section 2 and in the torch.nn docs
 * (https://pytorch.org/docs/stable/nn.html), which act as the spec.
 *
 * OK to use: elementary tensor ops, torch::nn::init, torch::nn::BatchNorm1d.
 * Not OK: any of torch's linear or recurrent layer implementations.
 */
#include "layers/layers.h"
#include <cmath>
#include <vector>

namespace student
{
using torch::Tensor;

namespace
{
    /* x * W^T + b -- used for linear outputs and for every gate block.
       The 1-D bias is broadcast across rows by addmm. */
    Tensor affine(const Tensor& x, const Tensor& w, const Tensor& b)
    {
        return torch::addmm(b, x, w.t());
    }

    /* New tensor with entries ~ U(-bound, bound). Since it has not been registered yet,
       it does not require grad and autograd does not see the fill. */
    Tensor uniform_tensor(std::vector<int64_t> shape, double bound)
    {
        return torch::empty(shape).uniform_(-bound, bound);
    }
} // anonymous namespace

/* ===================== 2.1 Linear ===================== */
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size)
{
    /* default nn.Linear init collapses to U(+-1/sqrt(fan_in)) for weight and bias */
    const double bound = 1.0 / std::sqrt(static_cast<double>(input_size));
    weight = register_parameter("weight",
                                uniform_tensor({output_size, input_size}, bound));
    bias = register_parameter("bias", uniform_tensor({output_size}, bound));
}

Tensor MyLinearImpl::forward(const Tensor& x)
{
    return affine(x, weight, bias);
}

/* ===================== 2.2 LSTM state update ===================== */
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c)
{
    /* four blocks i, f, g, o on dim 1, each the width of c */
    const int64_t hid = c.size(1);
    std::vector<Tensor> pieces =
        torch::split(gates, std::vector<int64_t>{hid, hid, hid, hid}, 1);
    Tensor in_gate     = torch::sigmoid(pieces[0]);
    Tensor forget_gate = torch::sigmoid(pieces[1]);
    Tensor cand        = torch::tanh(pieces[2]);
    Tensor out_gate    = torch::sigmoid(pieces[3]);
    Tensor c_new = forget_gate * c + in_gate * cand;
    Tensor h_new = out_gate * torch::tanh(c_new);
    return std::make_tuple(h_new, c_new);
}

/* ===================== 2.3 LSTM cell ===================== */
MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size)
{
    /* RNN-cell convention: all params ~ U(+-1/sqrt(hidden)) */
    const double bound = 1.0 / std::sqrt(static_cast<double>(hidden_size));
    const int64_t rows = 4 * hidden_size;
    weight_ih = register_parameter("weight_ih",
                                   uniform_tensor({rows, input_size}, bound));
    weight_hh = register_parameter("weight_hh",
                                   uniform_tensor({rows, hidden_size}, bound));
    bias_ih = register_parameter("bias_ih", uniform_tensor({rows}, bound));
    bias_hh = register_parameter("bias_hh", uniform_tensor({rows}, bound));
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x,
                                                   const Tensor& h,
                                                   const Tensor& c)
{
    Tensor gates = affine(x, weight_ih, bias_ih)
                 + affine(h, weight_hh, bias_hh);
    return lstm_state_update(gates, c);
}

/* ===================== 2.4 MoCoGAN motion net ===================== */
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size)
    : hidden_size(hidden_size)
{
    lstm = register_module("lstm", MyLSTMCell(input_size, hidden_size));
    linear = register_module("linear", MyLinear(hidden_size, input_size));
    /* batch norm: affine off, running stats on (default) */
    bn = register_module("bn",
        torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(input_size).affine(false)));
}

void LSTMImpl::init_weight(double forget_bias)
{
    torch::NoGradGuard no_grad;
    torch::nn::init::xavier_uniform_(lstm->weight_ih);
    torch::nn::init::xavier_uniform_(lstm->weight_hh);
    torch::nn::init::xavier_uniform_(linear->weight);
    lstm->bias_ih.zero_();
    lstm->bias_hh.zero_();
    linear->bias.zero_();
    /* rows [H, 2H) belong to the forget gate */
    lstm->bias_ih.slice(0, hidden_size, 2 * hidden_size).fill_(forget_bias);
    lstm->bias_hh.slice(0, hidden_size, 2 * hidden_size).fill_(forget_bias);
}

void LSTMImpl::init_hidden(int64_t batch_size)
{
    const auto opts = lstm->weight_ih.options();
    h = torch::zeros({batch_size, hidden_size}, opts);
    c = torch::zeros({batch_size, hidden_size}, opts);
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames)
{
    std::vector<Tensor> frames;
    frames.reserve(static_cast<size_t>(n_frames));
    for (int64_t t = 0; t < n_frames; ++t)
    {
        auto state = lstm->forward(inputs, h, c);
        h = std::get<0>(state);
        c = std::get<1>(state);
        frames.push_back(bn->forward(linear->forward(h)));
    }
    return torch::stack(frames, 0);
}

} // namespace student

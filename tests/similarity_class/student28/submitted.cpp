/* Recurrent layers for the video MP.
 * Interface: layers/api.inc.  Equations: handout sec. 2 and the torch.nn docs.
 * Built-in torch layers (Linear, LSTMCell, functional::linear, ...) are not used;
 * everything is written with basic tensor operations. */
#include "layers/layers.h"
#include <cmath>
#include <vector>

namespace student
{
using torch::Tensor;

/* ======================= Linear (2.1) ======================= */
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size)
{
    double bound = 1.0 / std::sqrt((double)input_size);
    /* map U[0,1) onto U[-bound, bound) */
    weight = register_parameter("weight",
                                torch::rand({output_size, input_size}) * 2 * bound - bound);
    bias = register_parameter("bias",
                              torch::rand({output_size}) * 2 * bound - bound);
}

Tensor MyLinearImpl::forward(const Tensor& x)
{
    /* bias is broadcast across rows */
    return x.mm(weight.t()) + bias;
}

/* ======================= LSTM update (2.2) ======================= */
/* gates come in the order input, forget, cell, output along dimension 1 */
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c)
{
    int64_t H = gates.size(1) / 4;

    Tensor i = gates.narrow(1, 0, H).sigmoid();
    Tensor f = gates.narrow(1, H, H).sigmoid();
    Tensor g = gates.narrow(1, 2 * H, H).tanh();
    Tensor o = gates.narrow(1, 3 * H, H).sigmoid();

    Tensor c_new = f * c + i * g;
    Tensor h_new = o * c_new.tanh();

    return {h_new, c_new};
}

/* ======================= LSTM cell (2.3) ======================= */
MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size)
{
    double bound = 1.0 / std::sqrt((double)hidden_size);
    int64_t G = 4 * hidden_size;

    weight_ih = register_parameter("weight_ih",
                                   torch::rand({G, input_size}) * 2 * bound - bound);
    weight_hh = register_parameter("weight_hh",
                                   torch::rand({G, hidden_size}) * 2 * bound - bound);
    bias_ih = register_parameter("bias_ih",
                                 torch::rand({G}) * 2 * bound - bound);
    bias_hh = register_parameter("bias_hh",
                                 torch::rand({G}) * 2 * bound - bound);
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h, const Tensor& c)
{
    Tensor gates = x.mm(weight_ih.t()) + bias_ih
                 + h.mm(weight_hh.t()) + bias_hh;
    return lstm_state_update(gates, c);
}

/* ======================= motion LSTM (2.4) ======================= */
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size)
    : hidden_size(hidden_size)
{
    lstm = MyLSTMCell(input_size, hidden_size);
    linear = MyLinear(hidden_size, input_size);
    bn = torch::nn::BatchNorm1d(
        torch::nn::BatchNorm1dOptions(input_size)
            .affine(false)
            .track_running_stats(true));

    register_module("lstm", lstm);
    register_module("linear", linear);
    register_module("bn", bn);
}

void LSTMImpl::init_weight(double forget_bias)
{
    torch::NoGradGuard guard;

    /* matrices get Xavier, vectors get zero */
    for (auto& p : lstm->parameters())
    {
        if (p.dim() == 2)
        {
            torch::nn::init::xavier_uniform_(p);
        }
        else
        {
            p.zero_();
        }
    }
    for (auto& p : linear->parameters())
    {
        if (p.dim() == 2)
        {
            torch::nn::init::xavier_uniform_(p);
        }
        else
        {
            p.zero_();
        }
    }

    /* the forget gate is block #2 of 4 */
    lstm->bias_ih.narrow(0, hidden_size, hidden_size).fill_(forget_bias);
    lstm->bias_hh.narrow(0, hidden_size, hidden_size).fill_(forget_bias);
}

void LSTMImpl::init_hidden(int64_t batch_size)
{
    /* zeros on the same dtype/device as the weights */
    h = lstm->weight_hh.new_zeros({batch_size, hidden_size});
    c = lstm->weight_hh.new_zeros({batch_size, hidden_size});
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames)
{
    std::vector<Tensor> outs;
    int64_t frame = 0;

    while (frame < n_frames)
    {
        auto state = lstm(inputs, h, c);
        h = std::get<0>(state);
        c = std::get<1>(state);
        outs.push_back(bn(linear(h)));
        frame++;
    }

    return torch::stack(outs, 0);
}

} // namespace student

/*
 * Machine problem: recurrent layers for video generation.
 * The interface comes from layers/api.inc; equations follow section 2 of the handout
 * and the PyTorch torch.nn documentation.
 * Only elementary tensor operations are used (no built-in linear/recurrent modules).
 */
#include "layers/layers.h"
#include <cmath>
#include <vector>

namespace student
{

using torch::Tensor;

// Draws U(-b, b) into a new parameter, where b = 1/sqrt(fan).
// (uniform_ internally disables grad tracking, so nothing is recorded.)
static void init_uniform(Tensor param, int64_t fan)
{
    const double bound = 1.0 / std::sqrt(static_cast<double>(fan));
    torch::nn::init::uniform_(param, -bound, bound);
}

// ----- Section 2.1: fully connected layer -----
// kaiming_uniform_ with a = sqrt(5) is what nn.Linear uses for its weight, which is
// equivalent to U(-1/sqrt(fan_in), 1/sqrt(fan_in)). The bias gets the same range.
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size)
{
    weight = register_parameter("weight",
                                torch::empty({output_size, input_size}));
    bias = register_parameter("bias",
                              torch::empty({output_size}));
    torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
    init_uniform(bias, input_size);
}

// Single fused call: bias + x * W^T.
Tensor MyLinearImpl::forward(const Tensor& x)
{
    return torch::addmm(bias, x, weight.t());
}

// ----- Section 2.2: elementwise part of an LSTM step -----
// The four gate blocks (input, forget, cell, output) are stacked on dimension 1.
// Splitting on dim 1 only means 4-D ConvLSTM tensors work unchanged.
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates,
                                             const Tensor& c)
{
    std::vector<Tensor> g = torch::chunk(gates, 4, 1);
    Tensor i = torch::sigmoid(g[0]);
    Tensor f = torch::sigmoid(g[1]);
    Tensor cand = torch::tanh(g[2]);
    Tensor o = torch::sigmoid(g[3]);
    Tensor cy = f * c + i * cand;
    Tensor hy = o * torch::tanh(cy);
    return std::make_tuple(hy, cy);
}

// ----- Section 2.3: LSTM cell -----
// Matches nn.LSTMCell: every parameter ~ U(-1/sqrt(hidden), 1/sqrt(hidden)).
MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size)
{
    const int64_t G = 4 * hidden_size;
    weight_ih = register_parameter("weight_ih", torch::empty({G, input_size}));
    weight_hh = register_parameter("weight_hh", torch::empty({G, hidden_size}));
    bias_ih   = register_parameter("bias_ih", torch::empty({G}));
    bias_hh   = register_parameter("bias_hh", torch::empty({G}));
    init_uniform(weight_ih, hidden_size);
    init_uniform(weight_hh, hidden_size);
    init_uniform(bias_ih, hidden_size);
    init_uniform(bias_hh, hidden_size);
}

// Pre-activations from input and hidden paths, then the shared elementwise update.
std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x,
                                                   const Tensor& h,
                                                   const Tensor& c)
{
    Tensor gates = torch::addmm(bias_ih, x, weight_ih.t())
                 + torch::addmm(bias_hh, h, weight_hh.t());
    return lstm_state_update(gates, c);
}

// ----- Section 2.4: motion generator used by MoCoGAN -----
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size)
    : hidden_size(hidden_size)
{
    lstm = MyLSTMCell(input_size, hidden_size);
    linear = MyLinear(hidden_size, input_size);
    // batch norm without learnable scale/shift; running statistics kept
    bn = torch::nn::BatchNorm1d(
        torch::nn::BatchNorm1dOptions(input_size).affine(false));
    register_module("lstm", lstm);
    register_module("linear", linear);
    register_module("bn", bn);
}

// Xavier for weight matrices, zero for biases, then the forget-gate slice of
// both LSTM biases is set to forget_bias.
void LSTMImpl::init_weight(double forget_bias)
{
    torch::NoGradGuard guard;
    for (auto& item : named_parameters(true))
    {
        Tensor& p = item.value();
        if (item.key().find("weight") != std::string::npos)
            torch::nn::init::xavier_uniform_(p);
        else
            torch::nn::init::zeros_(p);
    }
    lstm->bias_ih.narrow(0, hidden_size, hidden_size).fill_(forget_bias);
    lstm->bias_hh.narrow(0, hidden_size, hidden_size).fill_(forget_bias);
}

// Zeroed recurrent state on the same device/dtype as the cell's weights.
void LSTMImpl::init_hidden(int64_t batch_size)
{
    h = torch::zeros({batch_size, hidden_size}, lstm->weight_hh.options());
    c = torch::zeros_like(h);
}

// Run the cell n_frames times on the same input; stack the normalised read-outs
// along a new leading time dimension.
Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames)
{
    std::vector<Tensor> outs;
    int64_t step = 0;
    while (step < n_frames)
    {
        auto state = lstm->forward(inputs, h, c);
        h = std::get<0>(state);
        c = std::get<1>(state);
        outs.push_back(bn->forward(linear->forward(h)).unsqueeze(0));
        ++step;
    }
    if (outs.empty())
    {
        return torch::empty({0, inputs.size(0), inputs.size(1)},
                            inputs.options());
    }
    return torch::cat(outs, 0);
}

} // namespace student

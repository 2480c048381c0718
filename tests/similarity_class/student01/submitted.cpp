/*
 * Recurrent layers for video -- MP implementation file.
 * Interface: layers/api.inc.  Math: handout (README.md, section 2) and the torch.nn docs.
 * Only raw tensor operations, torch::nn::init and torch::nn::BatchNorm1d are used here.
 */
#include "layers/layers.h"
#include <cmath>
#include <vector>

namespace student
{

using torch::Tensor;

/* ===== Linear layer (handout 2.1) ===== */

MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size)
{
    weight = register_parameter("weight", torch::empty({output_size, input_size}));
    bias = register_parameter("bias", torch::empty({output_size}));

    /* Same default as PyTorch: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for both tensors. */
    const double uniform_bound =
        1.0 / std::sqrt(static_cast<double>(input_size));
    torch::NoGradGuard no_gradient_recording;
    weight.uniform_(-uniform_bound, uniform_bound);
    bias.uniform_(-uniform_bound, uniform_bound);
}

Tensor MyLinearImpl::forward(const Tensor& x)
{
    Tensor input_times_weight_transposed =
        torch::matmul(x, weight.transpose(0, 1));
    Tensor linear_output = input_times_weight_transposed + bias; /* bias broadcast over rows */
    return linear_output;
}

/* ===== Elementwise part of the LSTM step (handout 2.2) ===== */

std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c)
{
    /* Dim 1 holds [i | f | g | o]; each block is H wide. */
    const int64_t hidden_width = gates.size(1) / 4;

    Tensor input_gate_preactivation     = gates.narrow(1, 0 * hidden_width, hidden_width);
    Tensor forget_gate_preactivation    = gates.narrow(1, 1 * hidden_width, hidden_width);
    Tensor candidate_cell_preactivation = gates.narrow(1, 2 * hidden_width, hidden_width);
    Tensor output_gate_preactivation    = gates.narrow(1, 3 * hidden_width, hidden_width);

    Tensor input_gate     = torch::sigmoid(input_gate_preactivation);
    Tensor forget_gate    = torch::sigmoid(forget_gate_preactivation);
    Tensor candidate_cell = torch::tanh(candidate_cell_preactivation);
    Tensor output_gate    = torch::sigmoid(output_gate_preactivation);

    Tensor next_cell_state   = forget_gate * c + input_gate * candidate_cell;
    Tensor next_hidden_state = output_gate * torch::tanh(next_cell_state);

    return std::make_tuple(next_hidden_state, next_cell_state);
}

/* ===== LSTM cell (handout 2.3) ===== */

MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size)
{
    const int64_t four_times_hidden = 4 * hidden_size;   /* i, f, g, o stacked */
    weight_ih = register_parameter("weight_ih",
                                   torch::empty({four_times_hidden, input_size}));
    weight_hh = register_parameter("weight_hh",
                                   torch::empty({four_times_hidden, hidden_size}));
    bias_ih = register_parameter("bias_ih", torch::empty({four_times_hidden}));
    bias_hh = register_parameter("bias_hh", torch::empty({four_times_hidden}));

    const double uniform_bound =
        1.0 / std::sqrt(static_cast<double>(hidden_size));
    torch::NoGradGuard no_gradient_recording;
    weight_ih.uniform_(-uniform_bound, uniform_bound);
    weight_hh.uniform_(-uniform_bound, uniform_bound);
    bias_ih.uniform_(-uniform_bound, uniform_bound);
    bias_hh.uniform_(-uniform_bound, uniform_bound);
}

std::tuple<Tensor, Tensor>
MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h, const Tensor& c)
{
    Tensor input_contribution =
        torch::matmul(x, weight_ih.transpose(0, 1)) + bias_ih;
    Tensor hidden_contribution =
        torch::matmul(h, weight_hh.transpose(0, 1)) + bias_hh;
    Tensor all_gate_preactivations = input_contribution + hidden_contribution;
    return lstm_state_update(all_gate_preactivations, c);
}

/* ===== MoCoGAN motion network (handout 2.4) ===== */

LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size)
    : hidden_size(hidden_size)
{
    lstm = register_module("lstm", MyLSTMCell(input_size, hidden_size));
    linear = register_module("linear", MyLinear(hidden_size, input_size));
    auto batch_norm_options =
        torch::nn::BatchNorm1dOptions(input_size).affine(false);
    bn = register_module("bn", torch::nn::BatchNorm1d(batch_norm_options));
}

void LSTMImpl::init_weight(double forget_bias)
{
    torch::nn::init::xavier_uniform_(lstm->weight_ih);
    torch::nn::init::xavier_uniform_(lstm->weight_hh);
    torch::nn::init::xavier_uniform_(linear->weight);

    torch::NoGradGuard no_gradient_recording;
    lstm->bias_ih.zero_();
    lstm->bias_hh.zero_();
    linear->bias.zero_();

    /* forget-gate rows [H, 2H) */
    const int64_t forget_gate_start = hidden_size;
    const int64_t forget_gate_end = 2 * hidden_size;
    lstm->bias_ih.slice(/*dim=*/0, forget_gate_start, forget_gate_end)
        .fill_(forget_bias);
    lstm->bias_hh.slice(/*dim=*/0, forget_gate_start, forget_gate_end)
        .fill_(forget_bias);
}

void LSTMImpl::init_hidden(int64_t batch_size)
{
    const Tensor& reference_parameter = lstm->weight_ih;
    auto state_options = torch::TensorOptions()
                             .dtype(reference_parameter.dtype())
                             .device(reference_parameter.device());
    h = torch::zeros({batch_size, hidden_size}, state_options);
    c = torch::zeros({batch_size, hidden_size}, state_options);
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames)
{
    std::vector<Tensor> frames_with_time_axis;
    for (int64_t frame_index = 0; frame_index < n_frames; ++frame_index)
    {
        auto new_hidden_and_cell = lstm->forward(inputs, h, c);
        h = std::get<0>(new_hidden_and_cell);
        c = std::get<1>(new_hidden_and_cell);

        Tensor projected_hidden = linear->forward(h);
        Tensor normalised_frame = bn->forward(projected_hidden);
        frames_with_time_axis.push_back(normalised_frame.unsqueeze(0));
    }
    /* result: [n_frames, batch, input_size] */
    return torch::cat(frames_with_time_axis, /*dim=*/0);
}

} // namespace student

/*
 * Bonus: GRU cell (handout 2.5, torch.nn.GRUCell semantics).
 * Raw tensor operations only, as in submitted.cpp.
 */
#include "layers/layers.h"
#include <cmath>

namespace student
{

using torch::Tensor;

Tensor gru_state_update(const Tensor& gi, const Tensor& gh, const Tensor& h)
{
    /* layout on dim 1: reset | update | candidate, H columns each */
    const int64_t hidden_width = h.size(1);

    Tensor input_reset_part     = gi.slice(1, 0, hidden_width);
    Tensor input_update_part    = gi.slice(1, hidden_width, 2 * hidden_width);
    Tensor input_candidate_part = gi.slice(1, 2 * hidden_width, 3 * hidden_width);

    Tensor hidden_reset_part     = gh.slice(1, 0, hidden_width);
    Tensor hidden_update_part    = gh.slice(1, hidden_width, 2 * hidden_width);
    Tensor hidden_candidate_part = gh.slice(1, 2 * hidden_width, 3 * hidden_width);

    Tensor reset_gate  = torch::sigmoid(input_reset_part + hidden_reset_part);
    Tensor update_gate = torch::sigmoid(input_update_part + hidden_update_part);
    /* as in PyTorch, the reset gate scales the hidden candidate term together with its bias */
    Tensor candidate_state =
        torch::tanh(input_candidate_part + reset_gate * hidden_candidate_part);
    Tensor next_hidden_state =
        (1 - update_gate) * candidate_state + update_gate * h;

    return next_hidden_state;
}

MyGRUCellImpl::MyGRUCellImpl(int64_t input_size, int64_t hidden_size)
{
    const int64_t three_times_hidden = 3 * hidden_size;   /* r, z, n stacked */
    weight_ih = register_parameter("weight_ih",
                                   torch::empty({three_times_hidden, input_size}));
    weight_hh = register_parameter("weight_hh",
                                   torch::empty({three_times_hidden, hidden_size}));
    bias_ih = register_parameter("bias_ih", torch::empty({three_times_hidden}));
    bias_hh = register_parameter("bias_hh", torch::empty({three_times_hidden}));

    const double uniform_bound =
        1.0 / std::sqrt(static_cast<double>(hidden_size));
    torch::NoGradGuard no_gradient_recording;
    weight_ih.uniform_(-uniform_bound, uniform_bound);
    weight_hh.uniform_(-uniform_bound, uniform_bound);
    bias_ih.uniform_(-uniform_bound, uniform_bound);
    bias_hh.uniform_(-uniform_bound, uniform_bound);
}

Tensor MyGRUCellImpl::forward(const Tensor& x, const Tensor& h)
{
    Tensor input_side_gates =
        torch::matmul(x, weight_ih.transpose(0, 1)) + bias_ih;
    Tensor hidden_side_gates =
        torch::matmul(h, weight_hh.transpose(0, 1)) + bias_hh;
    return gru_state_update(input_side_gates, hidden_side_gates, h);
}

} // namespace student

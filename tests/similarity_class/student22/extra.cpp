/*
 * Bonus part: GRU cell (see handout 2.5), raw tensor operations only.
 */
#include "layers/layers.h"
#include <cmath>

namespace student
{
using torch::Tensor;

/* gi and gh are each laid out as [reset | update | new] along dim 1. */
Tensor gru_state_update(const Tensor& gi, const Tensor& gh, const Tensor& h)
{
    auto in_parts = gi.chunk(3, 1);
    auto hid_parts = gh.chunk(3, 1);
    Tensor r = torch::sigmoid(in_parts[0] + hid_parts[0]);
    Tensor z = torch::sigmoid(in_parts[1] + hid_parts[1]);
    // reset gate applied to the whole hidden term, bias included (PyTorch convention)
    Tensor n = torch::tanh(in_parts[2] + r * hid_parts[2]);
    return (1 - z) * n + z * h;
}

MyGRUCellImpl::MyGRUCellImpl(int64_t input_size, int64_t hidden_size)
{
    weight_ih = register_parameter("weight_ih",
                                   torch::empty({3 * hidden_size, input_size}));
    weight_hh = register_parameter("weight_hh",
                                   torch::empty({3 * hidden_size, hidden_size}));
    bias_ih = register_parameter("bias_ih",
                                 torch::empty({3 * hidden_size}));
    bias_hh = register_parameter("bias_hh",
                                 torch::empty({3 * hidden_size}));

    const double bound =
        1.0 / std::sqrt(static_cast<double>(hidden_size));
    torch::NoGradGuard no_grad;
    for (auto* p : {&weight_ih, &weight_hh, &bias_ih, &bias_hh})
        p->uniform_(-bound, bound);
}

Tensor MyGRUCellImpl::forward(const Tensor& x, const Tensor& h)
{
    Tensor gi = torch::addmm(bias_ih, x, weight_ih.t());
    Tensor gh = torch::addmm(bias_hh, h, weight_hh.t());
    return gru_state_update(gi, gh, h);
}

} // namespace student

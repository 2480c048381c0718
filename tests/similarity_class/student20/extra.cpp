/*
 * Bonus: GRU cell, graded with `make extra`. Interface in layers/api.inc, maths in
 * README.md section 2.5 and the torch.nn.GRUCell docs. Same restrictions as the main
 * file: only plain tensor operations, no built-in GRU/linear/recurrent layers.
 */
#include "layers/layers.h"
#include <cmath>
#include <vector>

namespace student
{
using torch::Tensor;

namespace
{
    /* gate pre-activations: x * W^T + b (copy of the helper in submitted.cpp) */
    Tensor affine(const Tensor& x, const Tensor& w, const Tensor& b)
    {
        return torch::addmm(b, x, w.t());
    }

    /* U(-bound, bound) before registration, so no autograd history */
    Tensor uniform_tensor(std::vector<int64_t> shape, double bound)
    {
        return torch::empty(shape).uniform_(-bound, bound);
    }
} // anonymous namespace

Tensor gru_state_update(const Tensor& gi, const Tensor& gh, const Tensor& h)
{
    /* r, z, n blocks along dim 1, each as wide as h */
    const int64_t hid = h.size(1);
    const std::vector<int64_t> sizes{hid, hid, hid};
    std::vector<Tensor> in_parts  = torch::split(gi, sizes, 1);
    std::vector<Tensor> hid_parts = torch::split(gh, sizes, 1);
    Tensor reset  = torch::sigmoid(in_parts[0] + hid_parts[0]);
    Tensor update = torch::sigmoid(in_parts[1] + hid_parts[1]);
    /* note: the reset gate also scales the hidden-side bias of n (PyTorch convention) */
    Tensor cand = torch::tanh(in_parts[2] + reset * hid_parts[2]);
    return (1 - update) * cand + update * h;
}

MyGRUCellImpl::MyGRUCellImpl(int64_t input_size, int64_t hidden_size)
{
    const double bound = 1.0 / std::sqrt(static_cast<double>(hidden_size));
    const int64_t rows = 3 * hidden_size;
    weight_ih = register_parameter("weight_ih",
                                   uniform_tensor({rows, input_size}, bound));
    weight_hh = register_parameter("weight_hh",
                                   uniform_tensor({rows, hidden_size}, bound));
    bias_ih = register_parameter("bias_ih", uniform_tensor({rows}, bound));
    bias_hh = register_parameter("bias_hh", uniform_tensor({rows}, bound));
}

Tensor MyGRUCellImpl::forward(const Tensor& x, const Tensor& h)
{
    Tensor gi = affine(x, weight_ih, bias_ih);
    Tensor gh = affine(h, weight_hh, bias_hh);
    return gru_state_update(gi, gh, h);
}

} // namespace student

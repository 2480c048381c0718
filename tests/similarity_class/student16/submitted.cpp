/*
 * MP -- recurrent layers for video.
 *
 * Fill in the method bodies; they are graded by `make test`.  Declarations are in
 * layers/api.inc, the math is in README.md section 2 and in the torch.nn documentation
 * (https://pytorch.org/docs/stable/nn.html).
 *
 * Only basic tensor operations, torch::nn::init and torch::nn::BatchNorm1d may be used;
 * built-in linear / recurrent layers of torch are off limits.
 */
#include "layers/layers.h"
#include <cmath>
#include <vector>

namespace student
{
using torch::Tensor;

/* -------- 2.1: linear layer -------- */

MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size)
{
    weight = register_parameter("weight",
                                torch::empty({output_size, input_size}));
    bias = register_parameter("bias", torch::empty({output_size}));

    // range of the uniform init, guarded against an empty input
    double bound = 0.0;
    if (input_size > 0)
        bound = 1.0 / std::sqrt((double)input_size);

    torch::NoGradGuard no_grad;  // initialisation is not part of the graph
    weight.uniform_(-bound, bound);
    bias.uniform_(-bound, bound);
}

Tensor MyLinearImpl::forward(const Tensor& x)
{
    Tensor weight_t = weight.t();
    Tensor product = torch::matmul(x, weight_t);
    Tensor output = product + bias;
    return output;
}

/* -------- 2.2: LSTM gate arithmetic -------- */

std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates,
                                             const Tensor& c)
{
    // four equal blocks on dim 1: input, forget, candidate, output
    std::vector<Tensor> pieces = gates.chunk(4, 1);
    Tensor input_gate     = torch::sigmoid(pieces[0]);
    Tensor forget_gate    = torch::sigmoid(pieces[1]);
    Tensor cell_candidate = torch::tanh(pieces[2]);
    Tensor output_gate    = torch::sigmoid(pieces[3]);

    Tensor c_next = forget_gate * c + input_gate * cell_candidate;
    Tensor h_next = output_gate * torch::tanh(c_next);
    return std::make_tuple(h_next, c_next);
}

/* -------- 2.3: LSTM cell -------- */

MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size)
{
    int64_t gate_size = 4 * hidden_size;
    weight_ih = register_parameter("weight_ih",
                                   torch::empty({gate_size, input_size}));
    weight_hh = register_parameter("weight_hh",
                                   torch::empty({gate_size, hidden_size}));
    bias_ih = register_parameter("bias_ih", torch::empty({gate_size}));
    bias_hh = register_parameter("bias_hh", torch::empty({gate_size}));

    double stdv = 0.0;
    if (hidden_size > 0)
        stdv = 1.0 / std::sqrt((double)hidden_size);

    torch::NoGradGuard no_grad;
    weight_ih.uniform_(-stdv, stdv);
    weight_hh.uniform_(-stdv, stdv);
    bias_ih.uniform_(-stdv, stdv);
    bias_hh.uniform_(-stdv, stdv);
}

std::tuple<Tensor, Tensor>
MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h, const Tensor& c)
{
    Tensor gates_from_input = torch::matmul(x, weight_ih.t()) + bias_ih;
    Tensor gates_from_hidden = torch::matmul(h, weight_hh.t()) + bias_hh;
    Tensor gates = gates_from_input + gates_from_hidden;
    return lstm_state_update(gates, c);
}

/* -------- 2.4: MoCoGAN motion network -------- */

LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size)
    : hidden_size(hidden_size)
{
    lstm = register_module("lstm", MyLSTMCell(input_size, hidden_size));
    linear = register_module("linear", MyLinear(hidden_size, input_size));

    // no affine parameters, running mean/var still tracked
    torch::nn::BatchNorm1dOptions bn_options(input_size);
    bn_options.affine(false);
    bn_options.track_running_stats(true);
    bn = register_module("bn", torch::nn::BatchNorm1d(bn_options));
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

    // forget-gate slice [H, 2H) gets forget_bias instead
    int64_t H = hidden_size;
    lstm->bias_ih.narrow(0, H, H).fill_(forget_bias);
    lstm->bias_hh.narrow(0, H, H).fill_(forget_bias);
}

void LSTMImpl::init_hidden(int64_t batch_size)
{
    Tensor param = lstm->weight_ih;
    torch::TensorOptions options =
        torch::TensorOptions().dtype(param.dtype()).device(param.device());
    h = torch::zeros({batch_size, hidden_size}, options);
    c = torch::zeros({batch_size, hidden_size}, options);
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames)
{
    std::vector<Tensor> outputs;
    for (int64_t frame = 0; frame < n_frames; frame++)
    {
        std::tuple<Tensor, Tensor> new_state = lstm->forward(inputs, h, c);
        h = std::get<0>(new_state);
        c = std::get<1>(new_state);

        Tensor projected = linear->forward(h);
        Tensor normalised = bn->forward(projected);
        outputs.push_back(normalised);
    }
    Tensor result = torch::stack(outputs, 0);  // time-major output
    return result;
}

} // namespace student

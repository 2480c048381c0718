// Whether a parameter's initial values are draws from U(-bound, bound): range, mean, spread
// and shape of the distribution, each tested on its own so that the message names what is off.
#pragma once

#include <string>
#include <vector>

namespace grading {

// The chance that a statistical check below fails true U(-bound, bound) draws. The init tests
// check fewer than 30 parameters, 3 such checks each, so a correct submission loses init points
// by chance less than once in a million gradings. The bounds behind each check (Hoeffding's
// inequality, the Dvoretzky-Kiefer-Wolfowitz inequality with Massart's constant) hold for any
// number of draws, with no normal approximation.
constexpr double kFalseFailure = 1e-8;

// Empty when `draws` pass every check, else one line: which property is off, by how much, and
// what U(-bound, bound) allows for this many draws.
std::string uniform_misfit(const std::vector<double>& draws, double bound);

}  // namespace grading

// The escape attempts of tests/hostile/leaves_the_process.cpp in a process without the probe's
// system-call filter: the attempts are real, so the test that they are refused can fail.
#include "tests/hostile/escape_attempts.h"

#include <iostream>

int main() { std::cout << "let through: " << hostile::calls_let_through() << "\n"; }

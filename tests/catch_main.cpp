// Catch2's main for the framework's own test programs, compiled once.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

// The grader's own parts, tested on inputs made to break them: fixture parsing, the source
// scan, and the containment of child processes.
#include "grader/common/flat_tensor.h"
#include "grader/judge/grading_context.h"
#include "grader/judge/source_scan.h"
#include "grader/judge/subprocess.h"

#include <catch2/catch.hpp>

#include <csignal>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <thread>

using namespace grading;

TEST_CASE("nested lists parse to shape and values, and round trip") {
  const auto json = nlohmann::json::parse("[[1, 2, 3], [4, 5, 6]]");
  const FlatTensor t = flat_tensor_from_json(json, "x");
  CHECK(t.shape == std::vector<int64_t>{2, 3});
  CHECK(t.values == std::vector<double>{1, 2, 3, 4, 5, 6});
  CHECK(flat_tensor_to_json(t) == json);
  CHECK(flat_tensor_from_json(nlohmann::json(2.5), "s").shape.empty());
  CHECK(index_string({2, 3}, 4) == "[1, 1]");
}

TEST_CASE("ragged or non-numeric lists are refused with the key's name") {
  CHECK_THROWS_WITH(flat_tensor_from_json(nlohmann::json::parse("[[1, 2], [3]]"), "'w'"),
                    Catch::Contains("'w'") && Catch::Contains("ragged"));
  CHECK_THROWS_WITH(flat_tensor_from_json(nlohmann::json::parse("[1, [2]]"), "'w'"),
                    Catch::Contains("ragged"));
  CHECK_THROWS(flat_tensor_from_json(nlohmann::json::parse("[\"a\"]"), "'w'"));
  CHECK_THROWS(flat_tensor_from_json(nlohmann::json::parse("{\"a\": 1}"), "'w'"));
}

TEST_CASE("NaN and infinity survive JSON as strings") {
  FlatTensor t{{3}, {NAN, INFINITY, -INFINITY}};
  const FlatTensor back = flat_tensor_from_json(flat_tensor_to_json(t), "t");
  CHECK(std::isnan(back.values[0]));
  CHECK(back.values[1] == INFINITY);
  CHECK(back.values[2] == -INFINITY);
}

TEST_CASE("the source scan finds torch's layers however they are spelled") {
  const std::string code =
      "#include <torch/torch.h>\n"
      "namespace F = torch::nn::functional;\n"
      "auto a = torch::nn::Linear(3, 4);\n"
      "auto b = F::linear(x, w);\n"
      "auto c = torch :: lstm_cell(x, {h, c}, w1, w2);\n"
      "using torch::nn::GRUCell;\n"
      "auto d = at::native::gru_cell(x, h);\n";
  const auto uses = forbidden_uses_in(code, "s.cpp");
  REQUIRE(uses.size() == 5);
  CHECK(uses[0] == "s.cpp:3: torch::nn::Linear");
  CHECK(uses[1] == "s.cpp:4: F::linear");
  CHECK(uses[2] == "s.cpp:5: torch::lstm_cell");
  CHECK(uses[3] == "s.cpp:6: torch::nn::GRUCell");
  CHECK(uses[4] == "s.cpp:7: at::native::gru_cell");
}

TEST_CASE("the source scan ignores comments, strings and the student's own names") {
  const std::string code =
      "// do not use torch::nn::Linear\n"
      "/* nor torch::nn::LSTMCell\n   across lines */\n"
      "const char* s = \"torch::linear\";\n"
      "linear = register_module(\"linear\", MyLinear(h, n));\n"
      "auto y = linear->forward(lstm->forward(x, h, c));\n"
      "torch::nn::LinearOptions options(3, 4);\n";
  CHECK(forbidden_uses_in(code, "s.cpp").empty());
}

namespace {

ProcessOutcome run_one(std::vector<std::string> argv, ProcessLimits limits = {}) {
  return run_processes({{std::move(argv), limits}}, 1).at(0);
}

}  // namespace

TEST_CASE("a child's exit status and output come back") {
  const auto outcome = run_one({"/bin/sh", "-c", "echo hello; exit 3"});
  CHECK(outcome.kind == ProcessOutcome::Kind::exited);
  CHECK(outcome.exit_code == 3);
  CHECK(outcome.output == "hello\n");
}

TEST_CASE("a hanging child is killed at its time limit, with what it forked") {
  ProcessLimits limits;
  limits.timeout_seconds = 0.5;
  const auto start = std::chrono::steady_clock::now();
  const auto outcome = run_one({"/bin/sh", "-c", "sleep 30 & sleep 30"}, limits);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(outcome.kind == ProcessOutcome::Kind::timed_out);
  CHECK(seconds < 5);
  CHECK(outcome.describe(limits) == "timed out after 0.5 s");
}

TEST_CASE("a crash is reported by its signal") {
  const ProcessLimits limits;
  const auto outcome = run_one({"/bin/sh", "-c", "kill -SEGV $$"});
  CHECK(outcome.kind == ProcessOutcome::Kind::signaled);
  CHECK(outcome.describe(limits) == "crashed: SIGSEGV (Segmentation fault)");
}

TEST_CASE("a flood of output is capped and does not block the child") {
  ProcessLimits limits;
  limits.output_bytes = 1000;
  const auto outcome = run_one({"/bin/sh", "-c", "head -c 5000000 /dev/zero; exit 0"}, limits);
  CHECK(outcome.kind == ProcessOutcome::Kind::exited);
  CHECK(outcome.output.size() == 1000);
  CHECK(outcome.output_truncated);
}

TEST_CASE("a child that exits while its own child holds the output is not waited on") {
  ProcessLimits limits;
  limits.timeout_seconds = 20;
  const auto start = std::chrono::steady_clock::now();
  const auto outcome = run_one({"/bin/sh", "-c", "sleep 30 & exit 0"}, limits);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(outcome.kind == ProcessOutcome::Kind::exited);
  CHECK(seconds < 5);
}

TEST_CASE("the memory limit stops a huge allocation") {
  ProcessLimits limits;
  limits.memory_mb = 64;
  // dd asks for one 256 MiB buffer, which the address-space limit refuses.
  const auto outcome = run_one({"/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=256M", "count=1"}, limits);
  CHECK_FALSE((outcome.kind == ProcessOutcome::Kind::exited && outcome.exit_code == 0));
}

TEST_CASE("many jobs run in parallel and keep their order") {
  std::vector<ProcessJob> jobs;
  for (int i = 0; i < 6; ++i) jobs.push_back({{"/bin/sh", "-c", "sleep 0.3; echo " + std::to_string(i)}, {}});
  const auto start = std::chrono::steady_clock::now();
  const auto outcomes = run_processes(jobs, 3);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (int i = 0; i < 6; ++i) CHECK(outcomes[i].output == std::to_string(i) + "\n");
  CHECK(seconds < 1.5);  // two rounds of 0.3 s, not six
}

TEST_CASE("a probe that reports nothing is explained by how it ended") {
  const ProcessLimits limits;
  ProcessOutcome exited_early;
  exited_early.kind = ProcessOutcome::Kind::exited;
  exited_early.exit_code = 0;
  CHECK(interpret_probe(exited_early, limits, "/nonexistent").failure.find("exited early") == 0);

  ProcessOutcome crashed;
  crashed.kind = ProcessOutcome::Kind::signaled;
  crashed.signal = SIGABRT;
  crashed.output = "terminate called\nsomething broke\n";
  CHECK(interpret_probe(crashed, limits, "/nonexistent").failure ==
        "crashed: SIGABRT (Aborted); last output: something broke");

  const std::string garbage = "/tmp/grader_selftest_garbage.json";
  std::ofstream(garbage) << "{not json";
  ProcessOutcome fine;
  fine.kind = ProcessOutcome::Kind::exited;
  fine.exit_code = 0;
  CHECK(interpret_probe(fine, limits, garbage).failure == "wrote a result the grader cannot read");
}

TEST_CASE("a daemon a child started in a session of its own does not outlive the run") {
  const std::string marker = "/tmp/grader_selftest_daemon_ran";
  std::remove(marker.c_str());
  const auto outcome = run_one({"/bin/sh", "-c", "setsid sh -c 'sleep 1; touch " + marker + "' & exit 0"});
  CHECK(outcome.kind == ProcessOutcome::Kind::exited);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  CHECK_FALSE(std::ifstream(marker).good());
}

TEST_CASE("output past the cap fails the probe even when its result is right") {
  ProcessLimits limits;
  limits.output_bytes = 1 << 10;
  ProcessOutcome flooded;
  flooded.kind = ProcessOutcome::Kind::exited;
  flooded.exit_code = 0;
  flooded.output_truncated = true;
  CHECK(interpret_probe(flooded, limits, "/nonexistent").failure ==
        "printed more than 1 KiB of output; print less");
}

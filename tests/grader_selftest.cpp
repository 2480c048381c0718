// The grader's own parts, tested on inputs made to break them: fixture parsing, the checks of
// initial distributions, the source scan, the object's symbols, the containment of child
// processes, the submission's caps and the sandbox.
#include "grader/common/fixture_shapes.h"
#include "grader/common/flat_tensor.h"
#include "grader/common/graded_layer.h"
#include "grader/common/printable.h"
#include "grader/judge/compare.h"
#include "grader/judge/grading_context.h"
#include "grader/judge/object_symbols.h"
#include "grader/judge/sandbox.h"
#include "grader/judge/source_scan.h"
#include "grader/judge/submission_build.h"
#include "grader/judge/submission_caps.h"
#include "grader/judge/subprocess.h"
#include "grader/judge/uniform_fit.h"
#include "tests/scratch.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

using namespace grading;

namespace {

// What the judge reads a probe's result file after: the probe exited, status 0.
ProcessOutcome exited_cleanly() {
  ProcessOutcome exited;
  exited.kind = ProcessOutcome::Kind::exited;
  exited.exit_code = 0;
  return exited;
}

}  // namespace

TEST_CASE("the fixture keys agree: the task table's, the shape rules' and each committed file's") {
  std::set<std::string> used;  // by some task, as an input or an expected output
  for (const TaskSpec& spec : task_specs()) {
    used.insert(spec.inputs.begin(), spec.inputs.end());
    for (const auto& output : spec.outputs) used.insert(output.second);
  }
  for (const std::string& key : shaped_fixture_keys()) {
    INFO(key);
    CHECK(used.count(key) == 1);  // a shape rule for a key no task reads: a typo on one side
  }
  for (const char* path : {VISIBLE_FIXTURES, HIDDEN_FIXTURES}) {
    std::ifstream in(path);
    const nlohmann::json fixtures = nlohmann::json::parse(in);
    std::set<std::string> written;
    for (const auto& item : fixtures.items()) written.insert(item.key());
    CHECK(written == used);  // make_fixtures writes exactly what the tasks read and compare
    std::map<std::string, int64_t> bound;
    for (const auto& item : fixtures.items()) {
      if (item.value().is_primitive()) continue;  // sizes and settings
      INFO(path << ": " << item.key());
      FlatTensor tensor;
      REQUIRE(parse_tensor(item.key(), item.value(), tensor).empty());
      CHECK_NOTHROW(check_fixture_shape(item.key(), tensor.shape, fixtures, bound));
    }
  }
}

TEST_CASE("each size and tensor is declared once, shapes name declared sizes, what is drawn after names a layer") {
  std::set<std::string> sizes, layers, tensors;
  for (const GradedLayer& layer : graded_layers()) {
    layers.insert(layer.name);
    for (const Size& size : layer.sizes) CHECK(sizes.insert(size.key).second);  // declared once
    for (const FixtureTensor& tensor : layer.tensors) CHECK(tensors.insert(tensor.key).second);
  }
  for (const GradedLayer& layer : graded_layers())
    for (const FixtureTensor& tensor : layer.tensors) {
      INFO(layer.name << ": " << tensor.key << " [" << tensor.shape << "]");
      for (const Dimension& dimension : dimensions_of(tensor.shape)) CHECK(sizes.count(dimension.size) == 1);
      if (!tensor.drawn_after.empty()) CHECK(layers.count(tensor.drawn_after) == 1);
    }
}

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

namespace {

// n draws of `draw(generator)`, from a fixed seed.
template <typename Draw>
std::vector<double> draws(size_t n, uint64_t seed, Draw draw) {
  std::mt19937_64 generator(seed);
  std::vector<double> values(n);
  for (auto& v : values) v = draw(generator);
  return values;
}

std::vector<double> uniform_draws(size_t n, uint64_t seed, double lo, double hi) {
  std::uniform_real_distribution<double> uniform(lo, hi);
  return draws(n, seed, [&](std::mt19937_64& g) { return uniform(g); });
}

}  // namespace

TEST_CASE("draws from U(-b, b) pass the distribution checks, however many") {
  const double b = 0.3;
  for (size_t n : {1, 2, 10, 100, 4096, 100000})
    for (uint64_t seed = 0; seed < 50; ++seed) {
      INFO(n << " draws, seed " << seed);
      CHECK(uniform_misfit(uniform_draws(n, seed, -b, b), b).empty());
    }
}

TEST_CASE("draws off U(-b, b) fail the check that names what is off") {
  const double b = 0.3;
  const size_t n = 4096;
  CHECK_THAT(uniform_misfit(uniform_draws(n, 1, -1.1 * b, 1.1 * b), b), Catch::Contains("outside the bounds"));
  CHECK_THAT(uniform_misfit(std::vector<double>(n, 0.1), b), Catch::Contains("every value is 0.1"));
  CHECK_THAT(uniform_misfit({}, b), Catch::Contains("no values"));
  // A range not centred on zero.
  CHECK_THAT(uniform_misfit(uniform_draws(n, 2, -b / 2, b), b), Catch::Contains("the mean is"));
  // A bound a few times too small, and a bound 20% too small.
  CHECK_THAT(uniform_misfit(uniform_draws(n, 3, -b / 3, b / 3), b), Catch::Contains("the spread"));
  CHECK_THAT(uniform_misfit(uniform_draws(n, 4, -0.8 * b, 0.8 * b), b), Catch::Contains("the spread"));
  // Right mean and spread, wrong shape: +-b/sqrt(3) with random signs.
  const auto two_points = draws(n, 5, [&](std::mt19937_64& g) { return (g() % 2 ? 1 : -1) * b / std::sqrt(3.0); });
  CHECK_THAT(uniform_misfit(two_points, b), Catch::Contains("Kolmogorov-Smirnov"));
  // Half of them uniform, half at +-b/sqrt(3): the mean and mean square are still U's.
  std::uniform_real_distribution<double> uniform(-b, b);
  const auto half_uniform = draws(n, 6, [&](std::mt19937_64& g) {
    return g() % 2 ? uniform(g) : (g() % 2 ? 1 : -1) * b / std::sqrt(3.0);
  });
  CHECK_THAT(uniform_misfit(half_uniform, b), Catch::Contains("Kolmogorov-Smirnov"));
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

TEST_CASE("the syntax-tree check reports each use once, named by line") {
  const auto uses = forbidden_uses_from_clang("30: linear\n30: linear\n41: JOIN(lin, ear)\n", "s.cpp");
  REQUIRE(uses.size() == 2);
  CHECK(uses[0] == "s.cpp:30: linear");
  CHECK(uses[1] == "s.cpp:41: JOIN(lin, ear)");
  CHECK(forbidden_uses_from_clang("", "s.cpp").empty());
}

TEST_CASE("code clang cannot read is the student's; an error elsewhere is the grader's") {
  CHECK(clang_could_not_read("", "/b/s.cpp", "s.cpp").empty());
  CHECK(clang_could_not_read("/b/s.cpp:7:3: error: use of undeclared identifier 'q'\n1 error generated.\n",
                             "/b/s.cpp", "s.cpp") ==
        "s.cpp:7: clang cannot read this (use of undeclared identifier 'q'), so it cannot be checked "
        "for torch's layers; write standard C++17");
  // An error in another file without a precompiled header's trouble is the submission's doing.
  CHECK(clang_could_not_read("/usr/include/c++/12/vector:1:1: error: unknown attribute\n", "/b/s.cpp", "s.cpp")
            .find("s.cpp:1: clang cannot read this") == 0);
  CHECK_THROWS_WITH(clang_could_not_read("fatal error: /x/layers.h.pch: PCH file built from another version\n"
                                         "/x/layers.h:1:1: fatal error: stale\n",
                                         "/b/s.cpp", "s.cpp"),
                    Catch::Contains("the source check failed"));
}

TEST_CASE("the source scan finds tests of which compiler reads the code") {
  const auto tests = compiler_tests_in("#ifdef __clang__\n#elif __GNUC__ >= 12\n// __clang__\n#endif\n", "s.cpp");
  REQUIRE(tests.size() == 2);
  CHECK(tests[0] == "s.cpp:1: __clang__");
  CHECK(tests[1] == "s.cpp:2: __GNUC__");
}

TEST_CASE("a submission's text is shown as text: no escape, carriage return, override or bad byte") {
  CHECK(printable("plain text, ünïcödé and 漢字") == "plain text, ünïcödé and 漢字");
  CHECK(printable("\x1b[2J\rScore: 50 / 50\n") == "\\x1B[2J\\rScore: 50 / 50\\n");
  CHECK(printable("tab\there\x7f") == "tab\\there\\x7F");
  CHECK(printable("\xe2\x80\xae reversed") == "\\u202E reversed");  // right-to-left override
  CHECK(printable("zero\xe2\x80\x8bwidth") == "zero\\u200Bwidth");
  CHECK(printable("\xc2\x9b" "31m") == "\\u009B31m");                    // C1 control sequence introducer
  CHECK(printable("bad \xff\xc3 end") == "bad \\xFF\\xC3 end");
  CHECK(printable("\xed\xa0\x80") == "\\xED\\xA0\\x80");              // a surrogate is not UTF-8
  CHECK(printable_lines("line 1\nline\r2") == "line 1\nline\\r2");
}

TEST_CASE("a sequence that is off from the second frame on says so") {
  const FlatTensor expected{{4, 1, 2}, {0, 0, 1, 1, 2, 2, 3, 3}};
  const nlohmann::json actual = {{{0, 0}}, {{1, 1}}, {{9, 9}}, {{9, 9}}};
  const std::string problem = mismatch("output", actual, expected, {1e-6, 0}, true);
  CHECK(problem.find("4 of 8 elements off") != std::string::npos);
  CHECK(problem.find("; frames 0-1 right, frames 2-3 off") != std::string::npos);
  CHECK(mismatch("output", actual, expected, {1e-6, 0}).find("frames") == std::string::npos);
}

TEST_CASE("the source scan finds assembly and the attributes that name symbols or sections") {
  const std::string code =
      "asm(\".incbin \\\"/x\\\"\");\n"
      "extern int f() __asm__(\"_ZN2at6native6linearE\");\n"
      "static void g() __attribute__((used, __section__(\".preinit_array\")));\n"
      "[[gnu::constructor]] void h();\n"
      "// asm in a comment, __attribute__((alias)) too\n"
      "int assembly = 0; [[nodiscard]] int k();\n"
      "#line 1 \"/usr/include/c++/12/vector\"\n"
      "# 3 \"other.cpp\"\n";
  const auto uses = low_level_uses_in(code, "s.cpp");
  REQUIRE(uses.size() == 6);
  CHECK(uses[4] == "s.cpp:7: #line");
  CHECK(uses[5] == "s.cpp:8: #3");
  CHECK(uses[0] == "s.cpp:1: asm");
  CHECK(uses[1] == "s.cpp:2: __asm__");
  CHECK(uses[2] == "s.cpp:3: attribute section");
  CHECK(uses[3] == "s.cpp:4: attribute constructor");
  const auto from_clang = low_level_uses_from_clang("12: linear\nlow-level 3: asm(\"nop\")\n", "s.cpp");
  REQUIRE(from_clang.size() == 1);
  CHECK(from_clang[0] == "s.cpp:3: asm(\"nop\")");
}

TEST_CASE("the text scans run in one pass on any input: a 600 KB line, unclosed brackets") {
  std::string line = "#if 0\nauto x = torch";
  for (int i = 0; i < 60000; ++i) line += "::a";
  line += "::x;\n#endif\n__attribute__((((((\n[[";
  CHECK(forbidden_uses_in(line, "s.cpp").empty());
  CHECK(low_level_uses_in(line, "s.cpp").empty());
  CHECK(compiler_tests_in(line, "s.cpp").empty());
  const std::string clang_line = "/b/s.cpp:2:1: error: " + std::string(600000, 'a') + "\n";
  CHECK(clang_could_not_read(clang_line, "/b/s.cpp", "s.cpp").size() < 400);
  CHECK(forbidden_uses_from_clang(std::string(600000, '7') + ": x\n", "s.cpp").size() == 1);
}

TEST_CASE("an object may define only what is in its namespace, and call only what a solution needs") {
  const std::vector<ObjectSymbol> symbols = {
      {'T', "_ZN7student12MyLinearImpl7forwardERKN2at6TensorE", "student::MyLinearImpl::forward(at::Tensor const&)"},
      {'W', "_ZN3c1013intrusive_ptr...", "c10::intrusive_ptr<c10::TensorImpl, c10::UndefinedTensorImpl>::reset_()"},
      {'V', "_ZTIN7student12MyLinearImplE", "typeinfo for student::MyLinearImpl"},
      {'U', "_ZN2at6matmul...", "at::matmul(at::Tensor const&, at::Tensor const&)"},  // allowed
      {'T', "_ZN7grading22forbidden_layer_called...", "grading::forbidden_layer_called[abi:cxx11]()"},
      {'U', "_ZN7grading10task_specsEv", "grading::task_specs()"},
      {'U', "_ZN2at4_ops6linear4call...", "at::_ops::linear::call(at::Tensor const&, at::Tensor const&)"},
      {'U', "_ZN2at6native6linear...", "at::native::linear(at::Tensor const&, at::Tensor const&)"},
      {'U', "_ZN5torch7Library5_impl...", "torch::Library::_impl(char const*, torch::CppFunction&&)"},
      {'U', "_ZN2at14DynamicLibrary3sym...", "at::DynamicLibrary::sym(char const*)"},
      {'U', "dlsym", "dlsym"},
      {'U', "execve", "execve"},
      {'U', "_ZN3c1010Dispatcher8singletonEv", "c10::Dispatcher::singleton()"},  // not in the vocabulary
      {'U', "fork", "fork"},
      {'U', "memcpy", "memcpy"},                                                 // the runtime's
      {'U', "_ZNSt6thread15_M_start_thread...", "std::thread::_M_start_thread(std::unique_ptr<...>)"},
      {'U', "_ZTINSt6thread6_StateE", "typeinfo for std::thread::_State"},                  // nested in std
      {'U', "_ZN2at3fooIiEESt6vectorIiSaIiEEv", "std::vector<int, std::allocator<int> > at::foo<int>()"},
      {'T', "main", "main"},
      {'T', "_ZN2at6linear...", "at::linear(at::Tensor const&, at::Tensor const&)"},  // interposes
  };
  const std::set<std::string> callable = {"_ZN2at6matmul..."};
  const auto violations = object_symbol_violations(symbols, "s.cpp", "student", callable);
  REQUIRE(violations.size() == 13);
  CHECK(violations[0] == "s.cpp defines grading::forbidden_layer_called[abi:cxx11](), which belongs to the grader; "
                         "a submission may use only its own code and LibTorch");
  CHECK(violations[1].find("s.cpp uses grading::task_specs()") == 0);
  CHECK(violations[2] == "s.cpp calls at::_ops::linear::call, torch's own layer, which this assignment forbids");
  CHECK(violations[3] == "s.cpp calls at::native::linear, torch's own layer, which this assignment forbids");
  CHECK(violations[4] == "s.cpp uses torch::Library::_impl, which registers kernels with LibTorch or loads its code "
                         "by name; this assignment does not allow it");
  CHECK(violations[5].find("s.cpp uses at::DynamicLibrary::sym") == 0);
  CHECK(violations[6] == "s.cpp calls dlsym, which loads or runs other code; this assignment does not allow it");
  CHECK(violations[7] == "s.cpp calls execve, which loads or runs other code; this assignment does not allow it");
  CHECK(violations[8] == "s.cpp calls c10::Dispatcher::singleton, which no solution needs (what a solution may "
                         "call: grader/source_check/solution_vocabulary.cpp)");
  CHECK(violations[9].find("s.cpp calls fork, which no solution needs") == 0);
  // A template function's demangled name starts with its return type: judged on the mangled name.
  CHECK(violations[10].find("s.cpp calls std::vector<int, std::allocator<int> > at::foo<int>, which no solution "
                            "needs") == 0);
  CHECK(violations[11].find("s.cpp defines main outside namespace student") == 0);
  CHECK(violations[12] == "s.cpp calls at::linear, torch's own layer, which this assignment forbids");
  // The course's own objects are checked against their namespace.
  CHECK(object_symbol_violations({{'T', "_ZN9reference9lstm_cellEv", "reference::lstm_cell()"}}, "r.cpp", "reference",
                                 callable)
            .empty());
  CHECK(object_symbol_violations({{'T', "_ZN9reference1fEv", "reference::f()"}}, "r.cpp", "student", callable).size() ==
        1);
  // What the vocabulary's object calls is what a solution may call.
  CHECK(undefined_symbols("_ZN2at6matmul U\n_ZN7student1fEv T 0 8\nmemset w\n") ==
        std::set<std::string>{"_ZN2at6matmul", "memset"});
}

TEST_CASE("nm's two listings pair up: the linker's name, the kind, and the C++ name with its spaces") {
  const auto symbols = parse_symbols("_ZN7student1fERKN2at6TensorE T 10 8\ndlsym U         \n",
                                     "student::f(at::Tensor const&) T 10 8\ndlsym U         \n");
  REQUIRE(symbols.size() == 2);
  CHECK(symbols[0].kind == 'T');
  CHECK(symbols[0].symbol == "_ZN7student1fERKN2at6TensorE");
  CHECK(symbols[0].name == "student::f(at::Tensor const&)");
  CHECK(symbols[1].kind == 'U');
  CHECK(symbols[1].name == "dlsym");
}

TEST_CASE("a build command's paths are in view, the project's only through layers/") {
  const std::string root = std::filesystem::temp_directory_path() / "grader_selftest_project";
  std::filesystem::create_directories(root + "/layers");
  std::filesystem::create_directories(root + "/build/pch");
  std::filesystem::create_directories(root + "/build/obj");
  std::ofstream(root + "/build/pch/h.hxx") << "";
  std::ofstream(root + "/build/pch/h.hxx.gch") << "";
  std::ofstream(root + "/build/s.cpp") << "";
  const Mounts mounts = mounts_named_by("/usr/bin/c++ -I" + root + " -isystem /usr/include -include " + root +
                                            "/build/pch/h.hxx -MD -MT obj/s.o -MF obj/s.o.d -o obj/s.o -c " + root +
                                            "/build/s.cpp",
                                        root + "/build", root);
  CHECK(mounts.read_only == std::vector<std::string>{root + "/layers", root + "/build/pch/h.hxx",
                                                     root + "/build/pch/h.hxx.gch", root + "/build/s.cpp"});
  CHECK(mounts.writable == std::vector<std::string>{root + "/build/obj"});
  std::filesystem::remove_all(root);
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

TEST_CASE("a sleeping child is stopped by the wall clock, twice, with what it forked") {
  ProcessLimits limits;
  limits.wall_seconds = 0.5;
  const auto start = std::chrono::steady_clock::now();
  const auto outcome = run_one({"/bin/sh", "-c", "sleep 30 & sleep 30"}, limits);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(outcome.kind == ProcessOutcome::Kind::timed_out);
  CHECK(outcome.ran_again_alone);
  CHECK(seconds >= 1);
  CHECK(seconds < 5);
  CHECK(outcome.describe(limits) ==
        "timed out: still running after 0.5 s, also when run again alone, without using its 10 s of "
        "CPU time (sleeping or blocked?)");
}

TEST_CASE("a busy child is stopped by its CPU time, even one that ignores SIGXCPU") {
  ProcessLimits limits;
  limits.cpu_seconds = 1;
  for (const char* loop : {"while :; do :; done", "trap '' XCPU; while :; do :; done"}) {
    INFO(loop);
    const auto outcome = run_one({"/bin/sh", "-c", loop}, limits);
    CHECK(outcome.kind == ProcessOutcome::Kind::out_of_cpu_time);
    CHECK_FALSE(outcome.ran_again_alone);
    CHECK(outcome.describe(limits) == "timed out: used its 1 s of CPU time");
  }
}

TEST_CASE("CPU time, not the machine's load, decides: a busy child beside many is judged alike") {
  // Three times as many busy children as cores: each gets a third of a core, so each takes
  // about three times its CPU limit on the wall clock, yet each is stopped by CPU time.
  ProcessLimits limits;
  limits.cpu_seconds = 1;
  const int children = 3 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const std::vector<ProcessJob> jobs(children, {{"/bin/sh", "-c", "while :; do :; done"}, limits});
  for (const auto& outcome : run_processes(jobs, children)) CHECK(outcome.kind == ProcessOutcome::Kind::out_of_cpu_time);
}

TEST_CASE("the deadline stops what runs, starts nothing more and runs nothing again") {
  ProcessLimits limits;
  limits.wall_seconds = 20;
  const std::vector<ProcessJob> jobs(3, {{"/bin/sh", "-c", "sleep 30"}, limits});
  const auto start = std::chrono::steady_clock::now();
  const auto outcomes = run_processes(jobs, 1, deadline_in(1));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 3);
  CHECK(outcomes[0].kind == ProcessOutcome::Kind::timed_out);
  CHECK(outcomes[0].deadline_passed);
  CHECK_FALSE(outcomes[0].ran_again_alone);
  for (int i : {1, 2}) {
    CHECK(outcomes[i].kind == ProcessOutcome::Kind::not_started);
    CHECK(outcomes[i].describe(limits).find("not run: the grading's time for all tests ran out") == 0);
  }
}

namespace {

// A folder shaped like cgroupfs: `files` (path -> content) under a fresh folder named `name`.
std::string fake_cgroupfs(const std::string& name, const std::map<std::string, std::string>& files) {
  const std::string root = scratch_path("grader_selftest", name);
  std::filesystem::remove_all(root);
  for (const auto& [path, content] : files) {
    std::filesystem::create_directories(std::filesystem::path(root + "/" + path).parent_path());
    std::ofstream(root + "/" + path) << content;
  }
  return root;
}

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  return text;
}

}  // namespace

TEST_CASE("cgroup v2: one group below the judge's, its controllers enabled there, each cap set") {
  const std::string root = fake_cgroupfs(
      "cgroup-v2", {{"cgroup.controllers", "cpu memory pids"}, {"grading/cgroup.controllers", "cpu io memory pids"},
                    {"grading/cgroup.subtree_control", ""}, {"grading/cgroup.procs", ""}, {"membership", "0::/grading\n"}});
  const std::string group = root + "/grading/judge-" + std::to_string(getpid());
  {
    SubmissionCaps caps(4096, 256, 1.5, {root, root + "/membership"});
    CHECK(caps.memory_in_cgroup());
    CHECK(caps.processes_in_cgroup());
    CHECK(caps.cpu_in_cgroup());
    CHECK(file_text(root + "/grading/cgroup.subtree_control") == "+memory +pids +cpu");
    CHECK(file_text(group + "/memory.max") == "4294967296");
    CHECK(file_text(group + "/pids.max") == "256");
    CHECK(file_text(group + "/cpu.max") == "150000 100000");
    std::ofstream(group + "/memory.events") << "low 0\nhigh 0\nmax 4\noom 2\noom_kill 2\n";
    CHECK(caps.memory_kills() == 2);
    CHECK(caps.description(false) ==
          "memory 4096 MiB for all its processes and /tmp together (cgroup v2), processes 256 at once (cgroup v2), "
          "CPU 1.5 cores' time together (cgroup v2)");
  }
  // Left as it was found: the controllers it enabled, disabled again.
  CHECK(file_text(root + "/grading/cgroup.subtree_control") == "-memory -pids -cpu");
}

TEST_CASE("cgroup v2: a controller not delegated falls back, saying so") {
  const std::string root = fake_cgroupfs(
      "cgroup-v2-partial", {{"cgroup.controllers", "memory"}, {"grading/cgroup.controllers", "memory"},
                            {"grading/cgroup.subtree_control", "memory"}, {"membership", "0::/grading\n"}});
  SubmissionCaps caps(512, 64, 1, {root, root + "/membership"});
  CHECK(caps.memory_in_cgroup());
  CHECK_FALSE(caps.processes_in_cgroup());
  CHECK_FALSE(caps.cpu_in_cgroup());
  CHECK(caps.description(true).find("CPU not capped together (cgroup v2: the cpu controller is not delegated") !=
        std::string::npos);
}

TEST_CASE("cgroup v1: a memory, a pids and a cpu group below the judge's own") {
  const std::string root = fake_cgroupfs(
      "cgroup-v1", {{"memory/cgroup.procs", ""}, {"memory/g/cgroup.procs", ""}, {"pids/cgroup.procs", ""},
                    {"pids/g/cgroup.procs", ""}, {"cpu/cgroup.procs", ""}, {"cpu/g/cgroup.procs", ""},
                    {"membership", "8:pids:/g\n4:memory:/g\n1:cpu,cpuacct:/g\n0::/\n"}});
  const std::string judge = "/g/judge-" + std::to_string(getpid());
  SubmissionCaps caps(1024, 32, 0.5, {root, root + "/membership"});
  CHECK(caps.description(false) ==
        "memory 1024 MiB for all its processes and /tmp together (cgroup v1), processes 32 at once (cgroup v1), "
        "CPU 0.5 cores' time together (cgroup v1)");
  CHECK(file_text(root + "/memory" + judge + "/memory.limit_in_bytes") == "1073741824");
  CHECK(file_text(root + "/memory" + judge + "/memory.swappiness") == "0");
  CHECK_FALSE(std::filesystem::exists(root + "/memory" + judge + "/memory.memsw.limit_in_bytes"));
  CHECK(file_text(root + "/pids" + judge + "/pids.max") == "32");
  CHECK(file_text(root + "/cpu" + judge + "/cpu.cfs_quota_us") == "50000");
  CHECK(file_text(root + "/cpu" + judge + "/cpu.cfs_period_us") == "100000");
}

TEST_CASE("a test stopped by the wall clock on a machine too busy to run it says it was starved") {
  ProcessLimits limits;
  ProcessOutcome outcome;
  outcome.kind = ProcessOutcome::Kind::timed_out;
  outcome.deadline_passed = true;
  outcome.waiting_share = 0.8;
  CHECK(outcome.describe(limits).find("timed out, starved rather than slow: the machine was so busy that the "
                                      "submission's processes spent 80 % of their time waiting for a CPU") == 0);
  outcome.waiting_share = 0.1;
  CHECK(outcome.describe(limits).find("the grading's time for all tests ran out") != std::string::npos);
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
  limits.wall_seconds = 20;
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
  CHECK(interpret_probe(exited_cleanly(), limits, garbage).failure == "wrote a result the grader cannot read");
}

TEST_CASE("a daemon a child started in a session of its own does not outlive the run") {
  const std::string marker = "/tmp/grader_selftest_daemon_ran";
  std::remove(marker.c_str());
  const auto outcome = run_one({"/bin/sh", "-c", "setsid sh -c 'sleep 1; touch " + marker + "' & exit 0"});
  CHECK(outcome.kind == ProcessOutcome::Kind::exited);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  CHECK_FALSE(std::ifstream(marker).good());
}

TEST_CASE("a chain of daemons, each in a session of its own, does not outlive the run") {
  // The first daemon is killed, its own child then becomes ours and must be killed in turn.
  const std::string marker = "/tmp/grader_selftest_second_daemon_ran";
  std::remove(marker.c_str());
  const auto outcome = run_one(
      {"/bin/sh", "-c", "setsid sh -c 'setsid sh -c \"sleep 1; touch " + marker + "\" & sleep 30' & sleep 0.3"});
  CHECK(outcome.kind == ProcessOutcome::Kind::exited);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  CHECK_FALSE(std::ifstream(marker).good());
}

TEST_CASE("in bubblewrap, how the code ended comes back as without it") {
  Sandbox sandbox;
  try {
    sandbox = choose_sandbox("bubblewrap", {}, {});
  } catch (const std::exception& e) {
    WARN("bubblewrap cannot run here, not tested: " << e.what());
    return;
  }
  const std::string folder = std::filesystem::temp_directory_path() / "grader_selftest_sandbox";
  std::filesystem::create_directories(folder);
  const auto in_sandbox = [&](const std::string& script, ProcessLimits limits) {
    const Mounts mounts{{}, {folder}, folder};
    return run_processes({{sandbox.wrap({"/bin/sh", "-c", script}, mounts), limits, true}}, 1).at(0);
  };
  const auto crashed = in_sandbox("kill -SEGV $$", {});
  CHECK(crashed.kind == ProcessOutcome::Kind::signaled);
  CHECK(crashed.signal == SIGSEGV);
  const auto exited = in_sandbox("echo inside > out; exit 3", {});
  CHECK(exited.kind == ProcessOutcome::Kind::exited);
  CHECK(exited.exit_code == 3);
  CHECK(std::ifstream(folder + "/out").good());
  ProcessLimits one_second;
  one_second.cpu_seconds = 1;
  CHECK(in_sandbox("while :; do :; done", one_second).kind == ProcessOutcome::Kind::out_of_cpu_time);
  // A library root is readable inside, also below /tmp; the folder beside it is not.
  const std::string root = std::filesystem::temp_directory_path() / "grader_selftest_library";
  std::filesystem::create_directories(root);
  std::ofstream(root + "/lib.so") << "library";
  std::ofstream(root + "_secret") << "secret";
  sandbox.readable_roots = {root};
  CHECK(in_sandbox("test -r " + root + "/lib.so && ! test -e " + root + "_secret", {}).exit_code == 0);
  std::filesystem::remove_all(root);
  std::filesystem::remove(root + "_secret");
  std::filesystem::remove_all(folder);
}

TEST_CASE("a result of the wrong shape is unreadable, never the grader's error; each status reads as it says") {
  const ProcessLimits limits;
  const ProcessOutcome exited = exited_cleanly();
  const std::string path = std::filesystem::temp_directory_path() / "grader_selftest_protocol.json";
  const auto read = [&](const std::string& text) {
    std::ofstream(path, std::ios::trunc) << text;
    return interpret_probe(exited, limits, path);
  };
  for (const char* malformed : {"[]", "{\"status\": 1}", "{\"status\": \"ok\", \"message\": 5}",
                                "{\"status\": \"ok\", \"outputs\": []}", "{\"status\": \"fine\"}",
                                "{\"status\": \"skipped\"}", "{\"status\": \"exception\", \"message\": \"\"}"}) {
    INFO(malformed);
    CHECK(read(malformed).failure == "wrote a result the grader cannot read");
  }
  const ProbeReport ok = read("{\"status\": \"ok\", \"outputs\": {\"h\": [1]}, \"outputs_on_cuda\": {\"h\": [1]}}");
  CHECK(ok.failure.empty());
  CHECK(ok.outputs.contains("h"));
  CHECK(ok.outputs_on_cuda.contains("h"));
  const ProbeReport skipped = read("{\"status\": \"skipped\", \"message\": \"no CUDA device\\nScore: 50 / 50\"}");
  CHECK(skipped.failure.empty());
  CHECK(skipped.skipped == "no CUDA device");  // one line only
  CHECK(read("{\"status\": \"not_implemented\", \"message\": \"MyLinear::forward is not implemented yet\"}").failure ==
        "MyLinear::forward is not implemented yet");
  CHECK(read("{\"status\": \"forbidden\", \"message\": \"ran aten::linear\"}").failure == "forbidden: ran aten::linear");
  CHECK(read("{\"status\": \"exception\", \"message\": \"boom\"}").failure == "threw an error: boom");
  CHECK(read("{\"status\": \"task_error\", \"message\": \"no parameter 'weight'\"}").failure == "no parameter 'weight'");
  std::remove(path.c_str());
}

TEST_CASE("a result too deep or too large is refused before it is parsed") {
  const ProcessLimits limits;
  const ProcessOutcome exited = exited_cleanly();
  const std::string path = std::filesystem::temp_directory_path() / "grader_selftest_result.json";
  std::ofstream(path) << std::string(2000000, '[');  // would overflow the stack of a recursive parser
  CHECK(interpret_probe(exited, limits, path).failure == "wrote a result the grader cannot read");
  std::ofstream(path) << "[" << std::string(17 << 20, ' ') << "]";
  CHECK(interpret_probe(exited, limits, path).failure == "wrote a result larger than 16 MiB");
  std::remove(path.c_str());
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

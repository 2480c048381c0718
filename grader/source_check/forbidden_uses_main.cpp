// forbidden_uses FILE NAMESPACE -- CLANG_FLAGS
//
// The source check on clang's syntax tree: parses FILE as the probe compiles it and prints
// "LINE: TEXT" for every use of torch's own layers in it: each reference to a forbidden
// function in torch:: or at:: (also through `using namespace`, an alias, a macro, token
// pasting or a function pointer), each use of torch::nn's layer classes, anything in
// at::native (which skips the dispatcher, where the probe refuses torch's layers). A student's
// own `linear` lives in their namespace and never matches. It prints "low-level LINE: TEXT"
// for assembly (asm blocks, file-scope asm), and "outside-subset LINE: TEXT: WHAT" for all
// that the assignment's C++ subset does not allow (subset.h: attributes, declarations outside
// namespace student, reinterpreting casts, headers, ...). Clang's own errors go to stderr; the
// judge reads both (--clang-scan). Run by grader/scan_source.sh.in.
#include "common/one_line.h"
#include "grader/common/forbidden.h"
#include "grader/source_check/subset.h"

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ASTContext.h>
#include <clang/ASTMatchers/ASTMatchFinder.h>
#include <clang/ASTMatchers/ASTMatchers.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Lex/Lexer.h>
#include <clang/Tooling/CompilationDatabase.h>
#include <clang/Tooling/Tooling.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

using namespace clang::ast_matchers;

namespace {

// "^::(torch|at)::(.+::)?(linear|lstm|...)$" from the forbidden names that start lower case
// (functions) or upper case (classes).
std::string qualified_name_pattern(const std::string& namespaces, bool classes) {
  std::string alternatives;
  for (const auto& name : grading::forbidden_source_names())
    if (static_cast<bool>(std::isupper(static_cast<unsigned char>(name[0]))) == classes)
      alternatives += (alternatives.empty() ? "" : "|") + name;
  return "^::" + namespaces + "(.+::)?(" + alternatives + ")$";
}

// Prints LINE: TEXT (after `prefix`) for the code in `range`; where a macro made it, the
// macro's use as the student wrote it, cut to one line of at most 200 characters.
void print_use(const char* prefix, clang::SourceRange range, const clang::SourceManager& sources,
               const clang::LangOptions& language) {
  const clang::CharSourceRange spelled = sources.getExpansionRange(range);
  std::string text = clang::Lexer::getSourceText(spelled, sources, language).str();
  text = common::one_line(text, 200);
  std::cout << prefix << sources.getExpansionLineNumber(range.getBegin()) << ": " << text << "\n";
}

class PrintUse : public MatchFinder::MatchCallback {
 public:
  void run(const MatchFinder::MatchResult& result) override {
    clang::SourceRange range;
    const char* prefix = "";
    if (const auto* expression = result.Nodes.getNodeAs<clang::Expr>("use")) range = expression->getSourceRange();
    if (const auto* type = result.Nodes.getNodeAs<clang::TypeLoc>("use")) range = type->getSourceRange();
    if (const auto* statement = result.Nodes.getNodeAs<clang::Stmt>("low-level")) {
      range = statement->getSourceRange();
      prefix = "low-level ";
    }
    if (const auto* declaration = result.Nodes.getNodeAs<clang::Decl>("low-level")) {
      range = declaration->getSourceRange();
      prefix = "low-level ";
    }
    print_use(prefix, range, *result.SourceManager, result.Context->getLangOpts());
  }
};

// Matches only the declarations this file makes, not the thousands the precompiled torch
// headers hold: that keeps the check well under a second.
class MainFileConsumer : public clang::ASTConsumer {
 public:
  MainFileConsumer(MatchFinder& finder, const std::string& graded_namespace)
      : finder_(finder), graded_namespace_(graded_namespace) {}

  bool HandleTopLevelDecl(clang::DeclGroupRef group) override {
    for (clang::Decl* declaration : group) top_level_.push_back(declaration);
    return true;
  }

  void HandleTranslationUnit(clang::ASTContext& context) override {
    const auto& sources = context.getSourceManager();
    std::vector<clang::Decl*> in_file;
    for (clang::Decl* declaration : top_level_)
      if (sources.isInMainFile(sources.getExpansionLoc(declaration->getLocation()))) in_file.push_back(declaration);
    for (clang::Decl* declaration : in_file)  // no matcher sees file-scope asm("...")
      if (clang::isa<clang::FileScopeAsmDecl>(declaration))
        print_use("low-level ", declaration->getSourceRange(), sources, context.getLangOpts());
    grading::check_subset(context, in_file, graded_namespace_);
    context.setTraversalScope(in_file);
    finder_.matchAST(context);
  }

 private:
  MatchFinder& finder_;
  const std::string& graded_namespace_;
  std::vector<clang::Decl*> top_level_;
};

class CheckAction : public clang::ASTFrontendAction {
 public:
  CheckAction(MatchFinder& finder, const std::string& graded_namespace)
      : finder_(finder), graded_namespace_(graded_namespace) {}
  bool BeginSourceFileAction(clang::CompilerInstance& compiler) override {
    grading::watch_directives(compiler);
    return true;
  }
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance&, llvm::StringRef) override {
    return std::make_unique<MainFileConsumer>(finder_, graded_namespace_);
  }

 private:
  MatchFinder& finder_;
  const std::string& graded_namespace_;
};

class CheckActionFactory : public clang::tooling::FrontendActionFactory {
 public:
  CheckActionFactory(MatchFinder& finder, std::string graded_namespace)
      : finder_(finder), graded_namespace_(std::move(graded_namespace)) {}
  std::unique_ptr<clang::FrontendAction> create() override {
    return std::make_unique<CheckAction>(finder_, graded_namespace_);
  }

 private:
  MatchFinder& finder_;
  const std::string graded_namespace_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || std::strcmp(argv[3], "--") != 0) {
    std::cerr << "usage: forbidden_uses FILE NAMESPACE -- CLANG_FLAGS\n";
    return 2;
  }
  const std::vector<std::string> flags(argv + 4, argv + argc);
  const clang::tooling::FixedCompilationDatabase database(".", flags);
  clang::tooling::ClangTool tool(database, {argv[1]});

  const auto forbidden_function = functionDecl(anyOf(matchesName(qualified_name_pattern("(torch|at)::", false)),
                                                     matchesName("^::at::native::")));
  const auto forbidden_class = cxxRecordDecl(matchesName(qualified_name_pattern("torch::nn::", true)));
  PrintUse print;
  MatchFinder finder;
  finder.addMatcher(declRefExpr(isExpansionInMainFile(), to(forbidden_function)).bind("use"), &print);
  finder.addMatcher(typeLoc(isExpansionInMainFile(), loc(qualType(hasDeclaration(forbidden_class)))).bind("use"),
                    &print);
  finder.addMatcher(asmStmt(isExpansionInMainFile()).bind("low-level"), &print);
  CheckActionFactory factory(finder, argv[2]);
  tool.run(&factory);
  return 0;  // clang's errors, on stderr, are the judge's to read
}

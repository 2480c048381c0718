#include "grader/source_check/subset.h"

#include "common/one_line.h"

#include <clang/AST/Attr.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Basic/Builtins.h>
#include <clang/Lex/Lexer.h>
#include <clang/Lex/PPCallbacks.h>
#include <clang/Lex/Preprocessor.h>

#include <iostream>
#include <set>
#include <string>

namespace grading {
namespace {

// The C++17 standard library's headers (the C library's under their <cname> names).
const std::set<std::string>& standard_headers() {
  static const std::set<std::string> headers = {
      "algorithm", "any", "array", "atomic", "bitset", "cassert", "cctype", "cerrno", "cfenv", "cfloat",
      "charconv", "chrono", "cinttypes", "climits", "clocale", "cmath", "codecvt", "complex",
      "condition_variable", "csetjmp", "csignal", "cstdarg", "cstddef", "cstdint", "cstdio", "cstdlib",
      "cstring", "ctime", "cuchar", "cwchar", "cwctype", "deque", "exception", "execution", "filesystem",
      "forward_list", "fstream", "functional", "future", "initializer_list", "iomanip", "ios", "iosfwd",
      "iostream", "istream", "iterator", "limits", "list", "locale", "map", "memory", "memory_resource",
      "mutex", "new", "numeric", "optional", "ostream", "queue", "random", "ratio", "regex",
      "scoped_allocator", "set", "shared_mutex", "sstream", "stack", "stdexcept", "streambuf", "string",
      "string_view", "system_error", "thread", "tuple", "type_traits", "typeindex", "typeinfo",
      "unordered_map", "unordered_set", "utility", "valarray", "variant", "vector"};
  return headers;
}

bool allowed_include(const std::string& name) {
  return name == "layers/layers.h" || name == "torch/torch.h" || standard_headers().count(name) > 0;
}

// Standard attributes that change no symbol, section, layout trick or code path.
bool allowed_attribute(const clang::Attr& attribute) {
  using clang::attr::Kind;
  switch (attribute.getKind()) {
    case Kind::Override: case Kind::Final: case Kind::WarnUnusedResult: case Kind::Unused:
    case Kind::CXX11NoReturn: case Kind::FallThrough: case Kind::Deprecated: case Kind::Aligned:
    case Kind::Likely: case Kind::Unlikely:
      return attribute.getSyntax() == clang::AttributeCommonInfo::AS_CXX11 ||
             attribute.getSyntax() == clang::AttributeCommonInfo::AS_Keyword;
    default: return false;
  }
}

// Casts that reinterpret memory: between unrelated pointer types, pointers and integers, or down
// a class hierarchy unchecked. Any of them can turn data into a function to call.
bool reinterprets(clang::CastKind kind) {
  switch (kind) {
    case clang::CK_BitCast: case clang::CK_LValueBitCast: case clang::CK_LValueToRValueBitCast:
    case clang::CK_IntegralToPointer: case clang::CK_PointerToIntegral: case clang::CK_ReinterpretMemberPointer:
    case clang::CK_BaseToDerived: case clang::CK_BaseToDerivedMemberPointer:
    case clang::CK_DerivedToBaseMemberPointer: case clang::CK_AddressSpaceConversion:
      return true;
    default: return false;
  }
}

// Prints each breach once, however often the tree holds it.
// Library templates whose body casts a pointer the way this subset forbids in the file itself:
// a shared pointer to an integer made a pointer to a function, say.
bool casts_for_the_caller(const std::string& qualified_name) {
  for (const char* name : {"std::reinterpret_pointer_cast", "std::static_pointer_cast", "std::const_pointer_cast",
                           "c10::static_intrusive_pointer_cast", "c10::reinterpret_intrusive_pointer_cast"})
    if (qualified_name == name) return true;
  return false;
}

void report(const clang::SourceManager& sources, const clang::LangOptions& language, clang::SourceRange range,
            const std::string& what) {
  static std::set<std::string> printed;
  const clang::CharSourceRange spelled = sources.getExpansionRange(range);
  std::string text = clang::Lexer::getSourceText(spelled, sources, language).str();
  text = common::one_line(text, 120);
  const std::string line = "outside-subset " + std::to_string(sources.getExpansionLineNumber(range.getBegin())) +
                           ": " + text + ": " + what;
  if (printed.insert(line).second) std::cout << line << "\n";
}

// Whether `context` is the graded namespace or inside it.
bool owned(const clang::DeclContext* context, const std::string& graded_namespace) {
  const clang::NamespaceDecl* outermost = nullptr;
  for (; context && !context->isTranslationUnit(); context = context->getParent())
    if (const auto* ns = clang::dyn_cast<clang::NamespaceDecl>(context)) outermost = ns;
    else if (clang::isa<clang::LinkageSpecDecl>(context)) return false;
  return outermost && !outermost->isAnonymousNamespace() && outermost->getName() == graded_namespace;
}

class SubsetVisitor : public clang::RecursiveASTVisitor<SubsetVisitor> {
 public:
  SubsetVisitor(clang::ASTContext& context, std::string graded_namespace)
      : context_(context), sources_(context.getSourceManager()), graded_namespace_(std::move(graded_namespace)) {}

  bool VisitDecl(clang::Decl* declaration) {
    if (declaration->isImplicit() || !in_file(declaration->getLocation())) return true;
    for (const clang::Attr* attribute : declaration->attrs())
      if (!attribute->isImplicit() && !attribute->isInherited() && in_file(attribute->getLocation()) &&
          !allowed_attribute(*attribute))
        report_at(attribute->getRange(), std::string("the attribute ") + attribute->getSpelling());
    check_place(declaration);
    check_template(declaration);
    if (const auto* record = clang::dyn_cast<clang::RecordDecl>(declaration); record && record->isUnion())
      report_at(record->getSourceRange(), "a union (it reads one type's bytes as another's)");
    return true;
  }

  bool VisitAttributedStmt(clang::AttributedStmt* statement) {
    for (const clang::Attr* attribute : statement->getAttrs())
      if (in_file(attribute->getLocation()) && !allowed_attribute(*attribute))
        report_at(attribute->getRange(), std::string("the attribute ") + attribute->getSpelling());
    return true;
  }

  bool VisitAttributedTypeLoc(clang::AttributedTypeLoc type) {
    const clang::Attr* attribute = type.getAttr();
    if (attribute && !attribute->isImplicit() && in_file(attribute->getLocation()))
      report_at(attribute->getRange(), std::string("the type attribute ") + attribute->getSpelling());
    return true;
  }

  bool VisitCastExpr(clang::CastExpr* cast) {
    if (!written_in_file(cast->getExprLoc())) return true;
    if (clang::isa<clang::CXXReinterpretCastExpr>(cast))
      report_at(cast->getSourceRange(), "reinterpret_cast");
    else if (clang::isa<clang::BuiltinBitCastExpr>(cast))
      report_at(cast->getSourceRange(), "__builtin_bit_cast");
    else if (reinterprets(cast->getCastKind()))
      report_at(cast->getSourceRange(),
                std::string("a conversion that reinterprets memory (") + cast->getCastKindName() + ")");
    return true;
  }

  bool VisitDeclRefExpr(clang::DeclRefExpr* reference) {
    if (!written_in_file(reference->getLocation())) return true;
    const auto* function = clang::dyn_cast<clang::FunctionDecl>(reference->getDecl());
    if (!function) return true;
    if (function->getBuiltinID() != 0 && function->getName().startswith("__"))
      report_at(reference->getSourceRange(), "the compiler built-in " + function->getNameAsString());
    else if (casts_for_the_caller(function->getQualifiedNameAsString()))
      report_at(reference->getSourceRange(), "a library function that reinterprets memory for its caller (" +
                                                 function->getQualifiedNameAsString() + ")");
    return true;
  }

 private:
  // Where the code lands: the file, macros from headers included.
  bool in_file(clang::SourceLocation location) const {
    return location.isValid() && sources_.isInMainFile(sources_.getExpansionLoc(location));
  }

  // Where its tokens were written: the file, not the body of a LibTorch macro used in it
  // (TORCH_CHECK's __builtin_expect), whose arguments, written here, still count.
  bool written_in_file(clang::SourceLocation location) const {
    return location.isValid() && sources_.isInMainFile(sources_.getSpellingLoc(location));
  }

  void report_at(clang::SourceRange range, const std::string& what) {
    report(sources_, context_.getLangOpts(), range, what);
  }

  // Where a declaration may stand: the graded namespace and what is inside it, or a function body.
  void check_place(clang::Decl* declaration) {
    if (clang::isa<clang::LinkageSpecDecl>(declaration)) {
      report_at(declaration->getSourceRange(), "a linkage specification (extern \"C\")");
      return;
    }
    if (auto* variable = clang::dyn_cast<clang::VarDecl>(declaration); variable && variable->isLocalExternDecl())
      return report_at(declaration->getSourceRange(), "a block-scope extern declaration");
    if (auto* function = clang::dyn_cast<clang::FunctionDecl>(declaration);
        function && function->isLocalExternDecl())
      return report_at(declaration->getSourceRange(), "a block-scope extern declaration");
    const clang::DeclContext* context = declaration->getDeclContext();
    if (context->isFunctionOrMethod()) return;  // a local: its function's place was checked
    if (const auto* ns = clang::dyn_cast<clang::NamespaceDecl>(declaration)) {
      if (owned(ns, graded_namespace_)) return;
      if (context->isTranslationUnit() || !owned(context, graded_namespace_))
        report_at(ns->getLocation(), "a namespace other than " + graded_namespace_);
      return;
    }
    if (clang::isa<clang::UsingDirectiveDecl, clang::UsingDecl, clang::UsingShadowDecl, clang::NamespaceAliasDecl,
                   clang::StaticAssertDecl, clang::EmptyDecl, clang::FriendDecl, clang::AccessSpecDecl>(declaration))
      return;
    // Parameters name no entity (a function type's, written in a template argument, belongs to
    // no function and sits in the file's scope).
    if (clang::isa<clang::ParmVarDecl, clang::TemplateTypeParmDecl, clang::NonTypeTemplateParmDecl,
                   clang::TemplateTemplateParmDecl>(declaration))
      return;
    if (!owned(context, graded_namespace_))
      report_at(declaration->getSourceRange(), "a declaration outside namespace " + graded_namespace_);
  }

  void check_template(clang::Decl* declaration) {
    const char* what = nullptr;
    if (clang::isa<clang::ClassTemplatePartialSpecializationDecl, clang::VarTemplatePartialSpecializationDecl>(
            declaration)) {
      what = "a partial template specialisation";
    } else if (const auto* record = clang::dyn_cast<clang::ClassTemplateSpecializationDecl>(declaration)) {
      if (record->getSpecializationKind() != clang::TSK_ImplicitInstantiation)
        what = "an explicit template specialisation or instantiation";
    } else if (const auto* variable = clang::dyn_cast<clang::VarTemplateSpecializationDecl>(declaration)) {
      if (variable->getSpecializationKind() != clang::TSK_ImplicitInstantiation)
        what = "an explicit template specialisation or instantiation";
    } else if (const auto* function = clang::dyn_cast<clang::FunctionDecl>(declaration)) {
      const auto kind = function->getTemplateSpecializationKind();
      if (kind != clang::TSK_Undeclared && kind != clang::TSK_ImplicitInstantiation)
        what = "an explicit template specialisation or instantiation";
    }
    if (what) report_at(declaration->getSourceRange(), what);
  }

  clang::ASTContext& context_;
  const clang::SourceManager& sources_;
  const std::string graded_namespace_;
};

// The file's own tokens, for what leaves no trace in the syntax tree: GNU attributes and
// __declspec (some become types, not attributes), and `template` not followed by `<` (an
// explicit instantiation, which clang records on the instantiated function, not in the file).
void check_tokens(clang::ASTContext& context) {
  const clang::SourceManager& sources = context.getSourceManager();
  const clang::LangOptions& language = context.getLangOpts();
  const clang::FileID file = sources.getMainFileID();
  const llvm::StringRef buffer = sources.getBufferData(file);
  clang::Lexer lexer(sources.getLocForStartOfFile(file), language, buffer.begin(), buffer.begin(), buffer.end());
  clang::Token token;
  std::string previous;
  bool template_pending = false;
  clang::SourceLocation template_at;
  while (!lexer.LexFromRawLexer(token)) {
    const std::string spelling = clang::Lexer::getSpelling(token, sources, language);
    if (template_pending && spelling != "<")
      report(sources, language, template_at, "an explicit template instantiation");
    template_pending = false;
    if (spelling == "__attribute__" || spelling == "__attribute" || spelling == "__declspec")
      report(sources, language, token.getLocation(), "a compiler-specific attribute (" + spelling + ")");
    if (spelling == "template" && previous != "." && previous != "->" && previous != "::") {
      template_pending = true;
      template_at = token.getLocation();
    }
    previous = spelling;
  }
}

class DirectiveWatch : public clang::PPCallbacks {
 public:
  explicit DirectiveWatch(const clang::SourceManager& sources) : sources_(sources) {}

  void InclusionDirective(clang::SourceLocation hash, const clang::Token& directive, llvm::StringRef name, bool,
                          clang::CharSourceRange, const clang::FileEntry*, llvm::StringRef, llvm::StringRef,
                          const clang::Module*, clang::SrcMgr::CharacteristicKind) override {
    if (!sources_.isInMainFile(hash)) return;
    const std::string kind = directive.getIdentifierInfo() ? directive.getIdentifierInfo()->getName().str() : "";
    const std::string line = std::to_string(sources_.getSpellingLineNumber(hash));
    if (kind != "include")
      std::cout << "outside-subset " << line << ": #" << kind << ": only #include\n";
    else if (!allowed_include(name.str()))
      std::cout << "outside-subset " << line << ": #include " << common::one_line(name.str(), 100)
                << ": a header other than layers/layers.h, torch/torch.h and the C++ standard library's\n";
    else if (macro_changed_)
      std::cout << "outside-subset " << line << ": #include " << common::one_line(name.str(), 100)
                << ": an #include after a #define or #undef (which could change the header)\n";
  }

  void MacroDefined(const clang::Token& name, const clang::MacroDirective*) override {
    if (sources_.isInMainFile(name.getLocation())) macro_changed_ = true;
  }

  void MacroUndefined(const clang::Token& name, const clang::MacroDefinition&, const clang::MacroDirective*) override {
    if (sources_.isInMainFile(name.getLocation())) macro_changed_ = true;
  }

  void PragmaDirective(clang::SourceLocation at, clang::PragmaIntroducerKind) override {
    if (sources_.isInMainFile(sources_.getExpansionLoc(at)))
      std::cout << "outside-subset " << sources_.getExpansionLineNumber(at) << ": #pragma: a pragma\n";
  }

 private:
  const clang::SourceManager& sources_;
  bool macro_changed_ = false;
};

}  // namespace

void check_subset(clang::ASTContext& context, const std::vector<clang::Decl*>& in_file,
                  const std::string& graded_namespace) {
  SubsetVisitor visitor(context, graded_namespace);
  for (clang::Decl* declaration : in_file) visitor.TraverseDecl(declaration);
  check_tokens(context);
}

void watch_directives(clang::CompilerInstance& compiler) {
  compiler.getPreprocessor().addPPCallbacks(std::make_unique<DirectiveWatch>(compiler.getSourceManager()));
}

}  // namespace grading

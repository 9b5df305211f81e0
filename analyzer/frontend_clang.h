/* frontend_clang.h — libclang, loaded on first use (dlopen) rather than linked: a
   run that parses nothing (a cached re-scan, report, diff, rules, explain) does not pay
   for mapping and relocating LLVM. Every clang_* call of the frontend goes through the
   table below (clang_X is a macro for fe_clang.p_X); a libclang function missing from
   the list does not link. Private to frontend*.c. */
#ifndef LEAKSCOPE_FRONTEND_CLANG_H
#define LEAKSCOPE_FRONTEND_CLANG_H

#include <clang-c/CXCompilationDatabase.h>
#include <clang-c/Index.h>

/* X(name) for each clang_name the frontend calls */
#define FE_CLANG_FUNCS(X) \
    X(CompilationDatabase_dispose) \
    X(CompilationDatabase_fromDirectory) \
    X(CompilationDatabase_getAllCompileCommands) \
    X(CompileCommand_getArg) \
    X(CompileCommand_getDirectory) \
    X(CompileCommand_getFilename) \
    X(CompileCommand_getNumArgs) \
    X(CompileCommands_dispose) \
    X(CompileCommands_getCommand) \
    X(CompileCommands_getSize) \
    X(Cursor_Evaluate) \
    X(Cursor_getArgument) \
    X(Cursor_getNumArguments) \
    X(Cursor_getStorageClass) \
    X(Cursor_getVarDeclInitializer) \
    X(Cursor_hasAttrs) \
    X(Cursor_hasVarDeclExternalStorage) \
    X(Cursor_hasVarDeclGlobalStorage) \
    X(Cursor_isNull) \
    X(EvalResult_dispose) \
    X(EvalResult_getAsLongLong) \
    X(EvalResult_getAsUnsigned) \
    X(EvalResult_getKind) \
    X(EvalResult_isUnsignedInt) \
    X(Location_isFromMainFile) \
    X(Location_isInSystemHeader) \
    X(PrintingPolicy_dispose) \
    X(Type_getValueType) \
    X(createIndex) \
    X(disposeDiagnostic) \
    X(disposeIndex) \
    X(disposeString) \
    X(disposeTranslationUnit) \
    X(equalCursors) \
    X(equalLocations) \
    X(equalRanges) \
    X(equalTypes) \
    X(getArgType) \
    X(getArrayElementType) \
    X(getArraySize) \
    X(getCString) \
    X(getCanonicalCursor) \
    X(getCanonicalType) \
    X(getCursorBinaryOperatorKind) \
    X(getCursorDefinition) \
    X(getCursorExtent) \
    X(getCursorKind) \
    X(getCursorLinkage) \
    X(getCursorLocation) \
    X(getCursorPrettyPrinted) \
    X(getCursorPrintingPolicy) \
    X(getCursorReferenced) \
    X(getCursorSemanticParent) \
    X(getCursorSpelling) \
    X(getCursorType) \
    X(getCursorUnaryOperatorKind) \
    X(getDiagnostic) \
    X(getDiagnosticLocation) \
    X(getDiagnosticSeverity) \
    X(getDiagnosticSpelling) \
    X(getEnumConstantDeclValue) \
    X(getExpansionLocation) \
    X(getFile) \
    X(getFileContents) \
    X(getFileName) \
    X(getInclusions) \
    X(getLocation) \
    X(getNullCursor) \
    X(getNumArgTypes) \
    X(getNumDiagnostics) \
    X(getPointeeType) \
    X(getRangeEnd) \
    X(getRangeStart) \
    X(getResultType) \
    X(getSpellingLocation) \
    X(getTranslationUnitCursor) \
    X(getTypeSpelling) \
    X(isConstQualifiedType) \
    X(isCursorDefinition) \
    X(isExpression) \
    X(isFunctionTypeVariadic) \
    X(isStatement) \
    X(parseTranslationUnit2) \
    X(visitChildren)

typedef struct fe_clang_api {
#define FE_CLANG_PTR(name) __typeof__(clang_##name) *p_##name;
    FE_CLANG_FUNCS(FE_CLANG_PTR)
#undef FE_CLANG_PTR
} fe_clang_api;

/* Filled once by fe_init(); read-only afterwards. */
extern fe_clang_api fe_clang;

#define clang_CompilationDatabase_dispose (fe_clang.p_CompilationDatabase_dispose)
#define clang_CompilationDatabase_fromDirectory (fe_clang.p_CompilationDatabase_fromDirectory)
#define clang_CompilationDatabase_getAllCompileCommands (fe_clang.p_CompilationDatabase_getAllCompileCommands)
#define clang_CompileCommand_getArg (fe_clang.p_CompileCommand_getArg)
#define clang_CompileCommand_getDirectory (fe_clang.p_CompileCommand_getDirectory)
#define clang_CompileCommand_getFilename (fe_clang.p_CompileCommand_getFilename)
#define clang_CompileCommand_getNumArgs (fe_clang.p_CompileCommand_getNumArgs)
#define clang_CompileCommands_dispose (fe_clang.p_CompileCommands_dispose)
#define clang_CompileCommands_getCommand (fe_clang.p_CompileCommands_getCommand)
#define clang_CompileCommands_getSize (fe_clang.p_CompileCommands_getSize)
#define clang_Cursor_Evaluate (fe_clang.p_Cursor_Evaluate)
#define clang_Cursor_getArgument (fe_clang.p_Cursor_getArgument)
#define clang_Cursor_getNumArguments (fe_clang.p_Cursor_getNumArguments)
#define clang_Cursor_getStorageClass (fe_clang.p_Cursor_getStorageClass)
#define clang_Cursor_getVarDeclInitializer (fe_clang.p_Cursor_getVarDeclInitializer)
#define clang_Cursor_hasAttrs (fe_clang.p_Cursor_hasAttrs)
#define clang_Cursor_hasVarDeclExternalStorage (fe_clang.p_Cursor_hasVarDeclExternalStorage)
#define clang_Cursor_hasVarDeclGlobalStorage (fe_clang.p_Cursor_hasVarDeclGlobalStorage)
#define clang_Cursor_isNull (fe_clang.p_Cursor_isNull)
#define clang_EvalResult_dispose (fe_clang.p_EvalResult_dispose)
#define clang_EvalResult_getAsLongLong (fe_clang.p_EvalResult_getAsLongLong)
#define clang_EvalResult_getAsUnsigned (fe_clang.p_EvalResult_getAsUnsigned)
#define clang_EvalResult_getKind (fe_clang.p_EvalResult_getKind)
#define clang_EvalResult_isUnsignedInt (fe_clang.p_EvalResult_isUnsignedInt)
#define clang_Location_isFromMainFile (fe_clang.p_Location_isFromMainFile)
#define clang_Location_isInSystemHeader (fe_clang.p_Location_isInSystemHeader)
#define clang_PrintingPolicy_dispose (fe_clang.p_PrintingPolicy_dispose)
#define clang_Type_getValueType (fe_clang.p_Type_getValueType)
#define clang_createIndex (fe_clang.p_createIndex)
#define clang_disposeDiagnostic (fe_clang.p_disposeDiagnostic)
#define clang_disposeIndex (fe_clang.p_disposeIndex)
#define clang_disposeString (fe_clang.p_disposeString)
#define clang_disposeTranslationUnit (fe_clang.p_disposeTranslationUnit)
#define clang_equalCursors (fe_clang.p_equalCursors)
#define clang_equalLocations (fe_clang.p_equalLocations)
#define clang_equalRanges (fe_clang.p_equalRanges)
#define clang_equalTypes (fe_clang.p_equalTypes)
#define clang_getArgType (fe_clang.p_getArgType)
#define clang_getArrayElementType (fe_clang.p_getArrayElementType)
#define clang_getArraySize (fe_clang.p_getArraySize)
#define clang_getCString (fe_clang.p_getCString)
#define clang_getCanonicalCursor (fe_clang.p_getCanonicalCursor)
#define clang_getCanonicalType (fe_clang.p_getCanonicalType)
#define clang_getCursorBinaryOperatorKind (fe_clang.p_getCursorBinaryOperatorKind)
#define clang_getCursorDefinition (fe_clang.p_getCursorDefinition)
#define clang_getCursorExtent (fe_clang.p_getCursorExtent)
#define clang_getCursorKind (fe_clang.p_getCursorKind)
#define clang_getCursorLinkage (fe_clang.p_getCursorLinkage)
#define clang_getCursorLocation (fe_clang.p_getCursorLocation)
#define clang_getCursorPrettyPrinted (fe_clang.p_getCursorPrettyPrinted)
#define clang_getCursorPrintingPolicy (fe_clang.p_getCursorPrintingPolicy)
#define clang_getCursorReferenced (fe_clang.p_getCursorReferenced)
#define clang_getCursorSemanticParent (fe_clang.p_getCursorSemanticParent)
#define clang_getCursorSpelling (fe_clang.p_getCursorSpelling)
#define clang_getCursorType (fe_clang.p_getCursorType)
#define clang_getCursorUnaryOperatorKind (fe_clang.p_getCursorUnaryOperatorKind)
#define clang_getDiagnostic (fe_clang.p_getDiagnostic)
#define clang_getDiagnosticLocation (fe_clang.p_getDiagnosticLocation)
#define clang_getDiagnosticSeverity (fe_clang.p_getDiagnosticSeverity)
#define clang_getDiagnosticSpelling (fe_clang.p_getDiagnosticSpelling)
#define clang_getEnumConstantDeclValue (fe_clang.p_getEnumConstantDeclValue)
#define clang_getExpansionLocation (fe_clang.p_getExpansionLocation)
#define clang_getFile (fe_clang.p_getFile)
#define clang_getFileContents (fe_clang.p_getFileContents)
#define clang_getFileName (fe_clang.p_getFileName)
#define clang_getInclusions (fe_clang.p_getInclusions)
#define clang_getLocation (fe_clang.p_getLocation)
#define clang_getNullCursor (fe_clang.p_getNullCursor)
#define clang_getNumArgTypes (fe_clang.p_getNumArgTypes)
#define clang_getNumDiagnostics (fe_clang.p_getNumDiagnostics)
#define clang_getPointeeType (fe_clang.p_getPointeeType)
#define clang_getRangeEnd (fe_clang.p_getRangeEnd)
#define clang_getRangeStart (fe_clang.p_getRangeStart)
#define clang_getResultType (fe_clang.p_getResultType)
#define clang_getSpellingLocation (fe_clang.p_getSpellingLocation)
#define clang_getTranslationUnitCursor (fe_clang.p_getTranslationUnitCursor)
#define clang_getTypeSpelling (fe_clang.p_getTypeSpelling)
#define clang_isConstQualifiedType (fe_clang.p_isConstQualifiedType)
#define clang_isCursorDefinition (fe_clang.p_isCursorDefinition)
#define clang_isExpression (fe_clang.p_isExpression)
#define clang_isFunctionTypeVariadic (fe_clang.p_isFunctionTypeVariadic)
#define clang_isStatement (fe_clang.p_isStatement)
#define clang_parseTranslationUnit2 (fe_clang.p_parseTranslationUnit2)
#define clang_visitChildren (fe_clang.p_visitChildren)

#endif

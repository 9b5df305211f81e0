/* frontend.h — libclang in, ir_tu out. The only module that includes <clang-c/Index.h>:
   it parses a translation unit, lowers every function body defined in the project's
   own files (never system headers) to the IR, and reads compile_commands.json.
   One fe_ctx per thread; a CXTranslationUnit never outlives fe_parse(). */
#ifndef LEAKSCOPE_FRONTEND_H
#define LEAKSCOPE_FRONTEND_H

#include <stddef.h>

#include "core.h"
#include "diag.h"
#include "ir.h"

typedef struct fe_ctx fe_ctx;

/* Loads libclang (once per process; thread-safe). Call before fe_ctx_new() or
   fe_cdb_load(). AN_EIO when it cannot be loaded (ds says which file and why). */
an_status fe_init(diag_sink *ds);

/* One translation unit to parse: the main file and the flags to parse it with
   (include paths, defines, -std; never -c, -o, -M* or the file itself). */
typedef struct fe_unit {
    const char *file;             /* path of the main file, absolute or relative to dir */
    const char *dir;              /* working directory of the compile command, or NULL */
    const char *const *args;
    unsigned nargs;
} fe_unit;

/* New parsing context (owns a CXIndex). Needs fe_init(). Caller owns; free with
   fe_ctx_free(). NULL on out-of-memory (or when libclang is not loaded). */
fe_ctx *fe_ctx_new(void);
void fe_ctx_free(fe_ctx *fx);

/* Parses u and lowers it. On AN_OK *out is a new TU: caller owns; ir_tu_free().
   AN_EIO: the file cannot be read; AN_EPARSE: the TU has a fatal error (the file and
   the first error are recorded in ds); AN_ENOMEM. Non-fatal errors (a missing header
   is fatal, an undeclared identifier is not) are recorded as warnings in ds and the
   TU is still lowered. On failure *out is NULL. */
an_status fe_parse(fe_ctx *fx, const fe_unit *u, ir_tu **out, diag_sink *ds);

/* ---- compilation database ---- */
typedef struct fe_cdb fe_cdb;

/* Reads compile_commands.json from a directory or names the file itself. Keeps C
   translation units only, once each (the first command for a file wins), with -c, -o,
   -M* and the source file dropped from their arguments. Caller owns *out; fe_cdb_free().
   AN_EIO (missing or unreadable, named in ds) or AN_ENOMEM; *out NULL on failure. */
an_status fe_cdb_load(const char *dir_or_file, fe_cdb **out, diag_sink *ds);
size_t fe_cdb_count(const fe_cdb *db);
/* Borrowed: valid until fe_cdb_free(db). file is absolute. */
const fe_unit *fe_cdb_unit(const fe_cdb *db, size_t i);
void fe_cdb_free(fe_cdb *db);

#endif

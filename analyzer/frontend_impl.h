/* frontend_impl.h — what the frontend's files (frontend.c: parsing and the TU walk,
   frontend_decl.c: variables, function declarations and attributes, frontend_expr.c:
   statements and expressions, frontend_cdb.c) share. Private: only frontend*.c include
   it, and with it <clang-c/Index.h>. Invariant: every IR node and string goes to
   L->tu's arena, and the first failure, kept in L->st, turns the rest into no-ops. */
#ifndef LEAKSCOPE_FRONTEND_IMPL_H
#define LEAKSCOPE_FRONTEND_IMPL_H

#include <stdbool.h>

#include "frontend_clang.h"

#include "frontend.h"

/* Deeper statement or expression nesting is lowered as IR_S_NULL / IR_E_OTHER, so
   that neither we nor the IR's consumers recurse without bound. */
enum { FE_MAX_DEPTH = 4000 };

/* ---- hash map: pointer keys, or string keys compared by value ---- */
typedef struct fe_map {
    const void **keys;
    void **vals;
    size_t cap, n;
    bool strkeys;
} fe_map;

/* The value stored for key, or NULL. */
void *fe_map_get(const fe_map *m, const void *key);
/* Stores val (not NULL) for key; the key is borrowed and must outlive the map.
   AN_ENOMEM leaves the map as it was. */
an_status fe_map_put(fe_map *m, const void *key, void *val);
void fe_map_fini(fe_map *m);

/* ---- paths ---- */
/* dir/path with "." and ".." folded (path as is when absolute or dir is NULL).
   Borrowed from arena a; NULL on out-of-memory. */
char *fe_path_join(an_arena *a, const char *dir, const char *path);

/* ---- the state of lowering one translation unit ---- */
typedef struct fe_lower {
    CXTranslationUnit ctu;
    ir_tu *tu;
    diag_sink *ds;
    const char *dir;            /* working directory of relative file names, or NULL */
    an_status st;               /* first failure; AN_OK while all goes well */
    fe_map vars;                /* canonical Decl* -> ir_var* */
    fe_map fdecl_by_decl;       /* canonical Decl* -> ir_fdecl* */
    fe_map fdecl_by_name;       /* name -> ir_fdecl* */
    fe_map files;               /* CXFile -> interned file name */
    fe_map included;            /* CXFile -> non-NULL once looked at by the include walk */
    CXFile last_file;           /* one-entry cache in front of files */
    const char *last_name;
    CXSourceLocation last_sl;   /* one-entry cache in front of fe_loc() */
    an_loc last_loc;
    AN_VEC(CXCursor) kids;      /* a stack of children being lowered, see fe_kids_push */
    AN_VEC(ir_var *) fvars;     /* vars of the function being lowered */
    AN_VEC(ir_func *) funcs;
    AN_VEC(ir_fdecl *) fdecls;
    AN_VEC(unsigned char) fflags; /* per fdecl id: FE_FD_* */
    AN_VEC(ir_var *) globals;
    AN_VEC(unsigned char) gflags; /* per global id: FE_G_* */
    AN_VEC(const char *) includes;
    ir_func *fn;                /* function being lowered; NULL at file scope */
    unsigned depth;
    bool deep_warned;
} fe_lower;

enum { FE_FD_ATTRS = 1 };                 /* attributes read */
enum { FE_G_DEFINED = 1 };                /* a (tentative) definition is in this TU */

/* Records out-of-memory in L and returns NULL, for `return fe_oom(L);`. */
void *fe_oom(fe_lower *L);
/* Copies s into the TU arena ("" for a NULL string) and disposes of s. NULL on OOM. */
const char *fe_take_str(fe_lower *L, CXString s);

/* Pushes the children of c on L->kids and returns the index of the first; they are
   L->kids.v[base .. L->kids.n). Copy a child out before lowering anything (the stack
   may move), and pop them with fe_kids_pop(L, base). */
size_t fe_kids_push(fe_lower *L, CXCursor c);
void fe_kids_pop(fe_lower *L, size_t base);

/* Where sl is expanded in the user's code; file names interned in the TU arena. */
an_loc fe_loc(fe_lower *L, CXSourceLocation sl);
/* The start of c's extent. */
an_loc fe_loc_start(fe_lower *L, CXCursor c);

/* ---- frontend_decl.c ---- */
ir_type_kind fe_type_kind(CXType t);
/* The variable a reference to decl (VarDecl or ParmDecl) means; globals are created on
   first use. NULL only on OOM. */
ir_var *fe_var_ref(fe_lower *L, CXCursor decl);
/* A new local or static local of the current function for a VarDecl of a DeclStmt,
   with its initializer lowered into *init (NULL when it has none). NULL without an
   error for a block-scope `extern` declaration, which declares no local. */
ir_var *fe_local_var(fe_lower *L, CXCursor decl, ir_expr **init);
/* The fdecl of function decl, created on first sight; with use set (called, taken
   as a value or defined) its attributes are read once. NULL only on OOM. */
ir_fdecl *fe_fdecl(fe_lower *L, CXCursor decl, bool use);
/* Top-level declarations outside system headers. */
void fe_top_function(fe_lower *L, CXCursor c);
void fe_top_var(fe_lower *L, CXCursor c);
/* Fills is_extern of the globals once the whole TU was walked. */
void fe_finish_globals(fe_lower *L);
/* A constant integer value of expression c, when clang can fold it. */
bool fe_eval_int(CXCursor c, long long *val);

/* ---- frontend_expr.c ---- */
ir_expr *fe_lower_expr(fe_lower *L, CXCursor c);
ir_stmt *fe_lower_stmt(fe_lower *L, CXCursor c);

#endif

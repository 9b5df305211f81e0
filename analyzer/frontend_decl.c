/* frontend_decl.c — declarations: variables (one ir_var per canonical declaration),
   function declarations (one ir_fdecl per name) with the attributes the analysis
   cares about, and function definitions. Attributes are read only for functions that
   are called, used or defined, because reading them costs source text scans. */
#include "frontend_impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/* The Decl a cursor stands for: libclang keeps it in data[0] of declaration cursors
   (CXCursor.cpp, getCursorDecl), which makes it a cheap identity for maps. */
static const void *decl_key(CXCursor c)
{
    return clang_getCanonicalCursor(c).data[0];
}

/* ---- types ---- */
ir_type_kind fe_type_kind(CXType t)
{
    t = clang_getCanonicalType(t);
    switch (t.kind) {
    case CXType_Void: return IR_T_VOID;
    case CXType_Bool: case CXType_Char_U: case CXType_UChar: case CXType_Char16:
    case CXType_Char32: case CXType_UShort: case CXType_UInt: case CXType_ULong:
    case CXType_ULongLong: case CXType_UInt128: case CXType_Char_S: case CXType_SChar:
    case CXType_WChar: case CXType_Short: case CXType_Int: case CXType_Long:
    case CXType_LongLong: case CXType_Int128: case CXType_Enum:
        return IR_T_INT;
    case CXType_Float: case CXType_Double: case CXType_LongDouble: case CXType_Float128:
    case CXType_Half: case CXType_Float16: case CXType_BFloat16: case CXType_Ibm128:
        return IR_T_FLOAT;
    case CXType_Pointer: case CXType_BlockPointer: return IR_T_PTR;
    case CXType_ConstantArray: case CXType_IncompleteArray: case CXType_VariableArray:
    case CXType_DependentSizedArray:
        return IR_T_ARRAY;
    case CXType_Record: return IR_T_RECORD;
    case CXType_FunctionProto: case CXType_FunctionNoProto: return IR_T_FUNC;
    case CXType_Atomic: return fe_type_kind(clang_Type_getValueType(t));
    default: return IR_T_OTHER;
    }
}

/* Pointee kind of a pointer, element kind of an array, else IR_T_OTHER. */
static ir_type_kind elem_kind(CXType t)
{
    t = clang_getCanonicalType(t);
    if (t.kind == CXType_Atomic)
        t = clang_getCanonicalType(clang_Type_getValueType(t));
    switch (fe_type_kind(t)) {
    case IR_T_PTR: return fe_type_kind(clang_getPointeeType(t));
    case IR_T_ARRAY: return fe_type_kind(clang_getArrayElementType(t));
    default: return IR_T_OTHER;
    }
}

bool fe_eval_int(CXCursor c, long long *val)
{
    CXEvalResult r = clang_Cursor_Evaluate(c);
    if (!r)
        return false;
    bool ok = clang_EvalResult_getKind(r) == CXEval_Int;
    if (ok && clang_EvalResult_isUnsignedInt(r))
        *val = (long long)clang_EvalResult_getAsUnsigned(r);
    else if (ok)
        *val = clang_EvalResult_getAsLongLong(r);
    clang_EvalResult_dispose(r);
    return ok;
}

/* ---- attribute text ---- */
static bool is_ident(int ch)
{
    return isalnum(ch) || ch == '_';
}

/* Copies the identifier at s (at most n bytes long) into buf without the `__` around
   GNU spellings (`__cleanup__` -> `cleanup`); returns its length in s, 0 if none. */
static size_t read_ident(const char *s, size_t n, char *buf, size_t size)
{
    size_t len = 0;
    while (len < n && is_ident((unsigned char)s[len]))
        len++;
    if (len == 0 || isdigit((unsigned char)s[0]))
        return 0;
    const char *p = s;
    size_t k = len;
    if (k > 4 && p[0] == '_' && p[1] == '_' && p[k - 1] == '_' && p[k - 2] == '_') {
        p += 2;
        k -= 4;
    }
    if (k >= size)
        k = size - 1;
    memcpy(buf, p, k);
    buf[k] = '\0';
    return len;
}

static size_t skip_space(const char *s, size_t i, size_t n)
{
    while (i < n && isspace((unsigned char)s[i]))
        i++;
    return i;
}

/* The name of an attribute, read where the attribute is spelled (inside a macro
   definition when it came from a macro): "cleanup", "noreturn", "_Noreturn", "malloc".
   A C23 scope (`gnu::`) is skipped. false when the text is not at hand. */
static bool attr_name(fe_lower *L, CXCursor attr, char *buf, size_t size)
{
    CXFile f = NULL;
    unsigned line, col, off = 0;
    size_t n = 0;
    clang_getSpellingLocation(clang_getRangeStart(clang_getCursorExtent(attr)), &f, &line,
                              &col, &off);
    const char *text = f ? clang_getFileContents(L->ctu, f, &n) : NULL;
    if (!text || off >= n)
        return false;
    size_t len = read_ident(text + off, n - off, buf, size);
    size_t i = skip_space(text, off + len, n);
    if (len && i + 1 < n && text[i] == ':' && text[i + 1] == ':') {
        i = skip_space(text, i + 2, n);
        len = read_ident(text + i, n - i, buf, size);
    }
    return len > 0;
}

/* Finds `name(` as a whole identifier in text[0..n) and returns the index just past the
   parenthesis, or 0. */
static size_t find_call(const char *text, size_t n, const char *name)
{
    size_t k = strlen(name);
    for (size_t i = 0; i + k < n; i++) {
        if (memcmp(text + i, name, k) != 0 || (i > 0 && is_ident((unsigned char)text[i - 1])) ||
            is_ident((unsigned char)text[i + k]))
            continue;
        size_t j = skip_space(text, i + k, n);
        if (j < n && text[j] == '(')
            return j + 1;
    }
    return 0;
}

/* The i-th comma-separated argument (from 0) of a call whose arguments start at
   text[at]: an identifier or a number, copied into buf. false when absent. */
static bool call_arg(const char *text, size_t n, size_t at, unsigned i, char *buf, size_t size)
{
    for (; i > 0; i--) {
        while (at < n && text[at] != ',' && text[at] != ')')
            at++;
        if (at >= n || text[at] == ')')
            return false;
        at++;
    }
    at = skip_space(text, at, n);
    size_t len = 0;
    while (at + len < n && is_ident((unsigned char)text[at + len]))
        len++;
    if (len == 0 || len >= size)
        return false;
    memcpy(buf, text + at, len);
    buf[len] = '\0';
    return true;
}

/* Pretty-printed declaration c (attributes with their real arguments, even when they
   came from macros), cut at `cut` when found. Caller owns; an_free(). NULL on OOM. */
static char *pretty(CXCursor c, const char *cut)
{
    CXPrintingPolicy pol = clang_getCursorPrintingPolicy(c);
    CXString s = clang_getCursorPrettyPrinted(c, pol);
    const char *t = clang_getCString(s);
    if (!t)
        t = "";
    const char *end = strstr(t, cut);
    char *copy = an_strndup(t, end ? (size_t)(end - t) : strlen(t));
    clang_disposeString(s);
    clang_PrintingPolicy_dispose(pol);
    return copy;
}

/* ---- cleanup attribute of a local ---- */
static bool has_unexposed_attr(fe_lower *L, CXCursor c, const char *name)
{
    if (!clang_Cursor_hasAttrs(c))
        return false;
    size_t base = fe_kids_push(L, c);
    bool found = false;
    char buf[64];
    for (size_t i = base; i < L->kids.n && !found; i++)
        found = clang_getCursorKind(L->kids.v[i]) == CXCursor_UnexposedAttr &&
                attr_name(L, L->kids.v[i], buf, sizeof buf) && strcmp(buf, name) == 0;
    fe_kids_pop(L, base);
    return found;
}

/* Name of the function of __attribute__((cleanup(fn))) on variable c, or NULL. The
   attribute's argument is not in libclang's cursors, so read it from the printed
   declaration (where macros are expanded) up to its initializer. */
static const char *cleanup_fn(fe_lower *L, CXCursor c)
{
    if (!has_unexposed_attr(L, c, "cleanup"))
        return NULL;
    char *text = pretty(c, " = ");
    if (!text)
        return fe_oom(L);
    char fn[256];
    size_t n = strlen(text), at = find_call(text, n, "cleanup");
    const char *name = NULL;
    if (at && call_arg(text, n, at, 0, fn, sizeof fn) &&
        !(name = an_arena_strdup(L->tu->arena, fn)))
        fe_oom(L);
    an_free(text);
    return name;
}

/* ---- variables ---- */
static void fill_var_type(fe_lower *L, ir_var *v, CXCursor c)
{
    CXType t = clang_getCursorType(c), ct = clang_getCanonicalType(t);
    long long len = clang_getArraySize(ct);
    v->type = fe_type_kind(ct);
    v->elem = elem_kind(ct);
    v->type_name = fe_take_str(L, clang_getTypeSpelling(t));
    v->array_len = len > 0 ? (unsigned long long)len : 0;
    v->is_const = clang_isConstQualifiedType(ct);
}

static ir_var *new_var(fe_lower *L, CXCursor c, ir_var_kind kind)
{
    ir_var *v = an_arena_alloc(L->tu->arena, sizeof *v);
    if (!v)
        return fe_oom(L);
    v->kind = kind;
    v->name = fe_take_str(L, clang_getCursorSpelling(c));
    v->loc = fe_loc(L, clang_getCursorLocation(c));
    fill_var_type(L, v, c);
    if (kind == IR_VAR_PARAM && v->type == IR_T_ARRAY) {
        /* `int fds[2]` as a parameter is a pointer to the caller's array */
        v->type = IR_T_PTR;
        v->array_len = 0;
    }
    if (fe_map_put(&L->vars, decl_key(c), v) != AN_OK)
        return fe_oom(L);
    return v;
}

/* Adds v to the current function's variables. */
static ir_var *add_fvar(fe_lower *L, ir_var *v)
{
    if (!v || !L->fn)
        return v;
    v->id = (unsigned)L->fvars.n;
    if (an_vec_push(&L->fvars, v) != AN_OK)
        return fe_oom(L);
    return v;
}

/* The initializer of a global or static local: folded to an integer when clang can
   (`static int size = 4 * 1024;`), else lowered at file scope. */
static ir_expr *lower_static_init(fe_lower *L, ir_var *v, CXCursor init)
{
    long long val;
    if (v->type == IR_T_INT && fe_eval_int(init, &val)) {
        ir_expr *e = ir_expr_new(L->tu, IR_E_INT, fe_loc_start(L, init));
        if (!e)
            return fe_oom(L);
        e->type = IR_T_INT;
        e->ival = val;
        return e;
    }
    ir_func *fn = L->fn;
    L->fn = NULL; /* no statement expression, and no locals, at file scope */
    ir_expr *e = fe_lower_expr(L, init);
    L->fn = fn;
    return e;
}

/* Records that decl c defines global v; lowers its initializer once. */
static void define_global(fe_lower *L, ir_var *v, CXCursor c)
{
    CXCursor init = clang_Cursor_getVarDeclInitializer(c);
    if (!(L->gflags.v[v->id] & FE_G_DEFINED) || (!v->init && !clang_Cursor_isNull(init))) {
        v->loc = fe_loc(L, clang_getCursorLocation(c));
        fill_var_type(L, v, c); /* `extern int a[];` then `int a[8];` */
    }
    L->gflags.v[v->id] |= FE_G_DEFINED;
    if (!v->init && !clang_Cursor_isNull(init))
        v->init = lower_static_init(L, v, init);
}

static ir_var *new_global(fe_lower *L, CXCursor canon)
{
    CXCursor def = clang_getCursorDefinition(canon);
    bool has_def = !clang_Cursor_isNull(def);
    ir_var *v = new_var(L, has_def ? def : canon, IR_VAR_GLOBAL);
    if (!v)
        return NULL;
    v->in_system_header = clang_Location_isInSystemHeader(clang_getCursorLocation(canon));
    v->is_static = clang_Cursor_getStorageClass(canon) == CX_SC_Static ||
                   clang_getCursorLinkage(canon) == CXLinkage_Internal;
    v->id = (unsigned)L->globals.n;
    if (an_vec_push(&L->globals, v) != AN_OK || an_vec_push(&L->gflags, 0) != AN_OK)
        return fe_oom(L);
    if (has_def && !v->in_system_header)
        define_global(L, v, def);
    return v;
}

static bool is_file_scope(CXCursor c)
{
    return clang_Cursor_getStorageClass(c) == CX_SC_Extern ||
           clang_getCursorKind(clang_getCursorSemanticParent(c)) == CXCursor_TranslationUnit;
}

ir_var *fe_var_ref(fe_lower *L, CXCursor decl)
{
    CXCursor canon = clang_getCanonicalCursor(decl);
    ir_var *v = fe_map_get(&L->vars, canon.data[0]);
    if (v)
        return v;
    if (is_file_scope(canon))
        return new_global(L, canon);
    /* a local used before its declaration was lowered: only broken code gets here */
    bool stat = clang_Cursor_hasVarDeclGlobalStorage(canon) == 1;
    v = add_fvar(L, new_var(L, canon, stat ? IR_VAR_STATIC_LOCAL : IR_VAR_LOCAL));
    if (v)
        v->is_static = stat;
    return v;
}

ir_var *fe_local_var(fe_lower *L, CXCursor decl, ir_expr **init)
{
    enum CX_StorageClass sc = clang_Cursor_getStorageClass(decl);
    *init = NULL;
    if (sc == CX_SC_Extern)
        return NULL; /* a global, created when used */
    ir_var *v = new_var(L, decl, sc == CX_SC_Static ? IR_VAR_STATIC_LOCAL : IR_VAR_LOCAL);
    if (!add_fvar(L, v))
        return NULL;
    v->is_static = sc == CX_SC_Static;
    v->cleanup_fn = cleanup_fn(L, decl);
    CXCursor ic = clang_Cursor_getVarDeclInitializer(decl);
    if (!clang_Cursor_isNull(ic) && L->st == AN_OK) /* after registering: `p = &p` */
        *init = v->is_static ? (v->init = lower_static_init(L, v, ic)) : fe_lower_expr(L, ic);
    return v;
}

void fe_top_var(fe_lower *L, CXCursor c)
{
    bool defines = !clang_Cursor_hasVarDeclExternalStorage(c) ||
                   !clang_Cursor_isNull(clang_Cursor_getVarDeclInitializer(c));
    if (!defines)
        return; /* `extern int x;`: only when used */
    ir_var *v = fe_map_get(&L->vars, decl_key(c));
    if (!v && !(v = new_global(L, clang_getCanonicalCursor(c))))
        return;
    define_global(L, v, c);
}

void fe_finish_globals(fe_lower *L)
{
    for (size_t i = 0; i < L->globals.n && i < L->gflags.n; i++)
        L->globals.v[i]->is_extern = !(L->gflags.v[i] & FE_G_DEFINED);
}

/* ---- function declarations ---- */
static unsigned char param_flags(CXType t)
{
    t = clang_getCanonicalType(t);
    if (t.kind != CXType_Pointer)
        return fe_type_kind(t) == IR_T_INT ? IR_PF_INT : 0;
    CXType pt = clang_getPointeeType(t);
    unsigned char f = IR_PF_PTR;
    if (clang_isConstQualifiedType(pt))
        f |= IR_PF_PTR_TO_CONST;
    if (pt.kind == CXType_Pointer)
        f |= IR_PF_PTR_TO_PTR;
    if (pt.kind == CXType_FunctionProto || pt.kind == CXType_FunctionNoProto)
        f |= IR_PF_FUNC_PTR;
    return f;
}

static void fill_signature(fe_lower *L, ir_fdecl *fd, CXCursor decl)
{
    CXType ft = clang_getCanonicalType(clang_getCursorType(decl));
    CXType rt = clang_getResultType(ft);
    int n = clang_getNumArgTypes(ft); /* -1 for `int f();` */
    fd->ret_type = fe_type_kind(rt);
    fd->ret_elem = fd->ret_type == IR_T_PTR ? elem_kind(rt) : IR_T_OTHER;
    fd->variadic = ft.kind == CXType_FunctionProto && clang_isFunctionTypeVariadic(ft);
    fd->nparams = n > 0 ? (unsigned)n : 0;
    fd->param_flags = NULL;
    if (n > 0 && !(fd->param_flags = an_arena_alloc(L->tu->arena, (size_t)n))) {
        fd->nparams = 0;
        fe_oom(L);
        return;
    }
    for (int i = 0; i < n; i++)
        fd->param_flags[i] = param_flags(clang_getArgType(ft, (unsigned)i));
}

/* Compiler builtins get a declaration at their first use, in the user's file. */
static bool is_builtin(const char *name)
{
    return strncmp(name, "__builtin_", 10) == 0 || strncmp(name, "__sync_", 7) == 0 ||
           strncmp(name, "__atomic_", 9) == 0 || strncmp(name, "__c11_atomic_", 13) == 0;
}

static ir_fdecl *new_fdecl(fe_lower *L, CXCursor decl, const char *name)
{
    CXCursor canon = clang_getCanonicalCursor(decl);
    CXSourceLocation at = clang_getCursorLocation(canon);
    ir_fdecl *fd = an_arena_alloc(L->tu->arena, sizeof *fd);
    if (!fd || !(fd->name = an_arena_strdup(L->tu->arena, name)))
        return fe_oom(L);
    fd->id = (unsigned)L->fdecls.n;
    fd->loc = fe_loc(L, at);
    /* system only if both the first declaration and the one in use are */
    fd->in_system_header = is_builtin(name) || (clang_Location_isInSystemHeader(at) &&
                           clang_Location_isInSystemHeader(clang_getCursorLocation(decl)));
    fd->is_static = clang_getCursorLinkage(canon) == CXLinkage_Internal;
    fill_signature(L, fd, decl);
    if (an_vec_push(&L->fdecls, fd) != AN_OK || an_vec_push(&L->fflags, 0) != AN_OK ||
        fe_map_put(&L->fdecl_by_name, fd->name, fd) != AN_OK)
        return fe_oom(L);
    return fd;
}

static CXCursor body_of(fe_lower *L, CXCursor fn)
{
    size_t base = fe_kids_push(L, fn);
    CXCursor body = clang_getNullCursor();
    for (size_t i = base; i < L->kids.n; i++)
        if (clang_getCursorKind(L->kids.v[i]) == CXCursor_CompoundStmt)
            body = L->kids.v[i];
    fe_kids_pop(L, base);
    return body;
}

/* Like find_call, for a call written as an attribute: after `(`, `,` or `gnu::`. */
static size_t find_attr_call(const char *text, size_t n, const char *name)
{
    for (size_t i = 0, at; i < n && (at = find_call(text + i, n - i, name)); i += at) {
        size_t p = i + at - 1; /* the parenthesis: walk back over spaces and the name */
        while (p > 0 && isspace((unsigned char)text[p - 1]))
            p--;
        while (p > 0 && is_ident((unsigned char)text[p - 1]))
            p--;
        while (p > 0 && isspace((unsigned char)text[p - 1]))
            p--;
        if (p > 0 && (text[p - 1] == '(' || text[p - 1] == ',' || text[p - 1] == ':'))
            return i + at;
    }
    return 0;
}

/* GCC's malloc(dealloc[, index]): clang 19 rejects it ("takes no arguments") and drops
   it, so look for it in the declaration's own text, before any body (and before a
   `{`, in case the body came from a macro). */
static void scan_dealloc(fe_lower *L, ir_fdecl *fd, CXCursor decl)
{
    CXSourceRange r = clang_getCursorExtent(decl);
    CXFile f1 = NULL, f2 = NULL;
    unsigned line, col, from = 0, to = 0;
    size_t size = 0;
    CXCursor body = clang_isCursorDefinition(decl) ? body_of(L, decl) : clang_getNullCursor();
    CXSourceLocation end = clang_Cursor_isNull(body) ? clang_getRangeEnd(r)
                                                     : clang_getCursorLocation(body);
    clang_getExpansionLocation(clang_getRangeStart(r), &f1, &line, &col, &from);
    clang_getExpansionLocation(end, &f2, &line, &col, &to);
    const char *text = f1 ? clang_getFileContents(L->ctu, f1, &size) : NULL;
    if (!text || f1 != f2 || to > size || to <= from || to - from > 64 * 1024)
        return;
    const char *s = text + from, *brace = memchr(s, '{', to - from);
    size_t n = brace ? (size_t)(brace - s) : to - from, at = find_attr_call(s, n, "malloc");
    char fn[256], idx[32];
    if (!at)
        at = find_attr_call(s, n, "__malloc__");
    if (!at || !call_arg(s, n, at, 0, fn, sizeof fn) || isdigit((unsigned char)fn[0]))
        return;
    if (!(fd->dealloc_fn = an_arena_strdup(L->tu->arena, fn))) {
        fe_oom(L);
        return;
    }
    fd->attr_malloc = true;
    fd->dealloc_arg = call_arg(s, n, at, 1, idx, sizeof idx) ? atoi(idx) - 1 : 0;
    if (fd->dealloc_arg < 0)
        fd->dealloc_arg = 0;
}

/* Bit i-1 for every index i after the kind in ownership_takes(kind, i...). */
static unsigned own_mask(const char *text, size_t n, size_t at)
{
    unsigned mask = 0;
    char buf[32];
    for (unsigned k = 1; k <= 32 && call_arg(text, n, at, k, buf, sizeof buf); k++) {
        int i = atoi(buf);
        if (i >= 1 && i <= 32)
            mask |= 1u << (i - 1);
    }
    return mask;
}

/* Reads one ownership_* attribute from the printed declaration text. */
static const char *own_attr(fe_lower *L, const char *text, const char *name, unsigned *mask)
{
    size_t n = strlen(text), at = find_call(text, n, name);
    char kind[256];
    if (!at || !call_arg(text, n, at, 0, kind, sizeof kind))
        return NULL;
    if (mask)
        *mask = own_mask(text, n, at);
    const char *k = an_arena_strdup(L->tu->arena, kind);
    return k ? k : fe_oom(L);
}

static void read_ownership(fe_lower *L, ir_fdecl *fd, CXCursor decl)
{
    char *text = pretty(decl, "{");
    if (!text) {
        fe_oom(L);
        return;
    }
    fd->own_returns = own_attr(L, text, "ownership_returns", NULL);
    fd->own_takes = own_attr(L, text, "ownership_takes", &fd->own_takes_mask);
    fd->own_holds = own_attr(L, text, "ownership_holds", &fd->own_holds_mask);
    an_free(text);
}

/* Attributes that libclang shows as cursors of decl (inherited ones included). */
static void read_attr_cursors(fe_lower *L, ir_fdecl *fd, CXCursor decl)
{
    size_t base = fe_kids_push(L, decl);
    bool own = false;
    char name[64];
    for (size_t i = base; i < L->kids.n; i++) {
        CXCursor k = L->kids.v[i];
        if (clang_getCursorKind(k) != CXCursor_UnexposedAttr ||
            !attr_name(L, k, name, sizeof name))
            continue;
        if (strcmp(name, "noreturn") == 0 || strcmp(name, "_Noreturn") == 0)
            fd->noreturn = true;
        else if (strcmp(name, "malloc") == 0)
            fd->attr_malloc = true;
        else if (strncmp(name, "ownership_", 10) == 0)
            own = true;
    }
    fe_kids_pop(L, base);
    if (own)
        read_ownership(L, fd, decl);
}

static void read_attrs(fe_lower *L, ir_fdecl *fd, CXCursor decl)
{
    /* GNU noreturn lives on the function type, not in a cursor */
    CXString ts = clang_getTypeSpelling(clang_getCursorType(decl));
    const char *t = clang_getCString(ts);
    if (t && strstr(t, "__attribute__((noreturn))"))
        fd->noreturn = true;
    clang_disposeString(ts);
    if (clang_Cursor_hasAttrs(decl))
        read_attr_cursors(L, fd, decl);
    if (fd->in_system_header || L->st != AN_OK)
        return;
    CXCursor canon = clang_getCanonicalCursor(decl);
    scan_dealloc(L, fd, decl);
    if (!fd->dealloc_fn && !clang_equalCursors(canon, decl))
        scan_dealloc(L, fd, canon);
}

ir_fdecl *fe_fdecl(fe_lower *L, CXCursor decl, bool use)
{
    const void *key = decl_key(decl);
    ir_fdecl *fd = fe_map_get(&L->fdecl_by_decl, key);
    if (!fd) {
        CXString s = clang_getCursorSpelling(decl);
        const char *name = clang_getCString(s) ? clang_getCString(s) : "";
        fd = fe_map_get(&L->fdecl_by_name, name);
        if (!fd)
            fd = new_fdecl(L, decl, name);
        clang_disposeString(s);
        if (!fd || fe_map_put(&L->fdecl_by_decl, key, fd) != AN_OK)
            return fe_oom(L);
    }
    if (use && !(L->fflags.v[fd->id] & FE_FD_ATTRS)) {
        L->fflags.v[fd->id] |= FE_FD_ATTRS;
        read_attrs(L, fd, decl);
    }
    return fd;
}

/* ---- function definitions ---- */
static void lower_params(fe_lower *L, ir_func *f, CXCursor c)
{
    int n = clang_Cursor_getNumArguments(c);
    for (int i = 0; i < n && L->st == AN_OK; i++)
        add_fvar(L, new_var(L, clang_Cursor_getArgument(c, (unsigned)i), IR_VAR_PARAM));
    f->nparams = (unsigned)L->fvars.n;
}

/* Copies the function's variables into the TU arena and links it in. */
static void finish_function(fe_lower *L, ir_fdecl *fd, ir_func *f)
{
    f->end = f->body->end;
    f->nvars = (unsigned)L->fvars.n;
    if (f->nvars) {
        if (!(f->vars = an_arena_alloc(L->tu->arena, f->nvars * sizeof(ir_var *)))) {
            fe_oom(L);
            return;
        }
        memcpy(f->vars, L->fvars.v, f->nvars * sizeof(ir_var *));
    }
    fd->def = f;
    if (an_vec_push(&L->funcs, f) != AN_OK)
        fe_oom(L);
}

static void lower_function(fe_lower *L, ir_fdecl *fd, CXCursor c)
{
    ir_func *f = an_arena_alloc(L->tu->arena, sizeof *f);
    if (!f) {
        fe_oom(L);
        return;
    }
    CXSourceLocation at = clang_getCursorLocation(c);
    f->name = fd->name;
    f->decl = fd;
    f->loc = fe_loc(L, at);
    f->in_main_file = clang_Location_isFromMainFile(at);
    fill_signature(L, fd, c); /* the definition knows its parameters for sure */
    L->fn = f;
    L->fvars.n = 0;
    L->depth = 0;
    lower_params(L, f, c);
    CXCursor body = body_of(L, c);
    f->body = clang_Cursor_isNull(body) ? ir_stmt_new(L->tu, IR_S_COMPOUND, f->loc)
                                        : fe_lower_stmt(L, body);
    L->fn = NULL;
    if (!f->body)
        fe_oom(L);
    if (L->st == AN_OK)
        finish_function(L, fd, f);
}

void fe_top_function(fe_lower *L, CXCursor c)
{
    bool def = clang_isCursorDefinition(c);
    ir_fdecl *fd = fe_fdecl(L, c, def);
    if (fd && def && !fd->def)
        lower_function(L, fd, c);
}

/* frontend.c — parses one translation unit with libclang and walks its top-level
   declarations; frontend_decl.c and frontend_expr.c lower what it finds. A
   CXTranslationUnit never outlives fe_parse(): the IR keeps copies of everything, in
   the ir_tu's arena. Helpers shared by the frontend's files live here too. */
#include "frontend_impl.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

#ifndef LEAKSCOPE_CLANG_RESOURCE_DIR
#define LEAKSCOPE_CLANG_RESOURCE_DIR ""
#endif

struct fe_ctx {
    CXIndex index;
};

/* ---- loading libclang ---- */

fe_clang_api fe_clang;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[512];
static bool loaded;

static void load_libclang(void)
{
    void *h = dlopen(LEAKSCOPE_LIBCLANG, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(load_error, sizeof load_error, "%s", dlerror());
        return;
    }
#define FE_CLANG_LOAD(name)                                                        \
    if (!(*(void **)&fe_clang.p_##name = dlsym(h, "clang_" #name))) {              \
        snprintf(load_error, sizeof load_error, "%s: no symbol clang_%s",          \
                 LEAKSCOPE_LIBCLANG, #name);                                       \
        return;                                                                    \
    }
    FE_CLANG_FUNCS(FE_CLANG_LOAD)
#undef FE_CLANG_LOAD
    loaded = true; /* the handle stays open for the life of the process */
}

an_status fe_init(diag_sink *ds)
{
    pthread_once(&load_once, load_libclang);
    if (loaded)
        return AN_OK;
    diag_error(ds, LEAKSCOPE_LIBCLANG, "cannot load libclang: %s (install libclang-19-dev)",
               load_error);
    return AN_EIO;
}

fe_ctx *fe_ctx_new(void)
{
    if (fe_init(NULL) != AN_OK)
        return NULL;
    fe_ctx *fx = an_calloc(1, sizeof *fx);
    if (!fx)
        return NULL;
    fx->index = clang_createIndex(0, 0); /* 0: libclang prints no diagnostics */
    if (!fx->index) {
        an_free(fx);
        return NULL;
    }
    return fx;
}

void fe_ctx_free(fe_ctx *fx)
{
    if (!fx)
        return;
    clang_disposeIndex(fx->index);
    an_free(fx);
}

/* ---- small shared helpers ---- */
void *fe_oom(fe_lower *L)
{
    if (L->st == AN_OK)
        L->st = AN_ENOMEM;
    return NULL;
}

const char *fe_take_str(fe_lower *L, CXString s)
{
    const char *c = clang_getCString(s);
    char *copy = an_arena_strdup(L->tu->arena, c ? c : "");
    clang_disposeString(s);
    return copy ? copy : fe_oom(L);
}

static enum CXChildVisitResult collect_kid(CXCursor c, CXCursor parent, CXClientData data)
{
    fe_lower *L = data;
    (void)parent;
    if (an_vec_push(&L->kids, c) != AN_OK) {
        fe_oom(L);
        return CXChildVisit_Break;
    }
    return CXChildVisit_Continue;
}

size_t fe_kids_push(fe_lower *L, CXCursor c)
{
    size_t base = L->kids.n;
    clang_visitChildren(c, collect_kid, L);
    return base;
}

void fe_kids_pop(fe_lower *L, size_t base)
{
    L->kids.n = base;
}

/* ---- hash map ---- */
static uint64_t map_hash(const fe_map *m, const void *key)
{
    if (m->strkeys)
        return an_hash_str(AN_HASH_INIT, key);
    uint64_t h = (uint64_t)(uintptr_t)key;
    return (h >> 4) * 0x9E3779B97F4A7C15ULL;
}

static bool map_eq(const fe_map *m, const void *a, const void *b)
{
    return m->strkeys ? strcmp(a, b) == 0 : a == b;
}

static size_t map_slot(const fe_map *m, const void *key)
{
    size_t i = (size_t)(map_hash(m, key) >> 7) & (m->cap - 1);
    while (m->keys[i] && !map_eq(m, m->keys[i], key))
        i = (i + 1) & (m->cap - 1);
    return i;
}

void *fe_map_get(const fe_map *m, const void *key)
{
    if (m->n == 0)
        return NULL;
    return m->vals[map_slot(m, key)];
}

static an_status map_grow(fe_map *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 64;
    fe_map bigger = {an_calloc(ncap, sizeof(void *)), an_calloc(ncap, sizeof(void *)), ncap,
                     m->n, m->strkeys};
    if (!bigger.keys || !bigger.vals) {
        an_free(bigger.keys);
        an_free(bigger.vals);
        return AN_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i]) {
            size_t j = map_slot(&bigger, m->keys[i]);
            bigger.keys[j] = m->keys[i];
            bigger.vals[j] = m->vals[i];
        }
    }
    fe_map_fini(m);
    *m = bigger;
    return AN_OK;
}

an_status fe_map_put(fe_map *m, const void *key, void *val)
{
    if ((m->n + 1) * 4 > m->cap * 3 && map_grow(m) != AN_OK)
        return AN_ENOMEM;
    size_t i = map_slot(m, key);
    if (!m->keys[i])
        m->n++;
    m->keys[i] = key;
    m->vals[i] = val;
    return AN_OK;
}

void fe_map_fini(fe_map *m)
{
    an_free(m->keys);
    an_free(m->vals);
    m->keys = NULL;
    m->vals = NULL;
    m->cap = m->n = 0;
}

/* ---- paths ---- */

/* true when the last component written before out is "..". */
static bool ends_with_dotdot(const char *root, const char *out)
{
    return out - root >= 2 && out[-1] == '.' && out[-2] == '.' &&
           (out - root == 2 || out[-3] == '/');
}

/* Folds "." and ".." of the path in buf, in place; components are written back
   separated by one slash, with no trailing slash. */
static void fold_dots(char *buf)
{
    bool abs = buf[0] == '/';
    char *root = buf + abs, *out = root, *p = root;
    while (*p) {
        char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char *next = end ? end + 1 : p + n;
        bool dot = n == 0 || (n == 1 && p[0] == '.');
        bool dotdot = n == 2 && p[0] == '.' && p[1] == '.';
        if (dotdot && out > root && !ends_with_dotdot(root, out)) {
            while (out > root && out[-1] != '/')
                out--;
            if (out > root)
                out--; /* the separator before the dropped component */
        } else if (!dot && !(dotdot && abs && out == root)) {
            if (out > root)
                *out++ = '/'; /* out stays behind p: this never clobbers unread text */
            memmove(out, p, n);
            out += n;
        }
        p = next;
    }
    if (out == buf)
        *out++ = '.';
    *out = '\0';
}

char *fe_path_join(an_arena *a, const char *dir, const char *path)
{
    bool join = dir && *dir && path[0] != '/';
    size_t dn = join ? strlen(dir) : 0, pn = strlen(path);
    char *buf = an_arena_alloc(a, dn + pn + 2);
    if (!buf)
        return NULL;
    if (join) {
        memcpy(buf, dir, dn);
        buf[dn++] = '/';
    }
    memcpy(buf + dn, path, pn + 1);
    fold_dots(buf);
    return buf;
}

/* ---- locations ---- */
static const char *intern_file(fe_lower *L, CXFile f)
{
    CXString s = clang_getFileName(f);
    const char *raw = clang_getCString(s);
    char *name = fe_path_join(L->tu->arena, L->dir, raw ? raw : "");
    clang_disposeString(s);
    if (!name || fe_map_put(&L->files, f, name) != AN_OK)
        return fe_oom(L);
    return name;
}

static const char *file_name(fe_lower *L, CXFile f)
{
    if (!f)
        return "<built-in>";
    if (f == L->last_file)
        return L->last_name;
    const char *name = fe_map_get(&L->files, f);
    if (!name && !(name = intern_file(L, f)))
        return "<unknown>";
    L->last_file = f;
    L->last_name = name;
    return name;
}

an_loc fe_loc(fe_lower *L, CXSourceLocation sl)
{
    /* a statement and its expression, an operator and its left operand, a call and
       its callee start at the same place: asking clang again costs more than this */
    if (L->last_sl.int_data == sl.int_data && L->last_sl.ptr_data[0] == sl.ptr_data[0] &&
        L->last_sl.ptr_data[1] == sl.ptr_data[1] && L->last_loc.file)
        return L->last_loc;
    CXFile f = NULL;
    unsigned line = 0, col = 0, off = 0;
    clang_getExpansionLocation(sl, &f, &line, &col, &off);
    an_loc loc = {file_name(L, f), line, col};
    L->last_sl = sl;
    L->last_loc = loc;
    return loc;
}

an_loc fe_loc_start(fe_lower *L, CXCursor c)
{
    return fe_loc(L, clang_getRangeStart(clang_getCursorExtent(c)));
}

/* ---- arguments ---- */
static bool sets_language(const fe_unit *u)
{
    for (unsigned i = 0; i < u->nargs; i++) {
        const char *a = u->args[i];
        if (strncmp(a, "-x", 2) == 0 || strncmp(a, "--language", 10) == 0)
            return true;
    }
    return false;
}

/* The directory part of path ("." when it has none). Borrowed from the TU arena. */
static char *dir_of(an_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return an_arena_strdup(a, ".");
    return an_arena_strndup(a, path, slash == path ? 1 : (size_t)(slash - path));
}

typedef AN_VEC(const char *) arg_vec;

static an_status push_args(arg_vec *v, const char *a, const char *b)
{
    if (an_vec_push(v, a) != AN_OK || (b && an_vec_push(v, b) != AN_OK))
        return AN_ENOMEM;
    return AN_OK;
}

/* The command line for u: its own flags, then ours, which must win (no warning may
   become an error; no error limit, which would make a fatal error of many errors). */
static an_status build_args(fe_lower *L, const fe_unit *u, const char *main_path, arg_vec *v)
{
    an_status st = AN_OK;
    for (unsigned i = 0; i < u->nargs && st == AN_OK; i++)
        st = push_args(v, u->args[i], NULL);
    if (st == AN_OK && u->nargs == 0) {
        char *dir = dir_of(L->tu->arena, main_path);
        st = dir ? push_args(v, "-I", dir) : AN_ENOMEM;
    }
    if (st == AN_OK && !sets_language(u))
        st = push_args(v, "-x", "c");
    if (st == AN_OK && LEAKSCOPE_CLANG_RESOURCE_DIR[0])
        st = push_args(v, "-resource-dir", LEAKSCOPE_CLANG_RESOURCE_DIR);
    if (st == AN_OK && u->dir)
        st = push_args(v, "-working-directory", u->dir);
    if (st == AN_OK)
        st = push_args(v, "-ferror-limit=0", "-fno-spell-checking");
    if (st == AN_OK)
        st = push_args(v, "-w", "-Wno-error");
    return st;
}

/* ---- diagnostics ---- */
static void describe_diag(CXDiagnostic d, an_buf *b)
{
    CXFile f = NULL;
    unsigned line = 0, col = 0, off = 0;
    clang_getExpansionLocation(clang_getDiagnosticLocation(d), &f, &line, &col, &off);
    if (f) {
        CXString name = clang_getFileName(f);
        const char *s = clang_getCString(name);
        an_buf_printf(b, "%s:%u:%u: ", s ? s : "?", line, col);
        clang_disposeString(name);
    }
    CXString text = clang_getDiagnosticSpelling(d);
    const char *t = clang_getCString(text);
    an_buf_printf(b, "%s%s", clang_getDiagnosticSeverity(d) == CXDiagnostic_Fatal
                                 ? "fatal error: " : "error: ", t ? t : "");
    clang_disposeString(text);
}

/* AN_EPARSE on the first fatal diagnostic; plain errors become one warning. */
static an_status check_diags(fe_lower *L, const char *main_path)
{
    unsigned n = clang_getNumDiagnostics(L->ctu), nerr = 0;
    an_buf first = {0};
    an_status st = AN_OK;
    for (unsigned i = 0; i < n && st == AN_OK; i++) {
        CXDiagnostic d = clang_getDiagnostic(L->ctu, i);
        enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
        if (sev == CXDiagnostic_Fatal) {
            an_buf_fini(&first);
            describe_diag(d, &first);
            diag_error(L->ds, main_path, "%s", an_buf_str(&first));
            st = AN_EPARSE;
        } else if (sev == CXDiagnostic_Error && nerr++ == 0) {
            describe_diag(d, &first);
        }
        clang_disposeDiagnostic(d);
    }
    if (st == AN_OK && nerr > 1)
        diag_warning(L->ds, main_path, "%s (and %u more errors); analyzed anyway",
                     an_buf_str(&first), nerr - 1);
    else if (st == AN_OK && nerr == 1)
        diag_warning(L->ds, main_path, "%s; analyzed anyway", an_buf_str(&first));
    an_buf_fini(&first);
    return st;
}

/* ---- the TU walk ---- */
static void visit_inclusion(CXFile f, CXSourceLocation *stack, unsigned n, CXClientData data)
{
    fe_lower *L = data;
    /* n == 0 is the main file; what a system header includes is a system header too */
    if (n == 0 || L->st != AN_OK || clang_Location_isInSystemHeader(stack[0]) ||
        fe_map_get(&L->included, f))
        return;
    if (fe_map_put(&L->included, f, L) != AN_OK) {
        fe_oom(L);
        return;
    }
    if (clang_Location_isInSystemHeader(clang_getLocation(L->ctu, f, 1, 1)))
        return;
    const char *name = file_name(L, f);
    if (L->st == AN_OK && an_vec_push(&L->includes, name) != AN_OK)
        fe_oom(L);
}

static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent, CXClientData data)
{
    fe_lower *L = data;
    enum CXCursorKind k = clang_getCursorKind(c);
    (void)parent;
    if (k != CXCursor_FunctionDecl && k != CXCursor_VarDecl)
        return CXChildVisit_Continue;
    if (clang_Location_isInSystemHeader(clang_getCursorLocation(c)))
        return CXChildVisit_Continue; /* bodies in system headers are never visited */
    if (k == CXCursor_FunctionDecl)
        fe_top_function(L, c);
    else
        fe_top_var(L, c);
    return L->st == AN_OK ? CXChildVisit_Continue : CXChildVisit_Break;
}

/* Copies a vector of pointers into the TU arena. */
static void *arena_array(fe_lower *L, const void *v, size_t n, size_t elem)
{
    if (n == 0 || L->st != AN_OK)
        return NULL;
    void *a = an_arena_alloc(L->tu->arena, n * elem);
    if (!a)
        return fe_oom(L);
    memcpy(a, v, n * elem);
    return a;
}

static void finish_tu(fe_lower *L)
{
    ir_tu *tu = L->tu;
    fe_finish_globals(L);
    tu->funcs = arena_array(L, L->funcs.v, L->funcs.n, sizeof(ir_func *));
    tu->nfuncs = (unsigned)L->funcs.n;
    tu->fdecls = arena_array(L, L->fdecls.v, L->fdecls.n, sizeof(ir_fdecl *));
    tu->nfdecls = (unsigned)L->fdecls.n;
    tu->globals = arena_array(L, L->globals.v, L->globals.n, sizeof(ir_var *));
    tu->nglobals = (unsigned)L->globals.n;
    tu->includes = arena_array(L, L->includes.v, L->includes.n, sizeof(const char *));
    tu->nincludes = (unsigned)L->includes.n;
    if (L->st == AN_OK)
        ir_fold_constants(tu);
}

static void lower_tu(fe_lower *L, const char *main_path)
{
    CXFile main_file = clang_getFile(L->ctu, main_path);
    if (main_file && fe_map_put(&L->files, main_file, (void *)L->tu->main_file) != AN_OK)
        fe_oom(L);
    if (L->st == AN_OK)
        clang_getInclusions(L->ctu, visit_inclusion, L);
    if (L->st == AN_OK)
        clang_visitChildren(clang_getTranslationUnitCursor(L->ctu), visit_top, L);
    finish_tu(L);
}

static void lower_fini(fe_lower *L)
{
    fe_map_fini(&L->vars);
    fe_map_fini(&L->fdecl_by_decl);
    fe_map_fini(&L->fdecl_by_name);
    fe_map_fini(&L->files);
    fe_map_fini(&L->included);
    an_vec_free(&L->kids);
    an_vec_free(&L->fvars);
    an_vec_free(&L->funcs);
    an_vec_free(&L->fdecls);
    an_vec_free(&L->fflags);
    an_vec_free(&L->globals);
    an_vec_free(&L->gflags);
    an_vec_free(&L->includes);
}

/* AN_EIO unless path names a readable regular file. */
static an_status check_readable(const char *path, diag_sink *ds)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || access(path, R_OK) != 0) {
        diag_error(ds, path, "cannot read %s: %s", path, strerror(errno));
        return AN_EIO;
    }
    if (!S_ISREG(sb.st_mode)) {
        diag_error(ds, path, "cannot read %s: not a regular file", path);
        return AN_EIO;
    }
    return AN_OK;
}

static an_status parse(fe_ctx *fx, fe_lower *L, const fe_unit *u, const char *main_path)
{
    arg_vec args = {0};
    an_status st = build_args(L, u, main_path, &args);
    if (st == AN_OK) {
        /* No CXTranslationUnit_KeepGoing: it reports fatal errors (a missing header) as
           plain errors, and plain errors never stop clang anyway. */
        enum CXErrorCode rc = clang_parseTranslationUnit2(
            fx->index, main_path, args.v, (int)args.n, NULL, 0,
            CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles, &L->ctu);
        if (rc != CXError_Success) {
            diag_error(L->ds, main_path, "libclang could not parse %s (error %d)", main_path,
                       (int)rc);
            L->ctu = NULL;
            st = AN_EPARSE;
        }
    }
    an_vec_free(&args);
    return st;
}

an_status fe_parse(fe_ctx *fx, const fe_unit *u, ir_tu **out, diag_sink *ds)
{
    fe_lower L = {.ds = ds, .dir = u->dir, .fdecl_by_name = {.strkeys = true}};
    *out = NULL;
    an_arena *tmp = an_arena_new();
    const char *main_path = tmp ? fe_path_join(tmp, u->dir, u->file) : NULL;
    an_status st = main_path ? check_readable(main_path, ds) : AN_ENOMEM;
    if (st == AN_OK && !(L.tu = ir_tu_new(main_path)))
        st = AN_ENOMEM;
    if (st == AN_OK)
        st = parse(fx, &L, u, main_path);
    if (st == AN_OK)
        st = check_diags(&L, main_path);
    if (st == AN_OK) {
        lower_tu(&L, main_path);
        st = L.st;
    }
    if (L.ctu)
        clang_disposeTranslationUnit(L.ctu);
    lower_fini(&L);
    an_arena_free(tmp);
    if (st == AN_OK)
        *out = L.tu;
    else
        ir_tu_free(L.tu);
    return st;
}

/* frontend_cdb.c — compile_commands.json through libclang: the C translation units of
   a build, each once, with the flags that matter for parsing (no -c, -o, -M*, -Werror,
   no compiler name and no source file). Every string is copied into the database's
   arena; libclang's objects are disposed of before fe_cdb_load() returns. */
#include "frontend_impl.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

struct fe_cdb {
    an_arena *arena;
    AN_VEC(fe_unit) units;
    fe_map seen; /* absolute file name -> non-NULL */
};

size_t fe_cdb_count(const fe_cdb *db)
{
    return db->units.n;
}

const fe_unit *fe_cdb_unit(const fe_cdb *db, size_t i)
{
    return &db->units.v[i];
}

void fe_cdb_free(fe_cdb *db)
{
    if (!db)
        return;
    an_vec_free(&db->units);
    fe_map_fini(&db->seen);
    an_arena_free(db->arena);
    an_free(db);
}

/* Copies s into the arena and disposes of it. NULL on OOM. */
static const char *take(an_arena *a, CXString s)
{
    const char *c = clang_getCString(s);
    char *copy = an_arena_strdup(a, c ? c : "");
    clang_disposeString(s);
    return copy;
}

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* How many arguments from a on a parser does not want (0: keep a). */
static unsigned drop_count(const char *a)
{
    static const char *const alone[] = {"-c", "-MD", "-MMD", "-MP", "-M", "-MM", "-MG",
                                        "-pedantic-errors", "-Wfatal-errors"};
    static const char *const with_value[] = {"-o", "-MF", "-MT", "-MQ", "-MJ"};
    for (size_t i = 0; i < sizeof alone / sizeof alone[0]; i++)
        if (strcmp(a, alone[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof with_value / sizeof with_value[0]; i++) {
        if (strcmp(a, with_value[i]) == 0)
            return 2;
        if (starts(a, with_value[i])) /* joined: -ofile, -MFdeps */
            return 1;
    }
    if (starts(a, "-Werror") || starts(a, "-Wp,-M") || starts(a, "--driver-mode=") ||
        starts(a, "-std=c++") || starts(a, "-std=gnu++"))
        return 1;
    return 0;
}

/* The language a command sets with -x, or NULL. */
static const char *language(CXCompileCommand cmd, unsigned nargs, CXString *keep)
{
    for (unsigned i = 1; i + 1 < nargs; i++) {
        CXString a = clang_CompileCommand_getArg(cmd, i);
        bool x = strcmp(clang_getCString(a), "-x") == 0;
        clang_disposeString(a);
        if (x) {
            *keep = clang_CompileCommand_getArg(cmd, i + 1);
            return clang_getCString(*keep);
        }
    }
    return NULL;
}

static bool is_c_unit(CXCompileCommand cmd, unsigned nargs, const char *file)
{
    CXString keep = {0};
    const char *lang = language(cmd, nargs, &keep);
    bool c = lang ? strcmp(lang, "c") == 0 : an_ends_with(file, ".c");
    if (lang)
        clang_disposeString(keep);
    return c;
}

/* The arguments of cmd worth parsing with, copied into the arena. */
static an_status copy_args(fe_cdb *db, CXCompileCommand cmd, fe_unit *u, const char *given)
{
    unsigned nargs = clang_CompileCommand_getNumArgs(cmd), n = 0;
    const char **args = an_arena_alloc(db->arena, (nargs + 1) * sizeof *args);
    if (!args)
        return AN_ENOMEM;
    for (unsigned i = 1; i < nargs; i++) { /* argv[0] is the compiler */
        const char *a = take(db->arena, clang_CompileCommand_getArg(cmd, i));
        if (!a)
            return AN_ENOMEM;
        unsigned drop = drop_count(a);
        if (drop) {
            i += drop - 1;
            continue;
        }
        const char *abs = a[0] == '-' ? a : fe_path_join(db->arena, u->dir, a);
        if (!abs)
            return AN_ENOMEM;
        if (a[0] == '-' || (strcmp(a, given) != 0 && strcmp(abs, u->file) != 0))
            args[n++] = a;
    }
    u->args = args;
    u->nargs = n;
    return AN_OK;
}

static an_status add_command(fe_cdb *db, CXCompileCommand cmd)
{
    fe_unit u = {0};
    unsigned nargs = clang_CompileCommand_getNumArgs(cmd);
    const char *given = take(db->arena, clang_CompileCommand_getFilename(cmd));
    if (!given || !(u.dir = take(db->arena, clang_CompileCommand_getDirectory(cmd))) ||
        !(u.file = fe_path_join(db->arena, u.dir, given)))
        return AN_ENOMEM;
    if (!is_c_unit(cmd, nargs, u.file) || fe_map_get(&db->seen, u.file))
        return AN_OK; /* another language, or the first command for the file won */
    an_status st = copy_args(db, cmd, &u, given);
    if (st == AN_OK && fe_map_put(&db->seen, u.file, (void *)u.file) != AN_OK)
        st = AN_ENOMEM;
    if (st == AN_OK && an_vec_push(&db->units, u) != AN_OK)
        st = AN_ENOMEM;
    return st;
}

/* The directory holding compile_commands.json for path (a directory, or the file
   itself), and that file's name; both borrowed from arena a. AN_EIO when unreadable. */
static an_status locate(an_arena *a, const char *path, const char **dir, const char **json,
                        diag_sink *ds)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        diag_error(ds, path, "cannot read %s: %s", path, strerror(errno));
        return AN_EIO;
    }
    const char *slash = strrchr(path, '/');
    if (S_ISDIR(sb.st_mode)) {
        *dir = path;
        *json = fe_path_join(a, path, "compile_commands.json");
    } else {
        *dir = slash ? an_arena_strndup(a, path, slash == path ? 1 : (size_t)(slash - path)) : ".";
        *json = path;
    }
    if (!*dir || !*json)
        return AN_ENOMEM;
    if (!an_ends_with(*json, "compile_commands.json")) {
        diag_error(ds, path, "%s: a compilation database must be named compile_commands.json",
                   path);
        return AN_EIO;
    }
    if (access(*json, R_OK) != 0) {
        diag_error(ds, *json, "cannot read %s: %s", *json, strerror(errno));
        return AN_EIO;
    }
    return AN_OK;
}

static an_status load(fe_cdb *db, const char *dir, const char *json, diag_sink *ds)
{
    CXCompilationDatabase_Error err = CXCompilationDatabase_NoError;
    CXCompilationDatabase cdb = clang_CompilationDatabase_fromDirectory(dir, &err);
    if (!cdb || err != CXCompilationDatabase_NoError) {
        diag_error(ds, json, "cannot load the compilation database %s", json);
        if (cdb)
            clang_CompilationDatabase_dispose(cdb);
        return AN_EIO;
    }
    CXCompileCommands cmds = clang_CompilationDatabase_getAllCompileCommands(cdb);
    unsigned n = cmds ? clang_CompileCommands_getSize(cmds) : 0;
    an_status st = AN_OK;
    for (unsigned i = 0; i < n && st == AN_OK; i++)
        st = add_command(db, clang_CompileCommands_getCommand(cmds, i));
    if (cmds)
        clang_CompileCommands_dispose(cmds);
    clang_CompilationDatabase_dispose(cdb);
    return st;
}

an_status fe_cdb_load(const char *dir_or_file, fe_cdb **out, diag_sink *ds)
{
    const char *dir = NULL, *json = NULL;
    fe_cdb *db = an_calloc(1, sizeof *db);
    an_status st = db && (db->arena = an_arena_new()) ? AN_OK : AN_ENOMEM;
    *out = NULL;
    if (db)
        db->seen.strkeys = true;
    if (st == AN_OK)
        st = locate(db->arena, dir_or_file, &dir, &json, ds);
    if (st == AN_OK)
        st = load(db, dir, json, ds);
    if (st == AN_ENOMEM)
        diag_error(ds, dir_or_file, "out of memory reading %s", dir_or_file);
    if (st != AN_OK) {
        fe_cdb_free(db);
        return st;
    }
    *out = db;
    return AN_OK;
}

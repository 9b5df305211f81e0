/* frontend_cdb.c — compile_commands.json (read with cJSON, libclang is not needed): the
   C translation units of a build, each once, with the flags that matter for parsing
   (no -c, -o, -M*, -Werror, no compiler name and no source file). Every string is
   copied into the database's arena. */
#include "frontend_impl.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
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

/* One command as an argument vector (argv[0] is the compiler), in the arena. */
typedef struct cmd_args {
    const char **v;
    unsigned n;
} cmd_args;

/* The language a command sets with -x, or NULL. */
static const char *language(const cmd_args *c)
{
    for (unsigned i = 1; i + 1 < c->n; i++)
        if (strcmp(c->v[i], "-x") == 0)
            return c->v[i + 1];
    return NULL;
}

static bool is_c_unit(const cmd_args *c, const char *file)
{
    const char *lang = language(c);
    return lang ? strcmp(lang, "c") == 0 : an_ends_with(file, ".c");
}

/* The arguments of c worth parsing with. */
static an_status copy_args(fe_cdb *db, const cmd_args *c, fe_unit *u, const char *given)
{
    unsigned n = 0;
    const char **args = an_arena_alloc(db->arena, (c->n + 1) * sizeof *args);
    if (!args)
        return AN_ENOMEM;
    for (unsigned i = 1; i < c->n; i++) { /* argv[0] is the compiler */
        const char *a = c->v[i];
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

static an_status add_command(fe_cdb *db, const char *dir, const char *given, const cmd_args *c)
{
    fe_unit u = {0};
    u.dir = dir;
    if (!(u.file = fe_path_join(db->arena, u.dir, given)))
        return AN_ENOMEM;
    if (!is_c_unit(c, u.file) || fe_map_get(&db->seen, u.file))
        return AN_OK; /* another language, or the first command for the file won */
    an_status st = copy_args(db, c, &u, given);
    if (st == AN_OK && fe_map_put(&db->seen, u.file, (void *)u.file) != AN_OK)
        st = AN_ENOMEM;
    if (st == AN_OK && an_vec_push(&db->units, u) != AN_OK)
        st = AN_ENOMEM;
    return st;
}

/* Splits a "command" string the way a POSIX shell would (quotes, backslashes), as
   compilation databases expect. */
static an_status split_command(an_arena *a, const char *s, cmd_args *out)
{
    size_t len = strlen(s);
    char *buf = an_arena_alloc(a, len + 1);
    const char **v = an_arena_alloc(a, (len / 2 + 2) * sizeof *v);
    if (!buf || !v)
        return AN_ENOMEM;
    unsigned n = 0;
    char *w = buf;
    for (const char *p = s; *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        if (!*p)
            break;
        v[n++] = w;
        char quote = 0;
        for (; *p && (quote || (*p != ' ' && *p != '\t' && *p != '\n')); p++) {
            if (quote == '\'' ) {
                if (*p == '\'') quote = 0; else *w++ = *p;
            } else if (*p == '\\' && p[1] && (!quote || p[1] == '"' || p[1] == '\\')) {
                *w++ = *++p;
            } else if (*p == '"') {
                quote = quote ? 0 : '"';
            } else if (*p == '\'' && !quote) {
                quote = '\'';
            } else {
                *w++ = *p;
            }
        }
        *w++ = '\0';
    }
    out->v = v;
    out->n = n;
    return AN_OK;
}

static const char *json_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* One entry: {directory, file, arguments | command}. */
static an_status add_entry(fe_cdb *db, const cJSON *e, const char *json, diag_sink *ds)
{
    const char *dir = json_str(e, "directory"), *file = json_str(e, "file");
    const cJSON *args = cJSON_GetObjectItemCaseSensitive(e, "arguments");
    const char *command = json_str(e, "command");
    if (!dir || !file || (!cJSON_IsArray(args) && !command)) {
        diag_warning(ds, json, "%s: an entry without directory, file and arguments or command "
                     "is skipped", json);
        return AN_OK;
    }
    cmd_args c = {0};
    const char *d = an_arena_strdup(db->arena, dir), *f = an_arena_strdup(db->arena, file);
    if (!d || !f)
        return AN_ENOMEM;
    if (cJSON_IsArray(args)) {
        c.v = an_arena_alloc(db->arena, ((size_t)cJSON_GetArraySize(args) + 1) * sizeof *c.v);
        if (!c.v)
            return AN_ENOMEM;
        const cJSON *a;
        cJSON_ArrayForEach(a, args)
            if (cJSON_IsString(a) && !(c.v[c.n++] = an_arena_strdup(db->arena, a->valuestring)))
                return AN_ENOMEM;
    } else if (split_command(db->arena, command, &c) != AN_OK) {
        return AN_ENOMEM;
    }
    return add_command(db, d, f, &c);
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

static an_status read_text(const char *path, char **out, diag_sink *ds)
{
    an_buf b = {0};
    int err;
    an_status st = an_buf_read_file(&b, path, &err);
    if (st == AN_EIO)
        diag_error(ds, path, "cannot read %s: %s", path, strerror(err));
    if (st != AN_OK) {
        an_buf_fini(&b);
        return st;
    }
    *out = an_buf_take(&b);
    return *out ? AN_OK : AN_ENOMEM;
}

/* compile_commands.json is plain JSON: read here, so that listing a build's units does
   not load libclang (a re-scan answered by the cache never needs it). */
static an_status load(fe_cdb *db, const char *json, diag_sink *ds)
{
    char *text = NULL;
    an_status st = read_text(json, &text, ds);
    cJSON *root = st == AN_OK ? cJSON_Parse(text) : NULL;
    if (st == AN_OK && !cJSON_IsArray(root)) {
        diag_error(ds, json, "cannot load the compilation database %s: not a JSON array of "
                   "compile commands", json);
        st = AN_EIO;
    }
    const cJSON *e;
    if (st == AN_OK)
        cJSON_ArrayForEach(e, root) {
            if (st == AN_OK && cJSON_IsObject(e))
                st = add_entry(db, e, json, ds);
        }
    cJSON_Delete(root);
    an_free(text);
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
        st = load(db, json, ds);
    if (st == AN_ENOMEM)
        diag_error(ds, dir_or_file, "out of memory reading %s", dir_or_file);
    if (st != AN_OK) {
        fe_cdb_free(db);
        return st;
    }
    *out = db;
    return AN_OK;
}

/* store.c — runs, findings, the analysis cache and cross-TU summaries in one SQLite
   file. A run is one write transaction (BEGIN IMMEDIATE ... COMMIT), so a run killed at
   any moment leaves the file as it was. The schema is versioned by PRAGMA user_version
   and moved forward by the steps in `migrations`; a file is ours only when its
   application_id and its meta row say so, and anything else is never written to.
   The only file that includes <sqlite3.h>. */
#define _POSIX_C_SOURCE 200809L /* O_CLOEXEC, ssize_t under -std=c11 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "alloc.h"

#define STORE_APP_ID 1282102115 /* 0x4C6B5363, "LkSc": PRAGMA application_id */
#define STR_(x) #x
#define STR(x) STR_(x)

/* ---- schema: migrations[i] moves user_version i to i + 1; never edit a shipped step ---- */

static const char *const migrations[] = {
    "PRAGMA application_id = " STR(STORE_APP_ID) ";"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    "INSERT INTO meta(key, value) VALUES('app', 'leakscope'), ('created_by', '" AN_VERSION "');"
    "CREATE TABLE runs(id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL,"
    " tool_version TEXT NOT NULL, args TEXT NOT NULL, committed INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE tus(id INTEGER PRIMARY KEY,"
    " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " file TEXT NOT NULL, cache_key INTEGER NOT NULL, blob TEXT);"
    "CREATE INDEX tus_by_file ON tus(file, run_id);"
    "CREATE INDEX tus_by_run ON tus(run_id);"
    "CREATE TABLE tu_includes(tu_id INTEGER NOT NULL REFERENCES tus(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL, path TEXT NOT NULL, PRIMARY KEY(tu_id, seq)) WITHOUT ROWID;"
    "CREATE TABLE findings(id INTEGER PRIMARY KEY,"
    " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " tu_id INTEGER NOT NULL REFERENCES tus(id) ON DELETE CASCADE,"
    " rule TEXT NOT NULL, file TEXT, line INTEGER NOT NULL, col INTEGER NOT NULL,"
    " message TEXT, function TEXT, resource TEXT, acq_text TEXT, fingerprint TEXT NOT NULL,"
    " suppressed INTEGER NOT NULL, suppress_reason TEXT);"
    "CREATE INDEX findings_by_run ON findings(run_id);"
    "CREATE INDEX findings_by_tu ON findings(tu_id);"
    "CREATE TABLE finding_notes("
    " finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL, file TEXT, line INTEGER NOT NULL, col INTEGER NOT NULL, text TEXT,"
    " PRIMARY KEY(finding_id, seq)) WITHOUT ROWID;"
    "CREATE TABLE summaries(id INTEGER PRIMARY KEY,"
    " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " tu_file TEXT NOT NULL, name TEXT NOT NULL,"
    " acq_family TEXT, acq_category INTEGER, acq_noun TEXT,"
    " rel_family TEXT, rel_category INTEGER, rel_noun TEXT,"
    " released_by TEXT, args TEXT NOT NULL,"
    " ret INTEGER NOT NULL, out_arg INTEGER NOT NULL, count INTEGER NOT NULL,"
    " fails_when INTEGER NOT NULL, realloc_arg INTEGER NOT NULL, ret_is_arg INTEGER NOT NULL,"
    " attr_arg INTEGER NOT NULL, start_arg INTEGER NOT NULL, out_on_failure INTEGER NOT NULL,"
    " out_realloc INTEGER NOT NULL, release_arg INTEGER NOT NULL, rest INTEGER NOT NULL,"
    " noreturn INTEGER NOT NULL, sets_detach INTEGER NOT NULL, detach_arg INTEGER NOT NULL,"
    " detach_value_arg INTEGER NOT NULL, detach_value INTEGER NOT NULL,"
    " is_self INTEGER NOT NULL, self_detaches INTEGER NOT NULL,"
    " container_op INTEGER NOT NULL, container_arg INTEGER NOT NULL,"
    " has_ret_const INTEGER NOT NULL, ret_const INTEGER NOT NULL);"
    "CREATE INDEX summaries_by_name ON summaries(run_id, name);"
    "CREATE INDEX summaries_by_tu ON summaries(run_id, tu_file);",
    /* 1 -> 2: a summary may return a pointer into an argument (`skip_ws(s)`) */
    "ALTER TABLE summaries ADD COLUMN ret_interior INTEGER NOT NULL DEFAULT 0;",
    /* 2 -> 3: arguments kept only when the call succeeds (`list_push(l, s)`) */
    "ALTER TABLE summaries ADD COLUMN keep_fails_when INTEGER NOT NULL DEFAULT 0;",
};
enum { SCHEMA_VERSION = sizeof migrations / sizeof *migrations };

/* ---- the scalar fields of a summary: one column each, in this order ---- */

typedef enum sum_kind { K_BOOL, K_INT, K_UINT, K_LL } sum_kind;
typedef struct sum_field {
    size_t off;
    sum_kind kind;
    long long lo, hi; /* valid values, checked when read back */
} sum_field;

#define SUM_FIELDS(X)                                                                  \
    X(ret, K_BOOL, 0, 1) X(out_arg, K_INT, -1, RULE_MAX_ARGS * 64)                     \
    X(count, K_UINT, 0, 1 << 20) X(fails_when, K_INT, 0, RULE_FAIL_NONZERO)            \
    X(realloc_arg, K_INT, -1, RULE_MAX_ARGS * 64) X(ret_is_arg, K_INT, -1, RULE_MAX_ARGS * 64) \
    X(attr_arg, K_INT, -1, RULE_MAX_ARGS * 64) X(start_arg, K_INT, -1, RULE_MAX_ARGS * 64) \
    X(out_on_failure, K_BOOL, 0, 1) X(out_realloc, K_BOOL, 0, 1)                       \
    X(release_arg, K_INT, -1, RULE_MAX_ARGS * 64) X(rest, K_INT, 0, RULE_ARG_HOLD)     \
    X(noreturn, K_BOOL, 0, 1) X(sets_detach, K_BOOL, 0, 1)                             \
    X(detach_arg, K_INT, -1, RULE_MAX_ARGS * 64)                                       \
    X(detach_value_arg, K_INT, -1, RULE_MAX_ARGS * 64)                                 \
    X(detach_value, K_LL, INT64_MIN, INT64_MAX) X(is_self, K_BOOL, 0, 1)               \
    X(self_detaches, K_BOOL, 0, 1) X(container_op, K_INT, 0, RULE_CONT_FREE)           \
    X(container_arg, K_INT, -1, RULE_MAX_ARGS * 64) X(has_ret_const, K_BOOL, 0, 1)      \
    X(ret_const, K_LL, INT64_MIN, INT64_MAX) X(ret_interior, K_BOOL, 0, 1) \
    X(keep_fails_when, K_INT, 0, RULE_FAIL_NONZERO)
#define SUM_COL(name, kind, lo, hi) ", " #name
#define SUM_PARAM(name, kind, lo, hi) ", ?"
#define SUM_ENTRY(name, kind, lo, hi) {offsetof(rule_fn, name), kind, lo, hi},

static const sum_field sum_fields[] = {SUM_FIELDS(SUM_ENTRY)};
enum { SUM_NFIELDS = sizeof sum_fields / sizeof *sum_fields };
/* enums are read and written as int */
_Static_assert(sizeof(rule_fail) == sizeof(int), "rule_fail is int-sized");
_Static_assert(sizeof(rule_arg) == sizeof(int), "rule_arg is int-sized");
_Static_assert(sizeof(rule_container_op) == sizeof(int), "rule_container_op is int-sized");

#define SUM_TEXT_COLS                                                                   \
    "tu_file, name, acq_family, acq_category, acq_noun, rel_family, rel_category, rel_noun," \
    " released_by, args"
enum { SUM_TEXT_NCOLS = 10 }; /* columns before the scalar fields in SUM_TEXT_COLS */

/* ---- statements, prepared once per store ---- */

#define FINDING_COLS                                                                    \
    "id, rule, file, line, col, message, function, resource, acq_text, fingerprint,"    \
    " suppressed, suppress_reason"

#define QUERIES(X)                                                                      \
    X(Q_BEGIN, "BEGIN IMMEDIATE")                                                       \
    X(Q_COMMIT, "COMMIT")                                                               \
    X(Q_ROLLBACK, "ROLLBACK")                                                           \
    X(Q_SP_BEGIN, "SAVEPOINT store_put")                                                \
    X(Q_SP_RELEASE, "RELEASE store_put")                                                \
    X(Q_SP_UNDO, "ROLLBACK TO store_put")                                               \
    X(Q_RUN_NEW, "INSERT INTO runs(started_at, tool_version, args, committed)"          \
                 " VALUES(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1, ?2, 0)")           \
    X(Q_RUN_DONE, "UPDATE runs SET committed = 1 WHERE id = ?1")                        \
    X(Q_RUN_PRUNE, "DELETE FROM runs WHERE id NOT IN"                                   \
                   " (SELECT id FROM runs WHERE committed = 1 ORDER BY id DESC LIMIT ?1)") \
    X(Q_RUN_LAST, "SELECT max(id) FROM runs WHERE committed = 1")                       \
    X(Q_RUN_INFO, "SELECT started_at, tool_version, args FROM runs WHERE id = ?1")      \
    X(Q_TU_NEW, "INSERT INTO tus(run_id, file, cache_key, blob) VALUES(?1, ?2, ?3, ?4)") \
    X(Q_TU_BLOB, "SELECT blob FROM tus WHERE id = ?1")                                  \
    X(Q_SUM_TU, "SELECT " SUM_TEXT_COLS SUM_FIELDS(SUM_COL) " FROM summaries"           \
                " WHERE run_id = ?1 AND tu_file = ?2 ORDER BY id")                      \
    X(Q_INC_NEW, "INSERT INTO tu_includes(tu_id, seq, path) VALUES(?1, ?2, ?3)")        \
    X(Q_FND_NEW, "INSERT INTO findings(run_id, tu_id, rule, file, line, col, message,"  \
                 " function, resource, acq_text, fingerprint, suppressed, suppress_reason)" \
                 " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)")      \
    X(Q_NOTE_NEW, "INSERT INTO finding_notes(finding_id, seq, file, line, col, text)"   \
                  " VALUES(?1, ?2, ?3, ?4, ?5, ?6)")                                    \
    X(Q_TU_PREV, "SELECT t.id, t.cache_key FROM tus t JOIN runs r ON r.id = t.run_id"   \
                 " WHERE t.file = ?1 AND r.committed = 1"                               \
                 " ORDER BY t.run_id DESC, t.id DESC LIMIT 1")                          \
    X(Q_TU_INCS, "SELECT path FROM tu_includes WHERE tu_id = ?1 ORDER BY seq")          \
    X(Q_TU_HIT, "SELECT t.id, t.run_id FROM tus t JOIN runs r ON r.id = t.run_id"       \
                " WHERE t.file = ?1 AND t.cache_key = ?2 AND r.committed = 1"           \
                " ORDER BY t.run_id DESC, t.id DESC LIMIT 1")                           \
    X(Q_TU_FNDS, "SELECT " FINDING_COLS " FROM findings WHERE tu_id = ?1 ORDER BY id")  \
    X(Q_RUN_FNDS, "SELECT " FINDING_COLS " FROM findings WHERE run_id = ?1 ORDER BY id") \
    X(Q_NOTES, "SELECT file, line, col, text FROM finding_notes"                        \
               " WHERE finding_id = ?1 ORDER BY seq")                                   \
    X(Q_SUM_NEW, "INSERT INTO summaries(run_id, " SUM_TEXT_COLS SUM_FIELDS(SUM_COL)      \
                 ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11"                \
                 SUM_FIELDS(SUM_PARAM) ")")                                             \
    X(Q_SUM_LOAD, "SELECT " SUM_TEXT_COLS SUM_FIELDS(SUM_COL) " FROM summaries"         \
                  " WHERE id IN (SELECT max(id) FROM summaries WHERE run_id = ?1"       \
                  " GROUP BY name HAVING count(DISTINCT tu_file) = 1) ORDER BY name")   \
    X(Q_SUM_CARRY, "INSERT INTO summaries(run_id, " SUM_TEXT_COLS SUM_FIELDS(SUM_COL)    \
                   ") SELECT ?1, " SUM_TEXT_COLS SUM_FIELDS(SUM_COL) " FROM summaries s" \
                   " WHERE s.run_id = ?2 AND s.tu_file = ?3 AND NOT EXISTS"             \
                   " (SELECT 1 FROM summaries c WHERE c.run_id = ?1"                    \
                   " AND c.tu_file = ?3 AND c.name = s.name) ORDER BY s.id")

#define Q_ENUM(id, sql) id,
#define Q_TEXT(id, sql) sql,
typedef enum q_id { QUERIES(Q_ENUM) Q_COUNT } q_id;
static const char *const q_sql[Q_COUNT] = {QUERIES(Q_TEXT)};

struct store {
    sqlite3 *db;
    char *path;
    unsigned busy_ms;
    int run;                  /* the run in progress, 0 when none */
    bool opening;             /* store_open still deciding whether the file is ours */
    sqlite3_stmt *q[Q_COUNT]; /* prepared on first use */
    AN_VEC(char *) rules;     /* interned rule ids of findings read back */
};

/* ---- errors ---- */

static an_status io_or_db(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_IOERR: case SQLITE_FULL: case SQLITE_CANTOPEN: case SQLITE_READONLY:
    case SQLITE_PERM:
        return AN_EIO;
    default:
        return AN_EDB;
    }
}

/* Explains a failed SQLite call (rc) made while doing `what` and maps it to a status. */
static an_status db_error(const store *s, int rc, const char *what, diag_sink *ds)
{
    const char *msg = s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_NOMEM:
        return AN_ENOMEM;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        diag_error(ds, s->path, "database %s is in use by another leakscope run (waited %g s)",
                   s->path, s->busy_ms / 1000.0);
        return AN_EBUSY;
    case SQLITE_NOTADB:
        if (s->opening) {
            diag_error(ds, s->path, "%s is not a leakscope database; remove it or use --db",
                       s->path);
            return AN_EDB;
        }
        /* fall through */
    case SQLITE_CORRUPT:
        diag_error(ds, s->path, "database %s is corrupt (%s, while %s); remove it or use --db",
                   s->path, msg, what);
        return AN_EDB;
    default:
        diag_error(ds, s->path, "database %s: %s (while %s)", s->path, msg, what);
        return io_or_db(rc);
    }
}

static an_status not_ours(const store *s, diag_sink *ds)
{
    diag_error(ds, s->path, "%s is not a leakscope database; remove it or use --db", s->path);
    return AN_EDB;
}

/* ---- statements ---- */

/* The prepared statement id, or NULL (explained in ds, status in *st). */
static sqlite3_stmt *q_get(store *s, q_id id, an_status *st, diag_sink *ds)
{
    if (!s->q[id]) {
        int rc = sqlite3_prepare_v3(s->db, q_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &s->q[id],
                                    NULL);
        if (rc != SQLITE_OK) {
            *st = db_error(s, rc, "preparing a statement", ds);
            sqlite3_finalize(s->q[id]);
            s->q[id] = NULL;
        }
    }
    return s->q[id];
}

/* Makes q ready for its next use. */
static void q_done(sqlite3_stmt *q)
{
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
}

/* Steps the bound statement q once (to its end, for writes) and resets it. */
static an_status q_exec(store *s, sqlite3_stmt *q, const char *what, diag_sink *ds)
{
    int rc = sqlite3_step(q);
    an_status st = rc == SQLITE_DONE || rc == SQLITE_ROW ? AN_OK : db_error(s, rc, what, ds);
    q_done(q);
    return st;
}

/* Runs the parameterless statement id. */
static an_status q_run(store *s, q_id id, const char *what, diag_sink *ds)
{
    an_status st = AN_OK;
    sqlite3_stmt *q = q_get(s, id, &st, ds);
    return q ? q_exec(s, q, what, ds) : st;
}

/* A value to bind: QN(number) or QT(text, NULL allowed); QVALS(...) passes a list. */
typedef struct qval {
    const char *text;
    sqlite3_int64 num;
    bool is_text;
} qval;
#define QN(x) ((qval){NULL, (sqlite3_int64)(x), false})
#define QT(x) ((qval){(x), 0, true})
#define QVALS(...) (const qval[]){__VA_ARGS__}, sizeof((const qval[]){__VA_ARGS__}) / sizeof(qval)

/* Statement id with v[0..n) bound to ?1..?n, ready to step; NULL (explained in ds,
   status in *st) on failure. Texts are not copied: they must outlive the step. */
static sqlite3_stmt *q_bind(store *s, q_id id, const char *what, diag_sink *ds, an_status *st,
                            const qval *v, size_t n)
{
    sqlite3_stmt *q = q_get(s, id, st, ds);
    int rc = SQLITE_OK;
    for (size_t i = 0; q && rc == SQLITE_OK && i < n; i++)
        rc = v[i].is_text ? sqlite3_bind_text(q, (int)i + 1, v[i].text, -1, SQLITE_STATIC)
                          : sqlite3_bind_int64(q, (int)i + 1, v[i].num);
    if (q && rc != SQLITE_OK) {
        *st = db_error(s, rc, what, ds);
        q_done(q);
        q = NULL;
    }
    return q;
}

/* Runs statement id (a write) with v bound. */
static an_status q_write(store *s, q_id id, const char *what, diag_sink *ds, const qval *v,
                         size_t n)
{
    an_status st = AN_OK;
    sqlite3_stmt *q = q_bind(s, id, what, ds, &st, v, n);
    return q ? q_exec(s, q, what, ds) : st;
}

/* Calls row(s, q, ctx) for each row of the bound statement q while it returns AN_OK
   (q NULL: returns st, the failure that left it unbound); resets q. */
static an_status q_rows(store *s, sqlite3_stmt *q, an_status st,
                        an_status (*row)(store *, sqlite3_stmt *, void *, diag_sink *), void *ctx,
                        const char *what, diag_sink *ds)
{
    int rc = SQLITE_DONE;
    if (!q)
        return st;
    while (st == AN_OK && (rc = sqlite3_step(q)) == SQLITE_ROW)
        st = row(s, q, ctx, ds);
    if (st == AN_OK && rc != SQLITE_DONE)
        st = db_error(s, rc, what, ds);
    q_done(q);
    return st;
}

/* uint64 cache keys live in SQLite's signed INTEGER, bit for bit. */
static sqlite3_int64 key_to_db(uint64_t k)
{
    sqlite3_int64 v;
    memcpy(&v, &k, sizeof v);
    return v;
}

static uint64_t key_from_db(sqlite3_int64 v)
{
    uint64_t k;
    memcpy(&k, &v, sizeof k);
    return k;
}

static const char *col_text(sqlite3_stmt *q, int i)
{
    return (const char *)sqlite3_column_text(q, i);
}

/* Runs every statement of a constant script (schema steps, pragmas). */
static an_status exec_script(store *s, const char *sql, const char *what, diag_sink *ds)
{
    an_status st = AN_OK;
    while (st == AN_OK && sql && *sql) {
        sqlite3_stmt *q = NULL;
        int rc = sqlite3_prepare_v2(s->db, sql, -1, &q, &sql);
        if (rc == SQLITE_OK && q)
            while ((rc = sqlite3_step(q)) == SQLITE_ROW)
                ;
        if (rc != SQLITE_OK && rc != SQLITE_DONE)
            st = db_error(s, rc, what, ds);
        sqlite3_finalize(q);
    }
    return st;
}

/* The first column of the first row of a constant query (0 when it has no row). */
static an_status query_int(store *s, const char *sql, sqlite3_int64 *out, diag_sink *ds)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &q, NULL);
    *out = 0;
    if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW)
        *out = sqlite3_column_int64(q, 0);
    an_status st = rc == SQLITE_ROW || rc == SQLITE_DONE ? AN_OK
                                                         : db_error(s, rc, "reading its header", ds);
    sqlite3_finalize(q);
    return st;
}

/* ---- opening: folder, file check, identity, migration ---- */

/* mkdir -p of the folder that holds path. */
static an_status make_parent(const char *path, diag_sink *ds)
{
    char *dir = an_strdup(path);
    if (!dir)
        return AN_ENOMEM;
    an_status st = AN_OK;
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        for (char *p = dir + 1; st == AN_OK && p <= slash; p++) {
            if (*p != '/' && *p != '\0')
                continue;
            char c = *p;
            *p = '\0';
            if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
                diag_error(ds, path, "cannot create folder %s for the database: %s", dir,
                           strerror(errno));
                st = AN_EIO;
            }
            *p = c;
        }
    }
    an_free(dir);
    return st;
}

/* Big-endian unsigned integer of n bytes at p (the SQLite file header's byte order). */
static uint32_t be_uint(const unsigned char *p, int n)
{
    uint32_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

/* true when path followed by suffix exists and is not empty (or cannot be told). */
static bool side_file_pending(const store *s, const char *suffix)
{
    an_buf b = {0};
    struct stat sb;
    an_buf_puts(&b, s->path);
    an_buf_puts(&b, suffix);
    bool pending = b.oom || (stat(an_buf_str(&b), &sb) == 0 && sb.st_size > 0);
    an_buf_fini(&b);
    return pending;
}

static bool wal_pending(const store *s)
{
    return side_file_pending(s, "-wal");
}

/* true when SQLite's header h promises more pages than the file's size holds. Only
   trusted without a WAL file: pages past the end may live there after a crash. */
static bool truncated(const store *s, const unsigned char h[100], off_t size)
{
    off_t psize = be_uint(h + 16, 2) == 1 ? 65536 : be_uint(h + 16, 2);
    off_t pages = be_uint(h + 28, 4);
    bool valid = be_uint(h + 24, 4) == be_uint(h + 92, 4) && pages > 0;
    return valid && pages * psize > size && !wal_pending(s);
}

/* Judges an existing regular file by its first bytes: SQLite, and complete. */
static an_status check_header(store *s, int fd, off_t size, diag_sink *ds)
{
    static const char magic[16] = "SQLite format 3";
    unsigned char head[100];
    /* the smallest SQLite file is one 512-byte page */
    if (size < 512 || read(fd, head, sizeof head) != (ssize_t)sizeof head ||
        memcmp(head, magic, sizeof magic) != 0)
        return not_ours(s, ds);
    if (truncated(s, head, size)) {
        diag_error(ds, s->path, "%s is truncated or not a leakscope database; remove it or "
                   "use --db", s->path);
        return AN_EDB;
    }
    return AN_OK;
}

/* *fresh when the file is missing or empty; AN_EDB when it is not SQLite at all or
   visibly cut short. SQLite is never shown a file that fails this, so it cannot
   touch it. */
static an_status check_file(store *s, bool *fresh, diag_sink *ds)
{
    struct stat sb;
    int fd = open(s->path, O_RDONLY | O_CLOEXEC);
    *fresh = fd < 0 && errno == ENOENT;
    if (fd < 0 && !*fresh)
        diag_error(ds, s->path, "cannot open database %s: %s", s->path, strerror(errno));
    if (fd < 0)
        return *fresh ? AN_OK : AN_EIO;
    an_status st = AN_OK;
    errno = 0;
    if (fstat(fd, &sb) != 0 || S_ISDIR(sb.st_mode)) {
        diag_error(ds, s->path, "cannot use %s as the database: %s", s->path,
                   errno ? strerror(errno) : "it is a folder");
        st = AN_EIO;
    } else if (sb.st_size == 0) {
        *fresh = true;
    } else {
        st = check_header(s, fd, sb.st_size, ds);
    }
    close(fd);
    return st;
}

static an_status connect_db(store *s, diag_sink *ds)
{
    int rc = sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_busy_timeout(s->db, s->busy_ms > INT32_MAX ? INT32_MAX : (int)s->busy_ms);
    if (rc != SQLITE_OK) {
        an_status st = rc == SQLITE_NOMEM ? AN_ENOMEM : AN_EIO;
        if (st != AN_ENOMEM)
            diag_error(ds, s->path, "cannot open database %s: %s", s->path,
                       s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        return st;
    }
    sqlite3_extended_result_codes(s->db, 1);
    return exec_script(s, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
                       "configuring the connection", ds);
}

typedef struct db_identity {
    sqlite3_int64 app_id, version, nschema;
} db_identity;

static an_status read_identity(store *s, db_identity *id, diag_sink *ds)
{
    an_status st = query_int(s, "PRAGMA application_id", &id->app_id, ds);
    if (st == AN_OK)
        st = query_int(s, "PRAGMA user_version", &id->version, ds);
    if (st == AN_OK)
        st = query_int(s, "SELECT count(*) FROM sqlite_master", &id->nschema, ds);
    return st;
}

/* AN_OK when the meta table says leakscope; a missing table or row: not ours. */
static an_status check_meta(store *s, diag_sink *ds)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?1", -1, &q, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(q, 1, "app", -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(q);
    const char *v = rc == SQLITE_ROW ? col_text(q, 0) : NULL;
    an_status st = AN_OK;
    if (!v || strcmp(v, "leakscope") != 0)
        st = rc == SQLITE_ROW || rc == SQLITE_DONE || (rc & 0xff) == SQLITE_ERROR
                 ? not_ours(s, ds)
                 : db_error(s, rc, "reading its meta table", ds);
    sqlite3_finalize(q);
    return st;
}

static an_status too_new(const store *s, sqlite3_int64 version, diag_sink *ds)
{
    diag_error(ds, s->path,
               "database %s was created by a newer leakscope (schema %lld; leakscope %s "
               "knows up to %d); use that version or another --db",
               s->path, (long long)version, AN_VERSION, (int)SCHEMA_VERSION);
    return AN_EDB;
}

/* AN_OK when id describes a new empty file (fresh: it was missing or had 0 bytes) or
   a leakscope schema this version can use. */
static an_status judge(store *s, const db_identity *id, bool fresh, diag_sink *ds)
{
    if (id->app_id == 0 && id->version == 0 && id->nschema == 0)
        return fresh ? AN_OK : not_ours(s, ds);
    if (id->app_id != STORE_APP_ID)
        return not_ours(s, ds);
    if (id->version > SCHEMA_VERSION)
        return too_new(s, id->version, ds);
    return check_meta(s, ds);
}

/* Brings the schema to SCHEMA_VERSION in one transaction, judging the file again once
   the write lock is held (another leakscope may have created it meanwhile). */
static an_status migrate(store *s, bool fresh, diag_sink *ds)
{
    db_identity id = {0, 0, 0};
    an_status st = exec_script(s, "BEGIN IMMEDIATE", "preparing the schema", ds);
    if (st != AN_OK)
        return st;
    st = read_identity(s, &id, ds);
    if (st == AN_OK)
        st = judge(s, &id, fresh, ds);
    for (sqlite3_int64 v = id.version; st == AN_OK && v < SCHEMA_VERSION; v++)
        st = exec_script(s, migrations[v], "updating the schema", ds);
    if (st == AN_OK && id.version < SCHEMA_VERSION) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", (int)SCHEMA_VERSION);
        st = exec_script(s, sql, "updating the schema", ds);
    }
    if (st == AN_OK)
        st = exec_script(s, "COMMIT", "saving the schema", ds);
    if (st != AN_OK)
        exec_script(s, "ROLLBACK", "rolling back", NULL);
    return st;
}

static an_status use_wal(store *s, diag_sink *ds)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &q, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *mode = col_text(q, 0);
        if (!mode || strcmp(mode, "wal") != 0)
            diag_warning(ds, s->path, "database %s cannot use WAL mode here; using %s",
                         s->path, mode ? mode : "its journal");
        rc = SQLITE_OK;
    }
    an_status st = rc == SQLITE_OK ? AN_OK : db_error(s, rc, "switching to WAL mode", ds);
    sqlite3_finalize(q);
    return st;
}

/* Decides whether the open file is ours, creating or migrating the schema as needed. */
static an_status adopt(store *s, bool fresh, diag_sink *ds)
{
    db_identity id = {0, 0, 0};
    an_status st = read_identity(s, &id, ds);
    if (st == AN_OK)
        st = judge(s, &id, fresh, ds);
    if (st == AN_OK && id.version < SCHEMA_VERSION)
        st = migrate(s, fresh, ds);
    if (st == AN_OK)
        st = use_wal(s, ds);
    return st;
}

an_status store_open(const char *path, unsigned busy_ms, store **out, diag_sink *ds)
{
    *out = NULL;
    store *s = an_calloc(1, sizeof *s);
    if (!s || !(s->path = an_strdup(path))) {
        an_free(s);
        return AN_ENOMEM;
    }
    s->busy_ms = busy_ms;
    s->opening = true;
    bool fresh = false;
    an_status st = make_parent(path, ds);
    /* a run killed while it created the database leaves a rollback journal: SQLite
       rolls the file back to empty when it opens it, which is a new database again */
    bool hot = side_file_pending(s, "-journal");
    if (st == AN_OK)
        st = check_file(s, &fresh, ds);
    if (st == AN_OK)
        st = connect_db(s, ds);
    if (st == AN_OK)
        st = adopt(s, fresh || hot, ds);
    s->opening = false;
    if (st != AN_OK) {
        store_close(s);
        return st;
    }
    *out = s;
    return AN_OK;
}

void store_close(store *s)
{
    if (!s)
        return;
    store_abort_run(s);
    for (int i = 0; i < Q_COUNT; i++)
        sqlite3_finalize(s->q[i]);
    sqlite3_close(s->db);
    for (size_t i = 0; i < s->rules.n; i++)
        an_free(s->rules.v[i]);
    an_vec_free(&s->rules);
    an_free(s->path);
    an_free(s);
}

/* ---- runs ---- */

/* true when a run is open and its transaction still alive (SQLite rolls a transaction
   back by itself after some I/O errors). */
static bool in_run(const store *s, diag_sink *ds)
{
    if (s->run && !sqlite3_get_autocommit(s->db))
        return true;
    diag_error(ds, s->path, "database %s: %s", s->path,
               s->run ? "the run was rolled back after an earlier error" : "no run in progress");
    return false;
}

an_status store_begin_run(store *s, const char *args, int *run_id, diag_sink *ds)
{
    *run_id = 0;
    if (s->run) {
        diag_error(ds, s->path, "database %s: a run is already in progress", s->path);
        return AN_EINTERNAL;
    }
    an_status st = q_run(s, Q_BEGIN, "starting a run", ds);
    if (st != AN_OK)
        return st;
    st = q_write(s, Q_RUN_NEW, "starting a run", ds, QVALS(QT(AN_VERSION), QT(args ? args : "")));
    if (st == AN_OK)
        s->run = *run_id = (int)sqlite3_last_insert_rowid(s->db);
    else
        q_run(s, Q_ROLLBACK, "rolling back", NULL);
    return st;
}

an_status store_commit_run(store *s, diag_sink *ds)
{
    if (!in_run(s, ds)) {
        store_abort_run(s);
        return AN_EINTERNAL;
    }
    an_status st = q_write(s, Q_RUN_DONE, "finishing the run", ds, QVALS(QN(s->run)));
    if (st == AN_OK) /* the run just marked committed is one of the kept ones */
        st = q_write(s, Q_RUN_PRUNE, "removing old runs", ds, QVALS(QN(STORE_KEEP_RUNS)));
    if (st == AN_OK)
        st = q_run(s, Q_COMMIT, "saving the run", ds);
    if (st != AN_OK)
        store_abort_run(s);
    s->run = 0;
    return st;
}

void store_abort_run(store *s)
{
    if (s && s->db && !sqlite3_get_autocommit(s->db))
        q_run(s, Q_ROLLBACK, "rolling back the run", NULL);
    if (s)
        s->run = 0;
}

/* ---- writing a TU ---- */

/* Runs put(s, ctx, ds) inside a savepoint: on failure the run is as before the call. */
static an_status in_savepoint(store *s, an_status (*put)(store *, const void *, diag_sink *),
                              const void *ctx, diag_sink *ds)
{
    if (!in_run(s, ds))
        return AN_EINTERNAL;
    an_status st = q_run(s, Q_SP_BEGIN, "recording results", ds);
    if (st != AN_OK)
        return st;
    st = put(s, ctx, ds);
    if (st != AN_OK)
        q_run(s, Q_SP_UNDO, "undoing a partial write", NULL);
    an_status rel = q_run(s, Q_SP_RELEASE, "recording results", st == AN_OK ? ds : NULL);
    return st != AN_OK ? st : rel;
}

static an_status insert_finding(store *s, sqlite3_int64 tu, const fnd *f, diag_sink *ds)
{
    const char *what = "recording a finding";
    an_status st = q_write(s, Q_FND_NEW, what, ds,
                           QVALS(QN(s->run), QN(tu), QT(f->rule ? f->rule : ""), QT(f->file),
                                 QN(f->line), QN(f->col), QT(f->message), QT(f->function),
                                 QT(f->resource), QT(f->acq_text), QT(f->fingerprint),
                                 QN(f->suppressed), QT(f->suppress_reason)));
    sqlite3_int64 id = sqlite3_last_insert_rowid(s->db);
    for (unsigned i = 0; st == AN_OK && i < f->nnotes; i++) {
        const fnd_note *n = &f->notes[i];
        st = q_write(s, Q_NOTE_NEW, what, ds,
                     QVALS(QN(id), QN(i), QT(n->file), QN(n->line), QN(n->col), QT(n->text)));
    }
    return st;
}

typedef struct tu_put {
    const char *file;
    uint64_t key;
    const char *const *includes;
    unsigned nincludes;
    const fnd_list *findings;
    const char *blob;
} tu_put;

static an_status put_tu(store *s, const void *ctx, diag_sink *ds)
{
    const tu_put *p = ctx;
    an_status st = q_write(s, Q_TU_NEW, "recording a TU", ds,
                           QVALS(QN(s->run), QT(p->file), QN(key_to_db(p->key)),
                                 QT(p->blob ? p->blob : "")));
    sqlite3_int64 tu = sqlite3_last_insert_rowid(s->db);
    for (unsigned i = 0; st == AN_OK && i < p->nincludes; i++)
        st = q_write(s, Q_INC_NEW, "recording includes", ds,
                     QVALS(QN(tu), QN(i), QT(p->includes[i] ? p->includes[i] : "")));
    size_t n = p->findings ? fnd_list_len(p->findings) : 0;
    for (size_t i = 0; st == AN_OK && i < n; i++)
        st = insert_finding(s, tu, fnd_list_at(p->findings, i), ds);
    return st;
}

an_status store_put_tu(store *s, const char *file, uint64_t key, const char *const *includes,
                       unsigned nincludes, const fnd_list *findings, const char *blob,
                       diag_sink *ds)
{
    tu_put p = {file, key, includes, nincludes, findings, blob};
    return in_savepoint(s, put_tu, &p, ds);
}

/* ---- reading findings back ---- */

/* The store's own copy of a rule id (see store.h: valid until store_close). */
static const char *intern(store *s, const char *id)
{
    for (size_t i = 0; i < s->rules.n; i++)
        if (strcmp(s->rules.v[i], id) == 0)
            return s->rules.v[i];
    char *c = an_strdup(id);
    if (!c || an_vec_push(&s->rules, c) != AN_OK) {
        an_free(c);
        return NULL;
    }
    return c;
}

static an_status note_row(store *s, sqlite3_stmt *q, void *f, diag_sink *ds)
{
    (void)s, (void)ds;
    return fnd_add_note(f, col_text(q, 0), (unsigned)sqlite3_column_int64(q, 1),
                        (unsigned)sqlite3_column_int64(q, 2), col_text(q, 3));
}

/* One finding from a row of FINDING_COLS, with its notes. Caller owns *out. */
static an_status read_finding(store *s, sqlite3_stmt *row, fnd **out, diag_sink *ds)
{
    const char *rule = intern(s, col_text(row, 1) ? col_text(row, 1) : "");
    fnd *f = rule ? fnd_new(rule, col_text(row, 2), (unsigned)sqlite3_column_int64(row, 3),
                            (unsigned)sqlite3_column_int64(row, 4), col_text(row, 5),
                            col_text(row, 6), col_text(row, 7), col_text(row, 8))
                  : NULL;
    if (!(*out = f))
        return AN_ENOMEM;
    snprintf(f->fingerprint, sizeof f->fingerprint, "%s", col_text(row, 9) ? col_text(row, 9) : "");
    f->suppressed = sqlite3_column_int(row, 10) != 0;
    const char *why = col_text(row, 11);
    if (why && !(f->suppress_reason = an_strdup(why)))
        return AN_ENOMEM;
    an_status st = AN_OK;
    sqlite3_stmt *q = q_bind(s, Q_NOTES, "reading findings", ds, &st,
                             QVALS(QN(sqlite3_column_int64(row, 0))));
    return q_rows(s, q, st, note_row, f, "reading findings", ds);
}

static an_status finding_row(store *s, sqlite3_stmt *q, void *list, diag_sink *ds)
{
    fnd *f = NULL;
    an_status st = read_finding(s, q, &f, ds);
    if (st != AN_OK) {
        fnd_free(f);
        return st;
    }
    return fnd_list_add(list, f);
}

/* Appends the findings of tus.id tu (or, when tu is 0, of run run) to out, all or
   nothing. */
static an_status read_findings(store *s, sqlite3_int64 tu, int run, fnd_list *out, diag_sink *ds)
{
    const char *what = "reading findings";
    fnd_list *tmp = fnd_list_new();
    an_status st = tmp ? AN_OK : AN_ENOMEM;
    sqlite3_stmt *q = NULL;
    if (st == AN_OK)
        q = q_bind(s, tu ? Q_TU_FNDS : Q_RUN_FNDS, what, ds, &st, QVALS(QN(tu ? tu : run)));
    st = q_rows(s, q, st, finding_row, tmp, what, ds);
    if (st == AN_OK)
        st = fnd_list_move(out, tmp);
    fnd_list_free(tmp);
    return st;
}

/* ---- the cache ---- */

void store_strings_free(char **v, unsigned n)
{
    for (unsigned i = 0; v && i < n; i++)
        an_free(v[i]);
    an_free(v);
}

typedef AN_VEC(char *) str_vec;

static an_status include_row(store *s, sqlite3_stmt *q, void *vec, diag_sink *ds)
{
    (void)s, (void)ds;
    char *p = an_strdup(col_text(q, 0) ? col_text(q, 0) : "");
    if (p && an_vec_push((str_vec *)vec, p) == AN_OK)
        return AN_OK;
    an_free(p);
    return AN_ENOMEM;
}

/* Looks up the newest committed TU row for file (with that key, when key is not
   NULL): row[0] its id, row[1] its run (with a key) or its cache key (without). */
static an_status find_tu(store *s, const char *file, const uint64_t *key, sqlite3_int64 row[2],
                         bool *found, diag_sink *ds)
{
    an_status st = AN_OK;
    sqlite3_stmt *q = key ? q_bind(s, Q_TU_HIT, "looking up a TU", ds, &st,
                                   QVALS(QT(file), QN(key_to_db(*key))))
                          : q_bind(s, Q_TU_PREV, "looking up a TU", ds, &st, QVALS(QT(file)));
    *found = false;
    if (!q)
        return st;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        row[0] = sqlite3_column_int64(q, 0);
        row[1] = sqlite3_column_int64(q, 1);
        *found = true;
    } else if (rc != SQLITE_DONE) {
        st = db_error(s, rc, "looking up a TU", ds);
    }
    q_done(q);
    return st;
}

an_status store_tu_previous(store *s, const char *file, uint64_t *key, char ***includes,
                            unsigned *nincludes, bool *found, diag_sink *ds)
{
    sqlite3_int64 row[2] = {0, 0};
    str_vec v = {0};
    *includes = NULL;
    *nincludes = 0;
    an_status st = find_tu(s, file, NULL, row, found, ds);
    *key = key_from_db(row[1]);
    if (st != AN_OK || !*found)
        return st;
    sqlite3_stmt *q = q_bind(s, Q_TU_INCS, "reading a TU's includes", ds, &st, QVALS(QN(row[0])));
    st = q_rows(s, q, st, include_row, &v, "reading a TU's includes", ds);
    if (st != AN_OK) {
        store_strings_free(v.v, (unsigned)v.n);
        *found = false;
        return st;
    }
    *includes = v.v;
    *nincludes = (unsigned)v.n;
    return AN_OK;
}

an_status store_tu_blob(store *s, const char *file, uint64_t key, char **blob, bool *hit,
                        diag_sink *ds)
{
    sqlite3_int64 row[2] = {0, 0};
    *blob = NULL;
    an_status st = find_tu(s, file, &key, row, hit, ds);
    if (st != AN_OK || !*hit)
        return st;
    sqlite3_stmt *q = q_bind(s, Q_TU_BLOB, "reading a TU's record", ds, &st, QVALS(QN(row[0])));
    if (!q)
        return st;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        if (!(*blob = an_strdup(col_text(q, 0) ? col_text(q, 0) : "")))
            st = AN_ENOMEM;
    } else {
        st = db_error(s, rc, "reading a TU's record", ds);
    }
    q_done(q);
    if (st != AN_OK)
        *hit = false;
    return st;
}

an_status store_tu_findings(store *s, const char *file, uint64_t key, fnd_list *out, bool *hit,
                            diag_sink *ds)
{
    sqlite3_int64 row[2] = {0, 0};
    an_status st = find_tu(s, file, &key, row, hit, ds);
    if (st == AN_OK && *hit)
        st = read_findings(s, row[0], 0, out, ds);
    if (st != AN_OK)
        *hit = false;
    return st;
}

/* ---- summaries ---- */

static sqlite3_int64 field_get(const rule_fn *f, const sum_field *d)
{
    const char *p = (const char *)f + d->off;
    bool b;
    int i;
    unsigned u;
    long long ll;
    switch (d->kind) {
    case K_BOOL: memcpy(&b, p, sizeof b); return b;
    case K_INT: memcpy(&i, p, sizeof i); return i;
    case K_UINT: memcpy(&u, p, sizeof u); return u;
    default: memcpy(&ll, p, sizeof ll); return ll;
    }
}

/* Stores v in f's field d; false when v is out of the field's range. */
static bool field_set(rule_fn *f, const sum_field *d, sqlite3_int64 v)
{
    char *p = (char *)f + d->off;
    bool b = v != 0;
    int i = (int)v;
    unsigned u = (unsigned)v;
    long long ll = v;
    if (v < d->lo || v > d->hi)
        return false;
    switch (d->kind) {
    case K_BOOL: memcpy(p, &b, sizeof b); break;
    case K_INT: memcpy(p, &i, sizeof i); break;
    case K_UINT: memcpy(p, &u, sizeof u); break;
    default: memcpy(p, &ll, sizeof ll); break;
    }
    return true;
}

/* released_by as "a,b,c" (function names hold no comma), NULL when empty; *oom on
   failure. Caller owns. */
static char *join_names(const rule_fn *f, bool *oom)
{
    an_buf b = {0};
    for (unsigned i = 0; i < f->nreleased_by; i++) {
        if (i)
            an_buf_putc(&b, ',');
        an_buf_puts(&b, f->released_by[i]);
    }
    char *s = f->nreleased_by && !b.oom ? an_buf_take(&b) : NULL;
    *oom = b.oom || (f->nreleased_by && !s);
    an_buf_fini(&b);
    return s;
}

/* Binds the summary's columns after run_id, tu_file and name (?4 on). */
static int bind_summary(sqlite3_stmt *q, const rule_fn *f, const char *relby, const char *args)
{
    const rule_family *fam[2] = {f->acquires, f->releases};
    int rc = SQLITE_OK;
    for (int k = 0; k < 2 && rc == SQLITE_OK; k++) {
        rc = sqlite3_bind_text(q, 4 + 3 * k, fam[k] ? fam[k]->name : NULL, -1, SQLITE_STATIC);
        if (rc == SQLITE_OK && fam[k])
            rc = sqlite3_bind_int(q, 5 + 3 * k, (int)fam[k]->category);
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_text(q, 6 + 3 * k, fam[k] ? fam[k]->noun : NULL, -1, SQLITE_STATIC);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(q, 10, relby, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(q, 11, args, -1, SQLITE_STATIC);
    for (int i = 0; i < SUM_NFIELDS && rc == SQLITE_OK; i++)
        rc = sqlite3_bind_int64(q, 12 + i, field_get(f, &sum_fields[i]));
    return rc;
}

typedef struct sum_put {
    const char *file;
    const rule_fn *f;
} sum_put;

static an_status put_summary(store *s, const void *ctx, diag_sink *ds)
{
    const sum_put *p = ctx;
    const char *what = "recording a summary";
    char args[RULE_MAX_ARGS + 1];
    for (unsigned i = 0; i < RULE_MAX_ARGS; i++)
        args[i] = (char)('0' + (int)p->f->args[i]);
    args[RULE_MAX_ARGS] = '\0';
    bool oom = false;
    char *relby = join_names(p->f, &oom);
    an_status st = oom ? AN_ENOMEM : AN_OK;
    sqlite3_stmt *q = NULL;
    if (st == AN_OK)
        q = q_bind(s, Q_SUM_NEW, what, ds, &st, QVALS(QN(s->run), QT(p->file), QT(p->f->name)));
    int rc = q ? bind_summary(q, p->f, relby, args) : SQLITE_OK;
    if (q && rc == SQLITE_OK)
        st = q_exec(s, q, what, ds);
    else if (q)
        st = db_error(s, rc, what, ds);
    if (q)
        q_done(q);
    an_free(relby);
    return st;
}

an_status store_put_summary(store *s, const char *file, const rule_fn *f, diag_sink *ds)
{
    sum_put p = {file, f};
    return in_savepoint(s, put_summary, &p, ds);
}

an_status store_carry_summaries(store *s, const char *file, uint64_t key, diag_sink *ds)
{
    sqlite3_int64 row[2] = {0, 0};
    bool hit = false;
    if (!in_run(s, ds))
        return AN_EINTERNAL;
    an_status st = find_tu(s, file, &key, row, &hit, ds);
    if (st == AN_OK && hit)
        st = q_write(s, Q_SUM_CARRY, "carrying summaries over", ds,
                     QVALS(QN(s->run), QN(row[1]), QT(file)));
    return st;
}

/* A summary rebuilt from a row of Q_SUM_LOAD. Its strings are borrowed from the row,
   but for released_by: names points into relby, both owned (sum_row_fini). */
typedef struct sum_row {
    rule_fn fn;
    rule_family acq, rel;
    char *relby;
    const char **names;
} sum_row;

static void sum_row_fini(sum_row *r)
{
    an_free(r->names);
    an_free(r->relby);
}

/* Reads a family (name, category, noun) at column i; NULL when the name is NULL. */
static const rule_family *row_family(sqlite3_stmt *q, int i, rule_family *fam, bool *bad)
{
    if (!col_text(q, i))
        return NULL;
    sqlite3_int64 cat = sqlite3_column_int64(q, i + 1);
    *bad = *bad || cat < RULE_CAT_OTHER || cat > RULE_CAT_TIMER;
    fam->name = col_text(q, i);
    fam->category = (rule_category)cat;
    fam->noun = col_text(q, i + 2);
    return fam;
}

static an_status row_released_by(sqlite3_stmt *q, int i, sum_row *r)
{
    const char *text = col_text(q, i);
    if (!text || !*text)
        return AN_OK;
    unsigned n = 1;
    for (const char *p = text; *p; p++)
        n += *p == ',';
    if (!(r->relby = an_strdup(text)) || !(r->names = an_calloc(n, sizeof *r->names)))
        return AN_ENOMEM;
    char *p = r->relby;
    for (unsigned k = 0; k < n; k++) {
        r->names[k] = p;
        p += strcspn(p, ",");
        *p++ = '\0';
    }
    r->fn.released_by = r->names;
    r->fn.nreleased_by = n;
    return AN_OK;
}

/* false when the args text holds an effect we do not know. */
static bool row_args(const char *text, rule_fn *f)
{
    for (unsigned i = 0; text && text[i]; i++) {
        if (text[i] < '0' || text[i] > '0' + RULE_ARG_HOLD)
            return false;
        if (i < RULE_MAX_ARGS)
            f->args[i] = (rule_arg)(text[i] - '0');
    }
    return true;
}

static an_status read_summary_row(store *s, sqlite3_stmt *q, sum_row *r, diag_sink *ds)
{
    bool bad = !col_text(q, 1);
    r->fn = rule_fn_blank(col_text(q, 1), RULE_SRC_SUMMARY);
    r->fn.origin = col_text(q, 0);
    r->fn.acquires = row_family(q, 2, &r->acq, &bad);
    r->fn.releases = row_family(q, 5, &r->rel, &bad);
    bad = bad || !row_args(col_text(q, 9), &r->fn);
    for (int i = 0; i < SUM_NFIELDS && !bad; i++)
        bad = !field_set(&r->fn, &sum_fields[i], sqlite3_column_int64(q, SUM_TEXT_NCOLS + i));
    if (bad) {
        diag_error(ds, s->path, "database %s is corrupt (a summary of %s is malformed); "
                   "remove it or use --db", s->path, r->fn.name ? r->fn.name : "?");
        return AN_EDB;
    }
    return row_released_by(q, 8, r);
}

static an_status summary_row(store *s, sqlite3_stmt *q, void *rs, diag_sink *ds)
{
    sum_row r = {0};
    an_status st = read_summary_row(s, q, &r, ds);
    if (st == AN_OK)
        st = rule_set_put(rs, &r.fn);
    sum_row_fini(&r);
    return st;
}

an_status store_load_summaries(store *s, int run_id, rule_set *rs, diag_sink *ds)
{
    store_run_meta m;
    bool exists = false;
    an_status st = run_id ? AN_OK : store_last_run(s, &run_id, ds);
    if (st != AN_OK || !run_id)
        return st;
    st = store_run_info(s, run_id, &m, &exists, ds);
    /* enum values are stored as numbers: trust only the version that wrote them */
    bool same = st == AN_OK && exists && strcmp(m.tool_version, AN_VERSION) == 0;
    store_run_meta_fini(&m);
    if (st == AN_OK && !exists) {
        diag_error(ds, s->path, "database %s has no run %d", s->path, run_id);
        return AN_EUSAGE;
    }
    if (st != AN_OK || !same)
        return st;
    sqlite3_stmt *q = q_bind(s, Q_SUM_LOAD, "reading summaries", ds, &st, QVALS(QN(run_id)));
    return q_rows(s, q, st, summary_row, rs, "reading summaries", ds);
}

an_status store_tu_summaries(store *s, const char *file, uint64_t key, rule_set *rs,
                             diag_sink *ds)
{
    sqlite3_int64 row[2] = {0, 0};
    bool hit = false;
    an_status st = find_tu(s, file, &key, row, &hit, ds);
    if (st != AN_OK || !hit)
        return st;
    sqlite3_stmt *q = q_bind(s, Q_SUM_TU, "reading a TU's summaries", ds, &st,
                             QVALS(QN(row[1]), QT(file)));
    return q_rows(s, q, st, summary_row, rs, "reading a TU's summaries", ds);
}

/* ---- reading runs back ---- */

an_status store_last_run(store *s, int *run_id, diag_sink *ds)
{
    an_status st = AN_OK;
    sqlite3_stmt *q = q_get(s, Q_RUN_LAST, &st, ds);
    *run_id = 0;
    if (!q)
        return st;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *run_id = sqlite3_column_int(q, 0);
    else
        st = db_error(s, rc, "reading the runs", ds);
    q_done(q);
    return st;
}

void store_run_meta_fini(store_run_meta *m)
{
    an_free(m->started_at);
    an_free(m->tool_version);
    an_free(m->args);
    m->started_at = m->tool_version = m->args = NULL;
}

static an_status run_row(store *s, sqlite3_stmt *q, void *meta, diag_sink *ds)
{
    (void)s, (void)ds;
    store_run_meta *m = meta;
    char **dst[3] = {&m->started_at, &m->tool_version, &m->args};
    for (int i = 0; i < 3; i++)
        if (!(*dst[i] = an_strdup(col_text(q, i) ? col_text(q, i) : "")))
            return AN_ENOMEM;
    return AN_OK;
}

an_status store_run_info(store *s, int run_id, store_run_meta *m, bool *exists, diag_sink *ds)
{
    an_status st = AN_OK;
    m->started_at = m->tool_version = m->args = NULL;
    sqlite3_stmt *q = q_bind(s, Q_RUN_INFO, "reading a run", ds, &st, QVALS(QN(run_id)));
    st = q_rows(s, q, st, run_row, m, "reading a run", ds);
    *exists = st == AN_OK && m->started_at;
    if (st != AN_OK)
        store_run_meta_fini(m);
    return st;
}

an_status store_run_findings(store *s, int run_id, fnd_list *out, diag_sink *ds)
{
    store_run_meta m;
    bool exists = false;
    an_status st = store_run_info(s, run_id, &m, &exists, ds);
    store_run_meta_fini(&m);
    if (st == AN_OK && !exists) {
        diag_error(ds, s->path, "database %s has no run %d (it keeps the last %d runs)",
                   s->path, run_id, (int)STORE_KEEP_RUNS);
        return AN_EUSAGE;
    }
    return st == AN_OK ? read_findings(s, 0, run_id, out, ds) : st;
}

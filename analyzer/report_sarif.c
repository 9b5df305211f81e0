/* report_sarif.c — SARIF 2.1.0 for GitHub code scanning, the VS Code SARIF viewer and
   `sarif-multitool validate`: every registered rule with its metadata, one result per
   finding (suppressed ones too, marked inSource) with its path as a codeFlow. The log is
   built as one cJSON tree; a failed allocation anywhere gives AN_ENOMEM and writes
   nothing. A file under rep_opts.srcroot gets a uri relative to "%SRCROOT%". */
#include "report.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checker.h"
#include "report_impl.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define TOOL_URI "https://github.com/leakscope/leakscope"
#define FINGERPRINT_KEY "leakscope/v1" /* rule, file, function, resource, acquisition */
#define SRCROOT_ID "%SRCROOT%"

typedef struct sarif {
    rep_jb b;
    bool has_root;
    /* srcroot, absolute, without a trailing slash ("" stands for "/"): symlinks
       resolved, and lexically folded (for files that no longer exist) */
    char root_real[PATH_MAX], root_lex[PATH_MAX];
} sarif;

/* ---- paths and URIs ---- */

/* Appends the segments of s to out[0..*n], folding "." and ".." and empty ones. false
   when the result would not fit in PATH_MAX. */
static bool fold(char *out, size_t *n, const char *s)
{
    while (*s) {
        size_t k = strcspn(s, "/");
        if (k == 2 && s[0] == '.' && s[1] == '.') {
            while (*n > 0 && out[--*n] != '/')
                ;
        } else if (k > 0 && !(k == 1 && s[0] == '.')) {
            if (*n + 1 + k >= PATH_MAX)
                return false;
            out[(*n)++] = '/';
            memcpy(out + *n, s, k);
            *n += k;
        }
        s += k + (s[k] == '/');
    }
    out[*n] = '\0';
    return true;
}

/* path made absolute against the current folder without touching the file system. */
static bool lexical(const char *path, char *out)
{
    char cwd[PATH_MAX];
    size_t n = 0;
    if (path[0] != '/' && (!getcwd(cwd, sizeof cwd) || !fold(out, &n, cwd)))
        return false;
    return fold(out, &n, path);
}

/* path with symlinks resolved; "/" becomes "". false when it does not exist. */
static bool real(const char *path, char *out)
{
    if (!realpath(path, out))
        return false;
    if (!strcmp(out, "/"))
        out[0] = '\0';
    return true;
}

/* The part of abs below root (root as in struct sarif), or NULL when abs is elsewhere. */
static const char *below(const char *abs, const char *root)
{
    size_t n = strlen(root);
    if (strncmp(abs, root, n) || abs[n] != '/' || !abs[n + 1])
        return NULL;
    return abs + n + 1;
}

/* file relative to the srcroot, or NULL when it is not under it. */
static const char *relative_to_root(const sarif *s, const char *file, char *buf)
{
    if (!s->has_root)
        return NULL;
    if (real(file, buf))
        return below(buf, s->root_real);
    return lexical(file, buf) ? below(buf, s->root_lex) : NULL;
}

/* Appends path percent-encoded: only unreserved characters and '/' stay as they are. */
static void put_encoded(an_buf *u, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            an_buf_putc(u, (char)*p);
        else
            an_buf_printf(u, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
    }
}

/* artifactLocation for file: uri (+ uriBaseId) */
static void put_artifact(sarif *s, cJSON *phys, const char *file)
{
    char buf[PATH_MAX];
    an_buf uri = {0};
    cJSON *art = rep_add_obj(&s->b, phys, "artifactLocation");
    const char *rel = relative_to_root(s, file, buf);
    if (!rel && file[0] == '/')
        an_buf_puts(&uri, "file://");
    put_encoded(&uri, rel ? rel : file);
    if (uri.oom)
        s->b.oom = true;
    rep_add_str(&s->b, art, "uri", an_buf_str(&uri));
    if (rel)
        rep_add_str(&s->b, art, "uriBaseId", SRCROOT_ID);
    an_buf_fini(&uri);
}

/* physicalLocation {artifactLocation, region} under parent; a line or column of 0
   (unknown) is left out. */
static void put_physical(sarif *s, cJSON *parent, const char *file, unsigned line,
                         unsigned col)
{
    cJSON *phys = rep_add_obj(&s->b, parent, "physicalLocation");
    put_artifact(s, phys, file ? file : "<unknown>");
    if (line == 0)
        return;
    cJSON *region = rep_add_obj(&s->b, phys, "region");
    rep_add_num(&s->b, region, "startLine", line);
    if (col > 0)
        rep_add_num(&s->b, region, "startColumn", col);
}

/* ---- text ---- */

/* {"text": text} under key; "" for a NULL text. */
static void put_message(sarif *s, cJSON *parent, const char *key, const char *text)
{
    cJSON *m = rep_add_obj(&s->b, parent, key);
    rep_add_str(&s->b, m, "text", text ? text : "");
}

/* ---- rules ---- */

static void put_rule(sarif *s, cJSON *rules, const chk_info *ci)
{
    const chk_def *d = ci->def;
    cJSON *r = rep_push_obj(&s->b, rules);
    rep_add_str(&s->b, r, "id", ci->id);
    rep_add_str(&s->b, r, "name", d->name);
    put_message(s, r, "shortDescription", ci->short_desc);
    put_message(s, r, "fullDescription", d->full_desc);
    put_message(s, r, "help", d->help);
    cJSON *dc = rep_add_obj(&s->b, r, "defaultConfiguration");
    rep_add_str(&s->b, dc, "level", d->level ? d->level : "warning");
    cJSON *props = rep_add_obj(&s->b, r, "properties");
    cJSON *tags = rep_add_arr(&s->b, props, "tags");
    cJSON *tag = rep_need(&s->b, cJSON_CreateString("reliability"));
    if (tag && !cJSON_AddItemToArray(tags, tag)) {
        cJSON_Delete(tag);
        s->b.oom = true;
    }
}

static void put_driver(sarif *s, cJSON *run)
{
    cJSON *tool = rep_add_obj(&s->b, run, "tool");
    cJSON *drv = rep_add_obj(&s->b, tool, "driver");
    rep_add_str(&s->b, drv, "name", "leakscope");
    rep_add_str(&s->b, drv, "version", AN_VERSION);
    rep_add_str(&s->b, drv, "semanticVersion", AN_VERSION);
    rep_add_str(&s->b, drv, "informationUri", TOOL_URI);
    cJSON *rules = rep_add_arr(&s->b, drv, "rules");
    for (unsigned i = 0; rules && i < chk_count(); i++)
        put_rule(s, rules, chk_at(i));
}

/* ---- results ---- */

/* Index of rule id in the registry (and so in tool.driver.rules), or -1. */
static int rule_index(const char *id)
{
    for (unsigned i = 0; id && i < chk_count(); i++)
        if (!strcmp(chk_at(i)->id, id))
            return (int)i;
    return -1;
}

static void put_code_flow(sarif *s, cJSON *res, const fnd *f)
{
    if (f->nnotes == 0)
        return;
    cJSON *flows = rep_add_arr(&s->b, res, "codeFlows");
    cJSON *threads = rep_add_arr(&s->b, rep_push_obj(&s->b, flows), "threadFlows");
    cJSON *locs = rep_add_arr(&s->b, rep_push_obj(&s->b, threads), "locations");
    for (unsigned i = 0; locs && i < f->nnotes; i++) {
        const fnd_note *n = &f->notes[i];
        cJSON *tfl = rep_push_obj(&s->b, locs);
        cJSON *loc = rep_add_obj(&s->b, tfl, "location");
        put_physical(s, loc, n->file, n->line, n->col);
        put_message(s, loc, "message", n->text);
        rep_add_num(&s->b, tfl, "nestingLevel", 0);
        rep_add_num(&s->b, tfl, "executionOrder", i + 1);
    }
}

/* locations[0]: where the finding is, and the function it is in */
static void put_location(sarif *s, cJSON *res, const fnd *f)
{
    cJSON *loc = rep_push_obj(&s->b, rep_add_arr(&s->b, res, "locations"));
    /* a result location needs a region (SARIF2017): an unknown line becomes line 1 */
    put_physical(s, loc, f->file, f->line ? f->line : 1, f->col);
    if (!f->function)
        return;
    cJSON *logical = rep_push_obj(&s->b, rep_add_arr(&s->b, loc, "logicalLocations"));
    rep_add_str(&s->b, logical, "name", f->function);
    rep_add_str(&s->b, logical, "kind", "function");
}

static void put_suppression(sarif *s, cJSON *res, const fnd *f)
{
    if (!f->suppressed)
        return;
    cJSON *sup = rep_push_obj(&s->b, rep_add_arr(&s->b, res, "suppressions"));
    rep_add_str(&s->b, sup, "kind", "inSource");
    if (f->suppress_reason && *f->suppress_reason)
        rep_add_str(&s->b, sup, "justification", f->suppress_reason);
}

static void put_result(sarif *s, cJSON *results, const fnd *f)
{
    int idx = rule_index(f->rule);
    const chk_info *ci = idx >= 0 ? chk_at((unsigned)idx) : NULL;
    cJSON *res = rep_push_obj(&s->b, results);
    rep_add_str(&s->b, res, "ruleId", f->rule);
    if (ci)
        rep_add_num(&s->b, res, "ruleIndex", idx);
    rep_add_str(&s->b, res, "level", ci && ci->def->level ? ci->def->level : "warning");
    put_message(s, res, "message", f->message);
    put_location(s, res, f);
    cJSON *fps = rep_add_obj(&s->b, res, "partialFingerprints");
    rep_add_str(&s->b, fps, FINGERPRINT_KEY, f->fingerprint);
    put_code_flow(s, res, f);
    put_suppression(s, res, f);
    if (f->resource) {
        cJSON *props = rep_add_obj(&s->b, res, "properties");
        rep_add_str(&s->b, props, "resource", f->resource);
    }
}

/* ---- run ---- */

/* One notification per error or warning the run gathered. */
static void put_notifications(sarif *s, cJSON *inv, const diag_sink *ds)
{
    cJSON *arr = NULL;
    for (size_t i = 0; ds && i < diag_len(ds); i++) {
        const diag_msg *m = diag_at(ds, i);
        if (m->level == DIAG_NOTE)
            continue;
        if (!arr && !(arr = rep_add_arr(&s->b, inv, "toolExecutionNotifications")))
            return;
        cJSON *n = rep_push_obj(&s->b, arr);
        rep_add_str(&s->b, n, "level", m->level == DIAG_ERROR ? "error" : "warning");
        put_message(s, n, "message", m->text);
        if (m->file)
            put_physical(s, rep_push_obj(&s->b, rep_add_arr(&s->b, n, "locations")), m->file,
                         0, 0);
    }
}

static void put_base_ids(sarif *s, cJSON *run)
{
    an_buf uri = {0};
    an_buf_puts(&uri, "file://");
    put_encoded(&uri, s->root_real);
    an_buf_putc(&uri, '/');
    if (uri.oom)
        s->b.oom = true;
    cJSON *ids = rep_add_obj(&s->b, run, "originalUriBaseIds");
    cJSON *root = rep_add_obj(&s->b, ids, SRCROOT_ID);
    rep_add_str(&s->b, root, "uri", an_buf_str(&uri));
    an_buf_fini(&uri);
}

static void put_run(sarif *s, cJSON *runs, const fnd_list *l, const rep_opts *o)
{
    cJSON *run = rep_push_obj(&s->b, runs);
    put_driver(s, run);
    if (s->has_root)
        put_base_ids(s, run);
    cJSON *inv = rep_push_obj(&s->b, rep_add_arr(&s->b, run, "invocations"));
    rep_add_bool(&s->b, inv, "executionSuccessful", true);
    put_notifications(s, inv, o ? o->diags : NULL);
    rep_add_str(&s->b, run, "columnKind", "utf16CodeUnits");
    cJSON *results = rep_add_arr(&s->b, run, "results");
    for (size_t i = 0; results && i < fnd_list_len(l); i++)
        put_result(s, results, fnd_list_at(l, i));
}

/* Resolves srcroot both ways; a folder that does not exist is used as written. */
static an_status set_root(sarif *s, const char *srcroot)
{
    if (!srcroot || !*srcroot)
        return AN_OK;
    if (!lexical(srcroot, s->root_lex))
        return AN_EUSAGE; /* longer than PATH_MAX, or no current folder */
    if (!real(srcroot, s->root_real))
        strcpy(s->root_real, s->root_lex);
    s->has_root = true;
    return AN_OK;
}

an_status rep_sarif(FILE *out, const fnd_list *l, const rep_opts *o)
{
    sarif *s = an_calloc(1, sizeof *s);
    if (!s)
        return AN_ENOMEM;
    an_status st = set_root(s, o ? o->srcroot : NULL);
    if (st == AN_OK) {
        cJSON *log = rep_need(&s->b, cJSON_CreateObject());
        rep_add_str(&s->b, log, "$schema", SARIF_SCHEMA);
        rep_add_str(&s->b, log, "version", "2.1.0");
        put_run(s, rep_add_arr(&s->b, log, "runs"), l, o);
        st = rep_write(out, &s->b, log);
    }
    an_free(s);
    return st;
}

/* report_audit.c — `leakscope audit`: the inventory of global containers, threads and
   timers as Markdown tables (every row links to its file:line) or as JSON with a stable
   shape and order, so that CI can diff two audits. */
#include <string.h>

#include "report.h"
#include "report_impl.h"

/* ---- Markdown ---- */

static const char *base_name(const char *p)
{
    const char *s = p ? strrchr(p, '/') : NULL;
    return s ? s + 1 : p ? p : "?";
}

static void md_link(FILE *out, const char *file, unsigned line)
{
    fprintf(out, "[%s:%u](%s#L%u)", base_name(file), line, file ? file : "", line);
}

/* Table cells must not contain a bar or a newline. */
static void md_cell(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|')
            fputs("\\|", out);
        else
            fputc(*s == '\n' ? ' ' : *s, out);
    }
}

static void md_sites(FILE *out, const cache_site *s, unsigned n)
{
    if (n == 0)
        fputs("none", out);
    for (unsigned i = 0; i < n && i < 6; i++) {
        fputs(i ? "<br>" : "", out);
        md_cell(out, s[i].function);
        fputs("() ", out);
        md_link(out, s[i].file, s[i].line);
    }
    if (n > 6)
        fprintf(out, "<br>and %u more", n - 6);
}

static void md_containers(FILE *out, const cache_facts *c)
{
    size_t n = c ? cache_count(c) : 0;
    fprintf(out, "## Global containers (%zu)\n\n", n);
    if (!n) {
        fputs("None found.\n\n", out);
        return;
    }
    fputs("| container | declared | holds | shape | inserted by | removed, cleared or bounded by | "
          "verdict |\n|---|---|---|---|---|---|---|\n", out);
    for (size_t i = 0; i < n; i++) {
        const cache_container *k = cache_at(c, i);
        fprintf(out, "| `%s` | ", k->name);
        md_link(out, k->file, k->line);
        fputs(" | `", out);
        md_cell(out, k->elem_type ? k->elem_type : "?");
        fprintf(out, "` | %s | ", k->shape ? k->shape : "?");
        md_sites(out, k->inserts, k->ninserts);
        fputs(" | ", out);
        if (k->nremovals || k->nbounds) {
            md_sites(out, k->removals, k->nremovals);
            if (k->nbounds) {
                fputs("<br>bound: ", out);
                md_sites(out, k->bounds, k->nbounds);
            }
        } else {
            fputs("none", out);
        }
        fputs(k->unbounded ? " | **grows without bound**: " : " | bounded: ", out);
        md_cell(out, k->why);
        fputs(" |\n", out);
    }
    fputc('\n', out);
}

static void md_ends(FILE *out, const aud_site *s)
{
    an_buf b = {0};
    aud_ends_text(s->ends, &b);
    md_cell(out, an_buf_str(&b));
    an_buf_fini(&b);
    if (s->end_at) {
        fputs(" (", out);
        md_cell(out, s->end_at);
        fputc(')', out);
    }
    if (s->stored_at) {
        fputs(" (", out);
        md_cell(out, s->stored_at);
        fputc(')', out);
    }
    if (s->leaked_at) {
        fputs("; **lost at ", out);
        md_cell(out, s->leaked_at);
        fputs("**", out);
    }
}

static size_t count_kind(const aud_list *a, aud_kind k)
{
    size_t n = 0;
    for (size_t i = 0; a && i < aud_count(a); i++)
        n += aud_at(a, i)->kind == k;
    return n;
}

static void md_sites_of(FILE *out, const aud_list *a, aud_kind kind)
{
    size_t n = count_kind(a, kind);
    fprintf(out, "## %s (%zu)\n\n", kind == AUD_THREAD ? "Threads" : "Timers", n);
    if (!n) {
        fputs("None found.\n\n", out);
        return;
    }
    if (kind == AUD_THREAD)
        fputs("| created | in | start routine | how it ends | in a loop |\n|---|---|---|---|---|\n", out);
    else
        fputs("| created | in | how it ends | payload |\n|---|---|---|---|\n", out);
    for (size_t i = 0; i < aud_count(a); i++) {
        const aud_site *s = aud_at(a, i);
        if (s->kind != kind)
            continue;
        fputs("| ", out);
        md_link(out, s->file, s->line);
        fprintf(out, " | `%s()` | ", s->function ? s->function : "?");
        if (kind == AUD_THREAD) {
            fprintf(out, "`%s` | ", s->routine ? s->routine : "?");
            md_ends(out, s);
            fprintf(out, " | %s |\n", s->in_loop ? "**yes**" : "no");
        } else {
            md_ends(out, s);
            fputs(" | ", out);
            md_cell(out, s->payload ? s->payload : "none");
            fputs(" |\n", out);
        }
    }
    fputc('\n', out);
}

an_status rep_audit_md(FILE *out, const aud_list *a, const cache_facts *c)
{
    fputs("# leakscope audit\n\n", out);
    md_containers(out, c);
    md_sites_of(out, a, AUD_THREAD);
    md_sites_of(out, a, AUD_TIMER);
    return ferror(out) ? AN_EIO : AN_OK;
}

/* ---- JSON ---- */

static void json_sites(rep_jb *b, cJSON *o, const char *key, const cache_site *s, unsigned n)
{
    cJSON *arr = rep_add_arr(b, o, key);
    for (unsigned i = 0; i < n; i++) {
        cJSON *e = rep_push_obj(b, arr);
        rep_add_str(b, e, "file", s[i].file);
        rep_add_num(b, e, "line", s[i].line);
        rep_add_num(b, e, "col", s[i].col);
        rep_add_str(b, e, "function", s[i].function);
        rep_add_str(b, e, "text", s[i].text);
    }
}

static void json_container(rep_jb *b, cJSON *arr, const cache_container *k)
{
    cJSON *o = rep_push_obj(b, arr);
    rep_add_str(b, o, "name", k->name);
    rep_add_str(b, o, "file", k->file);
    rep_add_num(b, o, "line", k->line);
    rep_add_num(b, o, "col", k->col);
    rep_add_str(b, o, "elem_type", k->elem_type);
    rep_add_str(b, o, "shape", k->shape);
    json_sites(b, o, "inserts", k->inserts, k->ninserts);
    json_sites(b, o, "removals", k->removals, k->nremovals);
    json_sites(b, o, "bounds", k->bounds, k->nbounds);
    rep_add_bool(b, o, "unbounded", k->unbounded);
    rep_add_str(b, o, "why", k->why);
}

static void json_site(rep_jb *b, cJSON *arr, const aud_site *s)
{
    static const struct { unsigned bit; const char *name; } ends[] = {
        {AUD_JOINED, "joined"}, {AUD_DETACHED, "detached"}, {AUD_DELETED, "deleted"},
        {AUD_STORED, "stored"}, {AUD_LEAKED, "leaked"}};
    cJSON *o = rep_push_obj(b, arr);
    rep_add_str(b, o, "file", s->file);
    rep_add_num(b, o, "line", s->line);
    rep_add_num(b, o, "col", s->col);
    rep_add_str(b, o, "function", s->function);
    rep_add_str(b, o, "call", s->call);
    if (s->kind == AUD_THREAD)
        rep_add_str(b, o, "start_routine", s->routine);
    cJSON *e = rep_add_arr(b, o, "ends");
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++)
        if (s->ends & ends[i].bit)
            rep_need(b, e && cJSON_AddItemToArray(e, cJSON_CreateString(ends[i].name)) ? e : NULL);
    rep_add_str(b, o, "released_at", s->end_at);
    rep_add_str(b, o, "stored_at", s->stored_at);
    rep_add_str(b, o, "leaked_at", s->leaked_at);
    if (s->kind == AUD_THREAD)
        rep_add_bool(b, o, "in_loop", s->in_loop);
    else
        rep_add_str(b, o, "payload", s->payload);
}

an_status rep_audit_json(FILE *out, const aud_list *a, const cache_facts *c)
{
    rep_jb b = {false};
    cJSON *root = rep_need(&b, cJSON_CreateObject());
    rep_add_str(&b, root, "version", AN_VERSION);
    cJSON *cs = rep_add_arr(&b, root, "containers");
    for (size_t i = 0; c && i < cache_count(c); i++)
        json_container(&b, cs, cache_at(c, i));
    cJSON *th = rep_add_arr(&b, root, "threads");
    cJSON *tm = rep_add_arr(&b, root, "timers");
    for (size_t i = 0; a && i < aud_count(a); i++)
        json_site(&b, aud_at(a, i)->kind == AUD_THREAD ? th : tm, aud_at(a, i));
    return rep_write(out, &b, root);
}

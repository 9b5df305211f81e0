/* report_json.c — leakscope's own JSON: the findings (and run comparisons) with every
   field, keys in a fixed order so that outputs diff cleanly; plus the cJSON builder
   helpers report_sarif.c shares (report_impl.h). */
#include "report.h"

#include "report_impl.h"

cJSON *rep_need(rep_jb *b, cJSON *x)
{
    if (!x)
        b->oom = true;
    return x;
}

cJSON *rep_add_obj(rep_jb *b, cJSON *parent, const char *key)
{
    return rep_need(b, cJSON_AddObjectToObject(parent, key));
}

cJSON *rep_add_arr(rep_jb *b, cJSON *parent, const char *key)
{
    return rep_need(b, cJSON_AddArrayToObject(parent, key));
}

cJSON *rep_push_obj(rep_jb *b, cJSON *arr)
{
    cJSON *o = rep_need(b, cJSON_CreateObject());
    if (o && !cJSON_AddItemToArray(arr, o)) {
        cJSON_Delete(o);
        o = rep_need(b, NULL);
    }
    return o;
}

void rep_add_str(rep_jb *b, cJSON *o, const char *key, const char *v)
{
    if (v)
        rep_need(b, cJSON_AddStringToObject(o, key, v));
}

void rep_add_num(rep_jb *b, cJSON *o, const char *key, double v)
{
    rep_need(b, cJSON_AddNumberToObject(o, key, v));
}

void rep_add_bool(rep_jb *b, cJSON *o, const char *key, bool v)
{
    rep_need(b, cJSON_AddBoolToObject(o, key, v));
}

an_status rep_write(FILE *out, rep_jb *b, cJSON *root)
{
    char *text = NULL;
    an_status st = AN_OK;
    if (b->oom || !root || !(text = cJSON_Print(root)))
        st = AN_ENOMEM;
    else if (fputs(text, out) == EOF || fputc('\n', out) == EOF)
        st = AN_EIO;
    cJSON_free(text);
    cJSON_Delete(root);
    return st;
}

/* key: v, or key: null when v is NULL (the shape stays the same for every finding) */
static void put_str(rep_jb *b, cJSON *o, const char *key, const char *v)
{
    if (v)
        rep_add_str(b, o, key, v);
    else
        rep_need(b, cJSON_AddNullToObject(o, key));
}

static void put_path(rep_jb *b, cJSON *entry, const fnd *f)
{
    cJSON *path = rep_add_arr(b, entry, "path");
    for (unsigned i = 0; path && i < f->nnotes; i++) {
        const fnd_note *n = &f->notes[i];
        cJSON *step = rep_push_obj(b, path);
        put_str(b, step, "file", n->file);
        rep_add_num(b, step, "line", n->line);
        rep_add_num(b, step, "col", n->col);
        put_str(b, step, "text", n->text);
    }
}

static void put_finding(rep_jb *b, cJSON *arr, const fnd *f)
{
    cJSON *e = rep_push_obj(b, arr);
    put_str(b, e, "rule", f->rule);
    put_str(b, e, "file", f->file);
    rep_add_num(b, e, "line", f->line);
    rep_add_num(b, e, "col", f->col);
    put_str(b, e, "message", f->message);
    put_str(b, e, "function", f->function);
    put_str(b, e, "resource", f->resource);
    put_str(b, e, "fingerprint", f->fingerprint);
    rep_add_bool(b, e, "suppressed", f->suppressed);
    if (f->suppressed)
        put_str(b, e, "suppress_reason", f->suppress_reason);
    put_path(b, e, f);
}

/* key: [every finding of l]; [] for a NULL l */
static void put_list(rep_jb *b, cJSON *root, const char *key, const fnd_list *l)
{
    cJSON *arr = rep_add_arr(b, root, key);
    for (size_t i = 0; arr && l && i < fnd_list_len(l); i++)
        put_finding(b, arr, fnd_list_at(l, i));
}

an_status rep_json(FILE *out, const fnd_list *l)
{
    rep_jb b = {0};
    cJSON *root = rep_need(&b, cJSON_CreateObject());
    rep_add_str(&b, root, "version", AN_VERSION);
    put_list(&b, root, "findings", l);
    return rep_write(out, &b, root);
}

an_status rep_json_diff(FILE *out, const fnd_list *new_, const fnd_list *fixed,
                        const fnd_list *unchanged)
{
    rep_jb b = {0};
    cJSON *root = rep_need(&b, cJSON_CreateObject());
    rep_add_str(&b, root, "version", AN_VERSION);
    put_list(&b, root, "new", new_);
    put_list(&b, root, "fixed", fixed);
    put_list(&b, root, "unchanged", unchanged);
    return rep_write(out, &b, root);
}

/* registry.c — expands checkers/checkers.def into the table of checkers, and the
   helpers every checker shares for naming resources and reporting findings. */
#include "checker.h"

#include <string.h>

#define CHECKER(sym, id, desc) extern const chk_def chk_##sym;
#include "checkers.def"
#undef CHECKER

static const chk_info registry[] = {
#define CHECKER(sym, id, desc) {id, desc, &chk_##sym},
#include "checkers.def"
#undef CHECKER
};

unsigned chk_count(void)
{
    return (unsigned)(sizeof registry / sizeof registry[0]);
}

const chk_info *chk_at(unsigned i)
{
    return i < chk_count() ? &registry[i] : NULL;
}

const chk_info *chk_find(const char *id)
{
    for (unsigned i = 0; i < chk_count(); i++)
        if (strcmp(registry[i].id, id) == 0)
            return &registry[i];
    return NULL;
}

void chk_dispatch_leak(chk_ctx *cx, const st_leak *l)
{
    for (unsigned i = 0; i < chk_count(); i++)
        if (registry[i].def->on_leak) {
            cx->current = &registry[i];
            registry[i].def->on_leak(cx, l);
        }
    cx->current = NULL;
}

void chk_dispatch_mismatch(chk_ctx *cx, const st_mismatch *m)
{
    for (unsigned i = 0; i < chk_count(); i++)
        if (registry[i].def->on_mismatch) {
            cx->current = &registry[i];
            registry[i].def->on_mismatch(cx, m);
        }
    cx->current = NULL;
}

void chk_dispatch_container(chk_ctx *cx, const cache_container *c)
{
    for (unsigned i = 0; i < chk_count(); i++)
        if (registry[i].def->on_container) {
            cx->current = &registry[i];
            registry[i].def->on_container(cx, c);
        }
    cx->current = NULL;
}

bool chk_plain_loss(const st_leak *l)
{
    switch (l->cause) {
    case ST_LOST_EXIT: case ST_LOST_SCOPE: case ST_LOST_DISCARD: case ST_LOST_CONTAINER:
        return true;
    case ST_LOST_HELD: {
        const rule_fn *h = l->holder ? l->holder->rule : NULL;
        return !(h && h->acquires && h->acquires->category == RULE_CAT_TIMER);
    }
    default:
        return false;
    }
}

void chk_leak_message(const chk_ctx *cx, const st_leak *l, an_buf *out)
{
    const char *verb = chk_release_verb(chk_category(l));
    switch (l->cause) {
    case ST_LOST_EXIT:
        chk_describe(cx, l->acquire, l->place, out);
        an_buf_printf(out, " is not %s when %s() returns", verb, cx->function);
        break;
    case ST_LOST_SCOPE:
        chk_describe(cx, l->acquire, l->place, out);
        an_buf_printf(out, " goes out of scope here without being %s", verb);
        break;
    case ST_LOST_DISCARD:
        chk_describe(cx, l->acquire, -1, out);
        an_buf_printf(out, " is never stored, so it is never %s", verb);
        break;
    case ST_LOST_CONTAINER:
        chk_describe(cx, l->acquire, l->place, out);
        an_buf_printf(out, " is not %s before the block holding it is released here", verb);
        break;
    case ST_LOST_OVERWRITE:
        chk_describe(cx, l->acquire, l->place, out);
        an_buf_printf(out, " is overwritten here while it is the only reference, so it is never %s", verb);
        break;
    case ST_LOST_REALLOC:
        an_buf_puts(out, "if realloc fails, ");
        chk_describe(cx, l->acquire, l->place, out);
        an_buf_puts(out, " is lost: the result overwrites the only pointer to the old block; "
                         "assign it to a temporary first");
        break;
    case ST_LOST_HELD:
        chk_describe(cx, l->acquire, l->place, out);
        an_buf_puts(out, " is kept alive by ");
        chk_describe(cx, l->holder, -1, out);
        an_buf_printf(out, ", which is never %s",
                      l->holder && l->holder->rule && l->holder->rule->acquires
                          ? chk_release_verb(l->holder->rule->acquires->category) : "released");
        break;
    case ST_LOST_INTERIOR:
        an_buf_puts(out, "only a pointer into the middle of ");
        chk_describe(cx, l->acquire, l->place, out);
        an_buf_puts(out, " is kept here, which keeps the whole block alive");
        break;
    }
}

rule_category chk_category(const st_leak *l)
{
    const rule_fn *f = l->acquire ? l->acquire->rule : NULL;
    return f && f->acquires ? f->acquires->category : RULE_CAT_OTHER;
}

const char *chk_release_verb(rule_category c)
{
    switch (c) {
    case RULE_CAT_MEMORY: return "freed";
    case RULE_CAT_FD: case RULE_CAT_STREAM: return "closed";
    case RULE_CAT_THREAD: return "joined or detached";
    case RULE_CAT_TIMER: return "deleted";
    case RULE_CAT_OTHER: return "released";
    }
    return "released";
}

static const char *base_name(const char *path)
{
    const char *s = path ? strrchr(path, '/') : NULL;
    return s ? s + 1 : path ? path : "?";
}

void chk_describe(const chk_ctx *cx, const rfg_op *acq, int place, an_buf *out)
{
    const rule_fn *f = acq ? acq->rule : NULL;
    const char *noun = f && f->acquires && f->acquires->noun ? f->acquires->noun : "resource";
    an_buf_puts(out, noun);
    if (place >= 0) {
        an_buf_puts(out, " '");
        rfg_place_print(cx->r, place, out);
        an_buf_putc(out, '\'');
    }
    if (acq)
        an_buf_printf(out, " from %s() at %s:%u", acq->callee ? acq->callee : "?",
                      base_name(acq->loc.file), acq->loc.line);
}

static void resource_key(const rfg_op *acq, an_buf *out)
{
    const rule_fn *f = acq ? acq->rule : NULL;
    an_buf_printf(out, "%s from %s()", f && f->acquires ? f->acquires->name : "resource",
                  acq && acq->callee ? acq->callee : "?");
}

static fnd *new_finding(chk_ctx *cx, const char *rule_id, an_loc loc, const rfg_op *acq,
                        const char *message)
{
    an_buf key = {0};
    resource_key(acq, &key);
    fnd *f = key.oom ? NULL
                     : fnd_new(rule_id, loc.file, loc.line, loc.col, message, cx->function,
                               an_buf_str(&key), acq && acq->text ? acq->text : "");
    an_buf_fini(&key);
    return f;
}

static const char *step_text(uint8_t kind)
{
    switch (kind) {
    case 0: return "acquired here";
    case 1: return "condition is true";
    case 2: return "condition is false";
    default: return "lost here";
    }
}

/* "assuming 'p' is NULL", "assuming 'fd' >= 0": the test a branch step decided. */
static void step_describe(const chk_ctx *cx, const st_step *s, an_buf *out)
{
    static const char *const ops[] = {"?", "==", "!=", "<", "<=", ">", ">="};
    static const rfg_cmp inv[] = {RFG_CMP_NONE, RFG_CMP_NE, RFG_CMP_EQ, RFG_CMP_GE,
                                  RFG_CMP_GT, RFG_CMP_LE, RFG_CMP_LT};
    const rfg_cond *c = s->branch ? &s->branch->cond : NULL;
    bool named = c && (c->val.kind == RFG_V_PLACE || c->val.kind == RFG_V_TEMP);
    if (!c || c->cmp == RFG_CMP_NONE || c->pair || !named || (s->kind != 1 && s->kind != 2)) {
        an_buf_puts(out, step_text(s->kind));
        return;
    }
    rfg_cmp cmp = s->kind == 1 ? c->cmp : inv[c->cmp];
    an_buf_puts(out, "assuming ");
    if (c->val.kind == RFG_V_PLACE) {
        an_buf_putc(out, '\'');
        rfg_place_print(cx->r, c->val.id, out);
        an_buf_putc(out, '\'');
    } else {
        an_buf_puts(out, "the call's result");
    }
    if (c->c == 0 && (cmp == RFG_CMP_EQ || cmp == RFG_CMP_NE))
        an_buf_puts(out, c->is_ptr ? (cmp == RFG_CMP_EQ ? " is NULL" : " is not NULL")
                                   : (cmp == RFG_CMP_EQ ? " is 0" : " is not 0"));
    else
        an_buf_printf(out, " %s %lld", ops[cmp], c->c);
}

static bool already(const chk_ctx *cx, an_loc loc)
{
    for (size_t i = fnd_list_len(cx->out); i-- > 0;) {
        const fnd *o = fnd_list_at(cx->out, i);
        if (o->line == loc.line && o->col == loc.col && !strcmp(o->rule, cx->current->id) &&
            o->file && loc.file && !strcmp(o->file, loc.file))
            return true;
    }
    return false;
}

static void finish(chk_ctx *cx, fnd *f)
{
    if (!f) {
        cx->st = AN_ENOMEM;
        return;
    }
    if (fnd_list_add(cx->out, f) != AN_OK)
        cx->st = AN_ENOMEM;
}

void chk_report_leak(chk_ctx *cx, an_loc loc, const st_leak *l, const char *message)
{
    if (already(cx, loc))
        return;
    fnd *f = new_finding(cx, cx->current->id, loc, l->acquire, message);
    an_status st = f ? AN_OK : AN_ENOMEM;
    for (unsigned i = 0; f && st == AN_OK && i < l->ntrace; i++) {
        const st_step *s = &l->trace[i];
        an_buf text = {0};
        step_describe(cx, s, &text);
        if (text.oom)
            st = AN_ENOMEM;
        else if (s->loc.file)
            st = fnd_add_note(f, s->loc.file, s->loc.line, s->loc.col, an_buf_str(&text));
        an_buf_fini(&text);
    }
    if (f && st == AN_OK && (l->ntrace == 0 || l->trace[l->ntrace - 1].kind != 4))
        st = fnd_add_note(f, loc.file, loc.line, loc.col, step_text(4));
    if (st != AN_OK) {
        fnd_free(f);
        f = NULL;
    }
    finish(cx, f);
}

void chk_report_std(chk_ctx *cx, const st_leak *l)
{
    an_buf msg = {0};
    chk_leak_message(cx, l, &msg);
    if (msg.oom)
        cx->st = AN_ENOMEM;
    else
        chk_report_leak(cx, l->loc, l, an_buf_str(&msg));
    an_buf_fini(&msg);
}

void chk_report(chk_ctx *cx, an_loc loc, const rfg_op *acq, const char *message)
{
    if (already(cx, loc))
        return;
    fnd *f = new_finding(cx, cx->current->id, loc, acq, message);
    if (f && acq && fnd_add_note(f, acq->loc.file, acq->loc.line, acq->loc.col,
                                 step_text(0)) != AN_OK) {
        fnd_free(f);
        f = NULL;
    }
    finish(cx, f);
}

void chk_report_sites(chk_ctx *cx, an_loc loc, const char *message, const char *resource,
                      const cache_site *sites, unsigned nsites, const char *note)
{
    if (already(cx, loc))
        return;
    fnd *f = fnd_new(cx->current->id, loc.file, loc.line, loc.col, message, cx->function,
                     resource, resource);
    an_status st = f ? AN_OK : AN_ENOMEM;
    for (unsigned i = 0; st == AN_OK && i < nsites; i++) {
        an_buf t = {0};
        an_buf_printf(&t, "%s in %s(): %s", note, sites[i].function ? sites[i].function : "?",
                      sites[i].text ? sites[i].text : "");
        st = t.oom ? AN_ENOMEM : fnd_add_note(f, sites[i].file, sites[i].line, sites[i].col,
                                             an_buf_str(&t));
        an_buf_fini(&t);
    }
    if (st != AN_OK) {
        fnd_free(f);
        f = NULL;
    }
    finish(cx, f);
}

/* cfg_labels.c — the cfg builder's pre-pass: every label of a function body, with the
   chain of scopes that enclose it, so that a goto (forward or backward) knows which
   scopes it leaves. Invariant: the scopes pushed here are exactly the ones cfg.c pushes
   (the body, compound statements, for statements, statement-expression bodies). */
#include <string.h>

#include "alloc.h"
#include "cfg_int.h"

typedef struct collector {
    cfg_labels *lt;
    an_arena *arena;
    AN_VEC(const void *) owners;   /* the open scopes */
    unsigned depth;                /* statements being collected */
    unsigned edepth;               /* subexpressions being searched, over all statements */
} collector;

static an_status collect(collector *c, const ir_stmt *s);

static an_status add_label(collector *c, const ir_stmt *s)
{
    cfg_label l = {s->label, s, NULL, c->owners.n, NULL, false, false};
    if (!s->label)
        return AN_OK;
    if (l.nchain && !(l.chain = an_arena_alloc(c->arena, l.nchain * sizeof *l.chain)))
        return AN_ENOMEM;
    if (l.nchain)
        memcpy(l.chain, c->owners.v, l.nchain * sizeof *l.chain);
    return an_vec_push(&c->lt->all, l);
}

static an_status collect_expr(collector *c, const ir_expr *e);

static an_status collect_operands(collector *c, const ir_expr *e)
{
    if (e->kind == IR_E_STMT_EXPR)
        return collect(c, e->body);
    TRY(collect_expr(c, e->a));
    TRY(collect_expr(c, e->b));
    TRY(collect_expr(c, e->c));
    for (unsigned i = 0; e->args && i < e->nargs; i++)
        TRY(collect_expr(c, e->args[i]));
    return AN_OK;
}

/* Statement expressions anywhere in e: their bodies are scopes too. Labels deeper
   than CFG_MAX_EXPR_DEPTH nested subexpressions are not found (gotos to them end
   their path). */
static an_status collect_expr(collector *c, const ir_expr *e)
{
    if (!e || c->edepth >= CFG_MAX_EXPR_DEPTH)
        return AN_OK;
    c->edepth++;
    TRY(collect_operands(c, e));
    c->edepth--;
    return AN_OK;
}

/* The expressions a statement evaluates itself (not those of its sub-statements). */
static an_status collect_exprs(collector *c, const ir_stmt *s)
{
    TRY(collect_expr(c, s->expr));
    TRY(collect_expr(c, s->cond));
    TRY(collect_expr(c, s->inc));
    for (unsigned i = 0; s->inits && i < s->nvars; i++)
        TRY(collect_expr(c, s->inits[i]));
    for (unsigned i = 0; s->args && i < s->nargs; i++)
        TRY(collect_expr(c, s->args[i]));
    return AN_OK;
}

static an_status collect_list(collector *c, const ir_stmt *s)
{
    for (unsigned i = 0; s->body && i < s->nbody; i++)
        TRY(collect(c, s->body[i]));
    return AN_OK;
}

/* A compound or for statement: a scope of its own. */
static an_status collect_scope(collector *c, const ir_stmt *s)
{
    TRY(an_vec_push(&c->owners, (const void *)s));
    if (s->kind == IR_S_COMPOUND) {
        TRY(collect_list(c, s));
    } else {
        TRY(collect(c, s->init));
        TRY(collect_exprs(c, s)); /* the test and the increment run inside its scope */
        TRY(collect(c, s->sub));
    }
    c->owners.n--;
    return AN_OK;
}

static an_status collect_in(collector *c, const ir_stmt *s)
{
    if (s->kind != IR_S_FOR)
        TRY(collect_exprs(c, s));
    switch (s->kind) {
    case IR_S_COMPOUND:
    case IR_S_FOR:
        return collect_scope(c, s);
    case IR_S_IF:
        for (;;) { /* else-if chains iterate */
            TRY(collect(c, s->then));
            s = s->els;
            if (!s || s->kind != IR_S_IF)
                break;
            TRY(collect_exprs(c, s));
        }
        return collect(c, s);
    case IR_S_WHILE:
    case IR_S_DO:
    case IR_S_SWITCH:
        return collect(c, s->sub);
    default:
        return AN_OK;
    }
}

static an_status collect(collector *c, const ir_stmt *s)
{
    for (; s && (s->kind == IR_S_LABEL || s->kind == IR_S_CASE || s->kind == IR_S_DEFAULT);
         s = s->sub)
        if (s->kind == IR_S_LABEL)
            TRY(add_label(c, s));
    if (!s)
        return AN_OK;
    if (++c->depth > CFG_MAX_DEPTH)
        return AN_EINTERNAL;
    TRY(collect_in(c, s));
    c->depth--;
    return AN_OK;
}

static an_status index_labels(cfg_labels *lt, an_arena *a)
{
    size_t size = 8;
    while (size < 2 * lt->all.n)
        size *= 2;
    if (!(lt->index = an_arena_alloc(a, size * sizeof *lt->index)))
        return AN_ENOMEM;
    lt->mask = size - 1;
    for (size_t i = 0; i < lt->all.n; i++) {
        cfg_label *l = &lt->all.v[i];
        size_t h = an_hash_str(AN_HASH_INIT, l->name) & lt->mask;
        while (lt->index[h] && strcmp(lt->all.v[lt->index[h] - 1].name, l->name) != 0)
            h = (h + 1) & lt->mask;
        if (lt->index[h])
            l->dup = true; /* the first label of a name wins */
        else
            lt->index[h] = i + 1;
    }
    return AN_OK;
}

an_status cfg_labels_collect(cfg_labels *lt, const ir_stmt *body, an_arena *a)
{
    collector c = {lt, a, {0}, 0, 0};
    an_status st = an_vec_push(&c.owners, (const void *)body);
    if (st == AN_OK && body && body->kind == IR_S_COMPOUND)
        st = collect_list(&c, body); /* the body's scope is already open */
    else if (st == AN_OK)
        st = collect(&c, body);
    an_vec_free(&c.owners);
    if (st == AN_OK && lt->all.n)
        st = index_labels(lt, a);
    return st;
}

cfg_label *cfg_labels_find(const cfg_labels *lt, const char *name)
{
    if (!name || !lt->index)
        return NULL;
    for (size_t h = an_hash_str(AN_HASH_INIT, name) & lt->mask;; h = (h + 1) & lt->mask) {
        size_t i = lt->index[h];
        if (i == 0)
            return NULL;
        if (strcmp(lt->all.v[i - 1].name, name) == 0)
            return &lt->all.v[i - 1];
    }
}

void cfg_labels_fini(cfg_labels *lt)
{
    an_vec_free(&lt->all);
    lt->index = NULL;
    lt->mask = 0;
}

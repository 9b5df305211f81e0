/* state_ops.c — transfer functions: what each rfg op and each branch edge does to an
   abstract state. Places are resolved against the state (a pointer to a tracked heap
   block makes `s->buf` a field of that block; `&c` makes `cp->fd` the place c.fd);
   after every op that drops references, resources nobody can reach any more become
   pending leaks, reported once the path returns or goes round a loop. */
#include "state_impl.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

enum { LR_NONE, LR_FRAME, LR_GLOBAL, LR_FIELD };
typedef struct lref {
    int kind;
    int id;  /* place (FRAME, GLOBAL) or field suffix (FIELD) */
    int res; /* FIELD */
} lref;

static const lref LREF_NONE = {LR_NONE, -1, -1};

static val val_nonzero(void)
{
    val v = VAL_UNKNOWN;
    v.flags = F_NE;
    v.ne = 0;
    return v;
}

/* ---- integer sets: [lo, hi] minus an optional single value ---- */
typedef struct cset {
    long long lo, hi;
    bool has_ne;
    long long ne;
} cset;

static const cset CSET_ALL = {LLONG_MIN, LLONG_MAX, false, 0};

static cset cset_of(long long lo, long long hi)
{
    cset c = {lo, hi, false, 0};
    return c;
}

static cset cset_nonzero(void)
{
    cset c = {LLONG_MIN, LLONG_MAX, true, 0};
    return c;
}

static bool cset_norm(cset *c)
{
    if (c->has_ne) {
        if (c->ne < c->lo || c->ne > c->hi)
            c->has_ne = false;
        else if (c->ne == c->lo && c->lo < LLONG_MAX)
            c->lo++, c->has_ne = false;
        else if (c->ne == c->hi && c->hi > LLONG_MIN)
            c->hi--, c->has_ne = false;
        else if (c->lo == c->hi)
            return false;
    }
    return c->lo <= c->hi;
}

/* a := a ∩ b; false when empty. */
static bool cset_meet(cset *a, cset b)
{
    if (b.lo > a->lo)
        a->lo = b.lo;
    if (b.hi < a->hi)
        a->hi = b.hi;
    if (b.has_ne && (!a->has_ne || a->ne < a->lo || a->ne > a->hi))
        a->has_ne = true, a->ne = b.ne;
    else if (b.has_ne && a->has_ne && a->ne != b.ne && cset_norm(a)) {
        cset t = {a->lo, a->hi, true, b.ne}; /* keep the second exclusion if it trims */
        if (cset_norm(&t) && !t.has_ne)
            a->lo = t.lo, a->hi = t.hi;
    }
    return cset_norm(a);
}

static bool cset_overlaps(cset a, cset b)
{
    return cset_meet(&a, b);
}

static cset cset_from_cmp(rfg_cmp cmp, long long c, bool truth)
{
    if (!truth) {
        static const rfg_cmp inv[] = {RFG_CMP_NONE, RFG_CMP_NE, RFG_CMP_EQ, RFG_CMP_GE,
                                      RFG_CMP_GT, RFG_CMP_LE, RFG_CMP_LT};
        cmp = inv[cmp];
    }
    switch (cmp) {
    case RFG_CMP_EQ: return cset_of(c, c);
    case RFG_CMP_NE: { cset s = {LLONG_MIN, LLONG_MAX, true, c}; return s; }
    case RFG_CMP_LT: return c == LLONG_MIN ? cset_of(1, 0) : cset_of(LLONG_MIN, c - 1);
    case RFG_CMP_LE: return cset_of(LLONG_MIN, c);
    case RFG_CMP_GT: return c == LLONG_MAX ? cset_of(1, 0) : cset_of(c + 1, LLONG_MAX);
    case RFG_CMP_GE: return cset_of(c, LLONG_MAX);
    default: return CSET_ALL;
    }
}

static cset cset_of_val(val v)
{
    cset c = {v.lo, v.hi, (v.flags & F_NE) != 0, v.ne};
    return c;
}

static void val_set_range(val *v, cset c)
{
    v->lo = c.lo;
    v->hi = c.hi;
    v->flags = (uint8_t)((v->flags & ~F_NE) | (c.has_ne ? F_NE : 0));
    v->ne = c.has_ne ? c.ne : 0;
}

/* ---- places ---- */

static bool root_is_global(const rfg_place *p)
{
    return p->var && (p->var->kind == IR_VAR_GLOBAL || p->var->kind == IR_VAR_STATIC_LOCAL);
}

static const ir_var *root_var(st_ctx *cx, int place)
{
    return rfg_place_at(cx->r, (unsigned)place)->var;
}

static int extend_field(st_ctx *cx, int field, rfg_sel_kind sel, const char *name, long long index,
                        bool known)
{
    char buf[256];
    const char *base = field >= 0 ? st_field_name(cx, field) : "";
    switch (sel) {
    case RFG_SEL_FIELD: snprintf(buf, sizeof buf, "%s.%s", base, name ? name : "?"); break;
    case RFG_SEL_ARROW: snprintf(buf, sizeof buf, "%s->%s", base, name ? name : "?"); break;
    case RFG_SEL_DEREF: snprintf(buf, sizeof buf, "%s*", base); break;
    case RFG_SEL_INDEX:
        if (known)
            snprintf(buf, sizeof buf, "%s[%lld]", base, index);
        else
            snprintf(buf, sizeof buf, "%s[?]", base);
        break;
    }
    return st_field_intern(cx, buf);
}

static val read_lref(work *w, lref lr)
{
    switch (lr.kind) {
    case LR_FRAME:
    case LR_GLOBAL: return work_get(w, (key){K_PLACE, 0, lr.id});
    case LR_FIELD: return work_get(w, (key){K_FIELD, lr.res, lr.id});
    }
    return VAL_UNKNOWN;
}

static int place_under(st_ctx *cx, int parent, rfg_sel_kind sel, const char *field, long long index,
                       bool known)
{
    int id = rfg_place_intern(cx->r, parent, root_var(cx, parent), sel, field, index, known);
    if (id < 0)
        st_oom(cx);
    return id;
}

/* Where place p lives in this state. */
static lref resolve(st_ctx *cx, work *w, int p)
{
    if (p < 0)
        return LREF_NONE;
    rfg_place pl = *rfg_place_at(cx->r, (unsigned)p); /* copy: interning may move it */
    if (pl.parent < 0)
        return (lref){root_is_global(&pl) ? LR_GLOBAL : LR_FRAME, p, -1};
    lref up = resolve(cx, w, pl.parent);
    if (up.kind == LR_NONE)
        return LREF_NONE;
    if (pl.sel == RFG_SEL_FIELD || pl.sel == RFG_SEL_INDEX) {
        if (pl.sel == RFG_SEL_INDEX && !pl.index_known)
            return LREF_NONE; /* a slot we cannot tell apart from its neighbours */
        if (up.kind == LR_FIELD)
            return (lref){LR_FIELD, extend_field(cx, up.id, pl.sel, pl.field, pl.index, true), up.res};
        int id = up.id == pl.parent ? p : place_under(cx, up.id, pl.sel, pl.field, pl.index, true);
        return id < 0 ? LREF_NONE : (lref){up.kind, id, -1};
    }
    /* -> and *: follow the pointer stored at the parent */
    val pv = read_lref(w, up);
    if (pv.rel == V_ADDR) {
        const rfg_place *target = rfg_place_at(cx->r, (unsigned)pv.place);
        int kind = root_is_global(target) ? LR_GLOBAL : LR_FRAME;
        if (pl.sel == RFG_SEL_DEREF)
            return (lref){kind, pv.place, -1};
        int id = place_under(cx, pv.place, RFG_SEL_FIELD, pl.field, 0, false);
        return id < 0 ? LREF_NONE : (lref){kind, id, -1};
    }
    if (pv.rel == V_HANDLE && !(pv.flags & F_INTERIOR) && pv.res >= 0)
        return (lref){LR_FIELD, extend_field(cx, -1, pl.sel, pl.field, 0, false), pv.res};
    return LREF_NONE;
}

/* Is place q the place p or reached from it through fields and known indices? */
static bool value_within(st_ctx *cx, int q, int p)
{
    while (q >= 0) {
        if (q == p)
            return true;
        const rfg_place *pl = rfg_place_at(cx->r, (unsigned)q);
        if (pl->parent < 0 || pl->sel == RFG_SEL_ARROW || pl->sel == RFG_SEL_DEREF)
            return false;
        q = pl->parent;
    }
    return false;
}

/* Integer facts worth keeping per path: on variables some branch tests, and on local
   pointers (null or not decides what free() and realloc() do; two values only). */
static bool tracked_int(st_ctx *cx, lref lr)
{
    if (lr.kind != LR_FRAME && lr.kind != LR_GLOBAL)
        return false;
    const ir_var *v = root_var(cx, lr.id);
    if (lr.kind == LR_FRAME && v->type == IR_T_PTR && rfg_place_at(cx->r, (unsigned)lr.id)->parent < 0)
        return true;
    return rfg_var_in_cond(cx->r, v);
}

/* ---- values ---- */

static val eval(st_ctx *cx, work *w, rfg_val v)
{
    switch (v.kind) {
    case RFG_V_UNKNOWN: return VAL_UNKNOWN;
    case RFG_V_CONST: return val_int(v.c, v.c);
    case RFG_V_STATIC: return val_nonzero();
    case RFG_V_TEMP: {
        val t = work_get(w, (key){K_TEMP, 0, v.id});
        if (v.interior && t.rel == V_HANDLE)
            t.flags |= F_INTERIOR;
        return t;
    }
    case RFG_V_PLACE: {
        val t = read_lref(w, resolve(cx, w, v.id));
        if (v.interior) {
            /* a pointer moved inside its object: a non-null one stays non-null
               (`if (p) { p++; ... } if (!p)` is about the same p) */
            if (t.rel == V_HANDLE)
                t.flags |= F_INTERIOR;
            else if (t.rel == V_INT)
                t = (t.lo > 0 || t.hi < 0 || ((t.flags & F_NE) && t.ne == 0)) ? val_nonzero()
                                                                             : VAL_UNKNOWN;
        }
        return t;
    }
    case RFG_V_SHIFTED:
    case RFG_V_SCALED: {
        val t = read_lref(w, resolve(cx, w, v.id));
        if (t.rel != V_INT)
            return VAL_UNKNOWN;
        bool add = v.kind == RFG_V_SHIFTED;
        /* kept exact only while small: loops with an unknown bound must not unroll */
        if (add && t.lo == t.hi && !(t.flags & F_NE) && t.lo >= -8 && t.lo <= 8 &&
            !rfg_place_at(cx->r, (unsigned)v.id)->wide_counter)
            return val_int(t.lo + v.c, t.lo + v.c);
        /* what stays true: a positive count grown stays positive (`palloc *= 2`) */
        if (t.lo >= 1 && (add ? v.c >= 0 : v.c >= 1))
            return val_int(1, LLONG_MAX);
        if (!add && v.c != 0 && ((t.flags & F_NE) && t.ne == 0))
            return val_nonzero();
        return VAL_UNKNOWN;
    }
    case RFG_V_ADDR: {
        lref lr = resolve(cx, w, v.id);
        if (lr.kind == LR_FRAME || lr.kind == LR_GLOBAL) {
            val a = val_nonzero();
            a.rel = V_ADDR;
            a.place = lr.id;
            return a;
        }
        if (lr.kind == LR_FIELD)
            return val_handle(lr.res, F_INTERIOR);
        return val_nonzero();
    }
    }
    return VAL_UNKNOWN;
}

static const rule_fn *site_rule(st_ctx *cx, const res *x)
{
    return x->site >= 0 ? rfg_site_op(cx->r, (unsigned)x->site)->rule : NULL;
}

static const rfg_op *site_op(st_ctx *cx, const res *x)
{
    return x->site >= 0 ? rfg_site_op(cx->r, (unsigned)x->site) : NULL;
}

/* ---- pending leaks ---- */

static void add_step(meta *m, an_loc loc, uint8_t kind, const rfg_block *b)
{
    if (m->ntrace < ST_TRACE_MAX) {
        m->trace[m->ntrace++] = (st_step){loc, kind, b};
        return;
    }
    memmove(&m->trace[1], &m->trace[2], (ST_TRACE_MAX - 2) * sizeof m->trace[0]);
    m->trace[ST_TRACE_MAX - 1] = (st_step){loc, kind, b};
}

static void pend(st_ctx *cx, work *w, int x, st_cause cause, an_loc loc, int holder)
{
    const res *r = &w->res.v[x];
    const meta *m = &w->meta.v[x];
    st_leak l = {0};
    l.acquire = cause == ST_LOST_REALLOC && m->realloc_op ? m->realloc_op : site_op(cx, r);
    if (!l.acquire)
        return;
    l.cause = cause;
    l.loc = cause == ST_LOST_REALLOC ? m->realloc_loc : loc;
    l.place = m->place;
    l.in_loop = rfg_site_in_loop(cx->r, (unsigned)l.acquire->site);
    l.holder = holder >= 0 ? site_op(cx, &w->res.v[holder]) : m->holder_op;
    memcpy(l.trace, m->trace, sizeof l.trace);
    l.ntrace = m->ntrace;
    for (size_t i = 0; i < w->pend.n; i++) {
        const st_leak *o = &w->pend.v[i];
        if (o->acquire == l.acquire && o->cause == l.cause && o->loc.line == l.loc.line &&
            o->loc.col == l.loc.col)
            return;
    }
    if (an_vec_push(&w->pend, l) != AN_OK)
        st_oom(cx);
}

/* ---- reachability ---- */

static void mark_from(work *w, uint8_t *reach, int x)
{
    int stack[ST_MAX_RES];
    int sp = 0;
    if (reach[x])
        return;
    reach[x] = 1;
    stack[sp++] = x;
    while (sp) {
        int y = stack[--sp];
        for (size_t b = 0; b < w->bind.n; b++) {
            const bind *bd = &w->bind.v[b];
            if (bd->k.kind == K_FIELD && bd->k.res == y && bd->v.rel == V_HANDLE &&
                bd->v.res >= 0 && !reach[bd->v.res]) {
                reach[bd->v.res] = 1;
                stack[sp++] = bd->v.res;
            }
        }
        for (size_t z = 0; z < w->res.n; z++)
            if (w->res.v[z].holder == y && !reach[z]) {
                reach[z] = 1;
                stack[sp++] = (int)z;
            }
        const res *r = &w->res.v[y];
        if ((r->flags & RF_REALLOC_RESULT) && r->link >= 0 && !reach[r->link]) {
            reach[r->link] = 1;
            stack[sp++] = r->link;
        }
    }
}

/* Is x held in a field of a resource in `lost`? */
static bool inside_lost(work *w, const uint8_t *lost, int x)
{
    for (size_t b = 0; b < w->bind.n; b++) {
        const bind *bd = &w->bind.v[b];
        if (bd->k.kind == K_FIELD && lost[bd->k.res] && bd->v.rel == V_HANDLE && bd->v.res == x)
            return true;
    }
    return false;
}

/* Resources nobody can reach any more become pending leaks (or vanish quietly when
   something else already accounts for them) and are removed. With silent, only those
   flagged earlier (realloc originals, interior keeps, orphaned payloads) are reported:
   what a failed acquisition's block held never existed. */
static void tell_end(st_ctx *cx, const res *r, st_end how, const rfg_op *at);

static void collect_as(st_ctx *cx, work *w, st_cause cause, an_loc loc, bool silent)
{
    size_t n = w->res.n;
    if (n == 0)
        return;
    uint8_t reach[ST_MAX_RES] = {0};
    for (size_t b = 0; b < w->bind.n; b++) {
        const bind *bd = &w->bind.v[b];
        if (bd->k.kind != K_FIELD && bd->v.rel == V_HANDLE && bd->v.res >= 0)
            mark_from(w, reach, bd->v.res);
    }
    for (size_t x = 0; x < n; x++)
        if (w->res.v[x].status == R_PARAM)
            mark_from(w, reach, (int)x);
    uint8_t lost[ST_MAX_RES] = {0};
    bool any = false;
    for (size_t x = 0; x < n; x++)
        if (!reach[x])
            lost[x] = DEAD_UNKNOWN, any = true;
    if (!any)
        return;
    for (size_t x = 0; x < n; x++) {
        if (!lost[x])
            continue;
        const res *r = &w->res.v[x];
        if (r->status == R_LINKED || (r->flags & RF_PSEUDO && !(r->flags & RF_SELF_REALLOC)))
            continue; /* its realloc result accounts for it, or it was never ours */
        if (inside_lost(w, lost, (int)x))
            continue; /* the block holding it is reported */
        if (r->flags & RF_SELF_REALLOC)
            pend(cx, w, (int)x, ST_LOST_REALLOC, loc, -1);
        else if (r->flags & RF_INTERIOR_KEPT)
            pend(cx, w, (int)x, ST_LOST_INTERIOR, w->meta.v[x].retain_loc, -1);
        else if (r->holder >= 0)
            pend(cx, w, (int)x, ST_LOST_HELD, loc, r->holder);
        else if (r->flags & RF_ORPHANED)
            pend(cx, w, (int)x, ST_LOST_HELD, loc, -1);
        else if (r->flags & RF_TAKE_PENDING)
            tell_end(cx, r, ST_END_ESCAPED, w->op); /* the call's result was never tested */
        else if (!silent)
            pend(cx, w, (int)x, cause, loc, -1);
        /* what it held but is still reachable is reported when it is lost in turn */
        for (size_t z = 0; z < n; z++)
            if (w->res.v[z].holder == (int)x && !lost[z]) {
                w->res.v[z].flags |= RF_ORPHANED;
                w->meta.v[z].holder_op = site_op(cx, r);
            }
    }
    work_compact(w, lost);
}

static void collect(st_ctx *cx, work *w, st_cause cause, an_loc loc)
{
    collect_as(cx, w, cause, loc, false);
}

/* ---- escapes and releases ---- */

static void param_fate(work *w, const res *r, st_fate f, const rule_family *fam)
{
    int i = -r->site - 1;
    if (r->status == R_PARAM && i >= 0 && (unsigned)i < w->nparams && w->fate[i] != ST_FATE_RELEASED) {
        w->fate[i] = (uint8_t)f;
        w->fam[i] = fam;
    }
}

/* Marks x and everything only it keeps (fields, held payloads, a realloc original). */
static void mark_with_contents(work *w, uint8_t *dead, int x, bool self)
{
    int stack[ST_MAX_RES];
    int sp = 0;
    stack[sp++] = x;
    if (self)
        dead[x] = DEAD_UNKNOWN;
    while (sp) {
        int y = stack[--sp];
        for (size_t b = 0; b < w->bind.n; b++) {
            const bind *bd = &w->bind.v[b];
            if (bd->k.kind == K_FIELD && bd->k.res == y && bd->v.rel == V_HANDLE &&
                bd->v.res >= 0 && !dead[bd->v.res] && bd->v.res != x) {
                dead[bd->v.res] = DEAD_UNKNOWN;
                stack[sp++] = bd->v.res;
            }
        }
        for (size_t z = 0; z < w->res.n; z++)
            if (w->res.v[z].holder == y && !dead[z] && (int)z != x) {
                dead[z] = DEAD_UNKNOWN;
                stack[sp++] = (int)z;
            }
        const res *r = &w->res.v[y];
        if ((r->flags & RF_REALLOC_RESULT) && r->link >= 0 && !dead[r->link] && r->link != x) {
            dead[r->link] = DEAD_UNKNOWN;
            stack[sp++] = r->link;
        }
    }
}

static void settle_realloc_original(work *w, int x);

static void tell_end(st_ctx *cx, const res *r, st_end how, const rfg_op *at)
{
    if (cx->sink.end && r->site >= 0 && r->status != R_PARAM && at)
        cx->sink.end(site_op(cx, r), how, at, cx->sink.ctx);
}

static void escape_res(st_ctx *cx, work *w, int x, bool self)
{
    if (self)
        settle_realloc_original(w, x);
    uint8_t dead[ST_MAX_RES] = {0};
    mark_with_contents(w, dead, x, self);
    for (size_t i = 0; i < w->res.n; i++)
        if (dead[i]) {
            param_fate(w, &w->res.v[i], ST_FATE_ESCAPED, NULL);
            tell_end(cx, &w->res.v[i], ST_END_ESCAPED, w->op);
        }
    work_compact(w, dead);
}

static void escape_val(st_ctx *cx, work *w, val v, int depth);

/* Everything stored in place p and below it (fields, known indices) escapes. */
static void escape_contents(st_ctx *cx, work *w, int p, int depth)
{
    if (depth > 8)
        return;
    for (size_t b = 0; b < w->bind.n;) {
        bind bd = w->bind.v[b];
        if (bd.k.kind == K_PLACE && value_within(cx, bd.k.id, p)) {
            w->bind.v[b] = w->bind.v[--w->bind.n];
            escape_val(cx, w, bd.v, depth + 1);
            b = 0; /* compaction may have reordered bindings */
            continue;
        }
        b++;
    }
}

static void escape_val(st_ctx *cx, work *w, val v, int depth)
{
    if (v.rel == V_HANDLE && v.res >= 0 && (size_t)v.res < w->res.n)
        escape_res(cx, w, v.res, true);
    else if (v.rel == V_ADDR)
        escape_contents(cx, w, v.place, depth);
}

/* A struct passed or copied by value takes the handles stored in its fields along. */
static void escape_fields_of(st_ctx *cx, work *w, rfg_val src)
{
    if (src.kind != RFG_V_PLACE)
        return;
    lref lr = resolve(cx, w, src.id);
    if (lr.kind != LR_FRAME)
        return;
    for (size_t b = 0; b < w->bind.n;) {
        bind bd = w->bind.v[b];
        if (bd.k.kind == K_PLACE && bd.k.id != lr.id && value_within(cx, bd.k.id, lr.id) &&
            bd.v.rel == V_HANDLE) {
            w->bind.v[b] = w->bind.v[--w->bind.n];
            escape_val(cx, w, bd.v, 0);
            b = 0;
            continue;
        }
        b++;
    }
}

/* Does rel release what acq made? A wrapper we summarized releases one family (its
   summary says which, from the exact releases in its body): compared by family only. */
static bool release_matches(const rfg_op *acq, const rule_fn *rel)
{
    const rule_fn *a = acq->rule;
    if (!a || !rel || a->source == RULE_SRC_SUMMARY)
        return true;
    if (rel->source == RULE_SRC_SUMMARY)
        return !a->acquires || !rel->releases ||
               strcmp(a->acquires->name, rel->releases->name) == 0 ||
               (a->acquires->category == rel->releases->category &&
                a->acquires->category != RULE_CAT_STREAM);
    if (a->nreleased_by) {
        for (unsigned i = 0; i < a->nreleased_by; i++)
            if (strcmp(a->released_by[i], rel->name) == 0)
                return true;
        return false;
    }
    if (!a->acquires || !rel->releases)
        return true;
    return a->acquires == rel->releases || strcmp(a->acquires->name, rel->releases->name) == 0;
}

/* The unchecked result of a realloc goes away: if nothing else held the original,
   the failure case loses it. */
static void settle_realloc_original(work *w, int x)
{
    res *r = &w->res.v[x];
    if (!(r->flags & RF_REALLOC_RESULT) || r->link < 0)
        return;
    res *o = &w->res.v[r->link];
    if (r->status == R_MAYBE && (o->flags & RF_SELF_REALLOC))
        o->status = R_OWNED, o->holder = -1;
    o->link = -1;
    r->link = -1;
    r->flags &= (uint8_t)~RF_REALLOC_RESULT;
}

static void do_release(st_ctx *cx, work *w, const rfg_op *op, val v, bool exact)
{
    if (v.rel != V_HANDLE || (v.flags & F_INTERIOR) || v.res < 0)
        return;
    int x = v.res;
    res *r = &w->res.v[x];
    if (r->status == R_PARAM) {
        param_fate(w, r, ST_FATE_RELEASED, op->rule ? op->rule->releases : NULL);
        uint8_t dead[ST_MAX_RES] = {0};
        dead[x] = DEAD_UNKNOWN;
        work_compact(w, dead);
        return;
    }
    if (op->rule && r->site >= 0 && !release_matches(site_op(cx, r), op->rule) &&
        cx->sink.mismatch) {
        st_mismatch m = {site_op(cx, r), op, w->meta.v[x].place};
        if (!w->imprecise)
            cx->sink.mismatch(&m, cx->sink.ctx);
    }
    settle_realloc_original(w, x);
    tell_end(cx, r, ST_END_RELEASED, op);
    uint8_t dead[ST_MAX_RES] = {0};
    if (!exact) /* a wrapper we summarized: what the block held is its business */
        mark_with_contents(w, dead, x, false);
    for (size_t z = 0; z < w->res.n; z++)
        if (w->res.v[z].holder == x)
            dead[z] = DEAD_UNKNOWN; /* a deleted timer's payload: its handler's to free */
    dead[x] = DEAD_UNKNOWN;
    work_compact(w, dead);
    collect(cx, w, ST_LOST_CONTAINER, op->loc);
}

/* ---- stores ---- */

static void kill_below(st_ctx *cx, work *w, int p, bool self)
{
    for (size_t b = 0; b < w->bind.n;) {
        const bind *bd = &w->bind.v[b];
        if (bd->k.kind == K_PLACE && (self || bd->k.id != p) && value_within(cx, bd->k.id, p)) {
            w->bind.v[b] = w->bind.v[--w->bind.n];
            continue;
        }
        b++;
    }
}

/* `*out` of a parameter out: what is stored there is handed to the caller, who reads
   it after the call (an out-parameter). */
static bool is_out_field(st_ctx *cx, const work *w, int x, int field)
{
    return w->res.v[x].status == R_PARAM && strcmp(st_field_name(cx, field), "*") == 0;
}

static bool out_slot(st_ctx *cx, work *w, lref lr)
{
    return lr.kind == LR_FIELD && is_out_field(cx, w, lr.res, lr.id);
}

static void store(st_ctx *cx, work *w, lref lr, val v)
{
    switch (lr.kind) {
    case LR_NONE:
        escape_val(cx, w, v, 0);
        return;
    case LR_GLOBAL:
        escape_val(cx, w, v, 0);
        kill_below(cx, w, lr.id, false);
        work_set(cx, w, (key){K_PLACE, 0, lr.id},
                 v.rel == V_INT && tracked_int(cx, lr) ? v : VAL_UNKNOWN);
        return;
    case LR_FIELD:
        if (out_slot(cx, w, lr) && (v.rel == V_HANDLE || v.rel == V_INT)) {
            /* kept bound: the parameter keeps it reachable, and the exits tell summaries
               what callers receive; an unknown callee given the parameter takes it */
            work_set(cx, w, (key){K_FIELD, lr.res, lr.id}, v);
            return;
        }
        if (w->res.v[lr.res].status == R_PARAM) {
            escape_val(cx, w, v, 0); /* stored into the caller's object */
            return;
        }
        work_set(cx, w, (key){K_FIELD, lr.res, lr.id}, v.rel == V_INT ? VAL_UNKNOWN : v);
        return;
    case LR_FRAME:
        if (v.rel == V_INT && !(v.flags & F_DETACHED) && !tracked_int(cx, lr))
            v = VAL_UNKNOWN;
        kill_below(cx, w, lr.id, false);
        work_set(cx, w, (key){K_PLACE, 0, lr.id}, v);
        if (v.rel == V_HANDLE && v.res >= 0 && !(v.flags & F_INTERIOR))
            w->meta.v[v.res].place = lr.id;
        return;
    }
}

/* ---- ops ---- */

/* `g_tokens[n++] = buf + off;`: a pointer into a tracked block is kept somewhere
   long-lived, which keeps the whole block alive. */
static bool keep_interior(st_ctx *cx, work *w, const rfg_op *op, val v)
{
    if (v.rel != V_HANDLE || !(v.flags & F_INTERIOR) || v.res < 0 || op->place < 0)
        return false;
    res *r = &w->res.v[v.res];
    if (r->status == R_PARAM || r->status == R_LINKED || r->site < 0)
        return false;
    const rule_fn *f = site_rule(cx, r);
    if (!f || !f->acquires || f->acquires->category != RULE_CAT_MEMORY)
        return false;
    if (!root_is_global(rfg_place_at(cx->r, (unsigned)op->place)))
        return false;
    r->flags |= RF_INTERIOR_KEPT;
    w->meta.v[v.res].retain_loc = op->loc;
    return true;
}

static void op_assign(st_ctx *cx, work *w, const rfg_op *op)
{
    val v = eval(cx, w, op->src);
    if (keep_interior(cx, w, op, v))
        return;
    if (v.rel == V_HANDLE && v.res >= 0) {
        res *r = &w->res.v[v.res];
        if ((r->flags & RF_REALLOC_RESULT) && r->link >= 0 && w->meta.v[v.res].src_place == op->place)
            w->res.v[r->link].flags |= RF_SELF_REALLOC;
    }
    escape_fields_of(cx, w, op->src);
    store(cx, w, resolve(cx, w, op->place), v);
    collect(cx, w, ST_LOST_OVERWRITE, op->loc);
}

static int new_res(st_ctx *cx, work *w, int site, uint8_t status, an_loc loc)
{
    if (w->res.n >= ST_MAX_RES - 1) {
        w->imprecise = true; /* too many at once: stop tracking new ones */
        return -1;
    }
    res r = {site, status, 0, -1, -1};
    meta m = {0};
    m.place = m.src_place = -1;
    m.trace[0] = (st_step){loc, 0, NULL};
    m.ntrace = 1;
    if (an_vec_push(&w->res, r) != AN_OK || an_vec_push(&w->meta, m) != AN_OK) {
        st_oom(cx);
        return -1;
    }
    return (int)(w->res.n - 1);
}

static bool attr_detached(st_ctx *cx, work *w, const rfg_op *op)
{
    if (op->rule->attr_arg < 0 || op->aux.kind == RFG_V_UNKNOWN)
        return false;
    val a = eval(cx, w, op->aux);
    if (a.rel != V_ADDR)
        return false;
    return (work_get(w, (key){K_PLACE, 0, a.place}).flags & F_DETACHED) != 0;
}

static void link_realloc(st_ctx *cx, work *w, const rfg_op *op, int x)
{
    val sv = eval(cx, w, op->src);
    int y = -1;
    if (sv.rel == V_HANDLE && !(sv.flags & F_INTERIOR) && sv.res >= 0 &&
        w->res.v[sv.res].status != R_LINKED) {
        y = sv.res;
        res *o = &w->res.v[y];
        if (o->status == R_PARAM) {
            param_fate(w, o, ST_FATE_ESCAPED, NULL);
            o->flags |= RF_PSEUDO;
        }
        o->status = R_LINKED;
    } else if (op->src.kind == RFG_V_PLACE && (sv.rel == V_INT || sv.rel == V_HANDLE)) {
        if (sv.rel == V_INT && sv.lo == 0 && sv.hi == 0)
            return; /* realloc(NULL, n) is malloc */
        y = new_res(cx, w, op->site, R_LINKED, op->loc);
        if (y < 0)
            return;
        w->res.v[y].flags |= RF_PSEUDO;
    }
    if (y < 0)
        return;
    w->res.v[y].link = (int8_t)x;
    w->res.v[x].link = (int8_t)y;
    w->res.v[x].flags |= RF_REALLOC_RESULT;
    w->meta.v[y].realloc_loc = op->loc;
    w->meta.v[y].realloc_op = op;
    w->meta.v[x].src_place = op->src.kind == RFG_V_PLACE ? op->src.id : -1;
}

static void hold(st_ctx *cx, work *w, int held, int x)
{
    w->res.v[held].holder = (int8_t)x;
    if (cx->sink.end)
        cx->sink.end(site_op(cx, &w->res.v[x]), ST_NOTE_HOLDS, site_op(cx, &w->res.v[held]),
                     cx->sink.ctx);
}

static void hold_payload(st_ctx *cx, work *w, const rfg_op *op, int x)
{
    if (op->rule->attr_arg >= 0 || op->aux.kind == RFG_V_UNKNOWN)
        return;
    val hv = eval(cx, w, op->aux);
    if (hv.rel == V_HANDLE && hv.res >= 0 && hv.res != x && w->res.v[hv.res].site >= 0) {
        hold(cx, w, hv.res, x);
        return;
    }
    if (hv.rel != V_ADDR)
        return;
    for (size_t b = 0; b < w->bind.n; b++) {
        const bind *bd = &w->bind.v[b];
        if (bd->k.kind == K_PLACE && value_within(cx, bd->k.id, hv.place) &&
            bd->v.rel == V_HANDLE && bd->v.res >= 0 && bd->v.res != x &&
            w->res.v[bd->v.res].status != R_PARAM && w->res.v[bd->v.res].site >= 0)
            hold(cx, w, bd->v.res, x);
    }
}

/* getline(&line, &cap, f) reuses the buffer already in line (and may move it): the
   handle there stays the one handle. The live resource stored at place p, or -1. */
static int reused_handle(st_ctx *cx, work *w, int p)
{
    val cur = read_lref(w, resolve(cx, w, p));
    if (cur.rel != V_HANDLE || (cur.flags & F_INTERIOR) || cur.res < 0)
        return -1;
    uint8_t s = w->res.v[cur.res].status;
    return s == R_MAYBE || s == R_OWNED ? cur.res : -1;
}

static void op_acquire(st_ctx *cx, work *w, const rfg_op *op)
{
    const rule_fn *rule = op->rule;
    if (op->c || attr_detached(cx, w, op)) { /* created detached: nothing to join */
        if (cx->sink.end)
            cx->sink.end(op, ST_END_DETACHED, op, cx->sink.ctx);
        return;
    }
    bool owned_anyway = rule->fails_when == RULE_FAIL_NEVER || (op->nargs && rule->out_on_failure);
    uint8_t status = owned_anyway ? R_OWNED : R_MAYBE;
    unsigned count = op->nargs ? op->nargs : 1;
    int first = -1;
    for (unsigned k = 0; k < count; k++) {
        int again = op->nargs && rule->out_realloc ? reused_handle(cx, w, op->args[k]) : -1;
        if (again >= 0) {
            w->res.v[again].status = R_OWNED;
            if (first < 0)
                first = again;
            continue;
        }
        int x = new_res(cx, w, op->site, status, op->loc);
        if (x < 0)
            return;
        if (first < 0)
            first = x;
        if (op->nargs)
            store(cx, w, resolve(cx, w, op->args[k]), val_handle(x, 0));
        if (op->nargs && (size_t)x < w->res.n)
            collect(cx, w, ST_LOST_OVERWRITE, op->loc);
    }
    if (first < 0 || (size_t)first >= w->res.n)
        return;
    if (cx->sink.end)
        cx->sink.end(op, ST_NOTE_CREATED, op, cx->sink.ctx);
    if (!op->nargs) {
        work_set(cx, w, (key){K_TEMP, 0, op->dst}, val_handle(first, 0));
        if (op->src.kind != RFG_V_UNKNOWN)
            link_realloc(cx, w, op, first);
        hold_payload(cx, w, op, first);
    } else if (op->status >= 0 && !owned_anyway) {
        val st = VAL_UNKNOWN;
        st.rel = V_STATUS;
        st.res = first;
        work_set(cx, w, (key){K_TEMP, 0, op->status}, st);
        hold_payload(cx, w, op, first);
    }
}

static void op_cleanup(st_ctx *cx, work *w, const rfg_op *op)
{
    int p = rfg_place_intern(cx->r, -1, op->var, RFG_SEL_FIELD, NULL, 0, false);
    if (p < 0) {
        st_oom(cx);
        return;
    }
    val v = work_get(w, (key){K_PLACE, 0, p});
    if (v.rel == V_HANDLE)
        do_release(cx, w, op, v, false);
    escape_contents(cx, w, p, 0); /* a struct's cleanup releases what it holds */
}

static void op_scope_end(st_ctx *cx, work *w, const rfg_op *op)
{
    if (!op->var || op->var->kind == IR_VAR_STATIC_LOCAL || op->var->kind == IR_VAR_GLOBAL)
        return;
    int p = rfg_place_intern(cx->r, -1, op->var, RFG_SEL_FIELD, NULL, 0, false);
    if (p < 0) {
        st_oom(cx);
        return;
    }
    kill_below(cx, w, p, true);
    /* the scope ends of a return statement are the function's exit */
    collect(cx, w, w->has_ret ? ST_LOST_EXIT : ST_LOST_SCOPE, op->loc);
}

static void drop_temps(st_ctx *cx, work *w, an_loc loc)
{
    for (size_t b = 0; b < w->bind.n;) {
        if (w->bind.v[b].k.kind == K_TEMP) {
            w->bind.v[b] = w->bind.v[--w->bind.n];
            continue;
        }
        b++;
    }
    collect(cx, w, ST_LOST_DISCARD, loc);
}

/* A global an unknown callee may change: not a const one, and not one that no function
   of this TU writes or takes the address of, unless a system header declares it
   (optind, errno's kin). Keeping the others is what lets `if (g_debug) p = malloc(..);
   log_it(); if (g_debug) free(p);` stay silent. */
static bool callee_may_write(const rfg_place *p)
{
    if (!root_is_global(p) || p->var->is_const)
        return false;
    return p->var->kind != IR_VAR_GLOBAL || !p->var->unwritten || p->var->in_system_header;
}

static void forget_globals(st_ctx *cx, work *w)
{
    for (size_t b = 0; b < w->bind.n;) {
        const bind *bd = &w->bind.v[b];
        if (bd->k.kind == K_PLACE && bd->v.rel == V_INT &&
            callee_may_write(rfg_place_at(cx->r, (unsigned)bd->k.id))) {
            w->bind.v[b] = w->bind.v[--w->bind.n];
            continue;
        }
        b++;
    }
}

static void op_clobber(st_ctx *cx, work *w, const rfg_op *op)
{
    val v = eval(cx, w, op->src);
    if (op->c && v.rel == V_HANDLE && v.res >= 0 && w->res.v[v.res].status != R_PARAM) {
        escape_res(cx, w, v.res, false);
        return;
    }
    if (op->c && v.rel == V_ADDR) {
        escape_contents(cx, w, v.place, 0);
        return;
    }
    for (size_t b = 0; b < w->bind.n;) {
        const bind *bd = &w->bind.v[b];
        bool hit = (v.rel == V_ADDR && bd->k.kind == K_PLACE && value_within(cx, bd->k.id, v.place)) ||
                   (v.rel == V_HANDLE && bd->k.kind == K_FIELD && bd->k.res == v.res);
        if (hit && bd->v.rel == V_INT && !(bd->v.flags & F_DETACHED)) {
            w->bind.v[b] = w->bind.v[--w->bind.n];
            continue;
        }
        b++;
    }
}

/* Is x kept by the caller's objects already (`*head = n; return n;`)? */
static bool held_by_param(work *w, int x)
{
    uint8_t reach[ST_MAX_RES] = {0};
    for (size_t b = 0; b < w->bind.n; b++) {
        const bind *bd = &w->bind.v[b];
        if (bd->k.kind == K_FIELD && w->res.v[bd->k.res].status == R_PARAM &&
            bd->v.rel == V_HANDLE && bd->v.res >= 0)
            mark_from(w, reach, bd->v.res);
    }
    return reach[x];
}

static void op_return(st_ctx *cx, work *w, const rfg_op *op)
{
    val v = eval(cx, w, op->src);
    st_exit_info *x = &w->ret;
    memset(x, 0, sizeof *x);
    x->ret_param = -1;
    w->has_ret = true;
    bool param = v.rel == V_HANDLE && v.res >= 0 && w->res.v[v.res].status == R_PARAM;
    if (!op->c)
        x->ret = ST_RET_NONE;
    else if (param) {
        /* handed back, not away: the summary says the result is that argument */
        x->ret = ST_RET_PARAM;
        x->ret_param = -w->res.v[v.res].site - 1;
        x->ret_param_interior = (v.flags & F_INTERIOR) != 0;
    } else if (v.rel == V_HANDLE && v.res >= 0 && !(v.flags & F_INTERIOR)) {
        const res *r = &w->res.v[v.res];
        if (r->site >= 0 && (r->status == R_MAYBE || r->status == R_OWNED) &&
            !held_by_param(w, v.res)) {
            x->ret = ST_RET_FRESH;
            x->ret_acquire = site_op(cx, r);
            x->ret_maybe_failed = r->status == R_MAYBE;
        } else {
            x->ret = ST_RET_OTHER;
        }
    } else if (v.rel == V_INT && ((v.lo == 0 && v.hi == 0) || v.hi < 0)) {
        x->ret = ST_RET_FAILED;
    } else {
        x->ret = ST_RET_OTHER;
    }
    if (v.rel == V_INT && v.lo == v.hi && !(v.flags & F_NE)) {
        x->ret_is_const = true;
        x->ret_const = v.lo;
    }
    if (op->c && v.rel == V_INT) {
        if (v.lo == 0 && v.hi == 0 && !(v.flags & F_NE))
            x->ret_value = ST_RV_ZERO;
        else if (v.hi < 0)
            x->ret_value = ST_RV_NEGATIVE;
        else if (v.lo > 0 || ((v.flags & F_NE) && v.ne == 0))
            x->ret_value = ST_RV_NONZERO;
    }
    escape_fields_of(cx, w, op->src);
    if (!param)
        escape_val(cx, w, v, 0);
}

/* `list_push(l, s)` keeps s only when it succeeds: s stays ours, pending, and the
   call's result decides (decide_take) when a branch tests it. A block handed on twice,
   or not ours (a parameter), is simply taken. */
static void op_take_if_ok(st_ctx *cx, work *w, const rfg_op *op)
{
    val v = eval(cx, w, op->src);
    val cur = work_get(w, (key){K_TEMP, 0, op->status});
    bool ours = v.rel == V_HANDLE && v.res >= 0 && !(v.flags & F_INTERIOR) &&
                w->res.v[v.res].status == R_OWNED && !(w->res.v[v.res].flags & RF_TAKE_PENDING);
    if (!ours || cur.rel == V_TAKE || !op->rule) {
        if (cur.rel == V_TAKE && cur.res >= 0) /* a second argument: both simply taken */
            escape_res(cx, w, cur.res, true);
        escape_val(cx, w, eval(cx, w, op->src), 0); /* again: escaping renumbers */
        return;
    }
    w->res.v[v.res].flags |= RF_TAKE_PENDING;
    val t = VAL_UNKNOWN;
    t.rel = V_TAKE;
    t.res = v.res;
    t.lo = t.hi = op->rule->keep_fails_when;
    work_set(cx, w, (key){K_TEMP, 0, op->status}, t);
}

static void apply(st_ctx *cx, work *w, const rfg_op *op)
{
    w->op = op;
    switch (op->kind) {
    case RFG_ACQUIRE: op_acquire(cx, w, op); break;
    case RFG_RELEASE: do_release(cx, w, op, eval(cx, w, op->src), op->rule &&
                                 op->rule->source != RULE_SRC_SUMMARY); break;
    case RFG_ASSIGN: op_assign(cx, w, op); break;
    case RFG_ESCAPE:
    case RFG_ESCAPE_CONTENTS: {
        size_t live = w->res.n;
        if (op->kind == RFG_ESCAPE)
            escape_fields_of(cx, w, op->src);
        escape_val(cx, w, eval(cx, w, op->src), 0);
        if (w->res.n < live && op->callee && cx->sink.escape)
            cx->sink.escape(op, cx->sink.ctx);
        break;
    }
    case RFG_CLOBBER: op_clobber(cx, w, op); break;
    case RFG_TAKE_IF_OK: op_take_if_ok(cx, w, op); break;
    case RFG_CALL:
        if (!op->rule && !op->c)
            forget_globals(cx, w);
        break;
    case RFG_RET_ALIAS: {
        val v = eval(cx, w, op->src);
        if (op->c && v.rel == V_HANDLE)
            v.flags |= F_INTERIOR | F_MAYBE_NULL;
        else if (op->c)
            v = VAL_UNKNOWN;
        work_set(cx, w, (key){K_TEMP, 0, op->dst}, v);
        break;
    }
    case RFG_DETACH_ATTR: {
        val a = eval(cx, w, op->src);
        if (a.rel != V_ADDR)
            break;
        val cur = VAL_UNKNOWN;
        if (op->c == 1)
            cur.flags = F_DETACHED;
        work_set(cx, w, (key){K_PLACE, 0, a.place}, cur);
        break;
    }
    case RFG_RETURN: op_return(cx, w, op); break;
    case RFG_SCOPE_END: op_scope_end(cx, w, op); break;
    case RFG_CLEANUP: op_cleanup(cx, w, op); break;
    case RFG_CONTAINER: break;
    case RFG_END_ELEM: drop_temps(cx, w, op->loc); break;
    }
}

/* ---- branch refinement ---- */

/* The failure and success values of a handle (ret) or of a status return. */
static void fail_sets(rule_fail fw, bool status, cset *f, cset *s)
{
    *f = cset_of(1, 0);
    *s = CSET_ALL;
    switch (fw) {
    case RULE_FAIL_NULL: *f = cset_of(0, 0); *s = cset_nonzero(); break;
    case RULE_FAIL_NEGATIVE:
        /* a handle fails as -1 and succeeds as a new descriptor, above the stdio ones
           (`if (fd != STDIN_FILENO) close(fd)`); a status (pipe, socketpair) fails
           negative and succeeds as 0, so `if (pipe(fds))` is the failure test */
        *f = status ? cset_of(LLONG_MIN, -1) : cset_of(-1, -1);
        *s = status ? cset_of(0, 0) : cset_of(3, LLONG_MAX);
        break;
    case RULE_FAIL_NONZERO:
        if (status) {
            *f = cset_nonzero();
            *s = cset_of(0, 0);
        } else {
            *f = cset_of(0, 0);
            *s = cset_nonzero();
        }
        break;
    case RULE_FAIL_NEVER: *f = cset_of(1, 0); *s = CSET_ALL; break;
    }
}

static val cset_val(cset c)
{
    val v = VAL_UNKNOWN;
    val_set_range(&v, c);
    return v;
}

static void res_failed(st_ctx *cx, work *w, int x)
{
    const rfg_op *op = site_op(cx, &w->res.v[x]);
    rule_fail fw = op && op->rule ? op->rule->fails_when : RULE_FAIL_NULL;
    cset f, s;
    fail_sets(fw, true, &f, &s);
    w->fail_status = cset_val(f);
    res *r = &w->res.v[x];
    if ((r->flags & RF_REALLOC_RESULT) && r->link >= 0) {
        res *o = &w->res.v[r->link];
        o->status = R_OWNED; /* realloc failed: the old block is still there */
        o->link = -1;
    }
    uint8_t dead[ST_MAX_RES] = {0};
    if (op && op->nargs)
        dead[x] = DEAD_FAILED_STATUS;
    else
        dead[x] = fw == RULE_FAIL_NEGATIVE ? DEAD_MINUS_ONE : DEAD_NULL;
    for (size_t z = 0; z < w->res.n; z++)
        if (w->res.v[z].holder == x)
            w->res.v[z].holder = -1; /* the timer never existed: its payload is ours again */
    work_compact(w, dead);
}

static void res_owned(st_ctx *cx, work *w, int x)
{
    res *r = &w->res.v[x];
    r->status = R_OWNED;
    const rfg_op *op = site_op(cx, r);
    rule_fail fw = op && op->rule ? op->rule->fails_when : RULE_FAIL_NULL;
    cset f, s;
    fail_sets(fw, true, &f, &s);
    for (size_t b = 0; b < w->bind.n; b++)
        if (w->bind.v[b].v.rel == V_STATUS && w->bind.v[b].v.res == x)
            w->bind.v[b].v = cset_val(s);
    if ((r->flags & RF_REALLOC_RESULT) && r->link >= 0) {
        uint8_t dead[ST_MAX_RES] = {0};
        dead[r->link] = DEAD_UNKNOWN; /* the block moved: the old handle is dangling */
        r->link = -1;
        r->flags &= (uint8_t)~RF_REALLOC_RESULT;
        work_compact(w, dead);
    }
}

/* A test of the result of a call that keeps its argument only when it succeeds: on
   the failing side the argument is ours again, on the succeeding side it was taken;
   a test that does not tell (`< 0` of a non-zero status) leaves it pending. */
static bool decide_take(st_ctx *cx, work *w, bind *b, cset c)
{
    int x = b->v.res;
    cset f, s;
    fail_sets((rule_fail)b->v.lo, true, &f, &s);
    bool fail_ok = cset_overlaps(c, f), succ_ok = cset_overlaps(c, s);
    if (fail_ok && succ_ok)
        return true;
    if (!fail_ok && !succ_ok)
        return false;
    cset got = fail_ok ? f : s;
    cset_meet(&got, c);
    b->v = cset_val(got);
    if (x < 0 || (size_t)x >= w->res.n)
        return true;
    w->res.v[x].flags &= (uint8_t)~RF_TAKE_PENDING;
    if (succ_ok)
        escape_res(cx, w, x, true);
    return true;
}

/* Decides the fate of maybe-failed resources from a test on their handle or status. */
static bool decide(st_ctx *cx, work *w, int x, cset c, bool status, an_loc loc)
{
    const res *r = &w->res.v[x];
    const rfg_op *op = site_op(cx, r);
    if (r->status == R_LINKED || (r->flags & RF_PSEUDO))
        return status || cset_overlaps(c, cset_nonzero());
    rule_fail fw = op && op->rule ? op->rule->fails_when : RULE_FAIL_NULL;
    cset f, s;
    fail_sets(fw, status, &f, &s);
    bool fail_ok = r->status == R_MAYBE && cset_overlaps(c, f);
    bool succ_ok = cset_overlaps(c, s);
    if (!fail_ok && !succ_ok)
        return false;
    if (r->status != R_MAYBE || (fail_ok && succ_ok))
        return true;
    int site = r->site;
    /* an out-argument acquisition made several handles at once (pipe): all share it */
    for (size_t z = w->res.n; z-- > 0;) {
        if (w->res.v[z].site != site || w->res.v[z].status != R_MAYBE)
            continue;
        if (!status && (int)z != x)
            continue;
        if (fail_ok)
            res_failed(cx, w, (int)z);
        else
            res_owned(cx, w, (int)z);
    }
    if (fail_ok)
        collect_as(cx, w, ST_LOST_EXIT, loc, true);
    return true;
}

static bool refine_param(st_ctx *cx, work *w, bind *b, cset c)
{
    cset cur = cset_of_val(b->v);
    if (!cset_meet(&cur, c))
        return false;
    val_set_range(&b->v, cur);
    const res *r = &w->res.v[b->v.res];
    int i = -r->site - 1;
    const ir_var *pv = i >= 0 && (unsigned)i < cx->fn->nparams ? cx->fn->vars[i] : NULL;
    bool null = pv && ((pv->type == IR_T_PTR && cur.lo == 0 && cur.hi == 0) ||
                       (pv->type == IR_T_INT && cur.hi < 0));
    if (null && w->fate[i] == ST_FATE_KEPT)
        w->fate[i] = ST_FATE_NULL;
    return true;
}

/* Applies "value in c" to the state; false when no concrete run can take this edge. */
static bool refine_val(st_ctx *cx, work *w, rfg_val rv, cset c, an_loc loc)
{
    key k;
    bool tracked = true;
    switch (rv.kind) {
    case RFG_V_CONST: return cset_overlaps(c, cset_of(rv.c, rv.c));
    case RFG_V_STATIC:
    case RFG_V_ADDR: return cset_overlaps(c, cset_nonzero());
    case RFG_V_UNKNOWN: return true;
    case RFG_V_TEMP: k = (key){K_TEMP, 0, rv.id}; break;
    case RFG_V_PLACE: {
        lref lr = resolve(cx, w, rv.id);
        if (lr.kind == LR_NONE)
            return true;
        k = lr.kind == LR_FIELD ? (key){K_FIELD, lr.res, lr.id} : (key){K_PLACE, 0, lr.id};
        tracked = tracked_int(cx, lr);
        break;
    }
    default: return true;
    }
    bind *b = work_find(w, k);
    val v = b ? b->v : VAL_UNKNOWN;
    if (v.rel == V_HANDLE && (v.flags & F_MAYBE_NULL) && b && !rv.interior) {
        /* strchr's result: NULL on one side, a pointer into the block on the other */
        bool null_ok = cset_overlaps(c, cset_of(0, 0)), ptr_ok = cset_overlaps(c, cset_nonzero());
        if (null_ok && !ptr_ok)
            b->v = val_int(0, 0);
        else if (ptr_ok && !null_ok)
            b->v.flags &= (uint8_t)~F_MAYBE_NULL;
        return null_ok || ptr_ok;
    }
    if (v.rel == V_ADDR || (v.rel == V_HANDLE && ((v.flags & F_INTERIOR) || rv.interior)))
        return cset_overlaps(c, cset_nonzero());
    if (v.rel == V_HANDLE && b) {
        if (w->res.v[v.res].status == R_PARAM)
            return refine_param(cx, w, b, c);
        return decide(cx, w, v.res, c, false, loc);
    }
    if (v.rel == V_STATUS)
        return decide(cx, w, v.res, c, true, loc);
    if (v.rel == V_TAKE && b)
        return decide_take(cx, w, b, c);
    cset cur = cset_of_val(v);
    if (!cset_meet(&cur, c))
        return false;
    if (tracked && !rv.interior) {
        val nv = v;
        val_set_range(&nv, cur);
        work_set(cx, w, k, nv);
    }
    return true;
}

/* 1: the two values are surely equal, 0: surely different, -1: cannot tell. A
   tracked block is never a local's or a literal's address, two live blocks are never
   the same one (unless both may be NULL). */
static int same_value(st_ctx *cx, work *w, rfg_val a, rfg_val b)
{
    val x = eval(cx, w, a), y = eval(cx, w, b);
    if (x.rel == V_HANDLE && y.rel == V_HANDLE && !(x.flags & F_INTERIOR) &&
        !(y.flags & F_INTERIOR) && x.res >= 0 && y.res >= 0) {
        if (x.res == y.res)
            return 1;
        return w->res.v[x.res].status == R_OWNED || w->res.v[y.res].status == R_OWNED ? 0 : -1;
    }
    if (y.rel == V_HANDLE && x.rel != V_HANDLE) {
        val t = x;
        x = y;
        y = t;
        rfg_val tv = a;
        a = b;
        b = tv;
    }
    bool other_is_static = b.kind == RFG_V_STATIC || y.rel == V_ADDR;
    if (x.rel == V_HANDLE && !(x.flags & F_INTERIOR) && x.res >= 0 && other_is_static &&
        w->res.v[x.res].status != R_PARAM)
        return w->res.v[x.res].status == R_OWNED ? 0 : -1;
    /* a block or stream we just made is none of the pointers that existed before it
       (`if (file != stdin) fclose(file)`): a copy of it would be a handle we track */
    const res *xr = x.rel == V_HANDLE && !(x.flags & F_INTERIOR) && x.res >= 0 ? &w->res.v[x.res] : NULL;
    const rule_fn *xf = xr ? site_rule(cx, xr) : NULL;
    if (xr && xr->status == R_OWNED && y.rel == V_INT && xf && xf->acquires && xf->ret &&
        (xf->acquires->category == RULE_CAT_MEMORY || xf->acquires->category == RULE_CAT_STREAM))
        return 0;
    if (x.rel == V_ADDR && y.rel == V_ADDR)
        return x.place == y.place;
    return -1;
}

static bool refine_pair(st_ctx *cx, work *w, const rfg_cond *c, bool truth)
{
    int same = same_value(cx, w, c->val, c->other);
    if (same < 0)
        return true;
    bool eq_holds = same == 1;
    return (c->cmp == RFG_CMP_EQ) == truth ? eq_holds : !eq_holds;
}

static void trace_branch(work *w, const rfg_block *b, bool truth)
{
    for (size_t x = 0; x < w->res.n; x++)
        if (w->res.v[x].status != R_PARAM)
            add_step(&w->meta.v[x], b->cb->term_loc, truth ? 1 : 2, b);
}

/* ---- entry, exit, transfer ---- */

const st_state *st_entry(st_ctx *cx)
{
    if (cx->entry)
        return cx->entry;
    work *w = &cx->w;
    w->bind.n = w->res.n = w->meta.n = w->pend.n = 0;
    w->imprecise = false;
    if (cx->nparams && (!w->fate || !w->fam)) {
        an_free(w->fate);
        an_free(w->fam);
        w->fate = an_calloc(cx->nparams, 1);
        w->fam = an_calloc(cx->nparams, sizeof *w->fam);
        if (!w->fate || !w->fam) {
            an_free(w->fate);
            an_free(w->fam);
            w->fate = NULL;
            w->fam = NULL;
            st_oom(cx);
            return NULL;
        }
    }
    w->nparams = cx->nparams;
    for (unsigned i = 0; i < cx->nparams; i++) {
        const ir_var *pv = cx->fn->vars[i];
        w->fate[i] = ST_FATE_KEPT;
        if (pv->type != IR_T_PTR && pv->type != IR_T_INT)
            continue;
        int p = rfg_place_intern(cx->r, -1, pv, RFG_SEL_FIELD, NULL, 0, false);
        int x = p >= 0 ? new_res(cx, w, -(int)i - 1, R_PARAM, pv->loc) : -1;
        if (x >= 0)
            work_set(cx, w, (key){K_PLACE, 0, p}, val_handle(x, 0));
    }
    cx->entry = work_freeze(cx, w);
    return cx->entry;
}

static void report_pending(st_ctx *cx, work *w)
{
    if (cx->sink.leak && !w->imprecise)
        for (size_t i = 0; i < w->pend.n; i++)
            cx->sink.leak(&w->pend.v[i], cx->sink.ctx);
    w->pend.n = 0;
}

const st_state *st_flush_pending(st_ctx *cx, const st_state *s)
{
    if (s->npend == 0)
        return s;
    work_load(cx, &cx->w2, s);
    report_pending(cx, &cx->w2);
    return work_freeze(cx, &cx->w2);
}

static bool is_out_bind(st_ctx *cx, work *w, const bind *bd)
{
    return bd->k.kind == K_FIELD && bd->v.rel == V_HANDLE && bd->v.res >= 0 &&
           is_out_field(cx, w, bd->k.res, bd->k.id);
}

/* The fresh resource a path leaves in a parameter's `*out`, for the caller. Then what
   the out-parameters hold escapes to the caller (with what it holds: `cf->ctx = ctx;
   *pcf = cf;` hands ctx on too, and `*head = n` hands on the parameter n). */
static void out_exit(st_ctx *cx, work *w, st_exit_info *info)
{
    info->out_param = -1;
    for (size_t b = 0; b < w->bind.n; b++) {
        const bind *bd = &w->bind.v[b];
        if (!is_out_bind(cx, w, bd))
            continue;
        const res *r = &w->res.v[bd->v.res];
        if ((bd->v.flags & F_INTERIOR) || r->site < 0 || (r->status != R_MAYBE && r->status != R_OWNED))
            continue;
        if (info->out_param != -1) { /* two out-parameters: callers are not told */
            info->out_param = -2;
            continue;
        }
        info->out_param = -w->res.v[bd->k.res].site - 1;
        info->out_acquire = site_op(cx, r);
        info->out_maybe_failed = r->status == R_MAYBE;
    }
    if (info->out_param < -1)
        info->out_param = -1, info->out_acquire = NULL;
    for (size_t b = 0; b < w->bind.n;) {
        if (!is_out_bind(cx, w, &w->bind.v[b])) {
            b++;
            continue;
        }
        val v = w->bind.v[b].v;
        w->bind.v[b] = w->bind.v[--w->bind.n];
        escape_val(cx, w, v, 0);
        b = 0; /* escaping compacts: start over */
    }
}

static void finish_exit(st_ctx *cx, work *w, an_loc loc)
{
    st_exit_info info = w->has_ret ? w->ret : (st_exit_info){0};
    if (!w->has_ret)
        info.ret_param = -1;
    out_exit(cx, w, &info); /* before the fates are read: it may hand parameters on */
    /* parameters still here were only borrowed (or seen to be null) */
    uint8_t fate[RULE_MAX_ARGS * 4];
    unsigned np = cx->nparams < sizeof fate ? cx->nparams : (unsigned)sizeof fate;
    for (unsigned i = 0; i < np; i++)
        fate[i] = w->fate[i];
    for (size_t b = 0; b < w->bind.n;) {
        if (w->bind.v[b].k.kind == K_PLACE || w->bind.v[b].k.kind == K_TEMP) {
            w->bind.v[b] = w->bind.v[--w->bind.n];
            continue;
        }
        b++;
    }
    collect(cx, w, ST_LOST_EXIT, loc);
    info.nparams = np;
    info.param_fate = fate;
    info.param_family = w->fam;
    /* summaries need every path, even one reported leaks are not trusted on */
    if (cx->sink.exit)
        cx->sink.exit(&info, cx->sink.ctx);
    /* returning from main ends the process: what it still holds is not a leak anyone
       can act on (loops inside main were reported when they went round) */
    if (strcmp(cx->fn->name, "main") == 0)
        w->pend.n = 0;
    report_pending(cx, w);
}

/* `for (i = 0; i < n; i++)` tested for the first time (i still holds its starting
   constant) and found false: the loop runs zero times. That path is real only when n
   can be zero, which is usually a configuration invariant; leaks found only on it are
   not reported. */
static bool skips_counted_loop(work *w, const rfg_block *b)
{
    if (b->counted_place < 0 || !b->counted_init_known)
        return false;
    val v = work_get(w, (key){K_PLACE, 0, b->counted_place});
    return v.rel == V_INT && v.lo == v.hi && v.lo == b->counted_init;
}

static void branch(st_ctx *cx, const rfg_block *b, st_emit emit, void *ctx)
{
    const cfg_block *cb = b->cb;
    for (unsigned e = 0; e < cb->nsucc; e++) {
        work_copy(cx, &cx->w2, &cx->w);
        work *w2 = &cx->w2;
        bool ok = true;
        const cfg_edge *ed = &cb->succ[e];
        if (cb->term == CFG_T_BRANCH && b->cond.pair) {
            ok = refine_pair(cx, w2, &b->cond, ed->kind == CFG_E_TRUE);
            trace_branch(w2, b, ed->kind == CFG_E_TRUE);
        } else if (cb->term == CFG_T_BRANCH && b->cond.cmp != RFG_CMP_NONE) {
            bool truth = ed->kind == CFG_E_TRUE;
            ok = refine_val(cx, w2, b->cond.val, cset_from_cmp(b->cond.cmp, b->cond.c, truth), cb->term_loc);
            trace_branch(w2, b, truth);
        }
        if (ok && ed->kind == CFG_E_FALSE && skips_counted_loop(w2, b))
            w2->imprecise = true; else if (cb->term == CFG_T_SWITCH && ed->kind == CFG_E_CASE) {
            ok = refine_val(cx, w2, b->cond.val, cset_of(ed->lo, ed->hi), cb->term_loc);
        } else if (cb->term == CFG_T_SWITCH) {
            /* the default edge: the value is none of the single-valued cases */
            for (unsigned o = 0; o < cb->nsucc && ok; o++)
                if (cb->succ[o].kind == CFG_E_CASE && cb->succ[o].lo == cb->succ[o].hi)
                    ok = refine_val(cx, w2, b->cond.val,
                                    cset_from_cmp(RFG_CMP_NE, cb->succ[o].lo, true), cb->term_loc);
                else if (cb->succ[o].kind == CFG_E_CASE && b->cond.val.kind == RFG_V_CONST &&
                         b->cond.val.c >= cb->succ[o].lo && b->cond.val.c <= cb->succ[o].hi)
                    ok = false;
        }
        if (!ok || cx->failed)
            continue;
        drop_temps(cx, w2, cb->term_loc);
        const st_state *s = work_freeze(cx, w2);
        if (s)
            emit(e, s, ctx);
    }
}

void st_transfer(st_ctx *cx, const rfg_block *b, const st_state *in, st_emit emit, void *ctx)
{
    work *w = &cx->w;
    work_load(cx, w, in);
    for (unsigned i = 0; i < b->nops && !cx->failed; i++)
        apply(cx, w, &b->ops[i]);
    if (cx->failed)
        return;
    const cfg_block *cb = b->cb;
    switch (cb->term) {
    case CFG_T_JUMP: {
        const st_state *s = work_freeze(cx, w);
        if (s && cb->nsucc)
            emit(0, s, ctx);
        break;
    }
    case CFG_T_BRANCH:
    case CFG_T_SWITCH:
        branch(cx, b, emit, ctx);
        break;
    case CFG_T_RETURN:
        finish_exit(cx, w, cb->term_loc);
        break;
    case CFG_T_NORETURN: /* the process ends: nothing it held leaks in any useful sense */
    case CFG_T_EXIT:
        break;
    }
}

const st_state *st_forget_ints(st_ctx *cx, const st_state *s)
{
    work_load(cx, &cx->w2, s);
    work *w = &cx->w2;
    for (size_t b = 0; b < w->bind.n;) {
        bind *bd = &w->bind.v[b];
        if (bd->v.rel == V_INT && !(bd->v.flags & F_DETACHED)) {
            *bd = w->bind.v[--w->bind.n];
            continue;
        }
        if (bd->v.rel == V_HANDLE) {
            bd->v.lo = LLONG_MIN;
            bd->v.hi = LLONG_MAX;
            bd->v.flags &= (uint8_t)~F_NE;
        }
        b++;
    }
    w->imprecise = true;
    return work_freeze(cx, w);
}

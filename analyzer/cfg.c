/* cfg.c — builds the control-flow graph of one function body in a single walk over its
   statements, with a stack of open scopes (whose variables every way out must end), a
   stack of break/continue/switch targets and a table of labels (cfg_labels.c).
   Invariant: b->cur is the block being filled, or NULL where control cannot fall
   through (after a jump); cfg_graph.c then tidies and numbers the blocks. */
#include <limits.h>
#include <string.h>

#include "alloc.h"
#include "cfg_int.h"

typedef struct scope {
    const void *owner;       /* the compound or for statement (or the function body) */
    size_t first;            /* its first variable in builder.vars */
} scope;

typedef struct target {
    cfg_block *brk, *cont;   /* where break / continue go; cont NULL for a switch */
    size_t brk_depth;        /* scopes a break keeps (the rest it ends) */
    size_t cont_depth;       /* scopes a continue keeps */
    bool is_switch;
    cfg_block *sw;           /* switch: the dispatching block (NULL if it never returns) */
    cfg_block *dflt;         /* switch: the default label's block, once seen */
} target;

typedef struct builder {
    cfg *g;
    diag_sink *ds;
    cfg_block *cur;
    cfg_block *exit;
    AN_VEC(cfg_block *) blocks;
    AN_VEC(scope) scopes;
    AN_VEC(const ir_var *) vars;  /* variables in scope, in declaration order */
    AN_VEC(target) targets;
    AN_VEC(const ir_expr *) spine; /* operands of && || , chains being split */
    cfg_labels labels;
    unsigned depth;
} builder;

static an_status build_stmt(builder *b, const ir_stmt *s);
static an_status expr_stmt(builder *b, const ir_expr *e, an_loc loc);

/* ---- blocks, elements, edges ---- */

static cfg_block *new_block(builder *b)
{
    cfg_blk *k = an_arena_alloc(b->g->arena, sizeof *k);
    if (!k || an_vec_push(&b->blocks, &k->pub) != AN_OK)
        return NULL;
    k->pub.id = (unsigned)(b->blocks.n - 1);
    return &k->pub;
}

static an_status ensure_cur(builder *b)
{
    if (!b->cur && !(b->cur = new_block(b)))
        return AN_ENOMEM;
    return AN_OK;
}

/* old (n items of size bytes) with room for one more, moved within the arena when
   full. NULL on out-of-memory. */
static void *grow(an_arena *a, void *old, unsigned n, unsigned *cap, size_t size)
{
    if (n < *cap)
        return old;
    if (*cap > UINT_MAX / 2)
        return NULL;
    unsigned ncap = *cap ? *cap * 2 : 4;
    void *p = an_arena_alloc(a, ncap * size);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, old, n * size);
    *cap = ncap;
    return p;
}

static an_status push_elem(builder *b, cfg_elem el)
{
    TRY(ensure_cur(b));
    cfg_blk *k = (cfg_blk *)b->cur;
    cfg_elem *v = grow(b->g->arena, k->pub.elems, k->pub.nelems, &k->ecap, sizeof *v);
    if (!v)
        return AN_ENOMEM;
    k->pub.elems = v;
    v[k->pub.nelems++] = el;
    return AN_OK;
}

static an_status add_edge(builder *b, cfg_block *from, cfg_edge e)
{
    cfg_blk *k = (cfg_blk *)from;
    cfg_edge *v = grow(b->g->arena, k->pub.succ, k->pub.nsucc, &k->scap, sizeof *v);
    if (!v)
        return AN_ENOMEM;
    k->pub.succ = v;
    v[k->pub.nsucc++] = e;
    return AN_OK;
}

/* Ends the current block with term (its edges are the caller's to add). */
static cfg_block *end_block(builder *b, cfg_term_kind term, an_loc loc)
{
    cfg_block *k = b->cur;
    k->term = term;
    k->term_loc = loc;
    b->cur = NULL;
    return k;
}

static an_status jump(builder *b, cfg_block *to, an_loc loc)
{
    if (!b->cur)
        return AN_OK;
    return add_edge(b, end_block(b, CFG_T_JUMP, loc), (cfg_edge){.to = to});
}

static an_status enter(builder *b)
{
    return ++b->depth <= CFG_MAX_DEPTH ? AN_OK : AN_EINTERNAL;
}

/* ---- expressions ---- */

/* An opaque value standing for a condition the IR lacks. NULL on out-of-memory. */
static const ir_expr *unknown_expr(builder *b, an_loc loc)
{
    ir_expr *e = an_arena_alloc(b->g->arena, sizeof *e);
    if (e) {
        e->kind = IR_E_OTHER;
        e->type = IR_T_INT;
        e->loc = loc;
    }
    return e;
}

static ir_expr *copy_expr(builder *b, const ir_expr *e)
{
    ir_expr *c = an_arena_alloc(b->g->arena, sizeof *c);
    if (c)
        *c = *e;
    return c;
}

/* Does evaluating e certainly call a noreturn function? The arms of ?: and the right
   side of && and || run only sometimes, and statement expressions are opaque. */
static bool noreturn_in(const ir_expr *e, unsigned depth)
{
    if (!e || depth > CFG_MAX_EXPR_DEPTH)
        return false;
    switch (e->kind) {
    case IR_E_CALL:
        if (e->fn && e->fn->noreturn)
            return true;
        break;
    case IR_E_COND:
        return noreturn_in(e->a, depth + 1);
    case IR_E_BINARY:
        if (e->op == IR_OP_LAND || e->op == IR_OP_LOR)
            return noreturn_in(e->a, depth + 1);
        break;
    case IR_E_STMT_EXPR:
        return false;
    default:
        break;
    }
    if (noreturn_in(e->a, depth + 1) || noreturn_in(e->b, depth + 1) ||
        noreturn_in(e->c, depth + 1))
        return true;
    for (unsigned i = 0; e->args && i < e->nargs; i++)
        if (noreturn_in(e->args[i], depth + 1))
            return true;
    return false;
}

static bool has_noreturn(const ir_expr *e)
{
    return noreturn_in(e, 0);
}

static an_loc loc_or(const ir_expr *e, an_loc fallback)
{
    return e && e->loc.line ? e->loc : fallback;
}

/* Appends el; when its expression never returns, the block ends there. */
static an_status push_checked(builder *b, cfg_elem el)
{
    TRY(push_elem(b, el));
    if (has_noreturn(el.expr))
        end_block(b, CFG_T_NORETURN, el.loc);
    return AN_OK;
}

static an_status eval(builder *b, const ir_expr *e, an_loc loc)
{
    return push_checked(b, (cfg_elem){CFG_EVAL, loc_or(e, loc), e, NULL});
}

static an_status branch(builder *b, const ir_expr *c, cfg_block *t, cfg_block *f,
                        an_loc loc)
{
    TRY(ensure_cur(b));
    if (has_noreturn(c))
        return eval(b, c, loc);
    cfg_block *k = end_block(b, CFG_T_BRANCH, loc);
    k->cond = c;
    TRY(add_edge(b, k, (cfg_edge){.to = t, .kind = CFG_E_TRUE}));
    return add_edge(b, k, (cfg_edge){.to = f, .kind = CFG_E_FALSE});
}

/* ---- scopes ---- */

static an_status push_scope(builder *b, const void *owner)
{
    return an_vec_push(&b->scopes, ((scope){owner, b->vars.n}));
}

/* Ends, innermost first and in reverse declaration order, the variables of every
   scope but the outer keep ones. */
static an_status leave_scopes(builder *b, size_t keep, an_loc loc)
{
    size_t first = keep < b->scopes.n ? b->scopes.v[keep].first : b->vars.n;
    for (size_t i = b->vars.n; i-- > first;)
        TRY(push_elem(b, (cfg_elem){CFG_SCOPE_END, loc, NULL, b->vars.v[i]}));
    return AN_OK;
}

/* Leaves the innermost scope at its end (loc), ending its variables if control gets
   there. */
static an_status close_scope(builder *b, an_loc loc)
{
    if (b->cur)
        TRY(leave_scopes(b, b->scopes.n - 1, loc));
    b->vars.n = b->scopes.v[--b->scopes.n].first;
    return AN_OK;
}

/* ---- conditions: one atomic test per BRANCH block ---- */

static an_status cond(builder *b, const ir_expr *e, cfg_block *t, cfg_block *f, an_loc loc);

/* Pushes on b->spine the right operands down the left spine of s's operator
   (`((a && b) && c)`: c, then b) and sets *first to the leftmost operand (a), so a
   long chain is split in a loop rather than by recursion. */
static an_status push_spine(builder *b, const ir_expr *s, const ir_expr **first)
{
    ir_op op = s->op;
    const ir_expr *e = s;
    for (; s && s->kind == IR_E_BINARY && s->op == op; s = ir_strip_casts(e)) {
        TRY(an_vec_push(&b->spine, s->b));
        e = s->a;
    }
    *first = e;
    return AN_OK;
}

/* a && b && ..., a || b || ..., or a, b, ... as a condition: every operand but the
   last is tested (or, for a comma, evaluated) in turn. */
static an_status cond_chain(builder *b, const ir_expr *s, cfg_block *t, cfg_block *f,
                            an_loc loc)
{
    size_t base = b->spine.n, i;
    const ir_expr *e = NULL;
    TRY(push_spine(b, s, &e));
    for (i = b->spine.n; i > base; e = b->spine.v[--i]) {
        if (s->op == IR_OP_COMMA) {
            TRY(expr_stmt(b, e, loc));
            continue;
        }
        cfg_block *mid = new_block(b);
        if (!mid)
            return AN_ENOMEM;
        if (s->op == IR_OP_LAND)
            TRY(cond(b, e, mid, f, loc));
        else
            TRY(cond(b, e, t, mid, loc));
        b->cur = mid;
    }
    b->spine.n = base;
    return cond(b, e, t, f, loc);
}

static an_status cond_ternary(builder *b, const ir_expr *s, cfg_block *t, cfg_block *f,
                              an_loc loc)
{
    cfg_block *then = s->b ? new_block(b) : t, *els = new_block(b);
    if (!then || !els)
        return AN_ENOMEM;
    TRY(cond(b, s->a, then, els, loc)); /* GNU `a ?: c`: a true is the value */
    if (s->b) {
        b->cur = then;
        TRY(cond(b, s->b, t, f, loc));
    }
    b->cur = els;
    return cond(b, s->c, t, f, loc);
}

static an_status cond_split(builder *b, const ir_expr *e, const ir_expr *s, cfg_block *t,
                            cfg_block *f, an_loc loc)
{
    switch (s->kind) {
    case IR_E_INT:
        return jump(b, s->ival ? t : f, loc);
    case IR_E_UNARY:
        if (s->op == IR_OP_LNOT)
            return cond(b, s->a, f, t, loc);
        break;
    case IR_E_BINARY:
        if (s->op == IR_OP_LAND || s->op == IR_OP_LOR || s->op == IR_OP_COMMA)
            return cond_chain(b, s, t, f, loc);
        break;
    case IR_E_COND:
        return cond_ternary(b, s, t, f, loc);
    default:
        break;
    }
    return branch(b, e, t, f, loc);
}

/* Evaluates e in the current block and goes to t when it is true, f when false. */
static an_status cond(builder *b, const ir_expr *e, cfg_block *t, cfg_block *f, an_loc loc)
{
    const ir_expr *s = ir_strip_casts(e);
    if (!s) {
        if (!(e = unknown_expr(b, loc)))
            return AN_ENOMEM;
        return branch(b, e, t, f, loc);
    }
    TRY(enter(b));
    TRY(cond_split(b, e, s, t, f, loc));
    b->depth--;
    return AN_OK;
}

/* ---- values split at a top-level ?: or statement expression (initializer, assigned
   value, returned value) ---- */

typedef enum sink_kind { SINK_DECL, SINK_ASSIGN, SINK_RETURN } sink_kind;

typedef struct sink {
    sink_kind kind;
    an_loc loc;              /* of the element */
    an_loc stmt_loc;         /* of the statement, for terminators */
    const ir_var *var;       /* SINK_DECL */
    const ir_expr *assign;   /* SINK_ASSIGN: the assignment whose value is split */
} sink;

static bool splittable(const ir_expr *c)
{
    return c && c->kind == IR_E_COND && c->a && c->b && c->c;
}

/* The last statement of `({ ...; e; })`, `e;`, when c is one; else NULL. */
static const ir_stmt *stmt_expr_value(const ir_expr *c)
{
    const ir_stmt *body = c && c->kind == IR_E_STMT_EXPR ? c->body : NULL;
    if (!body || body->kind != IR_S_COMPOUND || !body->body || body->nbody == 0)
        return NULL;
    const ir_stmt *last = body->body[body->nbody - 1];
    return last && last->kind == IR_S_EXPR && last->expr ? last : NULL;
}

/* Does the value top (below its casts) split into a branch or a statement expression? */
static bool splits(const ir_expr *top)
{
    const ir_expr *c = ir_strip_casts(top);
    return splittable(c) || stmt_expr_value(c);
}

/* top with c (the ?: or statement expression below top's casts) replaced by arm; the
   casts are copied into the graph's arena. NULL on out-of-memory. */
static const ir_expr *with_arm(builder *b, const ir_expr *top, const ir_expr *c,
                               const ir_expr *arm)
{
    const ir_expr *head = arm;
    ir_expr **link = NULL;
    for (const ir_expr *e = top; e != c; e = e->a) {
        ir_expr *copy = copy_expr(b, e);
        if (!copy)
            return NULL;
        if (link)
            *link = copy;
        else
            head = copy;
        link = &copy->a;
    }
    if (link)
        *link = (ir_expr *)arm; /* the graph never writes through IR pointers */
    return head;
}

static an_status return_tail(builder *b, const ir_expr *e, an_loc loc)
{
    if (has_noreturn(e))
        return eval(b, e, loc); /* `return die();` never gets to return */
    TRY(push_elem(b, (cfg_elem){CFG_RETURN, loc, e, NULL}));
    TRY(leave_scopes(b, 0, loc));
    return add_edge(b, end_block(b, CFG_T_RETURN, loc), (cfg_edge){.to = b->exit});
}

static an_status emit_value(builder *b, const sink *k, const ir_expr *v)
{
    ir_expr *a = NULL;
    switch (k->kind) {
    case SINK_DECL:
        return push_checked(b, (cfg_elem){CFG_DECL, k->loc, v, k->var});
    case SINK_ASSIGN:
        if (!(a = copy_expr(b, k->assign)))
            return AN_ENOMEM;
        a->b = (ir_expr *)v;
        return eval(b, a, k->loc);
    case SINK_RETURN:
        return return_tail(b, v, k->loc);
    }
    return AN_OK;
}

static an_status split_value(builder *b, const sink *k, const ir_expr *top);

/* `({ ...; e; })` as a value: its statements run in its scope, then the sink takes e,
   then the scope ends (a declared variable comes into scope after that). */
static an_status split_stmt_expr(builder *b, const sink *k, const ir_expr *top,
                                 const ir_expr *c)
{
    const ir_stmt *body = c->body;
    const ir_expr *v = with_arm(b, top, c, stmt_expr_value(c)->expr);
    if (!v)
        return AN_ENOMEM;
    TRY(enter(b));
    TRY(push_scope(b, body));
    for (unsigned i = 0; i + 1 < body->nbody; i++)
        TRY(build_stmt(b, body->body[i]));
    TRY(split_value(b, k, v));
    TRY(close_scope(b, body->end));
    b->depth--;
    return AN_OK;
}

static an_status split_value(builder *b, const sink *k, const ir_expr *top)
{
    const ir_expr *c = ir_strip_casts(top);
    if (stmt_expr_value(c))
        return split_stmt_expr(b, k, top, c);
    if (!splittable(c))
        return emit_value(b, k, top);
    cfg_block *arm_blk[2] = {new_block(b), new_block(b)}, *join = new_block(b);
    const ir_expr *arms[2] = {c->b, c->c};
    if (!arm_blk[0] || !arm_blk[1] || !join)
        return AN_ENOMEM;
    TRY(enter(b));
    TRY(cond(b, c->a, arm_blk[0], arm_blk[1], k->stmt_loc));
    for (int i = 0; i < 2; i++) {
        const ir_expr *v = with_arm(b, top, c, arms[i]);
        if (!v)
            return AN_ENOMEM;
        b->cur = arm_blk[i];
        TRY(split_value(b, k, v));
        TRY(jump(b, join, k->stmt_loc));
    }
    b->cur = join;
    b->depth--;
    return AN_OK;
}

/* ---- expressions in statement context: ?: && || and comma become branches ---- */

static an_status expr_ternary(builder *b, const ir_expr *s, an_loc loc)
{
    cfg_block *t = new_block(b), *f = new_block(b), *join = new_block(b);
    if (!t || !f || !join)
        return AN_ENOMEM;
    TRY(cond(b, s->a, s->b ? t : join, f, loc));
    b->cur = t;
    TRY(expr_stmt(b, s->b, loc));
    TRY(jump(b, join, loc));
    b->cur = f;
    TRY(expr_stmt(b, s->c, loc));
    TRY(jump(b, join, loc));
    b->cur = join;
    return AN_OK;
}

static an_status expr_logical(builder *b, const ir_expr *s, an_loc loc)
{
    cfg_block *rhs = new_block(b), *join = new_block(b);
    if (!rhs || !join)
        return AN_ENOMEM;
    if (s->op == IR_OP_LAND)
        TRY(cond(b, s->a, rhs, join, loc));
    else
        TRY(cond(b, s->a, join, rhs, loc));
    b->cur = rhs;
    TRY(expr_stmt(b, s->b, loc));
    TRY(jump(b, join, loc));
    b->cur = join;
    return AN_OK;
}

static an_status expr_comma(builder *b, const ir_expr *s, an_loc loc)
{
    size_t base = b->spine.n, i;
    const ir_expr *e = NULL;
    TRY(push_spine(b, s, &e));
    for (i = b->spine.n; i > base; e = b->spine.v[--i])
        TRY(expr_stmt(b, e, loc));
    b->spine.n = base;
    return expr_stmt(b, e, loc);
}

static an_status expr_split(builder *b, const ir_expr *s, an_loc loc)
{
    if (s->kind == IR_E_COND)
        return expr_ternary(b, s, loc);
    if (s->kind == IR_E_BINARY && s->op == IR_OP_COMMA)
        return expr_comma(b, s, loc);
    if (s->kind == IR_E_BINARY && (s->op == IR_OP_LAND || s->op == IR_OP_LOR))
        return expr_logical(b, s, loc);
    if (s->kind == IR_E_STMT_EXPR)
        return build_stmt(b, s->body); /* its value is discarded: run it as a block */
    if (s->kind == IR_E_ASSIGN && splits(s->b)) {
        sink k = {SINK_ASSIGN, loc_or(s, loc), loc, NULL, s};
        return split_value(b, &k, s->b);
    }
    return eval(b, s, loc);
}

/* Evaluates e for its effects; its value is discarded. */
static an_status expr_stmt(builder *b, const ir_expr *e, an_loc loc)
{
    const ir_expr *s = ir_strip_casts(e);
    if (!s || s->kind == IR_E_INT || s->kind == IR_E_STR)
        return AN_OK; /* `(void)0;` runs nothing */
    TRY(enter(b));
    TRY(expr_split(b, s, loc));
    b->depth--;
    return AN_OK;
}

/* ---- statements ---- */

static bool is_label_like(const ir_stmt *s)
{
    return s->kind == IR_S_LABEL || s->kind == IR_S_CASE || s->kind == IR_S_DEFAULT;
}

/* How many of the open scopes also enclose label l: a jump there ends the others. */
static size_t label_depth(const builder *b, const cfg_label *l)
{
    size_t n = 0;
    while (n < b->scopes.n && n < l->nchain && b->scopes.v[n].owner == l->chain[n])
        n++;
    return n;
}

static an_status build_list(builder *b, const ir_stmt *s)
{
    for (unsigned i = 0; s->body && i < s->nbody; i++)
        TRY(build_stmt(b, s->body[i]));
    return AN_OK;
}

static an_status build_compound(builder *b, const ir_stmt *s)
{
    TRY(push_scope(b, s));
    TRY(build_list(b, s));
    return close_scope(b, s->end);
}

static an_status build_decl(builder *b, const ir_stmt *s)
{
    for (unsigned i = 0; s->vars && i < s->nvars; i++) {
        const ir_var *v = s->vars[i];
        if (!v || v->kind != IR_VAR_LOCAL)
            continue; /* static locals and block-scope externs live like globals */
        sink k = {SINK_DECL, v->loc.line ? v->loc : s->loc, s->loc, v, NULL};
        TRY(split_value(b, &k, s->inits ? s->inits[i] : NULL));
        TRY(an_vec_push(&b->vars, v));
    }
    return AN_OK;
}

static an_status build_if(builder *b, const ir_stmt *s)
{
    cfg_block *join = new_block(b);
    if (!join)
        return AN_ENOMEM;
    for (;; s = s->els) { /* else-if chains iterate */
        cfg_block *t = new_block(b), *f = s->els ? new_block(b) : join;
        if (!t || !f)
            return AN_ENOMEM;
        TRY(cond(b, s->cond, t, f, s->loc));
        b->cur = t;
        TRY(build_stmt(b, s->then));
        TRY(jump(b, join, s->loc));
        b->cur = f;
        if (!s->els)
            break;
        if (s->els->kind != IR_S_IF) {
            TRY(build_stmt(b, s->els));
            TRY(jump(b, join, s->loc));
            break;
        }
    }
    b->cur = join;
    return AN_OK;
}

/* Builds the body of loop s into body, with break going to brk (ending the scopes
   past brk_depth) and continue to cont. */
static an_status loop_body(builder *b, const ir_stmt *s, cfg_block *body, cfg_block *brk,
                           cfg_block *cont, size_t brk_depth)
{
    target t = {brk, cont, brk_depth, b->scopes.n, false, NULL, NULL};
    TRY(an_vec_push(&b->targets, t));
    b->cur = body;
    TRY(build_stmt(b, s->sub));
    b->targets.n--;
    return AN_OK;
}

static an_status build_while(builder *b, const ir_stmt *s)
{
    cfg_block *head = new_block(b), *body = new_block(b), *after = new_block(b);
    if (!head || !body || !after)
        return AN_ENOMEM;
    TRY(jump(b, head, s->loc));
    b->cur = head;
    TRY(cond(b, s->cond, body, after, s->loc));
    TRY(loop_body(b, s, body, after, head, b->scopes.n));
    TRY(jump(b, head, s->loc));
    b->cur = after;
    return AN_OK;
}

static an_status build_do(builder *b, const ir_stmt *s)
{
    cfg_block *body = new_block(b), *test = new_block(b), *after = new_block(b);
    if (!body || !test || !after)
        return AN_ENOMEM;
    TRY(jump(b, body, s->loc));
    TRY(loop_body(b, s, body, after, test, b->scopes.n));
    TRY(jump(b, test, s->loc));
    b->cur = test;
    TRY(cond(b, s->cond, body, after, s->loc));
    b->cur = after;
    return AN_OK;
}

/* The init's variables live in a scope of the for statement: a break or the failing
   test ends them, a continue does not. */
static an_status build_for(builder *b, const ir_stmt *s)
{
    size_t outer = b->scopes.n;
    cfg_block *head = new_block(b), *body = new_block(b), *next = new_block(b);
    cfg_block *leave = new_block(b), *after = new_block(b);
    if (!head || !body || !next || !leave || !after)
        return AN_ENOMEM;
    TRY(push_scope(b, s));
    TRY(build_stmt(b, s->init));
    TRY(jump(b, head, s->loc));
    b->cur = head;
    if (s->cond)
        TRY(cond(b, s->cond, body, leave, s->loc));
    else
        TRY(jump(b, body, s->loc)); /* `for (;;)`: always true */
    TRY(loop_body(b, s, body, after, next, outer));
    TRY(jump(b, next, s->loc));
    b->cur = next;
    TRY(expr_stmt(b, s->inc, s->loc));
    TRY(jump(b, head, s->loc));
    b->cur = leave;
    TRY(close_scope(b, s->sub ? s->sub->end : s->end));
    TRY(jump(b, after, s->loc));
    b->cur = after;
    return AN_OK;
}

static an_status build_switch(builder *b, const ir_stmt *s)
{
    cfg_block *after = new_block(b), *sw = NULL;
    const ir_expr *c = s->cond ? s->cond : unknown_expr(b, s->loc);
    if (!after || !c)
        return AN_ENOMEM;
    TRY(ensure_cur(b));
    if (has_noreturn(c)) {
        TRY(eval(b, c, s->loc));
    } else {
        sw = end_block(b, CFG_T_SWITCH, s->loc);
        sw->cond = c;
    }
    target t = {after, NULL, b->scopes.n, 0, true, sw, NULL};
    TRY(an_vec_push(&b->targets, t));
    b->cur = NULL; /* the body is entered through its case labels only */
    TRY(build_stmt(b, s->sub));
    TRY(jump(b, after, s->loc));
    t = b->targets.v[--b->targets.n];
    if (sw)
        TRY(add_edge(b, sw, (cfg_edge){.to = t.dflt ? t.dflt : after, .kind = CFG_E_DEFAULT}));
    b->cur = after;
    return AN_OK;
}

enum find { FIND_BREAK, FIND_CONTINUE, FIND_SWITCH };

static target *find_target(builder *b, enum find what)
{
    for (size_t i = b->targets.n; i-- > 0;) {
        target *t = &b->targets.v[i];
        if (what == FIND_BREAK || (what == FIND_CONTINUE && t->cont) ||
            (what == FIND_SWITCH && t->is_switch))
            return t;
    }
    return NULL;
}

static cfg_block *label_block(builder *b, const ir_stmt *s)
{
    cfg_label *l = cfg_labels_find(&b->labels, s->label);
    if (!l || l->stmt != s)
        return new_block(b); /* a duplicate label: no goto reaches it */
    if (!l->blk)
        l->blk = new_block(b);
    l->placed = true;
    return l->blk;
}

/* Starts the block of a label, case or default; control falls into it. A case or
   default outside any switch is a plain label. */
static an_status place_label(builder *b, const ir_stmt *s)
{
    cfg_block *k = s->kind == IR_S_LABEL ? label_block(b, s) : new_block(b);
    if (!k)
        return AN_ENOMEM;
    TRY(jump(b, k, s->loc));
    b->cur = k;
    target *sw = s->kind == IR_S_LABEL ? NULL : find_target(b, FIND_SWITCH);
    if (!sw)
        return AN_OK;
    if (s->kind == IR_S_DEFAULT) {
        if (!sw->dflt)
            sw->dflt = k;
        return AN_OK;
    }
    if (!sw->sw)
        return AN_OK;
    cfg_edge e = {k, CFG_E_CASE, s->case_known ? s->lo : LLONG_MIN,
                  s->case_known ? s->hi : LLONG_MAX, false};
    return add_edge(b, sw->sw, e);
}

static an_status build_break(builder *b, const ir_stmt *s, enum find what)
{
    const target *t = find_target(b, what);
    if (!b->cur || !t)
        return AN_OK; /* unreachable, or not inside a loop (switch): does nothing */
    cfg_block *to = what == FIND_BREAK ? t->brk : t->cont;
    TRY(leave_scopes(b, what == FIND_BREAK ? t->brk_depth : t->cont_depth, s->loc));
    return jump(b, to, s->loc);
}

static an_status goto_label(builder *b, cfg_label *l, an_loc loc)
{
    if (!l->blk && !(l->blk = new_block(b)))
        return AN_ENOMEM;
    TRY(leave_scopes(b, label_depth(b, l), loc));
    return jump(b, l->blk, loc);
}

static an_status build_goto(builder *b, const ir_stmt *s)
{
    cfg_label *l = cfg_labels_find(&b->labels, s->label);
    if (!b->cur)
        return AN_OK;
    if (l)
        return goto_label(b, l, s->loc);
    end_block(b, CFG_T_NORETURN, s->loc); /* no such label: the path ends here */
    return AN_OK;
}

/* Index past the last label a goto can reach (0: none). */
static size_t live_labels(const builder *b)
{
    size_t n = b->labels.all.n;
    while (n > 0 && b->labels.all.v[n - 1].dup)
        n--;
    return n;
}

/* `goto *e`: a SWITCH on e with an undecidable CASE edge to every label of the
   function but the last, which takes the DEFAULT edge. Each edge passes through a
   block ending the scopes that the jump to that label leaves. */
static an_status build_indirect_goto(builder *b, const ir_stmt *s)
{
    size_t last = live_labels(b);
    const ir_expr *e = s->expr;
    if (!b->cur)
        return AN_OK;
    if (!e && !(e = unknown_expr(b, s->loc)))
        return AN_ENOMEM;
    if (last == 0 || has_noreturn(e)) { /* nowhere to go */
        TRY(eval(b, e, s->loc));
        if (b->cur)
            end_block(b, CFG_T_NORETURN, s->loc);
        return AN_OK;
    }
    cfg_block *from = end_block(b, CFG_T_SWITCH, s->loc);
    from->cond = e;
    for (size_t i = 0; i < last; i++) {
        bool dflt = i + 1 == last;
        if (b->labels.all.v[i].dup)
            continue;
        if (!(b->cur = new_block(b)))
            return AN_ENOMEM;
        cfg_edge edge = {b->cur, dflt ? CFG_E_DEFAULT : CFG_E_CASE, dflt ? 0 : LLONG_MIN,
                         dflt ? 0 : LLONG_MAX, false};
        TRY(add_edge(b, from, edge));
        TRY(goto_label(b, &b->labels.all.v[i], s->loc));
    }
    return AN_OK;
}

static an_status build_return(builder *b, const ir_stmt *s)
{
    sink k = {SINK_RETURN, s->loc, s->loc, NULL, NULL};
    return b->cur ? split_value(b, &k, s->expr) : AN_OK;
}

static an_status build_asm(builder *b, const ir_stmt *s)
{
    for (unsigned i = 0; s->args && i < s->nargs; i++)
        if (s->args[i])
            TRY(eval(b, s->args[i], s->loc));
    return AN_OK;
}

static an_status dispatch(builder *b, const ir_stmt *s)
{
    switch (s->kind) {
    case IR_S_COMPOUND: return build_compound(b, s);
    case IR_S_DECL: return build_decl(b, s);
    case IR_S_EXPR: return expr_stmt(b, s->expr, s->loc);
    case IR_S_IF: return build_if(b, s);
    case IR_S_WHILE: return build_while(b, s);
    case IR_S_DO: return build_do(b, s);
    case IR_S_FOR: return build_for(b, s);
    case IR_S_SWITCH: return build_switch(b, s);
    case IR_S_BREAK: return build_break(b, s, FIND_BREAK);
    case IR_S_CONTINUE: return build_break(b, s, FIND_CONTINUE);
    case IR_S_GOTO: return build_goto(b, s);
    case IR_S_INDIRECT_GOTO: return build_indirect_goto(b, s);
    case IR_S_RETURN: return build_return(b, s);
    case IR_S_ASM: return build_asm(b, s);
    default: return AN_OK; /* IR_S_NULL, and kinds this builder does not know */
    }
}

static an_status build_stmt(builder *b, const ir_stmt *s)
{
    for (; s && is_label_like(s); s = s->sub) /* runs of labels iterate */
        TRY(place_label(b, s));
    if (!s)
        return AN_OK;
    TRY(enter(b));
    TRY(dispatch(b, s));
    b->depth--;
    return AN_OK;
}

/* Entry is block 0; the body's own scope ends after the return that falling off the
   end implies, as after an explicit `return;`. */
static an_status build_body(builder *b, const ir_func *fn)
{
    const ir_stmt *body = fn->body;
    cfg_block *entry = new_block(b);
    if (!entry || !(b->exit = new_block(b)))
        return AN_ENOMEM;
    b->exit->term = CFG_T_EXIT;
    b->exit->term_loc = fn->end;
    b->cur = entry;
    TRY(push_scope(b, body));
    if (body && body->kind == IR_S_COMPOUND)
        TRY(build_list(b, body));
    else
        TRY(build_stmt(b, body));
    return b->cur ? return_tail(b, NULL, body ? body->end : fn->end) : AN_OK;
}

/* A goto to a label that was never built (it is inside a statement expression kept
   opaque) ends its path, as a goto to a missing label does. */
static void seal_labels(builder *b)
{
    for (size_t i = 0; i < b->labels.all.n; i++) {
        cfg_label *l = &b->labels.all.v[i];
        if (l->blk && !l->placed) {
            l->blk->term = CFG_T_NORETURN;
            l->blk->term_loc = l->stmt->loc;
        }
    }
}

static void builder_fini(builder *b)
{
    an_vec_free(&b->blocks);
    an_vec_free(&b->scopes);
    an_vec_free(&b->vars);
    an_vec_free(&b->targets);
    an_vec_free(&b->spine);
    cfg_labels_fini(&b->labels);
}

an_status cfg_build(const ir_func *fn, cfg **out, diag_sink *ds)
{
    builder b = {.ds = ds};
    an_status st = AN_OK;
    *out = NULL;
    if (!fn) {
        diag_error(ds, NULL, "cfg_build: no function");
        return AN_EINTERNAL;
    }
    if (!(b.g = an_calloc(1, sizeof *b.g)) || !(b.g->arena = an_arena_new()))
        st = AN_ENOMEM;
    if (st == AN_OK) {
        b.g->fn = fn;
        st = cfg_labels_collect(&b.labels, fn->body, b.g->arena);
    }
    if (st == AN_OK)
        st = build_body(&b, fn);
    if (st == AN_OK)
        seal_labels(&b);
    if (st == AN_EINTERNAL)
        diag_warning(ds, fn->loc.file, "%s: statements nested more than %d deep; not analyzed",
                     fn->name ? fn->name : "?", CFG_MAX_DEPTH);
    if (st == AN_OK)
        st = cfg_finish(b.g, b.blocks.v, b.blocks.n, b.exit);
    builder_fini(&b);
    if (st == AN_OK)
        *out = b.g;
    else
        cfg_free(b.g);
    return st;
}

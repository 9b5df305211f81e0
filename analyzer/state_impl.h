/* state_impl.h — private to state.c and state_ops.c: the representation of an abstract
   state. Keys name where a value lives (a place of this frame or a global, a call's
   temporary, a field of a tracked heap block); values are integer ranges, handles of
   resources, status returns of acquisitions, or addresses of places. */
#ifndef LEAKSCOPE_STATE_IMPL_H
#define LEAKSCOPE_STATE_IMPL_H

#include "state.h"

enum { ST_MAX_RES = 64 };

enum { K_PLACE = 0, K_TEMP = 1, K_FIELD = 2 };
typedef struct key {
    int32_t kind;
    int32_t res; /* K_FIELD: the block's resource */
    int32_t id;  /* place, temporary, or interned field suffix */
} key;

enum { V_INT = 0, V_HANDLE, V_STATUS, V_ADDR, V_TAKE /* result of a call that keeps .res only
                                                        if it succeeds (.lo: rule_fail) */ };
enum { F_INTERIOR = 1, F_DETACHED = 2, F_NE = 4, F_MAYBE_NULL = 8 /* interior, or NULL */ };
typedef struct val {
    uint8_t rel;    /* V_* */
    uint8_t flags;  /* F_* */
    int32_t res;    /* V_HANDLE / V_STATUS / V_TAKE */
    int32_t place;  /* V_ADDR */
    long long lo, hi; /* V_INT (and parameters' handles): the range */
    long long ne;     /* with F_NE: a value it is known not to be */
} val;

typedef struct bind {
    key k;
    val v;
} bind;

enum { R_MAYBE = 1, R_OWNED, R_LINKED, R_PARAM };
enum {
    RF_SELF_REALLOC = 1,   /* original of `p = realloc(p, n)`: nothing else holds it */
    RF_REALLOC_RESULT = 2, /* result of a realloc whose original is .link */
    RF_PSEUDO = 4,         /* stands for an untracked original block (buf->data) */
    RF_INTERIOR_KEPT = 8,  /* a pointer into it was stored in a global (meta.retain_loc) */
    RF_ORPHANED = 16,      /* held by a resource that leaked (meta.holder_op) */
    RF_TAKE_PENDING = 32   /* handed to a call that keeps it only if it succeeds, whose
                              result nobody tested yet: lost untested, it was taken */
};
typedef struct res {
    int32_t site;   /* rfg site; for parameters -(index + 1) */
    uint8_t status;
    uint8_t flags;
    int8_t link;    /* realloc: result <-> original */
    int8_t holder;  /* the resource holding this one (a timer's payload), or -1 */
} res;

/* Not part of state identity: for messages only. */
typedef struct meta {
    int32_t place;       /* a frame place that held it */
    int32_t src_place;   /* realloc result: the place its original came from */
    an_loc realloc_loc;  /* realloc original: where it was handed to realloc */
    const rfg_op *realloc_op;
    an_loc retain_loc;   /* RF_INTERIOR_KEPT: the store of the interior pointer */
    const rfg_op *holder_op; /* RF_ORPHANED: the acquisition of the leaked holder */
    uint32_t ntrace;
    st_step trace[ST_TRACE_MAX];
} meta;

struct st_state {
    uint16_t nbind, nres, npend, nparams;
    uint8_t imprecise;  /* integer facts were forgotten on the way: report no leaks */
    bind *bind;
    res *res;
    meta *meta;
    st_leak *pend;
    uint8_t *fate;
    const rule_family **fam;
    uint64_t hash;
};

typedef struct work {
    AN_VEC(bind) bind;
    AN_VEC(res) res;
    AN_VEC(meta) meta;
    AN_VEC(st_leak) pend;
    uint8_t *fate;
    const rule_family **fam;
    unsigned nparams;
    bool imprecise;
    bool infeasible;
    bool has_ret;
    st_exit_info ret;
    val fail_status;     /* what a status value becomes when its acquisition failed */
    const rfg_op *op;    /* the op being applied (for ST_END_ESCAPED reports) */
} work;

struct st_ctx {
    rfg *r;
    st_sink sink;
    const ir_func *fn;
    unsigned nparams;
    an_arena *arena;
    work w, w2;
    AN_VEC(char *) fields;
    const st_state *entry;
    bool failed;
};

enum { DEAD_UNKNOWN = 1, DEAD_NULL, DEAD_MINUS_ONE, DEAD_FAILED_STATUS, DEAD_OK_STATUS };

extern const val VAL_UNKNOWN;
val val_int(long long lo, long long hi);
val val_handle(int rx, uint8_t flags);
bool val_is_unknown(val v);

void st_oom(st_ctx *cx);
int st_field_intern(st_ctx *cx, const char *s);
const char *st_field_name(const st_ctx *cx, int id);

void work_load(st_ctx *cx, work *w, const st_state *s);
void work_copy(st_ctx *cx, work *dst, const work *src);
const st_state *work_freeze(st_ctx *cx, work *w);
uint64_t st_hash_compute(const st_state *s, unsigned nparams);
bind *work_find(work *w, key k);
val work_get(work *w, key k);
void work_set(st_ctx *cx, work *w, key k, val v);
void work_compact(work *w, const uint8_t *dead);

#endif

/* rules_impl.h — private to rules.c (the set: table, families, merging of records,
   hashing) and rules_load.c (rule files: JSON, checking, merging a file into a set).
   Nothing outside analyzer/rules*.c includes this header. */
#ifndef LEAKSCOPE_RULES_IMPL_H
#define LEAKSCOPE_RULES_IMPL_H

#include "rules.h"

/* Groups of a description that a later file replaces as a whole (rules.h "Merging"). */
enum {
    G_ACQUIRE = 1u << 0, G_RELEASE = 1u << 1, G_NORETURN = 1u << 2,
    G_DETACH = 1u << 3, G_SELF = 1u << 4, G_CONTAINER = 1u << 5, G_RETARG = 1u << 6,
    G_STDFD = 1u << 7, G_ALL = (1u << 8) - 1
};
enum { REST_BIT = RULE_MAX_ARGS }; /* the bit of rule_ent.xargs for rule_fn.rest */

typedef struct rule_fam {
    rule_family pub;              /* first: rule_family_find() hands out &pub */
    bool cat_given, noun_given;
    const char *cat_origin, *noun_origin; /* the files that gave them */
    /* merge plan, in temporary sets only */
    const rule_family *target;    /* the record the set's functions will point to */
    struct rule_fam *fresh;       /* a new record to link into the set, or NULL */
    struct rule_fam *complete;    /* a record of the set that gets category/noun */
    const char *noun_copy;        /* the noun, copied into the set's arena */
} rule_fam;

typedef struct rule_ent {
    rule_fn fn;                   /* first: rule_lookup() hands out &fn */
    unsigned given;               /* G_* groups some rule described */
    unsigned xargs;               /* bit i: args[i] explicit; REST_BIT: rest explicit */
    /* merge plan, in temporary sets only */
    struct rule_ent *plan, *old;
} rule_ent;

typedef struct rule_slot {
    uint64_t h;
    rule_ent *e;
} rule_slot;

struct rule_set {
    const rule_set *base;
    an_arena *arena;              /* entries, families, strings */
    rule_slot *slots;             /* cap is 0 or a power of two; at most half full */
    size_t cap, n;
    AN_VEC(rule_fam *) fams;
};

/* The hash the tables use for a function name. */
uint64_t rule_name_hash(const char *s);
/* rs's own entry for name (h = rule_name_hash(name)), or NULL; the base is not asked. */
rule_ent *rule_ent_find(const rule_set *rs, const char *name, uint64_t h);
/* Room for extra more entries, so that rule_table_insert() cannot fail. AN_ENOMEM. */
an_status rule_table_reserve(rule_set *rs, size_t extra);
/* Links e (in rs's arena, its name not yet in rs) into the table; needs the room. */
void rule_table_insert(rule_set *rs, rule_ent *e, uint64_t h);
/* rs's own family record named name, or NULL; rule_fam_find() asks the bases too. */
rule_fam *rule_fam_find_local(const rule_set *rs, const char *name);
rule_fam *rule_fam_find(const rule_set *rs, const char *name);
/* A new family record named name in rs's arena, not linked into rs: category other,
   noun = name. Borrowed: valid until rule_set_free(rs). NULL on OOM. */
rule_fam *rule_fam_alloc(rule_set *rs, const char *name);
/* A blank entry (rule_fn_blank, no group given); name is borrowed. */
void rule_ent_blank(rule_ent *e, const char *name, rule_source src);
/* Replaces f->released_by with a copy in rs's arena. AN_ENOMEM. */
an_status rule_copy_released_by(rule_set *rs, rule_fn *f);
/* Merges s into d group by group, and argument by argument (rules.h "Merging"); d
   borrows s's strings and families. */
void rule_ent_merge(rule_ent *d, const rule_ent *s);

#endif

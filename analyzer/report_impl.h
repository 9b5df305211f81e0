/* report_impl.h — what the JSON-based reporters (report_json.c, report_sarif.c) share:
   a builder that remembers whether any cJSON allocation failed, so a tree is built with
   no check at each step and refused whole at the end. Not for use outside report_*. */
#ifndef LEAKSCOPE_REPORT_IMPL_H
#define LEAKSCOPE_REPORT_IMPL_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "core.h"

typedef struct rep_jb {
    bool oom; /* some allocation failed: the tree is incomplete */
} rep_jb;

/* Returns x; a NULL x marks b out of memory. */
cJSON *rep_need(rep_jb *b, cJSON *x);
/* New object or array under key of parent (NULL parent: NULL, b already failed).
   Borrowed: owned by parent. */
cJSON *rep_add_obj(rep_jb *b, cJSON *parent, const char *key);
cJSON *rep_add_arr(rep_jb *b, cJSON *parent, const char *key);
/* New object appended to array arr. Borrowed: owned by arr. */
cJSON *rep_push_obj(rep_jb *b, cJSON *arr);
/* Adds key: v; nothing when v is NULL. */
void rep_add_str(rep_jb *b, cJSON *o, const char *key, const char *v);
void rep_add_num(rep_jb *b, cJSON *o, const char *key, double v);
void rep_add_bool(rep_jb *b, cJSON *o, const char *key, bool v);
/* Prints root (pretty, then a newline) to out and frees root, on success and failure.
   AN_ENOMEM when b failed or printing runs out of memory (nothing written), AN_EIO. */
an_status rep_write(FILE *out, rep_jb *b, cJSON *root);

#endif

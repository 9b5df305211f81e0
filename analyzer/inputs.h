/* inputs.h — the translation units a run covers: .c files named on the command line
   or found under folders (recursively, in name order), or the C entries of a compile
   database, filtered by those paths when both are given. */
#ifndef LEAKSCOPE_INPUTS_H
#define LEAKSCOPE_INPUTS_H

#include <stddef.h>

#include "core.h"
#include "diag.h"
#include "frontend.h"

typedef struct in_list in_list;

/* Collects the units. cdb: a directory holding compile_commands.json or the file
   itself, or NULL. Caller owns *out; in_list_free(). AN_EIO when a path or the
   database cannot be read (named in ds), AN_EUSAGE when nothing was given,
   AN_ENOMEM. */
an_status in_collect(const char *const *paths, unsigned npaths, const char *cdb, in_list **out,
                     diag_sink *ds);
size_t in_count(const in_list *l);
/* Borrowed: valid until in_list_free(l). */
const fe_unit *in_unit(const in_list *l, size_t i);
void in_list_free(in_list *l);

#endif

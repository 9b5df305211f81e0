/* report_text.c — the gcc-style lines: one warning per finding, then its path as
   notes, so `file:line:col:` is clickable in every editor and CI log. */
#include "report.h"

void rep_text(FILE *out, const fnd_list *l)
{
    for (size_t i = 0; i < fnd_list_len(l); i++) {
        const fnd *f = fnd_list_at(l, i);
        if (f->suppressed)
            continue;
        fprintf(out, "%s:%u:%u: warning: %s [%s]\n", f->file, f->line, f->col, f->message,
                f->rule);
        for (unsigned k = 0; k < f->nnotes; k++) {
            const fnd_note *n = &f->notes[k];
            fprintf(out, "%s:%u:%u: note: %s\n", n->file, n->line, n->col, n->text);
        }
    }
}

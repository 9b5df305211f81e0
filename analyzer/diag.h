/* diag.h — the error sink. Library code never prints: it explains a problem to the
   sink it was given and returns an an_status; main.c decides what reaches the user.
   A sink belongs to one thread; merge sinks with diag_move(). */
#ifndef LEAKSCOPE_DIAG_H
#define LEAKSCOPE_DIAG_H

#include <stddef.h>

#include "core.h"

typedef enum diag_level { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR } diag_level;

typedef struct diag_msg {
    diag_level level;
    char *file; /* file the message is about, or NULL */
    char *text;
} diag_msg;

typedef struct diag_sink diag_sink;

/* New empty sink. Caller owns; free with diag_sink_free(). NULL on out-of-memory. */
diag_sink *diag_sink_new(void);
void diag_sink_free(diag_sink *ds);

/* Records a message about file (may be NULL). Out of memory while recording is
   remembered (diag_lost() > 0), never fatal. ds may be NULL: the message is dropped. */
void diag_error(diag_sink *ds, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_warning(diag_sink *ds, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_note(diag_sink *ds, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

size_t diag_count(const diag_sink *ds, diag_level level);
size_t diag_len(const diag_sink *ds);
/* Borrowed: valid until the sink is freed or cleared. */
const diag_msg *diag_at(const diag_sink *ds, size_t i);
/* Messages that could not be recorded for lack of memory. */
size_t diag_lost(const diag_sink *ds);
/* Appends every message of from to to, leaving from empty. */
void diag_move(diag_sink *to, diag_sink *from);
void diag_clear(diag_sink *ds);

#endif

/* diag.c — a growable list of messages. Recording never fails loudly: a message that
   cannot be stored is counted in `lost` so the caller can still say something. */
#include "diag.h"

#include <stdarg.h>

#include "alloc.h"

struct diag_sink {
    AN_VEC(diag_msg) msgs;
    size_t lost;
};

diag_sink *diag_sink_new(void)
{
    return an_calloc(1, sizeof(diag_sink));
}

void diag_clear(diag_sink *ds)
{
    if (!ds)
        return;
    for (size_t i = 0; i < ds->msgs.n; i++) {
        an_free(ds->msgs.v[i].file);
        an_free(ds->msgs.v[i].text);
    }
    ds->msgs.n = 0;
    ds->lost = 0;
}

void diag_sink_free(diag_sink *ds)
{
    if (!ds)
        return;
    diag_clear(ds);
    an_vec_free(&ds->msgs);
    an_free(ds);
}

static void record(diag_sink *ds, diag_level level, const char *file, const char *fmt,
                   va_list ap)
{
    if (!ds)
        return;
    an_buf b = {0};
    an_buf_vprintf(&b, fmt, ap);
    diag_msg m = {level, file ? an_strdup(file) : NULL, an_buf_take(&b)};
    if (!m.text || (file && !m.file) || an_vec_push(&ds->msgs, m) != AN_OK) {
        an_free(m.file);
        an_free(m.text);
        ds->lost++;
    }
}

#define DEFINE_LEVEL(name, level)                                        \
    void name(diag_sink *ds, const char *file, const char *fmt, ...)     \
    {                                                                    \
        va_list ap;                                                      \
        va_start(ap, fmt);                                               \
        record(ds, level, file, fmt, ap);                                \
        va_end(ap);                                                      \
    }
DEFINE_LEVEL(diag_error, DIAG_ERROR)
DEFINE_LEVEL(diag_warning, DIAG_WARNING)
DEFINE_LEVEL(diag_note, DIAG_NOTE)

size_t diag_count(const diag_sink *ds, diag_level level)
{
    size_t n = 0;
    for (size_t i = 0; ds && i < ds->msgs.n; i++)
        n += ds->msgs.v[i].level == level;
    return n;
}

size_t diag_len(const diag_sink *ds)
{
    return ds ? ds->msgs.n : 0;
}

const diag_msg *diag_at(const diag_sink *ds, size_t i)
{
    return &ds->msgs.v[i];
}

size_t diag_lost(const diag_sink *ds)
{
    return ds ? ds->lost : 0;
}

void diag_move(diag_sink *to, diag_sink *from)
{
    for (size_t i = 0; i < from->msgs.n; i++) {
        if (an_vec_push(&to->msgs, from->msgs.v[i]) != AN_OK) {
            an_free(from->msgs.v[i].file);
            an_free(from->msgs.v[i].text);
            to->lost++;
        }
    }
    to->lost += from->lost;
    from->msgs.n = 0;
    from->lost = 0;
}

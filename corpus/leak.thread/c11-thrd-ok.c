/* case: C11 threads: one thread joined with thrd_join, another detached with thrd_detach */
#include <stdio.h>
#include <string.h>
#include <threads.h>

struct scan {
    const char *text;
    size_t words;
};

static int count_words_main(void *arg)
{
    struct scan *s = arg;
    const char *p;

    for (s->words = 0, p = s->text; (p = strchr(p, ' ')) != NULL; p++)
        s->words++;
    return 0;
}

static int announce_main(void *arg)
{
    fprintf(stderr, "scanning %s\n", (const char *)arg);
    return 0;
}

int scan_words(struct scan *s, const char *label)
{
    thrd_t counter, herald;
    int res = -1;

    if (thrd_create(&herald, announce_main, (void *)label) == thrd_success)
        thrd_detach(herald);
    if (thrd_create(&counter, count_words_main, s) != thrd_success)
        return -1;
    thrd_join(counter, &res);
    return res;
}

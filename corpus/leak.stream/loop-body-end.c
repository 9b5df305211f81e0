/* case: one stream per input path, declared in the loop body and never closed at its end */
#include <stdio.h>
#include <string.h>

long count_lines(const char *const *paths, int n)
{
    char buf[4096];
    long total = 0;

    for (int i = 0; i < n; i++) {
        FILE *f = fopen(paths[i], "r");
        if (!f) {
            perror(paths[i]);
            continue;
        }
        while (fgets(buf, sizeof buf, f))
            if (strchr(buf, '\n'))
                total++;
    }                                           /* expect: leak.stream */
    return total;
}

long count_lines_ok(const char *const *paths, int n)
{
    char buf[4096];
    long total = 0;

    for (int i = 0; i < n; i++) {
        FILE *f = fopen(paths[i], "r");
        if (!f) {
            perror(paths[i]);
            continue;
        }
        while (fgets(buf, sizeof buf, f))
            if (strchr(buf, '\n'))
                total++;
        fclose(f);
    }
    return total;
}

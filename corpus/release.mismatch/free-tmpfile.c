/* case: a scratch stream from tmpfile() released with free() instead of fclose() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sort_spill_test(const char *const *rows, int n)
{
    FILE *t = tmpfile();
    char line[256];
    int back = 0;

    if (!t)
        return -1;
    for (int i = 0; i < n; i++)
        fprintf(t, "%s\n", rows[i]);
    rewind(t);
    while (fgets(line, sizeof line, t))
        back++;
    free(t);                                    /* expect: release.mismatch */
    return back == n ? 0 : -1;
}

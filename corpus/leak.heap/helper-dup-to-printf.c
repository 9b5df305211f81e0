/* case: a string from an in-file allocating helper printed and dropped; the _ok function frees it */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *str_lower_dup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        return NULL;
    for (char *q = d; *q; q++)
        *q = (char)tolower((unsigned char)*q);
    return d;
}

void log_header(const char *name, const char *value)
{
    printf("%s: %s\n", str_lower_dup(name), value);    /* expect: leak.heap */
}

void log_header_ok(const char *name, const char *value)
{
    char *lname = str_lower_dup(name);
    if (!lname)
        return;
    printf("%s: %s\n", lname, value);
    free(lname);
}

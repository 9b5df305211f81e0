/* case: the fallback fopen() only runs when the first one failed: reassigning a NULL stream loses nothing */
#include <stdio.h>

FILE *open_config(const char *user_path, const char *system_path)
{
    FILE *f = fopen(user_path, "r");

    if (!f)
        f = fopen(system_path, "r");
    if (f == NULL)
        f = fopen("/etc/app/default.conf", "r");
    return f;
}

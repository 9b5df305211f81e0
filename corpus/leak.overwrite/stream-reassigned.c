/* case: stream from the primary path overwritten by the fallback fopen() when its header is wrong */
#include <stdio.h>
#include <string.h>

FILE *open_catalog(const char *primary, const char *fallback)
{
    char magic[8];
    FILE *f = fopen(primary, "rb");

    if (f && (fread(magic, 1, sizeof magic, f) != sizeof magic || memcmp(magic, "CATALOG1", 8) != 0))
        f = fopen(fallback, "rb");              /* expect: leak.overwrite */
    else if (!f)
        f = fopen(fallback, "rb");
    return f;
}

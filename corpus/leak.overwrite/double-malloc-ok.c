/* case: scratch buffer freed before it is allocated again for the second pass */
#include <stdlib.h>
#include <string.h>

struct codec {
    size_t block;
};

int codec_roundtrip(const struct codec *cc, const char *in, size_t n, char *out)
{
    char *scratch = malloc(cc->block);

    if (!scratch)
        return -1;
    memcpy(scratch, in, n < cc->block ? n : cc->block);
    for (size_t i = 0; i < cc->block; i++)
        scratch[i] ^= 0x5a;
    free(scratch);
    scratch = malloc(cc->block);
    if (!scratch)
        return -1;
    memset(scratch, 0, cc->block);
    memcpy(out, scratch, cc->block);
    free(scratch);
    return 0;
}

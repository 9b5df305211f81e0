/* case: key array leaked on a nested error path that frees the offsets and the stream only */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct index {
    uint32_t n;
    uint32_t *keys;
    uint32_t *offs;
};

int index_load(const char *path, struct index *idx)
{
    FILE *f = fopen(path, "rb");
    uint32_t hdr[2];
    uint32_t *keys, *offs;

    if (!f)
        return -1;
    if (fread(hdr, sizeof hdr, 1, f) != 1 || hdr[0] != 0x49445831u) {
        fclose(f);
        return -1;
    }
    keys = calloc(hdr[1], sizeof *keys);
    if (!keys) {
        fclose(f);
        return -1;
    }
    offs = calloc(hdr[1], sizeof *offs);
    if (!offs) {
        free(keys);
        fclose(f);
        return -1;
    }
    if (fread(keys, sizeof *keys, hdr[1], f) != hdr[1] ||
        fread(offs, sizeof *offs, hdr[1], f) != hdr[1]) {
        if (ferror(f)) {
            perror(path);
            free(offs);
            fclose(f);
            return -1;                          /* expect: leak.heap */
        }
        free(keys);
        free(offs);
        fclose(f);
        return -1;
    }
    fclose(f);
    idx->n = hdr[1];
    idx->keys = keys;
    idx->offs = offs;
    return 0;
}

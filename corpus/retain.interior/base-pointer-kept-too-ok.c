/* case: pointers into the config text are kept, but so is the block itself, and config_unload() frees it */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CFG_MAX (64 * 1024)

static char *g_cfg_text;                            /* owns the block */
static const char *g_cfg_listen = "0.0.0.0:8080";

int cfg_load(const char *path)
{
    FILE *f;
    char *buf, *val;
    size_t n;

    buf = malloc(CFG_MAX);
    if (buf == NULL)
        return -1;
    f = fopen(path, "r");
    if (f == NULL) {
        free(buf);
        return -1;
    }
    n = fread(buf, 1, CFG_MAX - 1, f);
    fclose(f);
    buf[n] = '\0';

    free(g_cfg_text);
    g_cfg_text = buf;
    g_cfg_listen = "0.0.0.0:8080";
    val = strstr(buf, "listen=");
    if (val != NULL) {
        val += strlen("listen=");
        val[strcspn(val, "\r\n")] = '\0';
        g_cfg_listen = val;
    }
    return 0;
}

void cfg_unload(void)
{
    free(g_cfg_text);
    g_cfg_text = NULL;
    g_cfg_listen = "0.0.0.0:8080";
}

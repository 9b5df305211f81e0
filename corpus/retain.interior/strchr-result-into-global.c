/* case: the server name is a pointer that strchr found inside the 64 KiB config buffer; the buffer itself is dropped */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONF_MAX (64 * 1024)

static const char *g_server_name = "localhost";

int config_load_server_name(const char *path)
{
    FILE *f;
    char *buf, *line, *val;
    size_t n;

    buf = malloc(CONF_MAX);
    if (buf == NULL)
        return -1;
    f = fopen(path, "r");
    if (f == NULL) {
        free(buf);
        return -1;
    }
    n = fread(buf, 1, CONF_MAX - 1, f);
    fclose(f);
    buf[n] = '\0';

    line = strstr(buf, "server_name");
    if (line == NULL || (val = strchr(line, '=')) == NULL) {
        free(buf);
        return 0;
    }
    val += strspn(val + 1, " \t") + 1;
    val[strcspn(val, " \t\r\n;")] = '\0';
    g_server_name = val;                            /* expect: retain.interior */
    return 1;
}

/* case: duplicated key leaked when the value is empty; both strings go to the caller otherwise */
#include <stdlib.h>
#include <string.h>

struct kv {
    char *key;
    char *val;
};

int kv_parse(const char *line, struct kv *out)
{
    const char *eq = strchr(line, '=');
    char *key, *val;

    if (!eq || eq == line)
        return -1;
    key = strndup(line, (size_t)(eq - line));
    if (!key)
        return -1;
    if (eq[1] == '\0' || eq[1] == '\n')
        return -1;                              /* expect: leak.heap */
    val = strdup(eq + 1);
    if (!val) {
        free(key);
        return -1;
    }
    out->key = key;
    out->val = val;
    return 0;
}

/* case: per-line copy declared in the loop body leaked by the `continue` on a malformed entry */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct user_db;
void user_db_add(struct user_db *db, char *entry);   /* takes ownership of entry */

int load_users(struct user_db *db, FILE *f)
{
    char line[512];
    int n = 0;

    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        char *entry = strdup(line);
        if (!entry)
            continue;
        char *colon = strchr(entry, ':');
        if (!colon)
            continue;                           /* expect: leak.heap */
        *colon = '\0';
        user_db_add(db, entry);
        n++;
    }
    return n;
}

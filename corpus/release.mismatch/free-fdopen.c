/* case: a stream from fdopen() released with free(): neither the FILE nor the socket is closed */
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int send_banner(int lfd, const char *banner)
{
    int c = accept(lfd, NULL, NULL);
    FILE *out;

    if (c < 0)
        return -1;
    out = fdopen(c, "w");
    if (!out) {
        close(c);
        return -1;
    }
    fprintf(out, "%s\r\n", banner);
    fflush(out);
    free(out);                                  /* expect: release.mismatch */
    return 0;
}

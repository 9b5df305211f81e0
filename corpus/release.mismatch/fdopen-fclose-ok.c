/* case: a socket wrapped with fdopen() is released by fclose(), which closes the socket too */
#include <stdio.h>
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
    return fclose(out) == 0 ? 0 : -1;
}

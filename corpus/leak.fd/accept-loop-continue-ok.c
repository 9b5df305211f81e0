/* case: accepted connection closed before every `continue`, handed to the server otherwise */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct server;
void server_add_client(struct server *srv, int fd);   /* takes ownership of fd */

void accept_loop(struct server *srv, int lfd)
{
    char hello[8];

    for (;;) {
        int c = accept(lfd, NULL, NULL);
        if (c < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            break;
        }
        if (read(c, hello, sizeof hello) != (ssize_t)sizeof hello) {
            close(c);
            continue;
        }
        if (memcmp(hello, "HELLO v1", 8) != 0) {
            close(c);
            continue;
        }
        server_add_client(srv, c);
    }
}

/* case: the early return that would leak the socket is dead because a #define feature flag is 1 */
#include <sys/socket.h>
#include <unistd.h>

#define HAVE_SO_REUSEPORT 1

int reuseport_socket(int family)
{
    int one = 1;
    int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0)
        return -1;
    if (!HAVE_SO_REUSEPORT)
        return -1;                  /* dead: the flag is 1 */
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* case: start-up code that makes sure descriptors 0, 1 and 2 are open (curl's main_checkfds, daemon(3)): what it opens is meant to become stdin/stdout/stderr and stays open */
#include <fcntl.h>
#include <unistd.h>

/* While one of the standard descriptors is closed, a pipe fills the lowest free slots. */
int ensure_std_fds(void)
{
    int fd[2];

    while (fcntl(STDIN_FILENO, F_GETFD) == -1 ||
           fcntl(STDOUT_FILENO, F_GETFD) == -1 ||
           fcntl(STDERR_FILENO, F_GETFD) == -1)
        if (pipe(fd))
            return 1;
    return 0;
}

/* Detach from the terminal: /dev/null becomes descriptor 0, then 1 and 2 copy it. */
void detach_stdio(void)
{
    close(0);
    close(1);
    close(2);
    open("/dev/null", O_RDWR);
    dup(0);
    dup(0);
}

/* Re-open stdin on /dev/null; the descriptor is stdin from now on. */
int stdin_from_null(void)
{
    int fd;

    close(STDIN_FILENO);
    fd = open("/dev/null", O_RDONLY);
    if (fd < 0)
        return -1;
    return 0;
}

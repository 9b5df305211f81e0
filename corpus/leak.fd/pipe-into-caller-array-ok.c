/* case: a pipe made for the caller: `if (pipe2(...))` is the failure test, the fds go into the caller's int[2] */
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>

int make_pipe(int fds[2], int nonblock)
{
    int temp[2];

    if (pipe2(temp, O_CLOEXEC | (nonblock ? O_NONBLOCK : 0)))
        return -1;
    fds[0] = temp[0];
    fds[1] = temp[1];
    return 0;
}

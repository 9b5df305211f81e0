/* case: write end of the pipe leaked when fork() fails; only the read end is closed */
#include <sys/types.h>
#include <unistd.h>

int spawn_reader(const char *prog, pid_t *pid_out)
{
    int fds[2];
    pid_t pid;

    if (pipe(fds) < 0)
        return -1;
    pid = fork();
    if (pid < 0) {
        close(fds[0]);
        return -1;                              /* expect: leak.fd */
    }
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execlp(prog, prog, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    *pid_out = pid;
    return fds[0];
}

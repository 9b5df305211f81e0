/* case: epoll instance and eventfd released in reverse order by a `goto err` chain */
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

struct evloop {
    int epfd;
    int evfd;
};

int evloop_init(struct evloop *lp)
{
    struct epoll_event ev = { .events = EPOLLIN };
    int epfd, evfd;

    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0)
        goto err;
    evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (evfd < 0)
        goto err_epoll;
    ev.data.fd = evfd;
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, evfd, &ev) < 0)
        goto err_evfd;
    lp->epfd = epfd;
    lp->evfd = evfd;
    return 0;

err_evfd:
    close(evfd);
err_epoll:
    close(epfd);
err:
    return -1;
}

/* case: epoll instance leaked when creating the eventfd fails; both kept in the loop struct otherwise */
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
        return -1;
    evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (evfd < 0)
        return -1;                              /* expect: leak.fd */
    ev.data.fd = evfd;
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, evfd, &ev) < 0) {
        close(evfd);
        close(epfd);
        return -1;
    }
    lp->epfd = epfd;
    lp->evfd = evfd;
    return 0;
}

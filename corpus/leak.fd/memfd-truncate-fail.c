/* case: memfd leaked when sizing it fails; returned to the caller otherwise */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <unistd.h>

int shm_segment_new(size_t size)
{
    int fd = memfd_create("shm-seg", MFD_CLOEXEC | MFD_ALLOW_SEALING);

    if (fd < 0)
        return -1;
    if (ftruncate(fd, (off_t)size) < 0)
        return -1;                              /* expect: leak.fd */
    return fd;
}

int shm_segment_new_ok(size_t size)
{
    int fd = memfd_create("shm-seg", MFD_CLOEXEC | MFD_ALLOW_SEALING);

    if (fd < 0)
        return -1;
    if (ftruncate(fd, (off_t)size) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

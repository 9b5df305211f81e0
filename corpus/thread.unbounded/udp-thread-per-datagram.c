/* case: UDP server spawns a thread for every datagram received and forgets it */
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct dgram {
    int sock;
    struct sockaddr_in from;
    size_t len;
    unsigned char data[1500];
};

static void *dgram_reply_main(void *arg)
{
    struct dgram *d = arg;

    sendto(d->sock, d->data, d->len, 0, (struct sockaddr *)&d->from, sizeof d->from);
    free(d);
    return NULL;
}

void udp_serve(int sock)
{
    for (;;) {
        struct dgram *d = malloc(sizeof *d);
        socklen_t fromlen = sizeof d->from;
        ssize_t n;
        pthread_t t;

        if (d == NULL)
            continue;
        n = recvfrom(sock, d->data, sizeof d->data, 0, (struct sockaddr *)&d->from, &fromlen);
        if (n < 0) {
            free(d);
            continue;
        }
        d->sock = sock;
        d->len = (size_t)n;
        if (pthread_create(&t, NULL, dgram_reply_main, d) != 0)     /* expect: thread.unbounded */
            free(d);
    }
}

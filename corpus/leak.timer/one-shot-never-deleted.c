/* case: one-shot SIGEV_THREAD timer armed and forgotten: expiry disarms it, only timer_delete frees it */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char slow_start_msg[] = "still loading the dataset after 30s";

static void warn_slow_start(union sigval sv)
{
    fprintf(stderr, "warning: %s\n", (const char *)sv.sival_ptr);
}

int startup_watchdog_arm(void)
{
    struct sigevent sev;
    struct itimerspec its;
    timer_t tid;

    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_THREAD;
    sev.sigev_notify_function = warn_slow_start;
    sev.sigev_value.sival_ptr = (void *)slow_start_msg;
    if (timer_create(CLOCK_MONOTONIC, &sev, &tid) == -1)
        return -1;

    memset(&its, 0, sizeof its);
    its.it_value.tv_sec = 30;
    if (timer_settime(tid, 0, &its, NULL) == -1) {
        timer_delete(tid);
        return -1;
    }
    return 0;                                       /* expect: leak.timer */
}

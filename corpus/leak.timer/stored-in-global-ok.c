/* case: periodic stats timer kept in a file-scope variable and deleted at shutdown */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static timer_t stats_timer;
static int stats_timer_armed;
static volatile unsigned long stats_ticks;

static void stats_tick(union sigval sv)
{
    (void)sv;
    stats_ticks++;
}

int stats_timer_start(int period_s)
{
    struct sigevent sev;
    struct itimerspec its;

    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_THREAD;
    sev.sigev_notify_function = stats_tick;
    if (timer_create(CLOCK_MONOTONIC, &sev, &stats_timer) != 0) {
        perror("timer_create");
        return -1;
    }
    memset(&its, 0, sizeof its);
    its.it_interval.tv_sec = period_s;
    its.it_value.tv_sec = period_s;
    if (timer_settime(stats_timer, 0, &its, NULL) != 0) {
        timer_delete(stats_timer);
        return -1;
    }
    stats_timer_armed = 1;
    return 0;
}

void stats_timer_stop(void)
{
    if (stats_timer_armed) {
        timer_delete(stats_timer);
        stats_timer_armed = 0;
    }
}

/* case: goto cleanup that deletes the timer under its own label before freeing the buffer */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double cpu_sample(void);

int sample_cpu(int nsamples, FILE *report)
{
    struct sigevent sev;
    struct itimerspec its;
    sigset_t set;
    double *samples;
    timer_t tid;
    int i, sig, rc = -1;

    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    sigprocmask(SIG_BLOCK, &set, NULL);
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGALRM;
    if (timer_create(CLOCK_MONOTONIC, &sev, &tid) != 0)
        return -1;
    samples = calloc((size_t)nsamples, sizeof *samples);
    if (samples == NULL)
        goto out_timer;
    memset(&its, 0, sizeof its);
    its.it_interval.tv_nsec = 100 * 1000000L;
    its.it_value = its.it_interval;
    if (timer_settime(tid, 0, &its, NULL) != 0)
        goto out_free;

    for (i = 0; i < nsamples; i++) {
        sigwait(&set, &sig);
        samples[i] = cpu_sample();
    }
    for (i = 0; i < nsamples; i++)
        fprintf(report, "%d %.3f\n", i, samples[i]);
    rc = 0;
out_free:
    free(samples);
out_timer:
    timer_delete(tid);
    return rc;
}

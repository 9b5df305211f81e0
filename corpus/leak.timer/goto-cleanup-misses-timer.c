/* case: goto cleanup frees the sample buffer but only the success path deletes the sampling timer */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double load_sample(void);

int sample_load(int nsamples, FILE *report)
{
    struct sigevent sev;
    struct itimerspec its;
    sigset_t set;
    double *samples = NULL;
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
        goto out;
    memset(&its, 0, sizeof its);
    its.it_interval.tv_nsec = 100 * 1000000L;
    its.it_value = its.it_interval;
    if (timer_settime(tid, 0, &its, NULL) != 0)
        goto out;

    for (i = 0; i < nsamples; i++) {
        sigwait(&set, &sig);
        samples[i] = load_sample();
    }
    for (i = 0; i < nsamples; i++)
        fprintf(report, "%d %.3f\n", i, samples[i]);
    timer_delete(tid);
    rc = 0;
out:
    free(samples);
    return rc;                                      /* expect: leak.timer */
}

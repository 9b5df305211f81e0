/* case: global table written at fixed indices (a signal-handler registry): configuration, not a cache */
#include <signal.h>
#include <stddef.h>

typedef void (*sig_cb)(int signo, void *ud);

struct sig_slot {
    sig_cb cb;
    void *ud;
};

static struct sig_slot sig_table[NSIG];
static volatile sig_atomic_t sig_pending[NSIG];

static void sig_trampoline(int signo)
{
    sig_pending[signo] = 1;
}

int sig_register(int signo, sig_cb cb, void *ud)
{
    if (signo <= 0 || signo >= NSIG)
        return -1;
    sig_table[signo].cb = cb;
    sig_table[signo].ud = ud;
    if (signal(signo, sig_trampoline) == SIG_ERR)
        return -1;
    return 0;
}

void sig_dispatch(void)
{
    int s;

    for (s = 1; s < NSIG; s++) {
        if (!sig_pending[s])
            continue;
        sig_pending[s] = 0;
        if (sig_table[s].cb != NULL)
            sig_table[s].cb(s, sig_table[s].ud);
    }
}

void sig_setup_defaults(sig_cb on_term, sig_cb on_reload)
{
    sig_register(SIGINT, on_term, NULL);
    sig_register(SIGTERM, on_term, NULL);
    sig_register(SIGHUP, on_reload, NULL);
}

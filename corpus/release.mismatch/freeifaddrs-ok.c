/* case: getifaddrs list released with freeifaddrs, OPENSSL_malloc'd block with
   OPENSSL_free, malloc'd block with free */
#include <ifaddrs.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

int count_interfaces(void)
{
    struct ifaddrs *ifa_list, *ifa;
    int n = 0;

    if (getifaddrs(&ifa_list) != 0)
        return -1;
    for (ifa = ifa_list; ifa; ifa = ifa->ifa_next)
        n++;
    freeifaddrs(ifa_list);
    return n;
}

size_t copies(const char *s)
{
    char *a = OPENSSL_strdup(s);
    char *b = strdup(s);
    size_t n = 0;

    if (a)
        n += strlen(a);
    if (b)
        n += strlen(b);
    OPENSSL_free(a);
    free(b);
    return n;
}

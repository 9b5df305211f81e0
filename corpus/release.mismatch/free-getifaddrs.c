/* case: an interface list from getifaddrs released with free(), which frees only the
   first node's block: freeifaddrs is its releaser */
#include <ifaddrs.h>
#include <stdlib.h>

int count_interfaces(void)
{
    struct ifaddrs *ifa_list, *ifa;
    int n = 0;

    if (getifaddrs(&ifa_list) != 0)
        return -1;
    for (ifa = ifa_list; ifa; ifa = ifa->ifa_next)
        n++;
    free(ifa_list);                             /* expect: release.mismatch */
    return n;
}

/* case: interface list from getifaddrs leaked on the early return when the wanted
   interface is found */
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

int iface_ipv4(const char *name, struct in_addr *out)
{
    struct ifaddrs *ifa_list, *ifa;

    if (getifaddrs(&ifa_list) != 0)
        return -1;
    for (ifa = ifa_list; ifa; ifa = ifa->ifa_next) {
        if (!ifa->ifa_addr || ifa->ifa_addr->sa_family != AF_INET)
            continue;
        if (strcmp(ifa->ifa_name, name) == 0) {
            *out = ((struct sockaddr_in *)ifa->ifa_addr)->sin_addr;
            return 0;                           /* expect: leak.heap */
        }
    }
    freeifaddrs(ifa_list);
    return -1;
}

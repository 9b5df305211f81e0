/* case: interface list from getifaddrs released with freeifaddrs on every path after it
   succeeded; nothing to release when it failed */
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

int iface_ipv4(const char *name, struct in_addr *out)
{
    struct ifaddrs *ifa_list, *ifa;
    int rc = -1;

    if (getifaddrs(&ifa_list) == -1)
        return -1;
    for (ifa = ifa_list; ifa; ifa = ifa->ifa_next) {
        if (!ifa->ifa_addr || ifa->ifa_addr->sa_family != AF_INET)
            continue;
        if (strcmp(ifa->ifa_name, name) == 0) {
            *out = ((struct sockaddr_in *)ifa->ifa_addr)->sin_addr;
            rc = 0;
            break;
        }
    }
    freeifaddrs(ifa_list);
    return rc;
}

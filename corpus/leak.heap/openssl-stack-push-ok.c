/* case: an OpenSSL stack takes over what is pushed onto it, though OPENSSL_sk_push
   declares the element const void * (sk_OPENSSL_STRING_push and the other sk_TYPE_push
   macros expand to it) */
#include <openssl/crypto.h>
#include <openssl/safestack.h>
#include <stdlib.h>
#include <string.h>

int add_name(STACK_OF(OPENSSL_STRING) *names, const char *s)
{
    char *dup = OPENSSL_strdup(s);

    if (!dup)
        return 0;
    if (!sk_OPENSSL_STRING_push(names, dup)) {
        OPENSSL_free(dup);
        return 0;
    }
    return 1;
}

int add_raw(OPENSSL_STACK *names, const char *s)
{
    char *dup = strdup(s);

    if (!dup)
        return 0;
    if (!OPENSSL_sk_push(names, dup)) {
        free(dup);
        return 0;
    }
    return 1;
}

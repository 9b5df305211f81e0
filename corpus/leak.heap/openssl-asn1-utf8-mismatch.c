/* case: the UTF-8 copy ASN1_STRING_to_UTF8 leaves in *out is leaked when the name has an
   embedded NUL */
#include <openssl/asn1.h>
#include <openssl/crypto.h>
#include <string.h>

int name_matches(const ASN1_STRING *name, const char *want)
{
    unsigned char *utf8 = NULL;
    int len = ASN1_STRING_to_UTF8(&utf8, name);
    int same;

    if (len < 0)
        return 0;
    if ((size_t)len != strlen((char *)utf8))
        return 0;                               /* expect: leak.heap */
    same = strcmp((char *)utf8, want) == 0;
    OPENSSL_free(utf8);
    return same;
}

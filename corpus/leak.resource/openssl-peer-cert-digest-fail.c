/* case: peer certificate from SSL_get1_peer_certificate (a new reference) leaked on the
   early returns after X509_digest or the buffer append fails (curl 1ce6dff01a,
   ossl_get_channel_binding) */
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdio.h>

struct dynbuf;
int dyn_addn(struct dynbuf *d, const void *mem, size_t len);

int get_channel_binding(SSL *ssl, struct dynbuf *binding)
{
    static const char prefix[] = "tls-server-end-point:";
    unsigned char buf[EVP_MAX_MD_SIZE];
    unsigned int length = sizeof(buf);
    const EVP_MD *algo_type;
    int algo_nid;
    X509 *cert;

    cert = SSL_get1_peer_certificate(ssl);
    if (!cert)
        return 0;                               /* no certificate: no channel binding */

    if (!OBJ_find_sigid_algs(X509_get_signature_nid(cert), &algo_nid, NULL)) {
        fprintf(stderr, "Unable to find digest NID for certificate signature algorithm\n");
        return 91;                              /* expect: leak.resource */
    }
    if (algo_nid == NID_md5 || algo_nid == NID_sha1)
        algo_type = EVP_sha256();
    else
        algo_type = EVP_get_digestbynid(algo_nid);

    if (!X509_digest(cert, algo_type, buf, &length)) {
        fprintf(stderr, "X509_digest() failed\n");
        return 91;                              /* expect: leak.resource */
    }
    if (dyn_addn(binding, prefix, sizeof(prefix) - 1))
        return 27;                              /* expect: leak.resource */
    if (dyn_addn(binding, buf, length))
        return 27;                              /* expect: leak.resource */
    return 0;                                   /* expect: leak.resource */
}

/* case: memory BIO leaked when X509_NAME_print_ex fails: BIO_free sits inside the
   success branch (curl 11c0aaa339, x509_name_oneline) */
#include <openssl/bio.h>
#include <openssl/buffer.h>
#include <openssl/x509.h>
#include <stddef.h>

struct dynbuf;
int dyn_addn(struct dynbuf *d, const void *mem, size_t len);
void dyn_reset(struct dynbuf *d);

int x509_name_oneline(X509_NAME *a, struct dynbuf *d)
{
    BIO *bio_out = BIO_new(BIO_s_mem());
    BUF_MEM *biomem;
    int rc;
    int result = 27; /* out of memory */

    if (bio_out) {
        unsigned long flags = XN_FLAG_SEP_SPLUS_SPC |
                              (XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB & ~XN_FLAG_SPC_EQ);
        dyn_reset(d);
        rc = X509_NAME_print_ex(bio_out, a, 0, flags);
        if (rc != -1) {
            BIO_get_mem_ptr(bio_out, &biomem);
            result = dyn_addn(d, biomem->data, biomem->length);
            BIO_free(bio_out);
        }
    }
    return result;                              /* expect: leak.resource */
}

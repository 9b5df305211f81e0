/* case: BIO_new_fp(f, BIO_CLOSE) makes the BIO close the stream in BIO_free; with
   BIO_NOCLOSE the caller still closes it. Neither stream leaks */
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>

int print_cert_to(const char *path, X509 *cert)
{
    FILE *f = fopen(path, "w");
    BIO *out;
    int ok;

    if (!f)
        return 0;
    out = BIO_new_fp(f, BIO_CLOSE);
    if (!out) {
        fclose(f);
        return 0;
    }
    ok = X509_print_ex(out, cert, XN_FLAG_ONELINE, 0);
    BIO_free(out);
    return ok;
}

int append_cert(const char *path, X509 *cert)
{
    FILE *f = fopen(path, "a");
    BIO *out;
    int ok = 0;

    if (!f)
        return 0;
    out = BIO_new_fp(f, BIO_NOCLOSE);
    if (out) {
        ok = PEM_write_bio_X509(out, cert);
        BIO_free(out);
    }
    fclose(f);
    return ok;
}

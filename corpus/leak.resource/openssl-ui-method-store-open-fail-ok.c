/* case: UI_METHOD destroyed on the OSSL_STORE_open_ex failure path too (the fix of
   curl 8de898414c); the store borrows the method, so it is destroyed after the store
   is closed, and the private key is released after SSL_CTX_use_PrivateKey up-refs it */
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/store.h>
#include <openssl/ui.h>
#include <stdio.h>

int ui_reader(UI *ui, UI_STRING *uis);
int ui_writer(UI *ui, UI_STRING *uis);

int provider_load_key(SSL_CTX *ctx, OSSL_LIB_CTX *libctx, const char *propq,
                      const char *key_file)
{
    EVP_PKEY *priv_key = NULL;
    OSSL_STORE_CTX *store = NULL;
    OSSL_STORE_INFO *info = NULL;
    UI_METHOD *ui_method = UI_create_method("curl user interface");
    if (!ui_method) {
        fprintf(stderr, "unable do create OpenSSL user-interface method\n");
        return 0;
    }
    UI_method_set_opener(ui_method, UI_method_get_opener(UI_OpenSSL()));
    UI_method_set_closer(ui_method, UI_method_get_closer(UI_OpenSSL()));
    UI_method_set_reader(ui_method, ui_reader);
    UI_method_set_writer(ui_method, ui_writer);

    store = OSSL_STORE_open_ex(key_file, libctx, propq, ui_method, NULL, NULL, NULL, NULL);
    if (!store) {
        fprintf(stderr, "Failed to open OpenSSL store: %lu\n", ERR_get_error());
        UI_destroy_method(ui_method);
        return 0;
    }
    if (OSSL_STORE_expect(store, OSSL_STORE_INFO_PKEY) != 1)
        fprintf(stderr, "Failed to set store preference. Ignoring the error\n");

    info = OSSL_STORE_load(store);
    if (info) {
        if (OSSL_STORE_INFO_get_type(info) == OSSL_STORE_INFO_PKEY)
            priv_key = OSSL_STORE_INFO_get1_PKEY(info);
        OSSL_STORE_INFO_free(info);
    }
    OSSL_STORE_close(store);
    UI_destroy_method(ui_method);
    if (!priv_key) {
        fprintf(stderr, "No private key found in the openssl store\n");
        return 0;
    }
    if (SSL_CTX_use_PrivateKey(ctx, priv_key) != 1) {
        fprintf(stderr, "unable to set private key\n");
        EVP_PKEY_free(priv_key);
        return 0;
    }
    EVP_PKEY_free(priv_key);                    /* the context holds its own reference */
    return 1;
}

/* The loopback TLS server of the TLS suites (tests/support/tls_server.h), on OpenSSL. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "tls_server.h"

/* A self-signed certificate for name, valid for a day, with its key. */
static int make_cert(tls_server *s, const char *name)
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *cert = X509_new();
    int ok = key != NULL && cert != NULL;
    if (ok) {
        X509_set_version(cert, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(cert), (long)getpid());
        X509_gmtime_adj(X509_getm_notBefore(cert), -60);
        X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
        X509_set_pubkey(cert, key);
        X509_NAME *subject = X509_get_subject_name(cert);
        X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                                   (const unsigned char *)name, -1, -1, 0);
        X509_set_issuer_name(cert, subject);
        char san[128];
        snprintf(san, sizeof(san), "%s:%s", strcmp(name, "127.0.0.1") ? "DNS" : "IP",
                 name);
        X509V3_CTX v3;
        X509V3_set_ctx_nodb(&v3);
        X509V3_set_ctx(&v3, cert, cert, NULL, NULL, 0);
        const char *exts[][2] = {{"subjectAltName", san},
                                 {"basicConstraints", "critical,CA:TRUE"}};
        for (size_t i = 0; ok && i < 2; i++) {
            X509_EXTENSION *e = X509V3_EXT_conf(NULL, &v3, exts[i][0], exts[i][1]);
            ok = e != NULL && X509_add_ext(cert, e, -1) == 1;
            X509_EXTENSION_free(e);
        }
        ok = ok && X509_sign(cert, key, EVP_sha256()) > 0;
    }
    FILE *cf = ok ? fopen(s->cert_path, "w") : NULL;
    FILE *kf = ok ? fopen(s->key_path, "w") : NULL;
    ok = cf != NULL && kf != NULL && PEM_write_X509(cf, cert) == 1 &&
         PEM_write_PrivateKey(kf, key, NULL, NULL, 0, NULL, NULL) == 1;
    if (cf != NULL)
        fclose(cf);
    if (kf != NULL)
        fclose(kf);
    X509_free(cert);
    EVP_PKEY_free(key);
    return ok ? 0 : -1;
}

/* Reads a request's head (up to its blank line) and answers it. */
static void serve(tls_server *s, SSL *ssl)
{
    char buf[4096];
    size_t have = 0;
    while (have < sizeof(buf) - 1) {
        int n = SSL_read(ssl, buf + have, (int)(sizeof(buf) - 1 - have));
        if (n <= 0)
            return;
        have += (size_t)n;
        buf[have] = '\0';
        if (strstr(buf, "\r\n\r\n") != NULL)
            break;
    }
    char reply[512];
    int n = snprintf(reply, sizeof(reply),
                     "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     "Content-Length: %zu\r\nx-request-id: req_tls\r\n"
                     "Connection: close\r\n\r\n%s",
                     strlen(s->body), s->body);
    SSL_write(ssl, reply, n);
}

static void *accept_loop(void *arg)
{
    tls_server *s = arg;
    while (!atomic_load(&s->stop)) {
        struct pollfd p = {s->listen_fd, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0)
            continue;
        struct sockaddr_in peer;
        socklen_t len = sizeof(peer);
        int fd = accept(s->listen_fd, (struct sockaddr *)&peer, &len);
        if (fd < 0)
            continue;
        if (ntohs(peer.sin_port) == atomic_load(&s->marker_port)) {
            atomic_store(&s->marker_seen, 1);
            close(fd);
            continue;
        }
        atomic_fetch_add(&s->connections, 1);
        SSL *ssl = SSL_new(s->ctx);
        if (ssl != NULL && SSL_set_fd(ssl, fd) == 1 && SSL_accept(ssl) == 1) {
            atomic_fetch_add(&s->handshakes, 1);
            serve(s, ssl);
            SSL_shutdown(ssl);
        }
        ERR_clear_error();
        SSL_free(ssl);
        close(fd);
    }
    return NULL;
}

static int listen_loopback(tls_server *s)
{
    struct sockaddr_in a;
    socklen_t len = sizeof(a);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s->listen_fd < 0 || bind(s->listen_fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
        listen(s->listen_fd, 16) != 0 ||
        getsockname(s->listen_fd, (struct sockaddr *)&a, &len) != 0)
        return -1;
    s->port = ntohs(a.sin_port);
    return 0;
}

int tls_server_start(tls_server *s, const char *name, int require_client_cert,
                     const char *body)
{
    memset(s, 0, sizeof(*s));
    s->listen_fd = -1;
    /* A client that hangs up mid-handshake must not kill the test with SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    s->body = body;
    snprintf(s->dir, sizeof(s->dir), "/tmp/oft-tls-XXXXXX");
    if (mkdtemp(s->dir) == NULL) {
        perror("mkdtemp");
        return -1;
    }
    snprintf(s->cert_path, sizeof(s->cert_path), "%s/cert.pem", s->dir);
    snprintf(s->key_path, sizeof(s->key_path), "%s/key.pem", s->dir);
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    s->ctx = ctx;
    if (make_cert(s, name) != 0 || ctx == NULL ||
        SSL_CTX_use_certificate_file(ctx, s->cert_path, SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, s->key_path, SSL_FILETYPE_PEM) != 1) {
        ERR_print_errors_fp(stderr);
        tls_server_stop(s);
        return -1;
    }
    if (require_client_cert) {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
        SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
    }
    if (listen_loopback(s) != 0 ||
        pthread_create(&s->thread, NULL, accept_loop, s) != 0) {
        perror("tls server");
        tls_server_stop(s);
        return -1;
    }
    s->running = 1;
    return 0;
}

int tls_server_settle(tls_server *s)
{
    struct sockaddr_in server, mine;
    socklen_t len = sizeof(mine);
    memset(&mine, 0, sizeof(mine));
    mine.sin_family = AF_INET;
    mine.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    server = mine;
    server.sin_port = htons((uint16_t)s->port);
    atomic_store(&s->marker_seen, 0);
    /* bound first, so that its port is known before the server can accept it */
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int rc = fd >= 0 && bind(fd, (struct sockaddr *)&mine, sizeof(mine)) == 0 &&
                     getsockname(fd, (struct sockaddr *)&mine, &len) == 0
                 ? 0
                 : -1;
    if (rc == 0) {
        atomic_store(&s->marker_port, ntohs(mine.sin_port));
        rc = connect(fd, (struct sockaddr *)&server, sizeof(server));
    }
    /* generous: a loaded machine, or valgrind */
    for (int i = 0; rc == 0 && i < 6000 && !atomic_load(&s->marker_seen); i++)
        usleep(10000);
    if (fd >= 0)
        close(fd);
    atomic_store(&s->marker_port, 0);
    return rc == 0 && atomic_load(&s->marker_seen) ? 0 : -1;
}

void tls_server_stop(tls_server *s)
{
    if (s->running) {
        atomic_store(&s->stop, 1);
        pthread_join(s->thread, NULL);
        s->running = 0;
    }
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    s->listen_fd = -1;
    SSL_CTX_free(s->ctx);
    s->ctx = NULL;
    if (s->dir[0] != '\0') {
        unlink(s->cert_path);
        unlink(s->key_path);
        rmdir(s->dir);
        s->dir[0] = '\0';
    }
}

/*
 * A small TLS server on loopback for the TLS suites: a self-signed
 * certificate made at start (an EC key, for 127.0.0.1 or a given DNS name),
 * one thread accepting connections, counting each, and answering every
 * request that gets through the handshake with 200 and a fixed body.
 */
#ifndef OFT_TESTS_TLS_SERVER_H
#define OFT_TESTS_TLS_SERVER_H

#include <pthread.h>
#include <stdatomic.h>

typedef struct tls_server {
    int listen_fd;
    unsigned port;
    char dir[64];        /* a temporary directory holding the files below */
    char cert_path[128]; /* the certificate (PEM): a CA file for the client */
    char key_path[128];
    void *ctx; /* SSL_CTX */
    const char *body;
    pthread_t thread;
    int running; /* thread started */
    atomic_int stop;
    atomic_int connections; /* TCP connections accepted (markers aside) */
    atomic_int marker_port; /* tls_server_settle's connection, by its port */
    atomic_int marker_seen;
    atomic_int handshakes; /* of those, handshakes that succeeded */
} tls_server;

/*
 * Starts a server whose certificate names `name` ("127.0.0.1": an IP SAN;
 * anything else: a DNS SAN). require_client_cert: the handshake demands a
 * client certificate (none is sent by the library, so the server refuses
 * it with an alert), on TLS 1.2 so that the alert ends the handshake. body:
 * the JSON each request gets. 0, or -1 with why on stderr.
 */
int tls_server_start(tls_server *s, const char *name, int require_client_cert,
                     const char *body);
/* Returns once every connection made before the call has been accepted and
 * counted (a marker connection, accepted after them, is waited for), so
 * that connections counts all the attempts a client made. 0, or -1. */
int tls_server_settle(tls_server *s);
/* Stops the thread, closes the socket and removes the files; a no-op for a
 * server stopped already. */
void tls_server_stop(tls_server *s);

#endif

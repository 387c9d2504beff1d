#!/usr/bin/env python3
"""Serves DIR over https on a free loopback port (the clean room's provider
network mirror); prints its base URL on the first line of stdout.

Usage: serve-https.py DIR CERT.pem KEY.pem
"""
import functools
import http.server
import ssl
import sys


def main() -> None:
    directory, cert, key = sys.argv[1:4]
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"https://127.0.0.1:{server.server_address[1]}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

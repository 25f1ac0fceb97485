#pragma once

#include <optional>
#include <string>

namespace greenlight::gateway {

// Where the gateway listens: a host (name, IPv4 or IPv6 literal) and a TCP port (0 = any free one).
struct ListenAddress {
    std::string host;          // name or literal, IPv6 without brackets
    int port = 0;              // TCP port, 0 for any free one

    // "host:port", IPv6 literals in brackets: what gRPC's AddListeningPort takes.
    std::string text() const;
};

// Parses "HOST:PORT" or "[IPV6]:PORT"; nullopt with *error when malformed.
std::optional<ListenAddress> parseListenAddress(const std::string &text, std::string *error);

// Tries to bind the address the way the server will; returns an empty string when it can be
// used, otherwise the reason ("address in use", ...). Port 0 is always usable.
std::string probeListenAddress(const ListenAddress &address);

} // namespace greenlight::gateway

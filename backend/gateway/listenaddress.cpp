#include "listenaddress.h"

#include <cerrno>
#include <cstring>

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

namespace greenlight::gateway {

std::string ListenAddress::text() const
{
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::optional<ListenAddress> parseListenAddress(const std::string &text, std::string *error)
{
    const auto fail = [&](const std::string &why) -> std::optional<ListenAddress> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0)
        return fail("expected HOST:PORT, got \"" + text + "\"");
    ListenAddress out;
    out.host = text.substr(0, colon);
    if (out.host.size() >= 2 && out.host.front() == '[' && out.host.back() == ']')
        out.host = out.host.substr(1, out.host.size() - 2);
    else if (out.host.find(':') != std::string::npos)
        return fail("IPv6 addresses need brackets: [" + out.host + "]:PORT");
    const std::string port = text.substr(colon + 1);
    if (out.host.empty() || port.empty() || port.size() > 5
        || port.find_first_not_of("0123456789") != std::string::npos)
        return fail("expected HOST:PORT, got \"" + text + "\"");
    out.port = std::stoi(port);
    if (out.port > 65535)
        return fail("port out of range: " + port);
    return out;
}

std::string probeListenAddress(const ListenAddress &address)
{
    if (address.port == 0)
        return {};
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo *found = nullptr;
    const std::string port = std::to_string(address.port);
    if (const int rc = getaddrinfo(address.host.c_str(), port.c_str(), &hints, &found); rc != 0)
        return std::string("cannot resolve host: ") + gai_strerror(rc);
    std::string firstError;
    bool anyBound = false;
    for (addrinfo *a = found; a; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0)
            continue;
        const int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        const int rc = ::bind(fd, a->ai_addr, a->ai_addrlen);
        const int err = errno;
        ::close(fd);
        if (rc == 0) {
            anyBound = true;
            continue;
        }
        if (err == EADDRINUSE) {
            firstError = "address in use";
            anyBound = false;
            break;
        }
        if (firstError.empty())
            firstError = err == EADDRNOTAVAIL ? "address not available"
                : err == EACCES                ? "permission denied"
                                               : std::strerror(err);
    }
    freeaddrinfo(found);
    if (anyBound)
        return {};
    return firstError.empty() ? "cannot bind" : firstError;
}

} // namespace greenlight::gateway

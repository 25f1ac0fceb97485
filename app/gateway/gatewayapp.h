#pragma once

#include <QStringList>

namespace greenlight::gateway {

// The gateway's composition root: parses the command line, prepares the city, loads SUMO, wires
// the live hub, the city service and the gRPC server, serves until SIGINT/SIGTERM, then shuts
// everything down in order. Returns the process exit code (0 on a clean stop, 1 on a runtime
// failure, 2 on invalid arguments); every failure prints one line to stderr.
int runGateway(const QStringList &arguments);

} // namespace greenlight::gateway

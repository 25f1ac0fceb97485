#pragma once

#include "core/geo.h"
#include "sumo/citygenerator.h"
#include "sumo/livecollector.h"

#include <QStringList>

#include <cstdint>
#include <optional>
#include <string>

namespace greenlight::gateway {

// Everything the gateway's command line sets.
struct GatewayOptions {
    std::string listen = "127.0.0.1:50051";
    std::string scenario;                        // a .sumocfg; empty for the generated default city
    std::optional<double> begin;                 // simulation begin override, seconds
    double speedFactor = 1;                      // simulated seconds per wall second; 0 = as fast as possible
    std::uint32_t seed = 42;
    core::LatLon origin{52.5200, 13.4050};       // where the default city lies
    sumo::CitySize citySize = sumo::CitySize::Default;
    std::string cacheDir;                        // generated cities are kept here
    std::string writeCityDir;                    // non-empty: write the default city here and exit
    sumo::TrackVehicles track = sumo::TrackVehicles::All;
    double stepLength = 0;                       // 0 keeps the scenario's
    std::size_t history = 600;                   // live messages kept for resuming
    std::string usersFile;                       // operators and tokens; empty for single-operator demo mode
    double maxLeaseS = 600;                      // the longest lease (S7)
    double sessionGraceS = 10;                   // how long leases outlive their holder's last session
    double freshnessS = 0;                       // S10 window in wall seconds; 0: 5 s or three steps
    std::string auditFile;                       // the audit log; empty for <cacheDir>/audit-<city id>.sqlite3
};

// The outcome of parsing a command line.
struct ParsedOptions {
    GatewayOptions options;
    std::string error;         // non-empty when the command line is invalid
    std::string output;        // non-empty for --help / --version: print it and exit successfully
};

// Parses the gateway's arguments (the first one is the program name).
ParsedOptions parseGatewayOptions(const QStringList &arguments);

// $XDG_CACHE_HOME/greenlight, or ~/.cache/greenlight.
std::string defaultCacheDir();

} // namespace greenlight::gateway

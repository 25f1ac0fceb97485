#pragma once

#include <QByteArray>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace greenlight::gateway::sumo {

// One lane of a network edge as the .net.xml describes it.
struct NetLane {
    std::string id;            // e.g. "a_0"
    double length = 0;         // metres
    std::string allow;         // the lane's allow attribute, empty when it does not restrict
};

// A non-internal edge of a SUMO network: what libsumo 1.15 does not expose.
struct NetEdge {
    std::string id;            // field identifier, also the segment id
    std::string from;          // junction at the start
    std::string to;            // junction at the end
    std::string type;          // e.g. "highway.primary", may be empty
    std::string function;      // empty for normal edges, "connector", ...
    std::string name;          // street name, may be empty
    int priority = -1;         // -1 when not given
    std::vector<NetLane> lanes;  // by lane index, rightmost first
};

// A junction with its right-of-way data.
struct NetJunction {
    std::string id;
    std::string type;          // "traffic_light", "priority", "internal", ...
    // intLanes: per junction link index, the internal lane that ends the link's way through the
    // junction (for crossings the crossing lane itself).
    std::vector<std::string> internalLanes;
    // foes of each request index as written: character size-1-j is '1' when link j is a foe.
    std::vector<std::string> foes;
};

// What the gateway needs from a .net.xml file.
struct NetFile {
    std::vector<NetEdge> edges;                // normal edges in file order
    std::vector<NetJunction> junctions;        // every junction in file order
    // For links split by an internal junction: internal lane -> the next internal lane.
    std::unordered_map<std::string, std::string> viaNext;
    std::unordered_map<std::string, std::size_t> edgeIndex;      // edge id -> position in edges
    std::unordered_map<std::string, std::size_t> junctionIndex;  // junction id -> position in junctions

    // The edge with this id, or nullptr.
    const NetEdge *edge(const std::string &id) const;
    // The junction with this id, or nullptr.
    const NetJunction *junction(const std::string &id) const;
};

// Files a .sumocfg names, as absolute paths.
struct ScenarioFiles {
    std::string netFile;                       // .net.xml or .net.xml.gz
    std::vector<std::string> additionalFiles;  // parking areas, POIs, detectors, ...
};

// Reads a file, inflating it when it is gzip-compressed; nullopt and *error on failure.
std::optional<QByteArray> readMaybeCompressed(const std::string &path, std::string *error);
// Parses a network from its XML text.
std::optional<NetFile> parseNet(const QByteArray &xml, std::string *error);
// Reads and parses a .net.xml or .net.xml.gz file.
std::optional<NetFile> readNetFile(const std::string &path, std::string *error);
// Reads the network and additional file names of a .sumocfg (relative to the cfg's folder).
std::optional<ScenarioFiles> readScenarioFiles(const std::string &cfgPath, std::string *error);
// Capacity of each <parkingArea> in the XML text: roadsideCapacity plus its <space> entries.
std::unordered_map<std::string, int> parseParkingCapacities(const QByteArray &xml);

} // namespace greenlight::gateway::sumo

#pragma once

#include "netreader.h"

#include <string>
#include <vector>

namespace greenlight::gateway::sumo {

// One controlled link of a traffic light as libsumo reports it (TrafficLight::getControlledLinks).
struct TlsLink {
    std::string fromLane;      // incoming lane (a walking area for crossings)
    std::string viaLane;       // first internal lane, empty for crossings and nets without internal lanes
    std::string toLane;        // outgoing lane (the crossing for crossings)
};

// Where a controlled link sits in its junction's right-of-way data.
struct JunctionLink {
    const NetJunction *junction = nullptr;  // nullptr when the link could not be placed
    int index = -1;                         // the junction's own link index
};

// Maps internal lanes to their junction link, built once per network.
class JunctionLinkIndex
{
public:
    // Indexes every junction's intLanes.
    explicit JunctionLinkIndex(const NetFile &net);

    // Places a traffic-light link in its junction: follows the via chain to the link's last
    // internal lane (or takes the crossing it enters) and finds that lane in the junction's intLanes.
    JunctionLink locate(const TlsLink &link) const;

    // Foes per signal group: links[g] holds every link of group g; groups g and h are foes when any
    // of their links are foes in the same junction's request table. The result is symmetric, sorted.
    std::vector<std::vector<int>> groupFoes(const std::vector<std::vector<TlsLink>> &links) const;

private:
    const NetFile &m_net;
    std::unordered_map<std::string, JunctionLink> m_byLane;
};

// True when the request table of junction says links a and b are foes.
bool linksAreFoes(const NetJunction &junction, int a, int b);

} // namespace greenlight::gateway::sumo

#include "junctionfoes.h"

#include <algorithm>

namespace greenlight::gateway::sumo {

namespace {

bool foeBit(const NetJunction &junction, int of, int other)
{
    if (of < 0 || static_cast<std::size_t>(of) >= junction.foes.size())
        return false;
    const std::string &bits = junction.foes[static_cast<std::size_t>(of)];
    const auto n = static_cast<int>(bits.size());
    // The rightmost character belongs to link 0.
    return other >= 0 && other < n && bits[static_cast<std::size_t>(n - 1 - other)] == '1';
}

} // namespace

bool linksAreFoes(const NetJunction &junction, int a, int b)
{
    return a != b && (foeBit(junction, a, b) || foeBit(junction, b, a));
}

JunctionLinkIndex::JunctionLinkIndex(const NetFile &net)
    : m_net(net)
{
    for (const auto &j : net.junctions)
        for (std::size_t i = 0; i < j.internalLanes.size(); ++i)
            m_byLane.emplace(j.internalLanes[i], JunctionLink{&j, static_cast<int>(i)});
}

JunctionLink JunctionLinkIndex::locate(const TlsLink &link) const
{
    std::string lane = link.viaLane;
    if (lane.empty() && !link.toLane.empty() && link.toLane.front() == ':')
        lane = link.toLane;  // a walking area entering a crossing
    // Links split by an internal junction list their last internal lane in intLanes.
    for (int hops = 0; hops < 8; ++hops) {
        const auto next = m_net.viaNext.find(lane);
        if (next == m_net.viaNext.end())
            break;
        lane = next->second;
    }
    const auto it = m_byLane.find(lane);
    return it == m_byLane.end() ? JunctionLink{} : it->second;
}

std::vector<std::vector<int>> JunctionLinkIndex::groupFoes(const std::vector<std::vector<TlsLink>> &links) const
{
    std::vector<std::vector<JunctionLink>> placed(links.size());
    for (std::size_t g = 0; g < links.size(); ++g)
        for (const auto &l : links[g])
            if (const auto p = locate(l); p.junction)
                placed[g].push_back(p);
    std::vector<std::vector<int>> foes(links.size());
    for (std::size_t g = 0; g < placed.size(); ++g) {
        for (std::size_t h = g + 1; h < placed.size(); ++h) {
            const bool conflict = std::any_of(placed[g].begin(), placed[g].end(), [&](const JunctionLink &a) {
                return std::any_of(placed[h].begin(), placed[h].end(), [&](const JunctionLink &b) {
                    return a.junction == b.junction && linksAreFoes(*a.junction, a.index, b.index);
                });
            });
            if (conflict) {
                foes[g].push_back(static_cast<int>(h));
                foes[h].push_back(static_cast<int>(g));
            }
        }
    }
    for (auto &f : foes)
        std::sort(f.begin(), f.end());
    return foes;
}

} // namespace greenlight::gateway::sumo

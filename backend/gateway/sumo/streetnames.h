#pragma once

#include "seededrandom.h"

#include <string>
#include <vector>

namespace greenlight::gateway::sumo {

// Hands out plausible, varied street names for the generated city, never the same name twice.
// The order depends only on the random source it is given.
class StreetNames
{
public:
    // Shuffles the name pools with rng.
    explicit StreetNames(SeededRandom &rng);

    // "1st Avenue", "2nd Avenue", ... for the north-south arterials, in order.
    std::string numberedAvenue();
    // A major east-west road: "Harbour Road", "Victoria Boulevard", ...
    std::string majorRoad();
    // A local street: "Mercer Street", "Linden Lane", ...
    std::string localStreet();
    // A diagonal avenue: "Broadway", "Commonwealth Avenue", ...
    std::string diagonal();
    // A hospital's name.
    std::string hospital();

    // English ordinal of n: 1st, 2nd, 3rd, 4th, 11th, 21st, ...
    static std::string ordinal(int n);

private:
    std::string take(std::vector<std::string> &pool, std::size_t &next, const char *fallbackSuffix);

    SeededRandom &m_rng;
    int m_avenues = 0;
    std::vector<std::string> m_major;
    std::vector<std::string> m_local;
    std::vector<std::string> m_diagonal;
    std::vector<std::string> m_hospital;
    std::size_t m_nextMajor = 0;
    std::size_t m_nextLocal = 0;
    std::size_t m_nextDiagonal = 0;
    std::size_t m_nextHospital = 0;
};

} // namespace greenlight::gateway::sumo

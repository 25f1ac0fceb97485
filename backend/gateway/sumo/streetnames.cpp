#include "streetnames.h"

#include <utility>

namespace greenlight::gateway::sumo {

namespace {

const char *const kMajorStems[] = {
    "Harbour Road", "Victoria Boulevard", "Market Street", "Kingsway", "Station Road",
    "Riverside Drive", "Queen's Parkway", "Union Boulevard", "Canal Street", "Exchange Road",
    "Cathedral Road", "Mill Road", "Park Boulevard", "Bridge Street", "Commercial Road",
    "Northgate", "Old Town Road", "Foundry Road", "Lakeshore Drive", "Civic Boulevard",
};

const char *const kLocalStems[] = {
    "Mercer", "Linden", "Garfield", "Ashby", "Hawthorn", "Beacon", "Carver", "Dalton", "Elmwood",
    "Fairview", "Granger", "Holloway", "Ivy", "Juniper", "Kestrel", "Larch", "Maple", "Norfolk",
    "Orchard", "Prescott", "Quarry", "Rowan", "Sutton", "Tanner", "Upton", "Vernon", "Willow",
    "Yardley", "Chestnut", "Bramble", "Cooper", "Fletcher", "Greaves", "Hadley", "Kingsley",
    "Lorimer", "Marlow", "Newbury", "Oakley", "Pembroke", "Radley", "Sheldon", "Thornton",
    "Wexford", "Alder", "Birch", "Cedar", "Hazel", "Laurel", "Poplar", "Spruce", "Sycamore",
    "Weaver", "Chandler", "Draper", "Glover", "Mason", "Porter", "Sawyer", "Turner", "Abbott",
    "Barlow", "Colville", "Dunmore", "Everett", "Finch", "Gresham", "Hollis", "Ingram",
};

const char *const kLocalSuffixes[] = {"Street", "Street", "Street", "Lane", "Place", "Terrace", "Row", "Walk"};

const char *const kDiagonals[] = {"Broadway", "Commonwealth Avenue", "Grand Diagonal", "Liberty Avenue"};

const char *const kHospitals[] = {
    "St. Catherine's Hospital", "City General Hospital", "Riverside Medical Centre",
    "Mercy Hospital", "University Clinic", "Northside Children's Hospital",
};

template <typename Array>
std::vector<std::string> shuffled(const Array &names, SeededRandom &rng)
{
    std::vector<std::string> out(std::begin(names), std::end(names));
    for (std::size_t i = out.size(); i > 1; --i)
        std::swap(out[i - 1], out[static_cast<std::size_t>(rng.index(static_cast<int>(i)))]);
    return out;
}

} // namespace

StreetNames::StreetNames(SeededRandom &rng)
    : m_rng(rng)
    , m_major(shuffled(kMajorStems, rng))
    , m_diagonal(shuffled(kDiagonals, rng))
    , m_hospital(shuffled(kHospitals, rng))
{
    for (const auto &stem : shuffled(kLocalStems, rng))
        m_local.push_back(stem + " " + kLocalSuffixes[rng.index(std::size(kLocalSuffixes))]);
}

std::string StreetNames::ordinal(int n)
{
    const int lastTwo = n % 100;
    const char *suffix = "th";
    if (lastTwo < 11 || lastTwo > 13) {
        switch (n % 10) {
        case 1: suffix = "st"; break;
        case 2: suffix = "nd"; break;
        case 3: suffix = "rd"; break;
        default: break;
        }
    }
    return std::to_string(n) + suffix;
}

std::string StreetNames::take(std::vector<std::string> &pool, std::size_t &next, const char *fallbackSuffix)
{
    // Past the end of a pool, names repeat with a suffix so they stay unique.
    const std::size_t round = next / pool.size();
    std::string name = pool[next % pool.size()];
    ++next;
    if (round > 0)
        name += std::string(" ") + fallbackSuffix + " " + std::to_string(round + 1);
    return name;
}

std::string StreetNames::numberedAvenue()
{
    return ordinal(++m_avenues) + " Avenue";
}

std::string StreetNames::majorRoad()
{
    return take(m_major, m_nextMajor, "Extension");
}

std::string StreetNames::localStreet()
{
    return take(m_local, m_nextLocal, "Close");
}

std::string StreetNames::diagonal()
{
    return take(m_diagonal, m_nextDiagonal, "Spur");
}

std::string StreetNames::hospital()
{
    return take(m_hospital, m_nextHospital, "Annex");
}

} // namespace greenlight::gateway::sumo

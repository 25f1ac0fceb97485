#pragma once

#include "citygenerator.h"

#include <optional>
#include <string>

class QString;

namespace greenlight::gateway::sumo {

// Turns the generated street plan into a complete SUMO scenario (network by netconvert, parking
// and points of interest, demand, .sumocfg) and keeps generated cities in a cache.
class CityBuilder
{
public:
    // A builder for the city of this seed, size and origin.
    CityBuilder(std::uint32_t seed, CitySize size, const core::LatLon &origin);

    // Folder name of this city in the cache: hashes seed, origin, size and the generator version.
    std::string cacheKey() const;
    // The .sumocfg of this city under cacheRoot, generating it first when the cache lacks a
    // complete copy. Generation writes to a temporary folder that is renamed into place.
    std::optional<std::string> ensureCached(const std::string &cacheRoot, std::string *error) const;
    // Generates the complete scenario into dir (created when missing); returns its .sumocfg.
    std::optional<std::string> writeScenario(const std::string &dir, std::string *error) const;

    // Name of the .sumocfg inside a scenario folder.
    static const char *configName();

private:
    bool runNetconvert(const CityPlan &plan, const QString &dir, std::string *error) const;

    std::uint32_t m_seed;
    CitySize m_size;
    core::LatLon m_origin;
};

} // namespace greenlight::gateway::sumo

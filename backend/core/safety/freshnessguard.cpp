#include "freshnessguard.h"

#include "safetytext.h"

namespace greenlight::core::safety {

FreshnessGuard::FreshnessGuard(double windowS)
    : m_windowS(windowS)
{
}

void FreshnessGuard::heard(const std::string &intersectionId, double nowS)
{
    const auto [found, inserted] = m_lastHeardS.try_emplace(intersectionId, nowS);
    if (!inserted && nowS > found->second)
        found->second = nowS;
}

void FreshnessGuard::forget(const std::string &intersectionId)
{
    m_lastHeardS.erase(intersectionId);
}

bool FreshnessGuard::isFresh(const std::string &intersectionId, double nowS) const
{
    return !refusal(intersectionId, nowS).has_value();
}

std::optional<std::string> FreshnessGuard::refusal(const std::string &intersectionId, double nowS) const
{
    const auto found = m_lastHeardS.find(intersectionId);
    if (found == m_lastHeardS.end())
        return "intersection " + intersectionId + " has not reported its state; no command until it does";
    const double ageS = nowS - found->second;
    if (ageS > m_windowS)
        return "intersection " + intersectionId + " was last heard " + formatSeconds(ageS)
            + " ago, beyond the " + formatSeconds(m_windowS) + " freshness window; no command until it reports";
    return std::nullopt;
}

} // namespace greenlight::core::safety

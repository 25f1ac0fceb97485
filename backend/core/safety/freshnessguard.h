#pragma once

#include <optional>
#include <string>
#include <unordered_map>

namespace greenlight::core::safety {

// S10: unknown or stale state means no command. Remembers when each intersection was last heard
// from and refuses commands to one not heard within the freshness window. Not thread-safe.
class FreshnessGuard
{
public:
    // Commands need a report no older than windowS.
    explicit FreshnessGuard(double windowS = 5.0);

    // The freshness window.
    double windowS() const { return m_windowS; }
    // Records a report from the intersection at nowS.
    void heard(const std::string &intersectionId, double nowS);
    // Forgets the intersection (its state is unknown again).
    void forget(const std::string &intersectionId);
    // True when the intersection was heard within the window before nowS.
    bool isFresh(const std::string &intersectionId, double nowS) const;
    // Why a command to the intersection must be refused at nowS; empty when it is fresh.
    std::optional<std::string> refusal(const std::string &intersectionId, double nowS) const;

private:
    double m_windowS;
    std::unordered_map<std::string, double> m_lastHeardS;
};

} // namespace greenlight::core::safety

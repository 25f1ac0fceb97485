#pragma once

#include "gateway/fieldadapter.h"
#include "syntheticcity.h"
#include "syntheticfeed.h"

#include <memory>

namespace greenlight::gateway::synthetic {

// The synthetic city as a field adapter (`--scenario synthetic:N`): no SUMO, realistic change
// rates, any size up to tens of thousands of intersections.
class SyntheticField : public FieldAdapter
{
public:
    SyntheticField(SyntheticCitySpec city, SyntheticFeedSettings feed);
    ~SyntheticField() override;

    std::optional<core::CityLayout> load(std::string *error) override;
    void run(LiveHub *hub) override;
    void stop() override;
    bool failed(std::string *why) const override { return false; }
    double stepLength() const override { return m_feedSettings.tickSeconds; }
    double beginTime() const override { return 0; }

    // Parses "synthetic:N"; returns the intersection count, or 0 when text is not of that form.
    static int parseScenario(const std::string &text);

private:
    const SyntheticCitySpec m_spec;
    const SyntheticFeedSettings m_feedSettings;
    std::shared_ptr<const core::CityLayout> m_city;
    std::unique_ptr<SyntheticFeed> m_feed;
};

} // namespace greenlight::gateway::synthetic

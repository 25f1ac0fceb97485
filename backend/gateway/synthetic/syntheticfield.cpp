#include "syntheticfield.h"

#include <charconv>

namespace greenlight::gateway::synthetic {

SyntheticField::SyntheticField(SyntheticCitySpec city, SyntheticFeedSettings feed)
    : m_spec(city)
    , m_feedSettings(feed)
{
}

SyntheticField::~SyntheticField()
{
    stop();
}

std::optional<core::CityLayout> SyntheticField::load(std::string *error)
{
    if (m_spec.intersections < 1 || m_spec.intersections > 100000) {
        *error = "a synthetic city has 1 to 100000 intersections, not " + std::to_string(m_spec.intersections);
        return std::nullopt;
    }
    auto city = std::make_shared<core::CityLayout>(buildSyntheticCity(m_spec));
    m_city = city;
    return *city;
}

void SyntheticField::run(LiveHub *hub)
{
    m_feed = std::make_unique<SyntheticFeed>(m_city, m_feedSettings);
    m_feed->run(hub);
}

void SyntheticField::stop()
{
    if (m_feed)
        m_feed->stop();
}

int SyntheticField::parseScenario(const std::string &text)
{
    static const std::string prefix = "synthetic:";
    if (text.rfind(prefix, 0) != 0)
        return 0;
    int n = 0;
    const char *begin = text.data() + prefix.size();
    const char *end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(begin, end, n);
    return (ec == std::errc() && ptr == end && n > 0) ? n : -1;
}

} // namespace greenlight::gateway::synthetic

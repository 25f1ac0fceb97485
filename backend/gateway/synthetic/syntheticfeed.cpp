#include "syntheticfeed.h"

#include "livehub.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace greenlight::gateway::synthetic {

namespace {
// splitmix64: a small, fast, seedable generator; the model needs speed, not quality.
std::uint64_t nextRandom(std::uint64_t &state)
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

double uniform(std::uint64_t &state)
{
    return static_cast<double>(nextRandom(state) >> 11) * (1.0 / 9007199254740992.0);
}
} // namespace

SyntheticFeed::SyntheticFeed(std::shared_ptr<const core::CityLayout> city, SyntheticFeedSettings settings)
    : m_city(std::move(city))
    , m_settings(settings)
    , m_random(settings.seed * 0x2545f4914f6cdd1dULL + 1)
{
    m_lights.resize(m_city->intersections.size());
    for (size_t i = 0; i < m_lights.size(); ++i) {
        const auto &phases = m_city->intersections[i].phases;
        if (phases.empty())
            continue;
        // A random offset into the cycle, so that the city does not switch in lockstep.
        double cycle = 0;
        for (const auto &p : phases)
            cycle += p.durationS;
        double into = uniform(m_random) * cycle;
        int phase = 0;
        while (into >= phases[static_cast<size_t>(phase)].durationS) {
            into -= phases[static_cast<size_t>(phase)].durationS;
            phase = (phase + 1) % static_cast<int>(phases.size());
        }
        m_lights[i] = {phase, phases[static_cast<size_t>(phase)].durationS - into};
    }
    m_traffic.resize(m_city->segments.size());
    for (size_t s = 0; s < m_traffic.size(); ++s) {
        const double limit = m_city->segments[s].speedLimitMps;
        m_traffic[s] = {static_cast<float>(limit * (0.4 + 0.6 * uniform(m_random))),
                        static_cast<int>(uniform(m_random) * 12)};
    }
}

SyntheticFeed::~SyntheticFeed()
{
    stop();
}

core::SignalState SyntheticFeed::signalOf(int intersection) const
{
    const auto &light = m_lights[static_cast<size_t>(intersection)];
    const auto &phases = m_city->intersections[static_cast<size_t>(intersection)].phases;
    core::SignalState s;
    s.intersection = intersection;
    s.phaseIndex = light.phase;
    s.nextChangeTimeS = light.nextSwitch;
    if (!phases.empty())
        s.colours = core::coloursFromState(phases[static_cast<size_t>(light.phase)].state);
    return s;
}

core::SegmentState SyntheticFeed::segmentOf(int segment) const
{
    const auto &t = m_traffic[static_cast<size_t>(segment)];
    const double limit = m_city->segments[static_cast<size_t>(segment)].speedLimitMps;
    return {segment, t.speed, t.count, core::classifyCongestion(t.speed, limit, t.count)};
}

void SyntheticFeed::driftSegment(int segment)
{
    auto &t = m_traffic[static_cast<size_t>(segment)];
    const double limit = m_city->segments[static_cast<size_t>(segment)].speedLimitMps;
    const double step = (uniform(m_random) - 0.5) * 0.3 * limit;
    t.speed = static_cast<float>(std::clamp(t.speed + step, 0.0, limit));
    t.count = std::max(0, t.count + static_cast<int>(std::lround((uniform(m_random) - 0.5) * 4)));
}

core::LiveBatch SyntheticFeed::initialState()
{
    core::LiveBatch batch;
    batch.simTimeS = m_time;
    batch.signals.reserve(m_lights.size());
    for (size_t i = 0; i < m_lights.size(); ++i)
        batch.signals.push_back(signalOf(static_cast<int>(i)));
    batch.segments.reserve(m_traffic.size());
    for (size_t s = 0; s < m_traffic.size(); ++s)
        batch.segments.push_back(segmentOf(static_cast<int>(s)));
    m_nextSegmentRefresh = m_time + m_settings.segmentPeriodS;
    return batch;
}

core::LiveBatch SyntheticFeed::advance()
{
    m_time += m_settings.tickSeconds;
    core::LiveBatch batch;
    batch.simTimeS = m_time;
    for (size_t i = 0; i < m_lights.size(); ++i) {
        auto &light = m_lights[i];
        const auto &phases = m_city->intersections[i].phases;
        if (phases.empty() || light.nextSwitch > m_time)
            continue;
        while (light.nextSwitch <= m_time) {
            light.phase = (light.phase + 1) % static_cast<int>(phases.size());
            light.nextSwitch += phases[static_cast<size_t>(light.phase)].durationS;
        }
        batch.signals.push_back(signalOf(static_cast<int>(i)));
    }
    if (m_time >= m_nextSegmentRefresh) {
        m_nextSegmentRefresh += m_settings.segmentPeriodS;
        batch.segments.reserve(m_traffic.size());
        for (size_t s = 0; s < m_traffic.size(); ++s) {
            driftSegment(static_cast<int>(s));
            batch.segments.push_back(segmentOf(static_cast<int>(s)));
        }
    }
    return batch;
}

void SyntheticFeed::run(LiveHub *hub)
{
    hub->publish(initialState());
    m_stop = false;
    m_thread = std::thread([this, hub] {
        using clock = std::chrono::steady_clock;
        const auto start = clock::now();
        const double startTime = m_time;
        while (!m_stop) {
            hub->publish(advance());
            if (m_settings.speedFactor > 0) {
                const auto due = start + std::chrono::duration_cast<clock::duration>(
                    std::chrono::duration<double>((m_time - startTime) / m_settings.speedFactor));
                while (!m_stop && clock::now() < due)
                    std::this_thread::sleep_for(std::min<clock::duration>(due - clock::now(), std::chrono::milliseconds(50)));
            }
        }
    });
}

void SyntheticFeed::stop()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

} // namespace greenlight::gateway::synthetic

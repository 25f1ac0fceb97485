#pragma once

#include <cstdint>

namespace greenlight::gateway::sumo {

// A small deterministic random source (SplitMix64): the same seed gives the same sequence on
// every platform and standard library, which the city generator's reproducibility relies on.
class SeededRandom
{
public:
    // Starts the sequence for a seed.
    explicit SeededRandom(std::uint64_t seed) : m_state(seed) {}

    // The next raw 64-bit value.
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // A double in [0, 1).
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    // A double in [lo, hi).
    double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
    // An integer in [0, n); 0 when n <= 0.
    int index(int n) { return n <= 0 ? 0 : static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
    // True with probability p.
    bool chance(double p) { return unit() < p; }

private:
    std::uint64_t m_state;
};

} // namespace greenlight::gateway::sumo

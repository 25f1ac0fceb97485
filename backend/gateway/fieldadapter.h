#pragma once

#include "core/citylayout.h"

#include <optional>
#include <string>

namespace greenlight::gateway {

class FieldControl;
class FieldWaves;
class LiveHub;

// A source of a city: its layout, then its live changes published to the live hub. The gateway
// runs exactly one; SUMO (sumo/) is the real one, the synthetic city (synthetic/) measures scale.
//
// Threading: the members are called from the gateway's controlling thread; an adapter publishes
// from a thread of its own.
class FieldAdapter
{
public:
    virtual ~FieldAdapter() = default;

    // Prepares the city and returns its layout; nullopt with the reason in *error on failure.
    virtual std::optional<core::CityLayout> load(std::string *error) = 0;
    // Publishes the initial state to hub and starts the live changes. hub must outlive stop().
    virtual void run(LiveHub *hub) = 0;
    // Stops publishing; safe to call more than once.
    virtual void stop() = 0;
    // True when the adapter stopped by itself because of an error, which *why then holds.
    virtual bool failed(std::string *why) const = 0;
    // Simulated seconds per published step.
    virtual double stepLength() const = 0;
    // Simulation time at which the run begins, seconds.
    virtual double beginTime() const = 0;
    // Signal commands, where the field takes them (after load); nullptr where it does not.
    virtual FieldControl *control() { return nullptr; }
    // Green waves, where the field runs traffic (after load); nullptr where it does not.
    virtual FieldWaves *waves() { return nullptr; }
};

} // namespace greenlight::gateway

#pragma once

// A small city and live batches for the console's unit tests.

#include "core/citylayout.h"
#include "core/livestate.h"

#include <QAbstractItemModel>
#include <QStringList>

#include <memory>
#include <string>
#include <vector>

namespace greenlight::testfixtures {

// Four intersections in a row along Harbour Road, two signal groups each (east-west straight and
// a north-south crossing street), and the segments between them.
inline std::shared_ptr<core::CityLayout> smallCity(const std::string &version = "v1")
{
    auto city = std::make_shared<core::CityLayout>();
    city->cityId = "test-city";
    city->name = "Test City";
    city->layoutVersion = version;
    const char *names[] = {"Harbour Rd & 1st Ave", "Harbour Rd & 2nd Ave", "Harbour Rd & Mill Lane",
                           "Harbour Rd & Quay St"};
    const char *cross[] = {"1st Ave", "2nd Ave", "Mill Lane", "Quay St"};
    for (int i = 0; i < 4; ++i) {
        core::Intersection in;
        in.id = "J" + std::to_string(i);
        in.name = names[i];
        in.position = {52.52, 13.40 + 0.01 * i};
        in.programId = "0";
        in.junctionIds = {in.id};
        const std::string west = "H" + std::to_string(i);      // Harbour Rd arriving from the west
        const std::string east = "H" + std::to_string(i + 1);  // Harbour Rd leaving to the east
        const std::string north = "C" + std::to_string(i);     // cross street arriving from the north
        in.signalGroups.push_back({0, west, east, core::Turn::Straight, 90.0, "W", west + "_0", east + "_0", {}});
        in.signalGroups.push_back({1, north, east, core::Turn::Left, 180.0, "N", north + "_0", east + "_0", {}});
        in.signalGroups.push_back({2, "", north, core::Turn::Pedestrian, 0.0, "S", ":c_0", ":w_0", {}});
        in.phases.push_back({0, 30, 30, 30, "Grr", "Harbour Rd"});
        in.phases.push_back({1, 3, 3, 3, "yrr", ""});
        in.phases.push_back({2, 25, 25, 25, "rGG", "cross street"});
        in.phases.push_back({3, 3, 3, 3, "ryy", ""});
        in.foes = {{1}, {0}, {}};
        city->intersections.push_back(in);
    }
    for (int s = 0; s <= 4; ++s) {
        core::RoadSegment seg;
        seg.id = "H" + std::to_string(s);
        seg.name = "Harbour Rd";
        seg.shape = {{52.52, 13.395 + 0.01 * s}, {52.52, 13.405 + 0.01 * s}};
        seg.fromIntersection = s - 1 < 4 ? s - 1 : -1;
        seg.toIntersection = s < 4 ? s : -1;
        city->segments.push_back(seg);
    }
    for (int c = 0; c < 4; ++c) {
        core::RoadSegment seg;
        seg.id = "C" + std::to_string(c);
        seg.name = cross[c];
        seg.shape = {{52.53, 13.40 + 0.01 * c}, {52.52, 13.40 + 0.01 * c}};
        seg.toIntersection = c;
        city->segments.push_back(seg);
    }
    city->bounds.extend({52.51, 13.39});
    city->bounds.extend({52.54, 13.45});
    return city;
}

// The live state of intersection i showing phase `phase` of smallCity's programme.
inline core::SignalState signalsInPhase(int i, int phase, double nextChange)
{
    static const char *states[] = {"Grr", "yrr", "rGG", "ryy"};
    return {i, core::coloursFromState(states[phase]), phase, nextChange};
}

// A snapshot of smallCity: every intersection in phase 0, every segment free.
inline core::LiveBatch snapshot(std::uint64_t sequence, const std::string &run = "run-1",
                                const std::string &version = "v1", double simTime = 100)
{
    core::LiveBatch b;
    b.snapshot = true;
    b.sequence = sequence;
    b.gatewayRunId = run;
    b.layoutVersion = version;
    b.simTimeS = simTime;
    for (int i = 0; i < 4; ++i)
        b.signals.push_back(signalsInPhase(i, 0, simTime + 10));
    for (int s = 0; s < 9; ++s)
        b.segments.push_back({s, 13.0f, 1, core::CongestionLevel::Free});
    b.vehicles.push_back({"car-1", {52.52, 13.401}, 90.0f, 12.0f, core::VehicleKind::Car, "H1"});
    return b;
}

// A delta that follows `sequence - 1`, changing nothing yet.
inline core::LiveBatch delta(std::uint64_t sequence, double simTime, const std::string &run = "run-1",
                             const std::string &version = "v1")
{
    core::LiveBatch b;
    b.sequence = sequence;
    b.gatewayRunId = run;
    b.layoutVersion = version;
    b.simTimeS = simTime;
    return b;
}

// Intersection i (of smallCity) held by `holder`, with no override.
inline core::IntersectionControl leaseOn(int i, const std::string &holder, std::int64_t expiresUnixMs,
                                         core::ControlRole role = core::ControlRole::Officer)
{
    core::IntersectionControl c;
    c.intersection = i;
    c.intersectionId = "J" + std::to_string(i);
    c.lease = core::LeaseInfo{holder, role, "test reason", expiresUnixMs - 600000, expiresUnixMs,
                              "lease-" + holder + "-" + std::to_string(i)};
    return c;
}

// The same, with an override of `kind` commanded with `key`, at `stage`.
inline core::IntersectionControl overrideOn(int i, const std::string &holder, core::OverrideKind kind,
                                            const std::string &key, core::OverrideStage stage,
                                            std::int64_t expiresUnixMs, int targetPhase = 0)
{
    core::IntersectionControl c = leaseOn(i, holder, expiresUnixMs);
    core::OverrideInfo o;
    o.holder = holder;
    o.role = core::ControlRole::Officer;
    o.kind = kind;
    o.targetPhase = targetPhase;
    o.reason = "test override";
    o.idempotencyKey = key;
    o.stage = stage;
    o.expiresUnixMs = expiresUnixMs;
    c.override_ = o;
    return c;
}

// An entry saying intersection i is free again.
inline core::IntersectionControl freed(int i)
{
    core::IntersectionControl c;
    c.intersection = i;
    c.intersectionId = "J" + std::to_string(i);
    return c;
}

// One role of every row of a list model, as text, in row order.
inline QStringList column(const QAbstractItemModel &model, int role)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r)
        out << model.index(r, 0).data(role).toString();
    return out;
}

} // namespace greenlight::testfixtures
